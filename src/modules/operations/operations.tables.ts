import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** One run of a scheduled job (settlement, reminders, partitions) with its outcome: what alerting reads. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    job: text('job').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** null while running. */
    ok: boolean('ok'),
    message: text('message'),
  },
  (t) => [index('job_runs_job_idx').on(t.job, t.startedAt)],
);

/**
 * A piece of work the API queued for a worker (an import, a detection run, a monthly report): its
 * status and progress for the page that polls it, its output when done. The queue itself (pg-boss
 * on PostgreSQL, in-process on PGlite) only carries the id; this row is what the API reports.
 */
export const queuedJobs = pgTable(
  'queued_jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    /** Idempotency key: while a job with the same kind and key is queued or running, enqueuing returns it. */
    key: text('key'),
    /** The audit name of who queued it (who may see it besides the province). */
    actor: text('actor').notNull(),
    /** queued | running | done | failed */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    progress: jsonb('progress'),
    output: jsonb('output'),
    error: text('error'),
    /** Which worker process ran the last attempt (host:pid). */
    worker: text('worker'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('queued_jobs_live_key').on(t.kind, t.key).where(sql`status IN ('queued', 'running')`),
    index('queued_jobs_created_idx').on(t.createdAt),
  ],
);

/**
 * Hits on a rate-limited route (public verification, 公示 objections, 遴选 applications) per client
 * address and route, in the current window: kept here, not in each API process's memory, so several
 * processes behind one address share one limit (rate-limit-store.ts). Rows of windows long past are
 * cleared as hits come in.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  /** The route (method and path) and the client's address. */
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
});
