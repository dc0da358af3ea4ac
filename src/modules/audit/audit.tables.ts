import { bigserial, jsonb, pgTable, text, timestamp, index } from 'drizzle-orm/pg-core';

/** Append-only, hash-chained: hash = sha256(prev_hash ‖ canonical row). Triggers forbid UPDATE/DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
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
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId)],
);
