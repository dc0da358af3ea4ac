import { bigserial, jsonb, pgTable, primaryKey, text, timestamp, index } from 'drizzle-orm/pg-core';

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
  },
  (t) => [primaryKey({ name: 'audit_log_pkey', columns: [t.seq, t.at] }), index('audit_log_entity_idx').on(t.entity, t.entityId)],
);
