import { createHash, createHmac, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { canonicalJson, recordAudit, verifyAuditChain } from '../src/modules/audit/index.ts';
import { monthlyReport, monthlyReportXlsx } from '../src/modules/reporting/index.ts';
import { fixedClock } from '../src/kernel/clock.ts';
import { testContext } from './support/context.ts';

type Ctx = Awaited<ReturnType<typeof testContext>>;
interface Row {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
}

/** Entries over three months, so the chain runs across monthly partitions. */
async function writeEntries(ctx: Ctx, n = 9) {
  const months = ['2026-10-15T02:00:00Z', '2026-11-15T02:00:00Z', '2026-12-15T02:00:00Z'];
  for (let i = 0; i < n; i++) {
    await recordAudit(
      ctx.db,
      [{ actor: 'test', action: 'x.update', entity: 'x', entityId: String(i), after: { i } }],
      fixedClock(months[i % 3]),
    );
  }
}

/** What a database owner can do without the key: switch the guard off and write what they like. */
async function asOwner(ctx: Ctx, fn: () => Promise<unknown>) {
  await ctx.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
  try {
    await fn();
  } finally {
    await ctx.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update');
  }
}

/** Rewrites every link of the chain with `link` (and the head to match), as a forger would. */
async function rebuildChain(ctx: Ctx, link: (prev: string, body: string) => string, keyed: boolean) {
  const rows = await ctx.db.query<Row>('SELECT * FROM audit_log ORDER BY seq');
  let prev = '0'.repeat(64);
  await asOwner(ctx, async () => {
    for (const r of rows) {
      const body = canonicalJson({
        at: new Date(r.at).toISOString(),
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before,
        after: r.after,
      });
      const hash = link(prev, body);
      await ctx.db.query('UPDATE audit_log SET prev_hash = $2, hash = $3, keyed = $4 WHERE seq = $1', [
        r.seq,
        prev,
        hash,
        keyed,
      ]);
      prev = hash;
    }
    await ctx.db.query('UPDATE audit_head SET hash = $1', [prev]);
    await ctx.db.query('DELETE FROM audit_daily_heads');
  });
}
const sha = (prev: string, body: string) => createHash('sha256').update(prev).update('\n').update(body).digest('hex');

describe('the keyed audit chain', () => {
  let ctx: Ctx;
  beforeEach(async () => {
    ctx = await testContext();
    await writeEntries(ctx);
  });
  afterEach(() => ctx.drop());

  it('an untouched log verifies, across monthly partitions', async () => {
    const parts = await ctx.db.query<{ part: string }>(
      `SELECT DISTINCT tableoid::regclass::text AS part FROM audit_log WHERE entity = 'x'`,
    );
    expect(parts.length).toBe(3);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });

  it('deleting the last entries is reported as a cut tail: head says seq N, log ends at M', async () => {
    const [{ last }] = await ctx.db.query<{ last: number }>('SELECT max(seq)::int AS last FROM audit_log');
    await asOwner(ctx, () => ctx.db.query('DELETE FROM audit_log WHERE seq > $1', [last - 3]));
    const r = await verifyAuditChain(ctx.db);
    expect(r).toMatchObject({
      ok: false,
      finding: { kind: 'tail_cut' },
      tailCut: { headSeq: last, logEndsAt: last - 3 },
    });
    expect(r.finding!.message_en).toBe(`tail cut: head says seq ${last}, log ends at ${last - 3}`);
    expect(r.finding!.message).toMatch(/截断/);
  });

  it('a cut tail with the head moved back to match is still found: only the key seals a head', async () => {
    const [{ last }] = await ctx.db.query<{ last: number }>('SELECT max(seq)::int AS last FROM audit_log');
    await asOwner(ctx, async () => {
      await ctx.db.query('DELETE FROM audit_log WHERE seq > $1', [last - 2]);
      await ctx.db.query(
        `UPDATE audit_head SET seq = $1, hash = (SELECT hash FROM audit_log WHERE seq = $1), mac = NULL`,
        [last - 2],
      );
    });
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, finding: { kind: 'head_unsealed' } });
    // Nor does the next write seal the forged head again: the evidence stays.
    await recordAudit(ctx.db, [{ actor: 'test', action: 'x.after', entity: 'x', entityId: 'later' }]);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, finding: { kind: 'head_unsealed' } });
  });

  it('a chain rebuilt with plain SHA-256 does not verify', async () => {
    await rebuildChain(ctx, sha, true);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, finding: { kind: 'not_keyed' } });
  });

  it('a chain rebuilt with plain SHA-256 and marked as written before the key does not verify either', async () => {
    await rebuildChain(ctx, sha, false);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, finding: { kind: 'not_keyed' } });
  });

  it('a chain rebuilt under another key is reported as not keyed with this key', async () => {
    const other = randomBytes(32);
    await rebuildChain(
      ctx,
      (prev, body) => createHmac('sha256', other).update(prev).update('\n').update(body).digest('hex'),
      true,
    );
    const r = await verifyAuditChain(ctx.db);
    expect(r).toMatchObject({ ok: false, finding: { kind: 'not_keyed' } });
    expect(r.finding!.message_en).toMatch(/not keyed with this key/);
    expect(await verifyAuditChain(ctx.db, { key: other })).toMatchObject({ ok: false }); // the forger's key cannot seal the head either
  });

  it('rows from before the key verify as plain SHA-256 and the chain is keyed from the next write on', async () => {
    // The state migration 0022 leaves: unkeyed rows, a head without a MAC, no daily heads.
    await rebuildChain(ctx, sha, false);
    await ctx.db.query('UPDATE audit_head SET mac = NULL');
    await recordAudit(ctx.db, [{ actor: 'test', action: 'x.keyed', entity: 'x', entityId: 'k' }]);
    const [{ seq }] = await ctx.db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'x.keyed'`);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true, keyedFrom: Number(seq) });
  });

  it('records the head as of each day’s first write; a daily head that no longer matches the log is reported', async () => {
    const heads = await ctx.db.query<{ day: string; seq: number }>(
      'SELECT day::text AS day, seq FROM audit_daily_heads ORDER BY day',
    );
    expect(heads.map((h) => h.day)).toEqual(expect.arrayContaining(['2026-10-15', '2026-11-15', '2026-12-15']));
    const [{ last }] = await ctx.db.query<{ last: number }>('SELECT max(seq)::int AS last FROM audit_log');
    const dec = Number(heads.find((h) => h.day === '2026-12-15')!.seq);
    expect(dec).toBeLessThan(last); // the head as it stood before that day's first entry
    await ctx.db.query(`UPDATE audit_daily_heads SET hash = 'forged' WHERE day = '2026-12-15'`);
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: false, finding: { kind: 'daily_head' } });
  });

  it('the monthly report prints the chain head as of the month’s close', async () => {
    const [{ seq, hash }] = await ctx.db.query<{ seq: number; hash: string }>(
      `SELECT seq, hash FROM audit_daily_heads WHERE day = '2026-12-15'`,
    );
    const report = await monthlyReport(ctx.db, '2026-11', null);
    expect(report.auditHead).toMatchObject({ day: '2026-12-15', seq: Number(seq), hash });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await monthlyReportXlsx(report)) as unknown as ArrayBuffer);
    const cells = wb.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain(`审计链头 / audit chain head: seq ${seq}, hash ${hash} (2026-12-15)`);
  });
});
