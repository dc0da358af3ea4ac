import { z } from 'zod';
import { isValidDate } from './dates.ts';

/**
 * Request building blocks every route uses, so one validation decides what a date or a text is
 * (a route that spells its own regex lets `0000-00-00` or `2026-02-30` through to the database).
 */

/** Years a record of this programme can carry: the registry holds people born in the 1900s; plans run to 2100. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/** A real calendar date `YYYY-MM-DD` between 1900 and 2100. */
export const ZDate = z
  .string()
  .refine((s) => isValidDate(s) && Number(s.slice(0, 4)) >= YEAR_MIN && Number(s.slice(0, 4)) <= YEAR_MAX, {
    message: '日期应为 1900–2100 年间真实存在的 YYYY-MM-DD / a real date YYYY-MM-DD between 1900 and 2100',
  });

/** A record code or key typed into a URL or form (project codes, certificate numbers, keys). */
export const ZCode = z.string().min(1).max(128);

/** Free text of a form, bounded. */
export const ZText = (max = 500) => z.string().max(max);

/**
 * The response of a file download (XLSX, CSV, PDF): the bytes under their media type in the OpenAPI
 * document. Fastify sends a Buffer or stream as is, so nothing is serialised through it.
 */
export const fileResponse = (mediaType: string, description = '文件 / file') => ({
  description,
  content: { [mediaType]: { schema: z.string().meta({ format: 'binary' }) } },
});
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The answer of a route that queues work for a worker: poll `GET /api/jobs/{jobId}`. */
export const ZJobQueued = z
  .object({
    jobId: z.string(),
    /** true: the same work was already queued or running; this is that job. */
    existing: z.boolean(),
  })
  .meta({ id: 'JobQueued' });
