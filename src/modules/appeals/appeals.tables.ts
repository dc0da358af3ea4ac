import { sql } from 'drizzle-orm';
import {
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Attachment bytes, kept in the database beside the appeal (no file store to back up separately). */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * 申诉: a worker contests a rejected subsidy decision (`decision`), a withheld or failed payment
 * (`payment`) or an attendance record that does not count (`attendance`). One open appeal per
 * subject; the city officer of the subject's city answers by `due_on` (docs/appeals.md).
 */
export const appeals = pgTable(
  'appeals',
  {
    id: uuid('id').primaryKey(),
    personKey: text('person_key').notNull(),
    cityCode: text('city_code').notNull(),
    /**
     * The institution that may also decide it (learning time on its own course), besides the city
     * officer; null for every other kind.
     */
    institutionCode: text('institution_code'),
    /** `decision`, `payment`, `attendance` or `learning` (a failed identity re-check of online learning). */
    subjectKind: text('subject_kind').notNull(),
    /** The application id (decision, payment), the attendance record's id or the re-check's id (learning). */
    subjectRef: text('subject_ref').notNull(),
    /** What the subject is, in words, as the worker and the officer read it. */
    subjectTitle: text('subject_title').notNull(),
    reason: text('reason').notNull(),
    /** `open`, `upheld`, `dismissed`. */
    status: text('status').notNull().default('open'),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    dueOn: date('due_on').notNull(),
    answer: text('answer'),
    /** What upholding changed (the new decision, the payment re-queued, the record validated). */
    effect: jsonb('effect'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('appeals_open_subject_uq').on(t.subjectKind, t.subjectRef).where(sql`status = 'open'`),
    index('appeals_city_idx').on(t.cityCode, t.status, t.dueOn),
    index('appeals_person_idx').on(t.personKey),
    // A record's earlier appeals, read (locked) when it is appealed again (appeals.policy.ts § filing again).
    index('appeals_subject_idx').on(t.subjectKind, t.subjectRef),
    index('appeals_institution_idx').on(t.institutionCode, t.status, t.dueOn).where(sql`institution_code IS NOT NULL`),
  ],
);

/** The 0–3 photos or PDFs filed with an appeal (type checked by magic bytes, ≤ 5 MB each). */
export const appealAttachments = pgTable(
  'appeal_attachments',
  {
    appealId: uuid('appeal_id').notNull(),
    n: integer('n').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appealId, t.n] })],
);
