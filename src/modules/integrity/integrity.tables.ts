import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
