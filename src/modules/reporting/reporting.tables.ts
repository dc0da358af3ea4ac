import { date, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** 目标任务 (1+13+N): a target for an indicator over a period, for the province or one key of a dimension. */
export const targets = pgTable(
  'targets',
  {
    indicator: text('indicator').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicator, t.dimension, t.key, t.periodFrom] })],
);

/** 督促提醒: weekly reminders to cities and departments whose pace misses their target. */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey(),
    weekOf: date('week_of').notNull(),
    /** `city` or `sector` / `key_task` (a department's). */
    recipientKind: text('recipient_kind').notNull(),
    recipientKey: text('recipient_key').notNull(),
    recipientName: text('recipient_name').notNull(),
    indicator: text('indicator').notNull(),
    actual: integer('actual').notNull(),
    target: integer('target').notNull(),
    proRataTarget: integer('pro_rata_target').notNull(),
    forecastDate: date('forecast_date'),
    readAt: timestamp('read_at', { withTimezone: true }),
    readBy: text('read_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reminders_uq').on(t.weekOf, t.recipientKind, t.recipientKey, t.indicator)],
);
