import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../src/kernel/clock.ts';
import { type DemoApp, demoApp } from './support/demo-app.ts';

/** 立即结算 (operations): the province settles now instead of waiting for the night; nobody else may. */
describe('settle now', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing']);
  });
  afterAll(() => d.close());

  it('is the province’s alone, and not for a day still to come', async () => {
    expect((await d.call('nanjing', 'POST', '/api/operations/settle', {})).statusCode).toBe(403);
    const nextWeek = chinaDate(new Date(Date.now() + 7 * 86_400_000));
    const future = await d.call('province', 'POST', '/api/operations/settle', { asOf: nextWeek });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'AS_OF_IN_FUTURE', message_en: expect.any(String) });
  });

  it('decides a claim filed today, in the background, recorded as a job run and audited', async () => {
    const db = d.ctx.db;
    const today = chinaDate(new Date());
    const [c] = await db.query<{ certificate_no: string; person_key: string }>(
      `SELECT c.certificate_no, c.person_key FROM certificates c
       WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.certificate_no = c.certificate_no AND a.type = 'skill_upgrade')
       ORDER BY 1 LIMIT 1`,
    );
    await db.query(
      `INSERT INTO applications (application_id, person_key, type, certificate_no, applied_on, source)
       VALUES ('SNOW1', $1, 'skill_upgrade', $2, $3::date, 'web')`,
      [c!.person_key, c!.certificate_no, today],
    );
    const res = await d.call('province', 'POST', '/api/operations/settle', {});
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ asOf: today, started: true });
    let run: { ok: boolean | null } | undefined;
    for (let i = 0; i < 100 && !run?.ok; i++) {
      [run] = await db.query<{ ok: boolean | null }>(
        `SELECT ok FROM job_runs WHERE job = 'settle-now' AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`,
      );
      if (!run?.ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(run).toEqual({ ok: true });
    const [decided] = await db.query(`SELECT decision FROM decisions WHERE application_id = 'SNOW1'`);
    expect(decided).toBeDefined();
    const [audit] = await db.query(`SELECT actor FROM audit_log WHERE action = 'settlement.start'`);
    expect(audit).toEqual({ actor: 'province_admin:province' });
    const status = (await d.call('province', 'GET', '/api/operations/status')).json();
    expect(status.recent.some((r: { job: string }) => r.job === 'settle-now')).toBe(true);
  });

  it('is refused while a settlement job runs in another process; a run orphaned by a crash long ago does not block', async () => {
    const db = d.ctx.db;
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO job_runs (job, started_at) VALUES ('settle-daily', now() - interval '5 minutes') RETURNING id`,
    );
    const busy = await d.call('province', 'POST', '/api/operations/settle', {});
    expect(busy.statusCode).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'SETTLEMENT_RUNNING', message_en: expect.any(String) });
    await db.query(`UPDATE job_runs SET started_at = now() - interval '5 hours' WHERE id = $1`, [id]);
    expect((await d.call('province', 'POST', '/api/operations/settle', {})).statusCode).toBe(202);
    // Let the background run finish before the database is dropped.
    for (let i = 0; i < 100; i++) {
      const open = await db.query(`SELECT 1 FROM job_runs WHERE job = 'settle-now' AND finished_at IS NULL`);
      if (open.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
