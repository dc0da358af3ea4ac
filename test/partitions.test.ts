import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePartitions } from '../src/db/partitions.ts';
import { recordAudit, verifyAuditChain } from '../src/modules/audit/index.ts';
import { testContext } from './support/context.ts';

/** Monthly partitions (migration 0017): rows land in their China-time month; the audit log stays append-only in every partition. */
describe('monthly partitions of attendance and the audit log', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  beforeAll(async () => {
    ctx = await testContext();
  });
  afterAll(async () => {
    await ctx.drop();
  });
  const partitionOf = async (checkIn: string) => {
    const [r] = await ctx.db.query<{ part: string }>(
      'SELECT tableoid::regclass::text AS part FROM attendance WHERE check_in_at = $1',
      [checkIn],
    );
    return r?.part;
  };
  const attend = (checkIn: string, session = 1) =>
    ctx.db.query(
      `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method) VALUES ('P1', $2, 'k1', $1, $1::timestamptz + interval '3 hours', 'card')`,
      [checkIn, session],
    );

  it('puts each check-in into its China-time month, and what lies outside the prepared months into the default partition', async () => {
    await attend('2025-06-30T23:30:00+08:00');
    await attend('2025-06-30T16:30:00Z', 2); // 00:30 on 1 July in China
    await attend('2019-03-01T09:00:00+08:00', 3);
    expect(await partitionOf('2025-06-30T23:30:00+08:00')).toBe('attendance_y2025m06');
    expect(await partitionOf('2025-06-30T16:30:00Z')).toBe('attendance_y2025m07');
    expect(await partitionOf('2019-03-01T09:00:00+08:00')).toBe('attendance_default');
  });

  it('keeps one row per event across partitions (the dedupe key includes the check-in)', async () => {
    await ctx.db.query(
      `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method) VALUES ('P1', 1, 'k1', '2025-06-30T23:30:00+08:00', '2025-07-01T02:30:00+08:00', 'card') ON CONFLICT ON CONSTRAINT attendance_event_uq DO NOTHING`,
    );
    expect((await ctx.db.query('SELECT 1 FROM attendance')).length).toBe(3);
  });

  it('prepares coming months idempotently, and leaves a month whose rows already sit in the default partition there', async () => {
    expect(await preparePartitions(ctx.db, '2031-05-20', 1)).toBe(4); // May and June 2031, for both tables
    expect(await preparePartitions(ctx.db, '2031-05-20', 1)).toBe(0);
    await attend('2032-02-10T09:00:00+08:00', 4);
    expect(await preparePartitions(ctx.db, '2032-02-01', 0)).toBe(1); // the audit log's; attendance's February stays in the default
    expect(await partitionOf('2032-02-10T09:00:00+08:00')).toBe('attendance_default');
    expect((await ctx.db.query('SELECT 1 FROM attendance')).length).toBe(4);
  });

  it('refuses to change or remove audit rows through the parent or any partition, and the chain still verifies', async () => {
    await recordAudit(ctx.db, [{ actor: 'test', action: 'x.create', entity: 'x', entityId: '1', after: { a: 1 } }]);
    const [{ part }] = await ctx.db.query<{ part: string }>(
      `SELECT tableoid::regclass::text AS part FROM audit_log WHERE entity = 'x'`,
    );
    expect(part).toMatch(/^audit_log_y\d{4}m\d{2}$/);
    for (const sql of [
      `UPDATE audit_log SET actor = 'evil' WHERE entity = 'x'`,
      `DELETE FROM ${part}`,
      `TRUNCATE ${part}`,
      'TRUNCATE audit_log_default',
      'TRUNCATE audit_log',
    ]) {
      await expect(ctx.db.query(sql), sql).rejects.toThrow(/append-only/);
    }
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });

  it('keeps the chain head beside the log; a forged head breaks the chain at the next entry, and verify says where', async () => {
    const [{ head }] = await ctx.db.query<{ head: string }>('SELECT hash AS head FROM audit_head');
    const [{ last }] = await ctx.db.query<{ last: string }>(
      'SELECT hash AS last FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    expect(head).toBe(last);
    await ctx.db.query(`UPDATE audit_head SET hash = 'forged'`);
    await recordAudit(ctx.db, [{ actor: 'test', action: 'x.update', entity: 'x', entityId: '1', after: { a: 2 } }]);
    const report = await verifyAuditChain(ctx.db);
    expect(report.ok).toBe(false);
    const [{ seq }] = await ctx.db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'x.update'`);
    expect(Number(report.brokenAt?.seq)).toBe(Number(seq));
  });
});
