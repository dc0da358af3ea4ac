import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Certificates (证书) of every kind; skill-level ones on the 新八级工 ladder. */
export const certificates = pgTable(
  'certificates',
  {
    certificateNo: text('certificate_no').primaryKey(),
    personKey: text('person_key').notNull(),
    occupationCode: text('occupation_code').notNull(),
    kind: text('kind').notNull(),
    level: text('level'),
    issuedOn: date('issued_on').notNull(),
    evaluatorCode: text('evaluator_code').notNull(),
    projectCode: text('project_code'),
    revokedOn: date('revoked_on'),
    revokeReason: text('revoke_reason'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('certificates_person_idx').on(t.personKey),
    index('certificates_issued_idx').on(t.issuedOn),
    index('certificates_project_idx').on(t.projectCode),
  ],
);

/** An assessment (考核评价) scheduled by an evaluation institution, for a class or named candidates. */
export const assessments = pgTable('assessments', {
  id: uuid('id').primaryKey(),
  evaluatorCode: text('evaluator_code').notNull(),
  occupationCode: text('occupation_code').notNull(),
  kind: text('kind').notNull(),
  level: text('level'),
  projectCode: text('project_code'),
  scheduledOn: date('scheduled_on').notNull(),
  status: text('status').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const assessmentCandidates = pgTable(
  'assessment_candidates',
  {
    assessmentId: uuid('assessment_id').notNull(),
    personKey: text('person_key').notNull(),
    theoryScore: integer('theory_score'),
    practicalScore: integer('practical_score'),
    passed: boolean('passed'),
    certificateNo: text('certificate_no'),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.personKey] })],
);

/** Serial numbers per certificate-number prefix (evaluator, site, year, level), handed out atomically. */
export const certificateSerials = pgTable('certificate_serials', {
  prefix: text('prefix').primaryKey(),
  last: integer('last').notNull(),
});

/** 七: how a skill level maps to professional-title level and education (province-edited data). */
export const credentialMappings = pgTable('credential_mappings', {
  level: text('level').primaryKey(),
  titleLevel: text('title_level').notNull(),
  education: text('education').notNull(),
  note: text('note'),
});

/** 江苏工匠: nominations by cities and departments, reviewed by the province, published yearly. */
export const craftsmanNominations = pgTable(
  'craftsman_nominations',
  {
    id: uuid('id').primaryKey(),
    year: integer('year').notNull(),
    personKey: text('person_key').notNull(),
    nominatedBy: text('nominated_by').notNull(),
    unit: text('unit').notNull(),
    citation: text('citation').notNull(),
    status: text('status').notNull(),
    reviewNote: text('review_note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // One nomination per person and year, whoever nominates and whatever became of it.
    uniqueIndex('craftsman_nominations_year_person_uq').on(t.year, t.personKey),
  ],
);
