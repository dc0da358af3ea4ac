import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, jobOutcome, type DemoApp } from './support/demo-app.ts';

/** Work the API queues (pg-boss on PostgreSQL, in-process on PGlite) and the job route that reports it. */
describe('queued jobs through the API', () => {
  let d: DemoApp;
  beforeAll(async () => {
    d = await demoApp(['province', 'nanjing', 'wuxi']);
  }, 180_000);
  afterAll(() => d.close());

  it('detection is queued once while it waits or runs, and its output is the new cases per detector', async () => {
    const first = await d.call('province', 'POST', '/api/integrity/detect');
    const second = await d.call('province', 'POST', '/api/integrity/detect');
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(202);
    const a = first.json() as { jobId: string; existing: boolean };
    const b = second.json() as { jobId: string; existing: boolean };
    expect(a.existing).toBe(false);
    // The second click joins the first unless it had already finished.
    if (b.existing) expect(b.jobId).toBe(a.jobId);
    const job = await jobOutcome<Record<string, number>>(d, 'province', a.jobId);
    expect(job.status).toBe('done');
    expect(job.attempts).toBe(1);
    expect(Object.values(job.output).every((n) => typeof n === 'number')).toBe(true);
    expect(job.progress).toMatchObject({ unit: 'detectors' });
    expect(job.progress!.done).toBe(job.progress!.total); // complete once done
    const [{ n }] = await d.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM integrity_cases');
    expect(n).toBeGreaterThan(0);
  }, 120_000);

  it("a city officer's monthly report job is their city's report; another city cannot see the job", async () => {
    const res = await d.call('nanjing', 'POST', '/api/reports/monthly/jobs', { month: '2026-05', city: '320200' });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId } = res.json() as { jobId: string };
    const job = await jobOutcome<{ cityCode: string }>(d, 'nanjing', jobId);
    expect(job.status).toBe('done');
    expect(job.output.cityCode).toBe('320100'); // the officer's own city, whatever was asked
    const other = await d.call('wuxi', 'GET', `/api/jobs/${jobId}`);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
    // The province sees every job.
    expect((await d.call('province', 'GET', `/api/jobs/${jobId}`)).statusCode).toBe(200);
  }, 120_000);

  it('refuses a monthly report job for a malformed month with BAD_MONTH, queuing nothing', async () => {
    const res = await d.call('nanjing', 'POST', '/api/reports/monthly/jobs', { month: '2026-13' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('BAD_MONTH');
    const [{ n }] = await d.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM queued_jobs WHERE kind = 'monthly-report' AND output IS NULL AND status <> 'done'`,
    );
    expect(n).toBe(0);
  });

  it('an unknown job is answered as not found', async () => {
    const res = await d.call('province', 'GET', '/api/jobs/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});
