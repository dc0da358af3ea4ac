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

/**
 * Characters a name must not carry: control characters (a terminal escape or a line break in a list
 * or a log line) and the invisible marks that reverse how text reads (U+202E made `gnp.exe` read
 * `exe.png`; U+2066–2069 isolates, U+200E/F and U+061C direction marks).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const UNSAFE_NAME_CHARS = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * A name people read in lists and notices (an account's display name, a class's title): trimmed,
 * not blank, bounded, with no control or text-direction characters (session 13 probe: a display name
 * of spaces, one with U+202E and one with an ANSI escape were stored and listed as given).
 */
export const ZName = (max = 100) =>
  z
    .string()
    .trim()
    .min(1, { message: '不能为空 / must not be blank' })
    .max(max)
    .refine((s) => !UNSAFE_NAME_CHARS.test(s), {
      message: '不能含有控制字符或文字方向控制符 / must not contain control or text-direction characters',
    });

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
