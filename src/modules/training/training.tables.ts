import {
  bigint, bigserial, date, doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, unique,
} from 'drizzle-orm/pg-core';

/** 派单: a subsidized training project dispatched to an institution. */
export const projects = pgTable(
  'projects',
  {
    projectCode: text('project_code').primaryKey(),
    title: text('title').notNull(),
    institutionCode: text('institution_code').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    kind: text('kind').notNull(),
    keyTask: integer('key_task'),
    cityCode: text('city_code').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull().default(0),
    status: text('status').notNull().default('open'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('projects_city_idx').on(t.cityCode), index('projects_institution_idx').on(t.institutionCode)],
);

/** Scheduled class sessions with their site (for GPS checks). */
export const sessions = pgTable(
  'sessions',
  {
    projectCode: text('project_code').notNull(),
    sessionNo: integer('session_no').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    siteLat: doublePrecision('site_lat'),
    siteLon: doublePrecision('site_lon'),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.sessionNo] })],
);

export const enrolments = pgTable(
  'enrolments',
  {
    projectCode: text('project_code').notNull(),
    personKey: text('person_key').notNull(),
    enrolledOn: date('enrolled_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.personKey] }), index('enrolments_person_idx').on(t.personKey)],
);

/**
 * 云眸 attendance events. The unique index over all columns (NULLS NOT DISTINCT) makes a repeated
 * event count once; led by project and person it also serves the settlement's look-ups, and it
 * grows in file order, which keeps bulk loads fast.
 */
export const attendance = pgTable(
  'attendance',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectCode: text('project_code').notNull(),
    sessionNo: integer('session_no').notNull(),
    personKey: text('person_key').notNull(),
    checkInAt: timestamp('check_in_at', { withTimezone: true }).notNull(),
    checkOutAt: timestamp('check_out_at', { withTimezone: true }).notNull(),
    method: text('method').notNull(),
    faceScore: doublePrecision('face_score'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    deviceId: text('device_id'),
  },
  (t) => [
    unique('attendance_event_uq')
      .on(t.projectCode, t.personKey, t.sessionNo, t.checkInAt, t.checkOutAt, t.method, t.faceScore, t.lat, t.lon, t.deviceId)
      .nullsNotDistinct(),
    index('attendance_person_idx').on(t.personKey, t.checkInAt),
  ],
);

/** Employment outcomes (就业) for employment-linked payments and employment rates. */
export const employment = pgTable(
  'employment',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personKey: text('person_key').notNull(),
    employerCode: text('employer_code').notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    contractMonths: integer('contract_months'),
  },
  (t) => [unique('employment_event_uq').on(t.personKey, t.employerCode, t.startDate, t.endDate, t.contractMonths).nullsNotDistinct()],
);

/** Attendance devices (云眸 terminals, trainees' phones' app, card readers), each with its own secret. */
export const devices = pgTable('devices', {
  deviceId: text('device_id').primaryKey(),
  kind: text('kind').notNull(),
  institutionCode: text('institution_code').notNull(),
  tokenHash: text('token_hash').notNull(),
  active: integer('active').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
