import { sql } from 'drizzle-orm';
import {
  boolean,
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

/** Document bytes, kept in the database beside the application (as appeal attachments are). */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * 遴选标准: the published selection criteria, versioned. `criteria` is a list of
 * `{ code, zh, en, weight }` (weights sum to 100); the pass mark (out of 100), the notice period
 * in days, the listing validity in years and the annual review interval in months are data too.
 * An application is scored against the version in force when it was submitted.
 */
export const selectionCriteria = pgTable('selection_criteria', {
  version: integer('version').primaryKey(),
  criteria: jsonb('criteria').notNull(),
  passMark: integer('pass_mark').notNull(),
  noticeDays: integer('notice_days').notNull(),
  validityYears: integer('validity_years').notNull(),
  reviewMonths: integer('review_months').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
  publishedBy: text('published_by').notNull(),
});

/**
 * 遴选申请: an institution applies to be listed (docs/selection.md). The applicant has no account
 * yet: it reads its own application with the access key it was given once (`key_hash` keeps only
 * a hash). `status`: submitted → notice (passed, in public notice) → listed; or not_passed,
 * rejected (an objection upheld), withdrawn. `result_centi` is the mean expert score × 100.
 */
export const selectionApplications = pgTable(
  'selection_applications',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    keyHash: text('key_hash').notNull(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    cityCode: text('city_code').notNull(),
    type: text('type').notNull(),
    roles: text('roles').array().notNull(),
    /** `[{ name, address }]` */
    sites: jsonb('sites').notNull(),
    /** `[{ occupationCode, level }]` */
    occupations: jsonb('occupations').notNull(),
    /** `[{ name, qualification }]` */
    teachers: jsonb('teachers').notNull(),
    capacity: integer('capacity').notNull(),
    contactName: text('contact_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    criteriaVersion: integer('criteria_version').notNull(),
    status: text('status').notNull().default('submitted'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    resultCenti: integer('result_centi'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    publishedBy: text('published_by'),
    noticeFrom: date('notice_from'),
    noticeUntil: date('notice_until'),
    listedOn: date('listed_on'),
    listedUntil: date('listed_until'),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    uniqueIndex('selection_applications_open_uq').on(t.creditCode).where(sql`status IN ('submitted', 'notice')`),
    index('selection_applications_city_idx').on(t.cityCode, t.status),
  ],
);

/** The documents filed with an application (JPEG, PNG or PDF, ≤ 5 MB each, type by magic bytes). */
export const selectionDocuments = pgTable(
  'selection_documents',
  {
    applicationId: uuid('application_id').notNull(),
    n: integer('n').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.n] })],
);

/**
 * 评审专家: an official appointed to score one application. The expert first declares whether they
 * have a conflict of interest (`conflict`; true bars their score); `scores` is `{ criterionCode: 0–100 }`
 * and `total_centi` their weighted total × 100, kept per expert.
 */
export const selectionExperts = pgTable(
  'selection_experts',
  {
    applicationId: uuid('application_id').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    assignedBy: text('assigned_by').notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }).notNull(),
    conflict: boolean('conflict'),
    conflictNote: text('conflict_note'),
    declaredAt: timestamp('declared_at', { withTimezone: true }),
    scores: jsonb('scores'),
    totalCenti: integer('total_centi'),
    comment: text('comment'),
    scoredAt: timestamp('scored_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.username] }), index('selection_experts_user_idx').on(t.username)],
);

/** 公示异议: an objection lodged by anyone during an application's notice period; the province decides it. */
export const selectionObjections = pgTable(
  'selection_objections',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull(),
    reason: text('reason').notNull(),
    contact: text('contact'),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    /** `open`, `upheld`, `dismissed`. */
    status: text('status').notNull().default('open'),
    answer: text('answer'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('selection_objections_app_idx').on(t.applicationId, t.status)],
);
