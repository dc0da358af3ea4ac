import { bigserial, boolean, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
