import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { NotFound } from '../../kernel/errors.ts';
import type { JobProgress } from '../../kernel/queue.ts';

/** A queued job as the API reports it (operations.tables.ts `queued_jobs`). */
export interface QueuedJobRow {
  id: string;
  kind: string;
  actor: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  attempts: number;
  progress: JobProgress | null;
  output: unknown;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = 'id, kind, actor, status, attempts, progress, output, error, created_at, started_at, finished_at';

/**
 * Records a queued job; with a key, a live job (queued or running) of the same kind and key is
 * returned instead (`existing`), so that a double click or a second officer does not run it twice.
 */
export async function insertQueuedJob(
  db: Db,
  job: { id: string; kind: string; key?: string; actor: string },
): Promise<{ id: string; existing: boolean }> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO queued_jobs (id, kind, key, actor, status) VALUES ($1, $2, $3, $4, 'queued')
       ON CONFLICT (kind, key) WHERE status IN ('queued', 'running') DO NOTHING RETURNING id`,
    [job.id, job.kind, job.key ?? null, job.actor],
  );
  if (row) return { id: row.id, existing: false };
  const [live] = await db.query<{ id: string }>(
    `SELECT id FROM queued_jobs WHERE kind = $1 AND key = $2 AND status IN ('queued', 'running')`,
    [job.kind, job.key],
  );
  // The live one finished between the two statements: queue again.
  return live ? { id: live.id, existing: true } : insertQueuedJob(db, job);
}

/**
 * A worker takes the job: running, one more attempt. Null when it is already done (a delivery the
 * queue repeated after a crash that happened past the commit): the work is not done twice.
 */
export async function claimQueuedJob(db: Db, id: string, worker: string): Promise<{ attempts: number } | null> {
  const [row] = await db.query<{ attempts: number }>(
    `UPDATE queued_jobs SET status = 'running', attempts = attempts + 1, worker = $2, started_at = now(), error = NULL
       WHERE id = $1 AND status <> 'done' RETURNING attempts`,
    [id, worker],
  );
  return row ?? null;
}

export async function setQueuedJobProgress(db: Db, id: string, progress: JobProgress): Promise<void> {
  await db.query('UPDATE queued_jobs SET progress = $2 WHERE id = $1', [id, JSON.stringify(progress)]);
}

export async function finishQueuedJob(db: Db, id: string, output: unknown): Promise<void> {
  // A finished job's progress reads complete, whatever the last throttled report said.
  await db.query(
    `UPDATE queued_jobs SET status = 'done', output = $2, finished_at = now(),
       progress = CASE WHEN progress IS NULL THEN NULL ELSE jsonb_set(progress, '{done}', progress->'total') END
     WHERE id = $1`,
    [id, JSON.stringify(output ?? null)],
  );
}

/** A failed attempt: queued again while the queue retries it, failed after the last attempt. */
export async function failQueuedJob(db: Db, id: string, message: string, final: boolean): Promise<void> {
  await db.query(
    `UPDATE queued_jobs SET status = $3, error = $2, finished_at = CASE WHEN $3 = 'failed' THEN now() END WHERE id = $1`,
    [id, message.slice(0, 2000), final ? 'failed' : 'queued'],
  );
}

/** A job the actor may see: the province every job, everyone else the jobs they queued. */
export async function visibleQueuedJob(db: Db, actor: Actor, id: string): Promise<QueuedJobRow> {
  const [row] = await db.query<QueuedJobRow>(`SELECT ${COLUMNS} FROM queued_jobs WHERE id = $1`, [id]);
  if (!row || (actor.role !== 'province_admin' && row.actor !== actorName(actor)))
    throw new NotFound({ zh: '后台任务', en: 'background job' });
  return row;
}
