import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  bigserial,
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

/** Integrity flags on attendance records (policy.md § Integrity flags and further detectors). */
export const flags = pgTable(
  'flags',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    code: text('code').notNull(),
    attendanceId: bigint('attendance_id', { mode: 'number' }).notNull(),
    projectCode: text('project_code').notNull(),
    sessionNo: integer('session_no').notNull(),
    personKey: text('person_key').notNull(),
    deviceId: text('device_id'),
    detail: text('detail').notNull(),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('flags_code_attendance_uq').on(t.code, t.attendanceId),
    index('flags_project_person_idx').on(t.projectCode, t.personKey),
  ],
);

/**
 * A case opened by a detector beyond the baseline flags: who or what is suspected, the evidence an
 * official reads, and the official's finding. One case per detector and subject.
 */
export const integrityCases = pgTable(
  'integrity_cases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    detector: text('detector').notNull(),
    subjectKind: text('subject_kind').notNull(),
    subjectKey: text('subject_key').notNull(),
    projectCode: text('project_code').notNull().default(''),
    cityCode: text('city_code'),
    evidence: jsonb('evidence').notNull(),
    status: text('status').notNull().default('open'),
    finding: text('finding'),
    decidedBy: text('decided_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('integrity_cases_uq').on(t.detector, t.subjectKind, t.subjectKey, t.projectCode)],
);

/** 学员确认: the trainee's answer, before payment, whether the training took place. */
export const traineeConfirmations = pgTable('trainee_confirmations', {
  applicationId: text('application_id').primaryKey(),
  personKey: text('person_key').notNull(),
  projectCode: text('project_code').notNull(),
  /** `confirmed` or `denied`. */
  answer: text('answer').notNull(),
  /** 1–5, given with a confirmation: feeds the institution's star rating. */
  satisfaction: integer('satisfaction'),
  note: text('note'),
  answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
});

/** 投诉: a trainee's complaint about an institution; an upheld complaint lowers its credit. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey(),
    institutionCode: text('institution_code').notNull(),
    projectCode: text('project_code'),
    personKey: text('person_key').notNull(),
    cityCode: text('city_code').notNull(),
    text: text('text').notNull(),
    /** `open`, `upheld`, `rejected`. */
    status: text('status').notNull().default('open'),
    finding: text('finding'),
    decidedBy: text('decided_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('complaints_institution_idx').on(t.institutionCode)],
);

/** 质量评估: self-assessment, third-party evaluation and government spot checks of a project (0–100). */
export const qualityEvaluations = pgTable(
  'quality_evaluations',
  {
    projectCode: text('project_code').notNull(),
    /** `self`, `third_party`, `spot_check`. */
    source: text('source').notNull(),
    score: integer('score').notNull(),
    findings: text('findings').notNull(),
    evaluator: text('evaluator').notNull(),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.source] })],
);

/** 抽查: projects drawn for government spot checks, reproducible from the seed. */
export const spotCheckDraws = pgTable(
  'spot_check_draws',
  {
    seed: text('seed').notNull(),
    projectCode: text('project_code').notNull(),
    cityCode: text('city_code').notNull(),
    drawnBy: text('drawn_by').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.seed, t.projectCode] })],
);

/** 企业确认: for 岗位技能提升 (post) training, the trainee's employer confirms it took place. */
export const employerConfirmations = pgTable('employer_confirmations', {
  applicationId: text('application_id').primaryKey(),
  enterpriseCode: text('enterprise_code').notNull(),
  /** `confirmed` or `denied`. */
  answer: text('answer').notNull(),
  note: text('note'),
  answeredBy: text('answered_by').notNull(),
  answeredAt: timestamp('answered_at', { withTimezone: true }).notNull(),
});

/** Attachment bytes, kept beside the record (as appeal attachments are). */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * 申辩/复核: an institution contests a sanction on its record with a statement and at most one
 * attachment; the province decides — `upheld` (the sanction stands) or `lifted` (it is lifted).
 * One open appeal per sanction (docs/integrity.md § Sanction appeals).
 */
export const sanctionAppeals = pgTable(
  'sanction_appeals',
  {
    id: uuid('id').primaryKey(),
    sanctionId: uuid('sanction_id').notNull(),
    creditCode: text('credit_code').notNull(),
    statement: text('statement').notNull(),
    fileName: text('file_name'),
    mediaType: text('media_type'),
    size: integer('size'),
    content: bytea('content'),
    /** `open`, `upheld`, `lifted`. */
    status: text('status').notNull().default('open'),
    answer: text('answer'),
    filedBy: text('filed_by').notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sanction_appeals_open_uq').on(t.sanctionId).where(sql`status = 'open'`),
    index('sanction_appeals_code_idx').on(t.creditCode),
  ],
);
