import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { loadConfig } from '../../kernel/config.ts';

/** One change: who did what to which record, with the record before and after (PII masked). */
export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);
const LOCK_KEY = 727101;

/** Canonical JSON: keys sorted at every depth, so the hash survives jsonb's key reordering. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

type LinkBody = Omit<AuditEntry, 'before' | 'after'> & { before?: unknown; after?: unknown };

function linkBody(at: string, e: LinkBody): string {
  return canonicalJson({
    at,
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

/** Rows written before JINENG_AUDIT_KEY existed: plain SHA-256, which anyone can recompute. */
function plainLinkHash(prevHash: string, at: string, e: LinkBody): string {
  return createHash('sha256').update(prevHash).update('\n').update(linkBody(at, e)).digest('hex');
}

/** Every row since: HMAC-SHA256 under a key kept outside the database, so its owner cannot rebuild the chain. */
function keyedLinkHash(key: Buffer, prevHash: string, at: string, e: LinkBody): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(linkBody(at, e)).digest('hex');
}

/** The seal on the head: only the key can vouch that (seq, hash) is where the log ends. */
const headMac = (key: Buffer, seq: number, hash: string) =>
  createHmac('sha256', key).update(`head\n${seq}\n${hash}`).digest('hex');
const dailyHeadMac = (key: Buffer, day: string, seq: number, hash: string) =>
  createHmac('sha256', key).update(`daily\n${day}\n${seq}\n${hash}`).digest('hex');
/** Written instead of a MAC once the writer found the head not sealed by the key: the evidence stays. */
const UNSEALED = 'unsealed';

let configuredKey: Buffer | null = null;

/** Sets the chain's HMAC key (JINENG_AUDIT_KEY); every entry point does so when it opens its context. */
export function useAuditKey(key: Buffer): void {
  configuredKey = key;
}
const auditKey = (): Buffer => (configuredKey ??= loadConfig().auditKey);

interface Head {
  seq: number | null;
  hash: string;
  mac: string | null;
}

/**
 * Whether the head is the one the key last sealed. A head without a MAC is accepted only as it was
 * left by migration 0022 — its entry unkeyed and no daily head recorded yet — never once the
 * chain has been keyed, or deleting the MAC would let a cut tail be sealed anew.
 */
async function headIsSealed(tx: Db, key: Buffer, head: Head): Promise<boolean> {
  if (head.seq === null) return false;
  if (head.mac !== null) return head.mac === headMac(key, Number(head.seq), head.hash);
  const [row] = await tx.query<{ keyed: boolean }>('SELECT keyed FROM audit_log WHERE seq = $1', [head.seq]);
  const [daily] = await tx.query('SELECT 1 FROM audit_daily_heads LIMIT 1');
  return !!row && !row.keyed && !daily;
}

/**
 * Appends entries to the hash chain inside the caller's transaction (so a change and its audit
 * record commit together). An advisory lock serialises writers so the chain never forks. Each
 * entry is keyed (HMAC under JINENG_AUDIT_KEY); the head is sealed with the key — unless the
 * writer found it not sealed, then it stays marked so and verification keeps reporting it. The
 * first write of a China-time day records the head as it stood (the daily head, printed in the
 * monthly report).
 */
