import type { Db } from '../../db/client.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';
import type { FileSummary, ImportProgress } from './import-bundle.ts';

/** What a run's `summary` holds: the files done so far, the error count when done, the reading progress. */
export interface ImportRunSummary {
  files?: FileSummary[];
  errors?: number;
  progress?: ImportProgress;
}

export interface ImportRunRow {
  id: string;
  source: string;
  actor: string;
  status: string;
  summary: ImportRunSummary;
  started_at: Date;
  finished_at: Date | null;
}

/** A refused row as the run's page lists it (snake_case, as stored). */
export interface ImportErrorRow {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
  message_zh: string;
  message_en: string;
}

/** A run waiting for a worker (`queued`); the worker marks it running. */
export async function insertQueuedImport(db: Db, runId: string, source: string, actor: string): Promise<void> {
  await db.query(`INSERT INTO import_runs (id, source, actor, status, started_at) VALUES ($1,$2,$3,'queued',now())`, [
    runId,
    source,
    actor,
  ]);
}

/**
 * A worker starts (or restarts) the run: running again, its refused rows and progress forgotten, so
 * that a retried attempt after a crash reports each bad row once (good rows already written are
 * found unchanged: the import is idempotent).
 */
export async function restartImportRun(db: Db, runId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM import_errors WHERE run_id = $1', [runId]);
    await tx.query(`UPDATE import_runs SET status = 'running', summary = '{}', finished_at = NULL WHERE id = $1`, [
      runId,
    ]);
  });
}

/** Merges the reading progress into the run's summary (the files done so far stay). */
export async function mergeImportProgress(db: Db, runId: string, progress: ImportProgress): Promise<void> {
  await db.query(`UPDATE import_runs SET summary = summary || $2::jsonb WHERE id = $1`, [
    runId,
    JSON.stringify({ progress }),
  ]);
}

/** The latest 50 runs, of one actor (audit name) or of everyone (null). */
export async function importRunsOf(db: Db, actor: string | null): Promise<ImportRunRow[]> {
  return db.query<ImportRunRow>(
    `SELECT id, source, actor, status, summary, started_at, finished_at FROM import_runs
       WHERE ($1::text IS NULL OR actor = $1) ORDER BY started_at DESC LIMIT 50`,
    [actor],
  );
}

export async function importRunById(db: Db, id: string): Promise<ImportRunRow | undefined> {
  const [run] = await db.query<ImportRunRow>(
    'SELECT id, source, actor, status, summary, started_at, finished_at FROM import_runs WHERE id = $1',
    [id],
  );
  return run;
}

/** The first 200 refused rows of a run, for its page. */
export async function firstImportErrors(db: Db, runId: string): Promise<ImportErrorRow[]> {
  return db.query<ImportErrorRow>(
    'SELECT file, line, "column", value, reason, message_zh, message_en FROM import_errors WHERE run_id = $1 ORDER BY file, line LIMIT 200',
    [runId],
  );
}

/** Every refused row of a run, for the downloadable report. */
export async function allImportErrors(db: Db, runId: string): Promise<RowError[]> {
  return db.query<RowError>(
    'SELECT file, line, "column", value, reason, message_zh AS "messageZh", message_en AS "messageEn" FROM import_errors WHERE run_id = $1 ORDER BY file, line',
    [runId],
  );
}
