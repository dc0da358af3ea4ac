import { integer, jsonb, pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';

/** One import of a bundle or an uploaded file, with its progress and summary. */
export const importRuns = pgTable('import_runs', {
  id: uuid('id').primaryKey(),
  source: text('source').notNull(),
  actor: text('actor').notNull(),
  status: text('status').notNull(),
  summary: jsonb('summary').notNull().default({}),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** Refused rows of an import: file, line, column, value and reason in both languages. */
export const importErrors = pgTable(
  'import_errors',
  {
    runId: uuid('run_id').notNull(),
    file: text('file').notNull(),
    line: integer('line').notNull(),
    column: text('column').notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
    messageZh: text('message_zh').notNull(),
    messageEn: text('message_en').notNull(),
  },
  (t) => [index('import_errors_run_idx').on(t.runId)],
);
