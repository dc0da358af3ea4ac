import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { errorReportCsv } from '../../kernel/tabular/csv-write.ts';
import { importFiles, type ImportFile } from './import-bundle.ts';
import {
  allImportErrors,
  firstImportErrors,
  importRunById,
  importRunsOf,
  insertRunningImport,
  mergeImportProgress,
  type ImportRunRow,
} from './interchange.repo.ts';

/** Progress is written at most this often (ms): a large file reports thousands of times. */
const PROGRESS_EVERY_MS = 500;

/**
 * Records a run for the uploaded files and imports them in the background; the web app polls the
 * run for progress. `onError` hears a failed import (the run is marked failed); `after` runs when
 * the import ends either way (removing the uploaded files).
 */
export async function startImport(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  files: ImportFile[],
  source: string,
  hooks: { onError: (e: unknown) => void; after: () => void },
): Promise<{ runId: string }> {
  const runId = newId();
  await insertRunningImport(db, runId, source, actorName(actor));
  let last = 0;
  void importFiles(db, files, source, {
    actor: actorName(actor),
    vault,
    importer: actor,
    runId,
    onProgress: (p) => {
      if (Date.now() - last < PROGRESS_EVERY_MS) return;
      last = Date.now();
      void mergeImportProgress(db, runId, p).catch(() => {});
    },
  })
    .catch(hooks.onError)
    .finally(hooks.after);
  return { runId };
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
