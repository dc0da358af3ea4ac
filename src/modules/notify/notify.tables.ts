import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * 消息 notices: the in-app inbox of every role. A notice goes to a person (`recipient_kind =
 * 'person'`, the worker's person_key: a worker hears of their class before they have an account)
 * or to an account (`'user'`, its username: institution staff, officers). `event_key` names the
 * event that caused it; one notice per event and recipient, so replaying an event inserts nothing.
 */
export const notices = pgTable(
  'notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientKind: text('recipient_kind').notNull(),
    recipient: text('recipient').notNull(),
    /** A kind of NOTICE_KINDS (kinds.ts): it picks the template and whether an SMS goes too. */
    kind: text('kind').notNull(),
    /** The template's values, names not codes (rendered when read). */
    params: jsonb('params').notNull(),
    /** The web route the notice opens. */
    link: text('link'),
    eventKey: text('event_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notices_event_uq').on(t.eventKey, t.recipientKind, t.recipient),
    index('notices_inbox_idx').on(t.recipientKind, t.recipient, t.createdAt),
    index('notices_unread_idx').on(t.recipientKind, t.recipient).where(sql`read_at IS NULL`),
  ],
);

/**
 * One SMS to send for a notice, sent by the `notices-sms` job (never in a request). Queued, then
 * sent or failed; a retryable failure stays queued with a later `next_attempt_at`. The phone is
 * copied as the registry holds it (plain text there too), and shown masked.
 */
export const smsDeliveries = pgTable(
  'sms_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    noticeId: bigint('notice_id', { mode: 'number' }).notNull().unique(),
    phone: text('phone').notNull(),
    template: text('template').notNull(),
    params: jsonb('params').notNull(),
    /** `queued`, `sending` (claimed by a job run), `sent` or `failed`. */
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    providerId: text('provider_id'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('sms_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'queued'`)],
);
