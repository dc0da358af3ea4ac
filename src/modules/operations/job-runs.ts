import type { Db } from '../../db/client.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { STUCK_AFTER_HOURS } from './status.ts';

/**
 * Runs a scheduled job and records its outcome in `job_runs` (started, then ok or failed with the
 * error's message), so that monitoring can see a failed or stuck settlement. The job's own error
 * is rethrown: the runner (pg-boss or in-process) still retries or logs it as before.
 */
export async function recordJobRun<T>(
  db: Db,
  job: string,
  run: () => Promise<T>,
  clock: Clock = systemClock,
): Promise<T> {
  const [{ id }] = await db.query<{ id: number }>(
    'INSERT INTO job_runs (job, started_at) VALUES ($1, $2) RETURNING id',
    [job, clock.now()],
  );
  try {
    const out = await run();
    await db.query('UPDATE job_runs SET finished_at = $2, ok = true WHERE id = $1', [id, clock.now()]);
    return out;
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    await db
      .query('UPDATE job_runs SET finished_at = $2, ok = false, message = $3 WHERE id = $1', [id, clock.now(), message])
      .catch(() => {});
    throw e;
  }
}

/**
 * Whether any of `jobs` is running in any process now: started within `STUCK_AFTER_HOURS` and not
 * finished (a run orphaned by a crash stops counting then, as on the operations page).
 */
export async function jobRunning(db: Db, jobs: string[]): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM job_runs WHERE job = ANY($1::text[]) AND finished_at IS NULL
       AND started_at > now() - make_interval(hours => $2) LIMIT 1`,
    [jobs, STUCK_AFTER_HOURS],
  );
  return rows.length > 0;
}
