import {
  bigint,
  bigserial,
  boolean,
  date,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  index,
} from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained: hash = sha256(prev_hash ‖ canonical row). Triggers forbid UPDATE/DELETE.
 * Partitioned by month of `at` (migration 0017); the chain runs by `seq`, across partitions.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /** HMAC-SHA256 under JINENG_AUDIT_KEY (true) or plain SHA-256 (rows written before the key existed). */
    keyed: boolean('keyed').notNull().default(false),
  },
  (t) => [
    primaryKey({ name: 'audit_log_pkey', columns: [t.seq, t.at] }),
    index('audit_log_entity_idx').on(t.entity, t.entityId),
  ],
);

/**
 * The chain's head as of the first write of each China-time day, sealed with the audit key and
 * printed in the monthly report, so a cut tail shows against any report already handed out.
 */
export const auditDailyHeads = pgTable('audit_daily_heads', {
  day: date('day', { mode: 'string' }).primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  mac: text('mac').notNull(),
});