export async function recordAudit(db: Db, entries: AuditEntry[], clock: Clock = systemClock): Promise<void> {
  if (entries.length === 0) return;
  const key = auditKey();
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const [head] = await tx.query<Head>('SELECT seq, hash, mac FROM audit_head WHERE id = 1');
    const sealed = !head || (await headIsSealed(tx, key, head));
    const now = clock.now();
    const at = now.toISOString();
    if (head && head.seq !== null && sealed) {
      // an unsealed head is nothing to vouch for
      const day = chinaDate(now);
      await tx.query(
        'INSERT INTO audit_daily_heads (day, seq, hash, at, mac) VALUES ($1,$2,$3,$4,$5) ON CONFLICT (day) DO NOTHING',
        [day, head.seq, head.hash, now, dailyHeadMac(key, day, Number(head.seq), head.hash)],
      );
    }
    let prev = head?.hash ?? GENESIS_HASH;
    let lastSeq = 0;
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const values: unknown[] = [];
      const rows: string[] = [];
      for (const e of chunk) {
        const hash = keyedLinkHash(key, prev, at, e);
        const b = values.length;
        rows.push(
          `($${b + 1}::timestamptz,$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6}::jsonb,$${b + 7}::jsonb,$${b + 8},$${b + 9},true)`,
        );
        values.push(at, e.actor, e.action, e.entity, e.entityId, jsonOrNull(e.before), jsonOrNull(e.after), prev, hash);
        prev = hash;
      }
      const inserted = await tx.query<{ seq: number }>(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash, keyed) VALUES ${rows.join(',')} RETURNING seq`,
        values,
      );
      lastSeq = Math.max(lastSeq, ...inserted.map((r) => Number(r.seq)));
    }
    await tx.query(
      'INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash, mac = EXCLUDED.mac',
      [lastSeq, prev, sealed ? headMac(key, lastSeq, prev) : UNSEALED],
    );
  });
}

function jsonOrNull(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export type ChainFinding =
  /** A row's link or content does not match (`brokenAt`). */
  | 'broken'
  /** The log ends before (or after) where the sealed head says it does. */
  | 'tail_cut'
  /** The keyed rows do not verify under this key, or the log holds no keyed row at all. */
  | 'not_keyed'
  /** The head is not sealed by this key (it was altered; the writer found it so). */
  | 'head_unsealed'
  /** A recorded daily head does not match the log. */
  | 'daily_head';

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose stored hash or link does not match its content. */
  brokenAt?: { seq: number; why: string };
  finding?: { kind: ChainFinding; message: string; message_en: string };
  /** Where the head says the log ends, and where it does. */
  tailCut?: { headSeq: number; logEndsAt: number };
  /** The first keyed entry (entries before it predate JINENG_AUDIT_KEY and are plain SHA-256). */
  keyedFrom?: number | null;
}

interface LogRow {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
  keyed: boolean;
}

const fail = (
  checked: number,
  kind: ChainFinding,
  zh: string,
  en: string,
  extra: Partial<ChainReport> = {},
): ChainReport => ({ ok: false, checked, finding: { kind, message: zh, message_en: en }, ...extra });

/**
 * Walks the whole chain in order and reports the first broken link; then compares the log's end
 * with the sealed head (a cut tail), and every recorded daily head with the log. Rows before the
 * first keyed row are checked with plain SHA-256 (they predate the key); from it on every row must
 * be keyed and verify under `key`.
 */
export async function verifyAuditChain(
  db: Db,
  opts: { key?: Buffer; onProgress?: (checked: number) => void } = {},
): Promise<ChainReport> {
  const key = opts.key ?? auditKey();
  const daily = new Map<number, { day: string; hash: string; mac: string }>();
  for (const d of await db.query<{ day: string; seq: number; hash: string; mac: string }>(
    'SELECT day::text AS day, seq, hash, mac FROM audit_daily_heads',
  )) {
    daily.set(Number(d.seq), d);
  }
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  let keyedFrom: number | null = null;
  let lastKeyed = false;
  for (;;) {
    const rows = await db.query<LogRow>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000', [lastSeq]);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = Number(r.seq);
      const broken = (why: string) =>
        fail(checked, 'broken', `审计链在第 ${seq} 条断裂：${why}`, `chain broken at seq ${seq}: ${why}`, {
          brokenAt: { seq, why },
        });
      if (r.prev_hash !== prev)
        return broken('prev_hash does not match the previous row (a row was removed or changed)');
      if (!r.keyed && keyedFrom !== null)
        return broken('an unkeyed row after the chain was keyed (rows were rewritten)');
      const body = {
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
      };
      const at = new Date(r.at).toISOString();
      const expected = r.keyed ? keyedLinkHash(key, prev, at, body) : plainLinkHash(prev, at, body);
      if (expected !== r.hash) {
        if (r.keyed && keyedFrom === null) {
          return fail(
            checked,
            'not_keyed',
            `审计链不是用本密钥（JINENG_AUDIT_KEY）签的：第 ${seq} 条起无法验证（密钥不符或链被重建）`,
            `not keyed with this key: entries from seq ${seq} do not verify under JINENG_AUDIT_KEY (another key, or the chain was rebuilt)`,
            { brokenAt: { seq, why: 'not keyed with this key' } },
          );
        }
        return broken('content does not match its hash (the row was edited)');
      }
      const d = daily.get(seq);
      if (d && d.hash !== r.hash) {
        return fail(
          checked,
          'daily_head',
          `${d.day} 的日链头（第 ${seq} 条）与日志不符`,
          `the daily head of ${d.day} (seq ${seq}) does not match the log`,
        );
      }
      daily.delete(seq);
      if (r.keyed && keyedFrom === null) keyedFrom = seq;
      lastKeyed = r.keyed;
      prev = r.hash;
      lastSeq = seq;
      checked++;
    }
    opts.onProgress?.(checked);
  }
  return checkEnd(db, key, { checked, lastSeq, lastHash: prev, lastKeyed, keyedFrom, daily });
}

/** The log's end against the sealed head, and the daily heads the walk did not meet. */
async function checkEnd(
  db: Db,
  key: Buffer,
  s: {
    checked: number;
    lastSeq: number;
    lastHash: string;
    lastKeyed: boolean;
    keyedFrom: number | null;
    daily: Map<number, { day: string; hash: string; mac: string }>;
  },
): Promise<ChainReport> {
  const { checked, lastSeq, keyedFrom } = s;
  const [head] = await db.query<Head>('SELECT seq, hash, mac FROM audit_head WHERE id = 1');
  const headSeq = head?.seq === null || head?.seq === undefined ? 0 : Number(head.seq);
  if (headSeq !== lastSeq || (head && head.hash !== s.lastHash)) {
    return fail(
      checked,
      'tail_cut',
      `审计链尾部被截断：链头记录为第 ${headSeq} 条，日志止于第 ${lastSeq} 条`,
      `tail cut: head says seq ${headSeq}, log ends at ${lastSeq}`,
      { tailCut: { headSeq, logEndsAt: lastSeq }, keyedFrom },
    );
  }
  for (const [seq, d] of s.daily) {
    // A daily head beyond the log's end: the log was cut below a head already published.
    return fail(
      checked,
      'daily_head',
      `${d.day} 的日链头为第 ${seq} 条，日志止于第 ${lastSeq} 条：尾部被截断`,
      `tail cut: the daily head of ${d.day} says seq ${seq}, log ends at ${lastSeq}`,
      { tailCut: { headSeq: seq, logEndsAt: lastSeq }, keyedFrom },
    );
  }
  for (const d of await db.query<{ day: string; seq: number; hash: string; mac: string }>(
    'SELECT day::text AS day, seq, hash, mac FROM audit_daily_heads',
  )) {
    if (d.mac !== dailyHeadMac(key, d.day, Number(d.seq), d.hash)) {
      return fail(
        checked,
        'daily_head',
        `${d.day} 的日链头不是用本密钥签的`,
        `the daily head of ${d.day} is not sealed with this key`,
        { keyedFrom },
      );
    }
  }
  if (checked === 0) return { ok: true, checked, keyedFrom };
  if (!s.lastKeyed) {
    return fail(
      checked,
      'not_keyed',
      '审计链没有用本密钥（JINENG_AUDIT_KEY）签的条目',
      'not keyed with this key: the log holds no entry keyed with JINENG_AUDIT_KEY',
      { keyedFrom },
    );
  }
  if (head!.mac !== headMac(key, headSeq, head!.hash)) {
    return fail(
      checked,
      'head_unsealed',
      '审计链头未经本密钥封签（链头曾被改动）',
      'the chain head is not sealed with this key (it was altered)',
      { keyedFrom },
    );
  }
  return { ok: true, checked, keyedFrom };
}

/**
 * The chain's head at the close of `day` (China time), for printing (monthly report): the first
 * daily head recorded after it (the head as the next day's first write found it), or, when nothing
 * has been written since, the latest one.
 */
export async function chainHeadAtClose(
  db: Db,
  day: string,
): Promise<{ day: string; seq: number; hash: string } | null> {
  const sql = (where: string, order: string) =>
    `SELECT day::text AS day, seq, hash FROM audit_daily_heads ${where} ORDER BY day ${order} LIMIT 1`;
  const [d] = (await db.query<{ day: string; seq: number; hash: string }>(sql('WHERE day > $1', 'ASC'), [day])).concat(
    await db.query(sql('', 'DESC')),
  );
  return d ? { ...d, seq: Number(d.seq) } : null;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
}

/** The change history of one record, newest first. */
export async function historyOf(db: Db, entity: string, entityId: string, limit = 100): Promise<AuditRow[]> {
  const rows = await db.query<AuditRow & { at: Date }>(
    'SELECT seq, at, actor, action, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT $3',
    [entity, entityId, limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/** The latest entries of the whole log, newest first (the administrator's view; no snapshots). */
export async function latestAuditEntries(db: Db, limit = 100) {
  return db.query<{
    seq: number;
    at: Date;
    actor: string;
    action: string;
    entity: string;
    entity_id: string;
    hash: string;
  }>('SELECT seq, at, actor, action, entity, entity_id, hash FROM audit_log ORDER BY seq DESC LIMIT $1', [limit]);
}
