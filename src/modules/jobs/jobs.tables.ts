import { bigint, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

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
  (t) => [index('job_orders_city_idx').on(t.cityCode, t.status), index('job_orders_enterprise_idx').on(t.enterpriseCode)],
);
