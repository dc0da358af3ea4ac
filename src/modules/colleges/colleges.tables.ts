import { bigint, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The numbers of plan (一) for colleges as policy data (docs/colleges-and-enterprises.md), each with the
 * plan's sentence it comes from: the conversion ratio of class hours to full-time teaching workload,
 * the minutes of one class hour (课时), and the share of net income that may raise the performance-pay total.
 * `value` is in basis points for ratios and shares (10000 = 1), in minutes for `class_hour_minutes`.
 */
export const collegeParameters = pgTable('college_parameters', {
  code: text('code').primaryKey(),
  value: integer('value').notNull(),
  unit: text('unit').notNull(),
  sourceZh: text('source_zh').notNull(),
  sourceRef: text('source_ref').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 职业院校社会培训收支: what a college reports for a year beyond what the platform paid it — its other
 * income from training for society, and the training's costs — so net income and the performance-pay cap follow.
 */
export const collegeFinances = pgTable(
  'college_finances',
  {
    institutionCode: text('institution_code').notNull(),
    year: integer('year').notNull(),
    otherIncomeFen: bigint('other_income_fen', { mode: 'number' }).notNull(),
    costFen: bigint('cost_fen', { mode: 'number' }).notNull(),
    note: text('note'),
    reportedBy: text('reported_by').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.institutionCode, t.year] })],
);
