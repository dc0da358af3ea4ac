import { bigint, bigserial, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

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
