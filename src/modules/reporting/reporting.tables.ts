import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

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
