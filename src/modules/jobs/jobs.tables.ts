import { bigint, date, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

/** 订单: an enterprise's open positions. */
export const jobOrders = pgTable(
  'job_orders',
  {
    orderId: text('order_id').primaryKey(),
    enterpriseCode: text('enterprise_code').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    headcount: integer('headcount').notNull(),
    cityCode: text('city_code').notNull(),
    payMinFen: bigint('pay_min_fen', { mode: 'number' }).notNull(),
    payMaxFen: bigint('pay_max_fen', { mode: 'number' }).notNull(),
    deadline: date('deadline').notNull(),
    /** `open` or `closed` (by the enterprise, or filled). */
    status: text('status').notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('job_orders_city_idx').on(t.cityCode, t.status),
    index('job_orders_enterprise_idx').on(t.enterpriseCode),
  ],
);

/**
 * A hire of someone who is not among the order's candidates (录用待确认): it becomes employment only
 * when the worker confirms it (我的培训 → 录用确认), so an enterprise cannot claim a stranger.
 */
export const pendingHires = pgTable(
  'pending_hires',
  {
    id: text('id').primaryKey(),
    jobOrderId: text('job_order_id').notNull(),
    enterpriseCode: text('enterprise_code').notNull(),
    personKey: text('person_key').notNull(),
    startDate: date('start_date').notNull(),
    contractMonths: integer('contract_months').notNull(),
    /** `pending`, `confirmed` (employment recorded) or `declined`. */
    status: text('status').notNull().default('pending'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    unique('pending_hires_order_person_uq').on(t.jobOrderId, t.personKey),
    index('pending_hires_person_idx').on(t.personKey, t.status),
  ],
);
