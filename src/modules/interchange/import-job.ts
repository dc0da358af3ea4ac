import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import type { JobHandler } from '../../kernel/queue.ts';
import { FILE_SPECS } from './files.ts';
import { importFiles, type ImportProgress, type ImportResult } from './import-bundle.ts';
import { mergeImportProgress, restartImportRun } from './interchange.repo.ts';

/** The kind of queued job that imports uploaded files (interchange.routes.ts queues it). */
export const IMPORT_JOB = 'import';

/** What the import job carries: the run, the folder holding the upload, and who imports. */
export interface ImportJobData {
  runId: string;
  /** The folder under the upload directory holding the files (removed when the job ends). */
  dir: string;
  /** The uploaded files' names, in standard order. */
  files: string[];
  source: string;
  /** The audit name of who uploaded. */
  actor: string;
  /** Whose scope every row must lie in (interchange.policy.ts). */
  importer: Actor;
}

/** What an import job returns (the job's output, shown on the jobs page). */
export interface ImportJobOutput {
  runId: string;
  files: Omit<ImportResult['files'][number], 'warnings'>[];
  errors: number;
  /** The V8 heap limit of the process that imported, in MB (docs/operations.md § Memory). */
  heapLimitMb: number;
}

/**
 * Runs an uploaded import in this process: starts the run over (restartImportRun), imports the
 * files, and reports progress — to `progress` (the job's bar) and, throttled, to the run's own
 * summary (the import page). Does not remove the upload: the job does, when no retry needs it.
 */
export async function importUpload(
  db: Db,
  vault: PiiVault,
  d: ImportJobData,
  progress: (p: ImportProgress) => void,
): Promise<ImportJobOutput> {
  await restartImportRun(db, d.runId);
  const files = FILE_SPECS.flatMap((spec) =>
    d.files
      .filter((n) => n.replace(/\.(csv|xlsx)$/i, '') === spec.file)
      .map((n) => ({ spec, path: path.join(d.dir, n) })),
  );
  let last = 0;
  const result = await importFiles(db, files, d.source, {
    actor: d.actor,
    vault,
    importer: d.importer,
    runId: d.runId,
    onProgress: (p) => {
      progress(p);
      // The import page reads the run's own progress (throttled with the job's).
      if (Date.now() - last < 500) return;
      last = Date.now();
      void mergeImportProgress(db, d.runId, p).catch(() => {});
    },
  });
  return {
    runId: d.runId,
    files: result.files.map(({ warnings: _w, ...s }) => s),
    errors: result.errorCount,
    heapLimitMb: Math.round(v8.getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}

/**
 * How a job's import is run: in this process (`importUpload`), or — on a worker — in a child
 * process with a capped heap (src/cli/capped-import.ts), reporting progress back.
 */
export type ImportRunner = (d: ImportJobData, progress: (p: ImportProgress) => void) => Promise<ImportJobOutput>;

/**
 * Imports an upload on a worker. Each attempt starts the run over (restartImportRun): rows a dead
 * attempt wrote are found unchanged, its refused rows are reported once. The upload is removed when
 * the job ends, but kept while a retry may still need it. `runner` runs the import elsewhere (a
 * capped child process); by default, in this process.
 */
export function importJob(db: Db, vault: PiiVault, runner?: ImportRunner): JobHandler {
  const run: ImportRunner = runner ?? ((d, progress) => importUpload(db, vault, d, progress));
  return {
    kind: IMPORT_JOB,
    retryLimit: 2,
    // A province-size bundle imports in well under an hour; past two, the worker is taken for dead
    // and another takes the job over (JINENG_IMPORT_EXPIRE_SECONDS shortens it: the kill test).
    expireInSeconds: Number(process.env.JINENG_IMPORT_EXPIRE_SECONDS) || 2 * 3600,
    run: async (raw, job) => {
      const d = raw as ImportJobData;
      const out = await run(d, (p) =>
        job.progress({ done: p.bytesDone, total: p.bytesTotal, unit: 'bytes', step: p.file }),
      ).catch((e) => {
        if (job.last) fs.rmSync(d.dir, { recursive: true, force: true });
        throw e;
      });
      fs.rmSync(d.dir, { recursive: true, force: true });
      return out;
    },
  };
}
