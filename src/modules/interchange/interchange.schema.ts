import { z } from 'zod';

/**
 * Response contracts of interchange: the serializer writes only what these declare, so a column
 * added to a query can never reach a client by accident (docs/security.md § Who sees what).
 */
/** The run to poll (`GET /api/imports/{runId}`), and the queued job importing it (`GET /api/jobs/{jobId}`). */
export const ZImportStarted = z.object({ runId: z.string(), jobId: z.string() }).meta({ id: 'ImportStarted' });

const ZImportFileSummary = z
  .object({
    file: z.string(),
    rows: z.number(),
    inserted: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    errors: z.number(),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'ImportFileSummary' });

/** Filled as the run goes: files done so far, reading progress, and the error count when done. */
const ZImportRunSummary = z.object({
  files: z.array(ZImportFileSummary).optional(),
  errors: z.number().optional(),
  progress: z.object({ file: z.string(), rows: z.number(), bytesDone: z.number(), bytesTotal: z.number() }).optional(),
});

export const ZImportRun = z
  .object({
    id: z.string(),
    source: z.string(),
    actor: z.string(),
    status: z.string(),
    summary: ZImportRunSummary,
    started_at: z.date(),
    finished_at: z.date().nullable(),
  })
  .meta({ id: 'ImportRun' });

export const ZImportRunDetail = ZImportRun.extend({
  errors: z.array(
    z.object({
      file: z.string(),
      line: z.number(),
      column: z.string(),
      value: z.string(),
      reason: z.string(),
      message_zh: z.string(),
      message_en: z.string(),
    }),
  ),
}).meta({ id: 'ImportRunDetail' });
