import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

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

/**
 * "N" of 1+13+N: a department, an industry organisation or a chain-leader enterprise that holds
 * targets (rows of `targets` with dimension `holder`, key = id, one period per year).
 */
export const targetHolders = pgTable('target_holders', {
  id: uuid('id').primaryKey(),
  /** `department`, `industry_org` or `chain_leader`. */
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  /** The sector (领域) it answers for: its department officers see it; a department's facts are counted by it. */
  sector: text('sector').notNull(),
  /** An organisation's or chain leader's carrier: its facts are those of the carrier's projects. */
  carrierId: uuid('carrier_id'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

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

/** 数据集采: a department's upload of its sector's demand forecasts, with the outcome per row. */
export const forecastUploads = pgTable('forecast_uploads', {
  id: uuid('id').primaryKey(),
  fileName: text('file_name').notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  sectors: text('sectors').array().notNull(),
  rowsTotal: integer('rows_total').notNull(),
  rowsAccepted: integer('rows_accepted').notNull(),
  errors: jsonb('errors').notNull(),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
});

/** Demand forecasts by occupation, city and year (the latest upload for a key wins). */
export const demandForecasts = pgTable(
  'demand_forecasts',
  {
    occupationCode: text('occupation_code').notNull(),
    cityCode: text('city_code').notNull(),
    year: integer('year').notNull(),
    headcount: integer('headcount').notNull(),
    sector: text('sector').notNull(),
    uploadId: uuid('upload_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.occupationCode, t.cityCode, t.year] })],
);

/**
 * The KPI's facts per indicator, day and project tag (`programme`: code, `carrier`: id), province-wide
 * (`city` NULL) and per city (migration 0051), refreshed with `kpi_daily` (kpi-rollup.ts): the
 * programmes board sums it. Retagging a project queues `(project, tag, key, ±1)` in `kpi_tag_delta`
 * (migration 0064), which the refresh turns into that project's facts added or taken away.
 */
export const kpiTagDaily = pgTable(
  'kpi_tag_daily',
  {
    indicator: text('indicator').notNull(),
    day: date('day').notNull(),
    city: text('city'),
    tag: text('tag').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    index('kpi_tag_daily_tag_city_day_idx').on(t.tag, t.city, t.day),
    // Each number once (city NULL: province-wide), led by the day: the recount merges (migration 0056).
    unique('kpi_tag_daily_number_uq').on(t.day, t.indicator, t.tag, t.key, t.city).nullsNotDistinct(),
  ],
);

/**
 * `kpi_tag_daily` summed per calendar month (`month`: its first day; migration 0063), refreshed in the
 * same transaction (the recounted days' months are summed again): the board sums whole months here
 * and only the odd days at the ends of its range in the daily table.
 */
export const kpiTagMonthly = pgTable(
  'kpi_tag_monthly',
  {
    indicator: text('indicator').notNull(),
    month: date('month').notNull(),
    city: text('city'),
    tag: text('tag').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    index('kpi_tag_monthly_tag_city_month_idx').on(t.tag, t.city, t.month),
    unique('kpi_tag_monthly_number_uq').on(t.month, t.indicator, t.tag, t.key, t.city).nullsNotDistinct(),
  ],
);
