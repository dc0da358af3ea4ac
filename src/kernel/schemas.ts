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

/**
 * An instant typed as ISO 8601 with its offset (`2026-12-01T14:00:00+08:00`), in the same years as
 * ZDate: a year outside them is refused, not stored (year 1 came back as 2001, year 9999 as given).
 */
export const ZDateTime = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const year = new Date(s).getUTCFullYear();
    return year >= YEAR_MIN && year <= YEAR_MAX;
  },
  { message: '时间应在 1900–2100 年间 / a time between 1900 and 2100' },
);

/**
 * A device's own clock in milliseconds since 1970, as a player reports it (stored for review, never
 * counted): up to the end of ZDate's years. A larger integer is no Date at all past 8.64e15 and was a 500.
 */
export const ZEpochMs = z
  .number()
  .int()
  .min(0)
  .max(Date.UTC(YEAR_MAX + 1, 0, 1) - 1, { message: '时间应在 1970–2100 年间 / a time between 1970 and 2100' });

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
