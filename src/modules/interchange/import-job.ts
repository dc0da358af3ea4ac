import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import type { JobHandler } from '../../kernel/queue.ts';
import { FILE_SPECS } from './files.ts';
import { importFiles } from './import-bundle.ts';
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

/**
 * Imports an upload on a worker. Each attempt starts the run over (restartImportRun): rows a dead
 * attempt wrote are found unchanged, its refused rows are reported once. The upload is removed when
 * the job ends, but kept while a retry may still need it.
 */
export function importJob(db: Db, vault: PiiVault): JobHandler {
  return {
    kind: IMPORT_JOB,
    retryLimit: 2,
    // A province-size bundle imports in well under an hour; past two, the worker is taken for dead
    // and another takes the job over (JINENG_IMPORT_EXPIRE_SECONDS shortens it: the kill test).
    expireInSeconds: Number(process.env.JINENG_IMPORT_EXPIRE_SECONDS) || 2 * 3600,
    run: async (raw, job) => {
      const d = raw as ImportJobData;
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
          job.progress({ done: p.bytesDone, total: p.bytesTotal, unit: 'bytes', step: p.file });
          // The import page reads the run's own progress (throttled with the job's).
          if (Date.now() - last < 500) return;
          last = Date.now();
          void mergeImportProgress(db, d.runId, p).catch(() => {});
        },
      }).catch((e) => {
        if (job.last) fs.rmSync(d.dir, { recursive: true, force: true });
        throw e;
      });
      fs.rmSync(d.dir, { recursive: true, force: true });
      return { runId: d.runId, files: result.files.map(({ warnings: _w, ...s }) => s), errors: result.errorCount };
    },
  };
}
