import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse as parseCsv } from 'csv-parse/sync';
import { recordJobRun } from '../src/modules/operations/index.ts';
import { applyBankReturn, createPaymentBatches, exportBankFile } from '../src/modules/subsidy/index.ts';
import { chinaDate } from '../src/kernel/clock.ts';
import { addWorkingDays } from '../src/kernel/dates.ts';
import { demoApp, type DemoApp } from './support/demo-app.ts';

const SCRAPE_TOKEN = 'scrape-token-for-the-tests-0123456789';
const ALERTS = path.resolve(import.meta.dirname, '../deploy/alerts.yml');

/** The samples of a Prometheus text exposition: `name{labels} value` → value, by full series text. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (-?[0-9.e+-]+|[+-]?(?:nan|inf))$/i.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    out.set(m[1], Number(m[2]));
  }
  return out;
}

describe('monitoring: GET /api/metrics and the alert rules', () => {
  let demo: DemoApp;
  let ctx: DemoApp['ctx'];
  /** The metrics as a scraper would ask for them: with a raw Authorization header, or none. */
  const metrics = (authorization?: string) =>
    demo.app.inject({ method: 'GET', url: '/api/metrics', headers: authorization ? { authorization } : {} });
  beforeAll(async () => {
    demo = await demoApp(['province', 'nanjing', 'jigou']);
    ctx = demo.ctx;
    ctx.config.metricsToken = SCRAPE_TOKEN;
  });
  afterAll(() => demo.close());

  it('answers the scrape token and province administrators only', async () => {
    expect((await metrics()).statusCode).toBe(401);
    expect((await metrics('Bearer not-the-scrape-token-0123456789')).statusCode).toBe(401);
    expect((await demo.call('nanjing', 'GET', '/api/metrics')).statusCode).toBe(403);
    expect((await demo.call('jigou', 'GET', '/api/metrics')).statusCode).toBe(403);
    const admin = await demo.call('province', 'GET', '/api/metrics');
    expect(admin.statusCode).toBe(200);
    const scraper = await metrics(`Bearer ${SCRAPE_TOKEN}`);
    expect(scraper.statusCode).toBe(200);
    expect(scraper.headers['content-type']).toMatch(/^text\/plain/);
    expect(samples(scraper.body).get('jineng_db_up')).toBe(1);
  });

  it('without a configured token, a bearer token is never taken for the scrape token', async () => {
    ctx.config.metricsToken = null;
    try {
      expect((await metrics('Bearer ')).statusCode).toBe(401);
      expect((await metrics(`Bearer ${SCRAPE_TOKEN}`)).statusCode).toBe(401);
    } finally {
      ctx.config.metricsToken = SCRAPE_TOKEN;
    }
  });

  it('counts requests by route template, never by the ID or key in the address', async () => {
    const [{ person_key: key }] = await ctx.db.query<{ person_key: string }>('SELECT person_key FROM persons LIMIT 1');
    expect((await demo.call('province', 'GET', `/api/persons/${key}`)).statusCode).toBe(200);
    const body = (await metrics(`Bearer ${SCRAPE_TOKEN}`)).body;
    expect(body).not.toContain(key);
    const s = samples(body);
    expect(s.get('jineng_http_requests_total{method="GET",route="/api/persons/:key",status="200"}')).toBe(1);
    expect(s.get('jineng_http_request_duration_seconds_count{method="GET",route="/api/persons/:key"}')).toBe(1);
    expect(s.get('jineng_http_requests_total{method="GET",route="/api/metrics",status="403"}')).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('reports payments and the ledger as the database holds them', async () => {
    // Pay the demo's approvals after the notice period; the bank returns one line as failed.
    const [batch] = await createPaymentBatches(ctx.db, {
      asOf: addWorkingDays(chinaDate(new Date()), 6),
      actor: 'test',
    });
    const bankFile = path.join(os.tmpdir(), `jineng-metrics-bank-${process.pid}.csv`);
    await exportBankFile(ctx.db, ctx.vault, batch.id, bankFile, 'test');
    const sent = (parseCsv(fs.readFileSync(bankFile), { columns: true, bom: true }) as Record<string, string>[]).slice(
      0,
      3,
    );
    fs.writeFileSync(
      bankFile,
      'idempotency_key,status,bank_ref,amount,reason\n' +
        sent
          .map(
            (l, i) =>
              `${l.idempotency_key},${i === 0 ? 'failed' : 'paid'},B${i},${l.amount},${i === 0 ? '账户已注销' : ''}`,
          )
          .join('\n') +
        '\n',
    );
    expect(await applyBankReturn(ctx.db, bankFile, 'test')).toMatchObject({ paid: 2, failed: 1 });
    const s = samples((await metrics(`Bearer ${SCRAPE_TOKEN}`)).body);
    const lines = await ctx.db.query<{ status: string; n: number; fen: string }>(
      'SELECT status, count(*)::int AS n, sum(amount_fen)::text AS fen FROM payment_lines GROUP BY status',
    );
    expect(lines.map((l) => l.status).sort()).toEqual(['failed', 'paid', 'pending']);
    for (const l of lines) {
      expect(s.get(`jineng_payment_lines{status="${l.status}"}`)).toBe(l.n);
      expect(s.get(`jineng_payment_amount_fen{status="${l.status}"}`)).toBe(Number(l.fen));
    }
    expect(s.get('jineng_ledger_imbalance_fen')).toBe(0);
    const [{ n }] = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM import_runs WHERE status = 'done'`,
    );
    expect(s.get('jineng_import_runs{status="done"}')).toBe(n);
  });

  it('shows a failed job, then its recovery, and a run stuck for hours', async () => {
    await expect(
      recordJobRun(ctx.db, 'settle-daily', async () => {
        throw new Error('bank file missing');
      }),
    ).rejects.toThrow('bank file missing');
    let s = samples((await metrics(`Bearer ${SCRAPE_TOKEN}`)).body);
    expect(s.get('jineng_job_last_run_failed{job="settle-daily"}')).toBe(1);
    expect(s.get('jineng_job_last_failure_timestamp_seconds{job="settle-daily"}')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );
    expect(s.has('jineng_job_last_success_timestamp_seconds{job="settle-daily"}')).toBe(false);
    const [{ message }] = await ctx.db.query<{ message: string }>(
      `SELECT message FROM job_runs WHERE job = 'settle-daily' AND NOT ok`,
    );
    expect(message).toBe('bank file missing');

    expect(await recordJobRun(ctx.db, 'settle-daily', async () => 'ok')).toBe('ok');
    s = samples((await metrics(`Bearer ${SCRAPE_TOKEN}`)).body);
    expect(s.get('jineng_job_last_run_failed{job="settle-daily"}')).toBe(0);
    expect(s.get('jineng_job_last_success_timestamp_seconds{job="settle-daily"}')).toBeGreaterThan(
      Date.now() / 1000 - 60,
    );

    // A run unfinished for 5 h is stuck; a later run of the same job supersedes it (a crash's orphan).
    await ctx.db.query(
      `INSERT INTO job_runs (job, started_at) VALUES ('reminders-weekly', now() - interval '5 hours'), ('partitions-monthly', now() - interval '6 hours')`,
    );
    await ctx.db.query(
      `INSERT INTO job_runs (job, started_at, finished_at, ok) VALUES ('partitions-monthly', now() - interval '1 hour', now(), true)`,
    );
    s = samples((await metrics(`Bearer ${SCRAPE_TOKEN}`)).body);
    expect(s.get('jineng_job_stuck_runs{job="reminders-weekly"}')).toBe(1);
    expect(s.get('jineng_job_stuck_runs{job="partitions-monthly"}')).toBe(0);
  });

  it('the operations page’s status: jobs, latest runs, payments and the ledger, for province administrators only', async () => {
    expect((await demo.call('nanjing', 'GET', '/api/operations/status')).statusCode).toBe(403);
    expect(
      (
        await demo.app.inject({
          method: 'GET',
          url: '/api/operations/status',
          headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
        })
      ).statusCode,
    ).toBe(401);
    const status = (await demo.call('province', 'GET', '/api/operations/status')).json();
    expect(status.ledger).toEqual({ balanced: true, imbalanceFen: 0 });
    // From the test above: settle-daily failed, then succeeded; one reminders run is stuck.
    expect(status.jobs.find((j: { job: string }) => j.job === 'settle-daily')).toMatchObject({
      lastFailed: false,
      stuck: 0,
    });
    expect(status.jobs.find((j: { job: string }) => j.job === 'reminders-weekly')).toMatchObject({ stuck: 1 });
    expect(
      status.recent.filter((r: { job: string }) => r.job === 'settle-daily').map((r: { ok: boolean }) => r.ok),
    ).toEqual([true, false]);
    const paid = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM payment_lines WHERE status = 'paid'`,
    );
    expect(status.payments.find((p: { status: string }) => p.status === 'paid').lines).toBe(paid[0].n);
  });

  it('every metric the alert rules name is one the endpoint exposes; every alert says what is wrong in Chinese and English', async () => {
    const exposed = new Set(
      [...(await metrics(`Bearer ${SCRAPE_TOKEN}`)).body.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(
        ([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]),
      ),
    );
    const rules = (
      parseYaml(fs.readFileSync(ALERTS, 'utf8')) as {
        groups: { rules: { alert: string; expr: string; annotations: { summary: string } }[] }[];
      }
    ).groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(8);
    for (const r of rules) {
      for (const [name] of r.expr.matchAll(/\bjineng_[a-z_]+/g)) expect(exposed, `${r.alert}: ${name}`).toContain(name);
      expect(r.annotations.summary, r.alert).toMatch(/[\u4e00-\u9fff].* \/ .*[A-Za-z]{3}/);
    }
  });
});
