import os from 'node:os';
import type { AppContext } from '../kernel/context.ts';
import type { JobHandler } from '../kernel/queue.ts';
import { importJob, type ImportRunner } from '../modules/interchange/index.ts';
import { detectionJob } from '../modules/integrity/index.ts';
import { monthlyReportJob, refreshKpiRollup } from '../modules/reporting/index.ts';

/**
 * The kinds of work the API queues and workers run (docs/operations.md § Queued jobs). A worker
 * passes `importRunner` to import in a heap-capped child process (src/cli/capped-import.ts).
 */
export function queuedJobHandlers(ctx: AppContext, opts: { importRunner?: ImportRunner } = {}): JobHandler[] {
  return [
    importJob(ctx.db, ctx.vault, opts.importRunner),
    detectionJob(ctx.db),
    monthlyReportJob(ctx.db),
    ...(process.env.JINENG_QUEUE_PROBE === '1' ? [queueProbe(ctx)] : []),
  ].map((h) => rollupsAfter(ctx, h));
}

/**
 * A bulk job pre-rolls the KPI rollups once, at its end (an import marks many days): the first
 * dashboard read after it recounts nothing. Nothing marked: one EXISTS.
 */
function rollupsAfter(ctx: AppContext, handler: JobHandler): JobHandler {
  return {
    ...handler,
    run: async (data, job) => {
      const result = await handler.run(data, job);
      await refreshKpiRollup(ctx.db);
      return result;
    },
  };
}

/**
 * A cheap job for the two-worker test (test/workers.test.ts), registered only when
 * JINENG_QUEUE_PROBE=1: it writes its key and worker into `queue_probe_hits`, a table the test
 * creates, so that the test can count each job done exactly once.
 */
function queueProbe(ctx: AppContext): JobHandler {
  return {
    kind: 'queue-probe',
    retryLimit: 2,
    expireInSeconds: 60,
    batchSize: 20,
    run: async (raw) => {
      const { key } = raw as { key: string };
      await ctx.db.query('INSERT INTO queue_probe_hits (key, worker) VALUES ($1, $2)', [
        key,
        `${os.hostname()}:${process.pid}`,
      ]);
      return { key };
    },
  };
}
