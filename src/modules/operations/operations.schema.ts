import { z } from 'zod';

/** Response contracts of operations: the Prometheus text, and the operations page's status. */

/** The Prometheus text exposition format (not JSON). */
export const metricsResponse = {
  description: 'Prometheus 文本格式 / the Prometheus text format',
  content: { 'text/plain': { schema: z.string() } },
};

const ZStatusCount = z.object({ status: z.string(), n: z.number() });

export const ZOperationsStatus = z
  .object({
    jobs: z.array(
      z.object({
        job: z.string(),
        lastSuccess: z.string().nullable(),
        lastFailure: z.string().nullable(),
        lastFailed: z.boolean(),
        /** 1 when the latest run is unfinished after STUCK_AFTER_HOURS. */
        stuck: z.number(),
      }),
    ),
    recent: z.array(
      z.object({
        id: z.coerce.number(),
        job: z.string(),
        started_at: z.date(),
        finished_at: z.date().nullable(),
        /** null while running. */
        ok: z.boolean().nullable(),
        message: z.string().nullable(),
      }),
    ),
    payments: z.array(z.object({ status: z.string(), lines: z.number(), amountFen: z.number() })),
    ledger: z.object({ balanced: z.boolean(), imbalanceFen: z.number() }),
    imports: z.array(ZStatusCount),
    settlements: z.array(ZStatusCount),
  })
  .meta({ id: 'OperationsStatus' });

/** A job the API queued (an import, a detection run, a monthly report), as the page polling it sees it. */
export const ZQueuedJob = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    attempts: z.number(),
    progress: z
      .object({ done: z.number(), total: z.number(), unit: z.string(), step: z.string().optional() })
      .nullable(),
    /** What the job's kind returns when done (each kind's handler decides; no personal data). */
    output: z.unknown(),
    error: z.string().nullable(),
    created_at: z.date(),
    started_at: z.date().nullable(),
    finished_at: z.date().nullable(),
  })
  .meta({ id: 'QueuedJob' });
