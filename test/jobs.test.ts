import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { DEMO_BUNDLE } from '../src/composition/demo.ts';
import { jobRunner, type JobRunner } from '../src/workflows/jobs.ts';
import { testContext } from './support/context.ts';

describe('scheduled jobs (pg-boss on PostgreSQL, in-process on PGlite)', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let runner: JobRunner;
  beforeAll(async () => {
    ctx = await testContext();
    if (ctx.dbUrl) ctx.config.databaseUrl = ctx.dbUrl;
    await importBundle(ctx.db, DEMO_BUNDLE, { actor: 'test', vault: ctx.vault });
    runner = jobRunner(ctx, () => {});
    await runner.start();
  }, 60_000);
  afterAll(async () => {
    await runner.stop();
    await ctx.drop();
  });

  it('uses the runner that fits the database', () => {
    expect(runner.kind).toBe(ctx.db.kind === 'postgres' ? 'pg-boss' : 'in-process');
  });

  it('daily settlement decides every application up to yesterday, and a second run decides nothing again', async () => {
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM applications WHERE applied_on < (now() AT TIME ZONE 'Asia/Shanghai')::date`,
    );
    expect(n).toBeGreaterThan(0);
    const first = (await runner.trigger('settle-daily')) as { decided: number };
    expect(first.decided).toBe(n);
    const second = (await runner.trigger('settle-daily')) as { decided: number };
    expect(second.decided).toBe(0);
    const [{ d }] = await ctx.db.query<{ d: number }>('SELECT count(*)::int AS d FROM decisions');
    expect(d).toBe(n);
    const [{ runs }] = await ctx.db.query<{ runs: number }>(
      `SELECT count(*)::int AS runs FROM settlement_runs WHERE status = 'done'`,
    );
    expect(runs).toBe(2);
  }, 120_000);

  it('weekly reminders run as a job too, once per week', async () => {
    const first = (await runner.trigger('reminders-weekly')) as { created: number };
    expect(first.created).toBeGreaterThan(0);
    expect(((await runner.trigger('reminders-weekly')) as { created: number }).created).toBe(0);
  }, 120_000);

  it('the monthly partition job keeps the coming months prepared (start-up already did: nothing to add)', async () => {
    expect(((await runner.trigger('partitions-monthly')) as { created: number }).created).toBe(0);
    const month = new Date(Date.now() + 8 * 3_600_000 + 75 * 86_400_000).toISOString().slice(0, 7).replace('-', 'm');
    const [{ part }] = await ctx.db.query<{ part: string | null }>('SELECT to_regclass($1)::text AS part', [
      `attendance_y${month}`,
    ]);
    expect(part).toBe(`attendance_y${month}`);
  }, 120_000);

  it('records every run’s outcome in job_runs, whichever runner ran it (monitoring reads them)', async () => {
    const runs = await ctx.db.query<{ job: string; ok: boolean; n: number }>(
      'SELECT job, ok, count(*)::int AS n FROM job_runs GROUP BY job, ok ORDER BY job',
    );
    expect(runs).toEqual([
      { job: 'partitions-monthly', ok: true, n: 1 },
      { job: 'reminders-weekly', ok: true, n: 2 },
      { job: 'settle-daily', ok: true, n: 2 },
    ]);
  });
});
