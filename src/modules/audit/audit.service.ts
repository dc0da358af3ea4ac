import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';

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

function linkHash(prevHash: string, at: string, e: AuditEntry): string {
  const body = canonicalJson({ at, actor: e.actor, action: e.action, entity: e.entity, entityId: e.entityId, before: e.before ?? null, after: e.after ?? null });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends entries to the hash chain inside the caller's transaction (so a change and its audit
 * record commit together). An advisory lock serialises writers so the chain never forks.
 */
export async function recordAudit(db: Db, entries: AuditEntry[], clock: Clock = systemClock): Promise<void> {
  if (entries.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const [head] = await tx.query<{ hash: string }>('SELECT hash FROM audit_head WHERE id = 1');
    let prev = head?.hash ?? GENESIS_HASH;
    const at = clock.now().toISOString();
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const values: unknown[] = [];
      const rows: string[] = [];
      for (const e of chunk) {
        const hash = linkHash(prev, at, e);
        const b = values.length;
        rows.push(`($${b + 1}::timestamptz,$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6}::jsonb,$${b + 7}::jsonb,$${b + 8},$${b + 9})`);
        values.push(at, e.actor, e.action, e.entity, e.entityId, jsonOrNull(e.before), jsonOrNull(e.after), prev, hash);
        prev = hash;
      }
      await tx.query(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash) VALUES ${rows.join(',')}`,
        values,
      );
    }
    await tx.query('INSERT INTO audit_head (id, hash) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET hash = EXCLUDED.hash', [prev]);
  });
}

function jsonOrNull(v: unknown): string | null {
  return v === undefined || v === null ? null : JSON.stringify(v);
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** The first row whose stored hash or link does not match its content. */
  brokenAt?: { seq: number; why: string };
}

/** Walks the whole chain in order and reports the first broken link. */
export async function verifyAuditChain(db: Db, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let lastSeq = 0;
  let checked = 0;
  for (;;) {
    const rows = await db.query<{
      seq: number; at: Date; actor: string; action: string; entity: string; entity_id: string;
      before: unknown; after: unknown; prev_hash: string; hash: string;
    }>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 5000', [lastSeq]);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, brokenAt: { seq: r.seq, why: 'prev_hash does not match the previous row (a row was removed or changed)' } };
      const expected = linkHash(prev, new Date(r.at).toISOString(), {
        actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: { seq: r.seq, why: 'content does not match its hash (the row was edited)' } };
      prev = r.hash;
      lastSeq = r.seq;
      checked++;
    }
    onProgress?.(checked);
  }
}

export interface AuditRow {
  seq: number; at: string; actor: string; action: string; before: unknown; after: unknown;
}

/** The change history of one record, newest first. */
export async function historyOf(db: Db, entity: string, entityId: string, limit = 100): Promise<AuditRow[]> {
  const rows = await db.query<AuditRow & { at: Date }>(
    'SELECT seq, at, actor, action, before, after FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY seq DESC LIMIT $3',
    [entity, entityId, limit],
  );
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
