import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../../db/client.ts';
import { readSnapshot, STUCK_AFTER_HOURS } from './status.ts';

/**
 * The platform's metrics in the Prometheus text format: this process's HTTP traffic and runtime,
 * and, read from the database at scrape time, what operations must be alerted on (deploy/alerts.yml).
 * Labels carry route templates and codes only, never an ID number or a name.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'jineng_process_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'jineng_http_requests_total',
    help: 'HTTP requests by route template and status / 请求数',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'jineng_http_request_duration_seconds',
    help: 'HTTP request duration by route template / 请求耗时',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
    registers,
  });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const dbUp = gauge('jineng_db_up', 'Whether the database answered this scrape (1) or not (0) / 数据库可用');
  const lastSuccess = gauge(
    'jineng_job_last_success_timestamp_seconds',
    'When each scheduled job last finished well / 任务最近成功时间',
    ['job'],
  );
  const lastFailure = gauge(
    'jineng_job_last_failure_timestamp_seconds',
    'When each scheduled job last failed / 任务最近失败时间',
    ['job'],
  );
  const lastFailed = gauge(
    'jineng_job_last_run_failed',
    'Whether the latest finished run of each job failed (1) / 最近一次运行失败',
    ['job'],
  );
  const stuck = gauge(
    'jineng_job_stuck_runs',
    `1 if the job's latest run is unfinished after ${STUCK_AFTER_HOURS} h / 任务卡住`,
    ['job'],
  );
  const paymentLines = gauge('jineng_payment_lines', 'Payment lines by status / 支付明细数', ['status']);
  const paymentFen = gauge('jineng_payment_amount_fen', 'Payment amounts by status, in fen / 支付金额（分）', [
    'status',
  ]);
  const imbalance = gauge(
    'jineng_ledger_imbalance_fen',
    'Debits minus credits over the whole ledger; anything but 0 is a defect / 账不平（分）',
  );
  const importRuns = gauge('jineng_import_runs', 'Import runs by status / 导入批次', ['status']);
  const settlementRuns = gauge('jineng_settlement_runs', 'Settlement runs by status / 结算批次', ['status']);

  return {
    contentType: registry.contentType,
    observe(method: string, route: string, status: number, seconds: number) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
    async render(): Promise<string> {
      const snap = await readSnapshot(db).catch(() => null);
      dbUp.set(snap ? 1 : 0);
      for (const g of [
        lastSuccess,
        lastFailure,
        lastFailed,
        stuck,
        paymentLines,
        paymentFen,
        imbalance,
        importRuns,
        settlementRuns,
      ])
        g.reset();
      if (snap) {
        for (const j of snap.jobs) {
          if (j.last_success !== null) lastSuccess.set({ job: j.job }, j.last_success);
          if (j.last_failure !== null) lastFailure.set({ job: j.job }, j.last_failure);
          lastFailed.set({ job: j.job }, j.last_failed ? 1 : 0);
          stuck.set({ job: j.job }, j.stuck);
        }
        for (const p of snap.payments) {
          paymentLines.set({ status: p.status }, p.n);
          paymentFen.set({ status: p.status }, Number(p.fen)); // a gauge is a float; exact below 2^53 fen (90 trillion yuan)
        }
        imbalance.set(Number(snap.imbalanceFen));
        for (const r of snap.imports) importRuns.set({ status: r.status }, r.n);
        for (const r of snap.settlements) settlementRuns.set({ status: r.status }, r.n);
      }
      return registry.metrics();
    },
  };
}
