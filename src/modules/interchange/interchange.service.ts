import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { errorReportCsv } from '../../kernel/tabular/csv-write.ts';
import type { JobQueue } from '../../kernel/queue.ts';
import { IMPORT_JOB, type ImportJobData } from './import-job.ts';
import {
  allImportErrors,
  firstImportErrors,
  importRunById,
  importRunsOf,
  insertQueuedImport,
  type ImportRunRow,
} from './interchange.repo.ts';

/**
 * Records a queued run for files uploaded into `dir` (under the upload directory) and queues the
 * import for a worker; the web app polls the run (and the job) for progress.
 */
export async function queueImport(
  db: Db,
  queue: JobQueue,
  actor: Actor,
  upload: { dir: string; files: string[] },
): Promise<{ runId: string; jobId: string }> {
  const runId = newId();
  const source = upload.files.join(', ');
  await insertQueuedImport(db, runId, source, actorName(actor));
  const data: ImportJobData = {
    runId,
    dir: upload.dir,
    files: upload.files,
    source,
    actor: actorName(actor),
    importer: actor,
  };
  // One job per run: the run id is its key.
  const { jobId } = await queue.enqueue(IMPORT_JOB, data, { actor: actorName(actor), key: runId });
  return { runId, jobId };
}

/** Runs the actor may see: the province all, everyone else their own. */
export async function listImportRuns(db: Db, actor: Actor): Promise<ImportRunRow[]> {
  return importRunsOf(db, actor.role === 'province_admin' ? null : actorName(actor));
}

/** A run the actor may see; another's run is answered as an unknown one. */
async function visibleRun(db: Db, actor: Actor, id: string): Promise<ImportRunRow> {
  const run = await importRunById(db, id);
  if (!run || (actor.role !== 'province_admin' && run.actor !== actorName(actor)))
    throw new NotFound({ zh: '导入记录', en: 'import run' });
  return run;
}

/** A run with its first refused rows. */
export async function importRunWithErrors(db: Db, actor: Actor, id: string) {
  const run = await visibleRun(db, actor, id);
  return { ...run, errors: await firstImportErrors(db, id) };
}

/** The row-error report of a run as CSV text (with a BOM, so spreadsheet programs read it as UTF-8). */
export async function importErrorReport(db: Db, actor: Actor, id: string): Promise<string> {
  await visibleRun(db, actor, id);
  return `\ufeff${errorReportCsv(await allImportErrors(db, id))}`;
}
