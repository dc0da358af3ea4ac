import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Accounts of every role; scope columns are filled according to the role. A worker account is one
 * per person (the partial unique index: two parallel self-registrations cannot both win).
 * `registration_review` is set on a self-registered account the city has to confirm
 * (`new_person`: the ID number was not in the registry; `phone_differs`: the verified phone is not
 * the registry's): such an account cannot sign in, and only the city's confirmation clears it —
 * not an import that makes the person active (docs/security.md § Self-registration).
 */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    cityCode: text('city_code'),
    institutionCode: text('institution_code'),
    enterpriseCode: text('enterprise_code'),
    personKey: text('person_key'),
    sectors: text('sectors').array().notNull().default([]),
    keyTasks: integer('key_tasks').array().notNull().default([]),
    /** A department officer's directories: the uploaded ones its department owns and publishes (就业见习单位 …). */
    directories: text('directories').array().notNull().default([]),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    registrationReview: text('registration_review'),
    /** A holder_officer's "N" target holder (reporting's target_holders), migration 0053. */
    holderId: uuid('holder_id'),
  },
  (t) => [
    uniqueIndex('users_worker_person_uq').on(t.personKey).where(sql`role = 'worker' AND person_key IS NOT NULL`),
    index('users_holder_idx').on(t.holderId).where(sql`holder_id IS NOT NULL`),
  ],
);

/** Server-side sessions: only a hash of the bearer token is stored. */
export const authSessions = pgTable('auth_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  /**
   * The primary's WAL position (pg_lsn text) after this session's latest write: its routed reads use
   * the standby only once it has replayed that far (docs/operations.md § Read routing).
   */
  wroteLsn: text('wrote_lsn'),
});

/**
 * Failed sign-ins counted per key — `account:<username>` (known or not, so a lock-out reveals
 * nothing about which usernames exist) and `address:<client ip>` — by one atomic upsert each,
 * so parallel guesses cannot slip past the count.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/**
 * One-time codes sent by SMS for self-registration, one live code per phone: only an HMAC of the
 * code is kept; `failures` counts wrong tries of this code (locked at 5 until a new code is sent).
 */
export const oneTimeCodes = pgTable('one_time_codes', {
  phone: text('phone').primaryKey(),
  codeHash: text('code_hash').notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  failures: integer('failures').notNull().default(0),
});
