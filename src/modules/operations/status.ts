import type { Db } from '../../db/client.ts';

/**
 * A job whose latest run is still unfinished after this long is reported as stuck (the job queue
 * expires at 4 h). A run orphaned by a crash stops counting once a later run of the job has started.
 */
export const STUCK_AFTER_HOURS = 4;

/** What the database says at scrape time: job outcomes, payments, the ledger, runs by status. */
export interface Snapshot {
  jobs: {
    job: string;
    last_success: number | null;
    last_failure: number | null;
    last_failed: boolean;
    stuck: number;
  }[];
  payments: { status: string; n: number; fen: string }[];
  imbalanceFen: string;
  imports: { status: string; n: number }[];
  settlements: { status: string; n: number }[];
}

export async function readSnapshot(db: Db): Promise<Snapshot> {
  const [jobs, payments, [ledger], imports, settlements] = await Promise.all([
    db.query<Snapshot['jobs'][number]>(
      `SELECT job,
              extract(epoch FROM max(finished_at) FILTER (WHERE ok))::float8 AS last_success,
              extract(epoch FROM max(finished_at) FILTER (WHERE NOT ok))::float8 AS last_failure,
              coalesce((array_agg(ok ORDER BY finished_at DESC) FILTER (WHERE ok IS NOT NULL))[1] = false, false) AS last_failed,
              ((array_agg(ok IS NULL AND started_at < now() - make_interval(hours => $1) ORDER BY started_at DESC, id DESC))[1])::int AS stuck
         FROM job_runs GROUP BY job`,
      [STUCK_AFTER_HOURS],
    ),
    db.query<Snapshot['payments'][number]>(
      'SELECT status, count(*)::int AS n, coalesce(sum(amount_fen), 0)::text AS fen FROM subsidy.payment_lines GROUP BY status',
    ),
    db.query<{ imbalance: string }>(
      'SELECT coalesce(sum(debit_fen) - sum(credit_fen), 0)::text AS imbalance FROM subsidy.ledger_entries',
    ),
    db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM interchange.import_runs GROUP BY status',
    ),
    db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM subsidy.settlement_runs GROUP BY status',
    ),
  ]);
  return { jobs, payments, imbalanceFen: ledger.imbalance, imports, settlements };
}

/** The operations page: each job's state and its latest runs, payments by status, the ledger's balance. */
export async function operationsStatus(db: Db) {
  const [snap, recent] = await Promise.all([
    readSnapshot(db),
    db.query<{
      id: number;
      job: string;
      started_at: Date;
      finished_at: Date | null;
      ok: boolean | null;
      message: string | null;
    }>('SELECT id, job, started_at, finished_at, ok, message FROM job_runs ORDER BY started_at DESC, id DESC LIMIT 30'),
  ]);
  const imbalanceFen = Number(snap.imbalanceFen);
  return {
    jobs: snap.jobs.map((j) => ({
      job: j.job,
      lastSuccess: toIso(j.last_success),
      lastFailure: toIso(j.last_failure),
      lastFailed: j.last_failed,
      stuck: j.stuck,
    })),
    recent,
    payments: snap.payments.map((p) => ({ status: p.status, lines: p.n, amountFen: Number(p.fen) })),
    ledger: { balanced: imbalanceFen === 0, imbalanceFen },
    imports: snap.imports,
    settlements: snap.settlements,
  };
}

const toIso = (epochSeconds: number | null) =>
  epochSeconds === null ? null : new Date(epochSeconds * 1000).toISOString();
