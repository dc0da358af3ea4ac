import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  bigserial,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
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
    /** Price per head (单价): for `project_based` projects, what the institution is paid per completer. */
    feeFen: bigint('fee_fen', { mode: 'number' }).notNull().default(0),
    /** `open` (imported, running), `dispatched`, `declined`, `accepted`, `running`, `closed`. */
    status: text('status').notNull().default('open'),
    plannedHours: integer('planned_hours'),
    /**
     * The evaluation institution (评价机构) the project chose: only it may assess the class and read
     * its roster for that (evaluation.policy.ts). Chosen at dispatch or later by the city or the institution.
     */
    evaluatorCode: text('evaluator_code'),
    plannedTrainees: integer('planned_trainees'),
    modules: text('modules').array().notNull().default([]),
    dispatchedBy: text('dispatched_by'),
    declineReason: text('decline_reason'),
    closedOn: date('closed_on'),
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
    siteName: text('site_name'),
    teacher: text('teacher'),
    /** `theory` or `practice`. */
    mode: text('mode'),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.sessionNo] })],
);

export const enrolments = pgTable(
  'enrolments',
  {
    projectCode: text('project_code').notNull(),
    personKey: text('person_key').notNull(),
    enrolledOn: date('enrolled_on').notNull(),
    /** Set when the class closes: attendance ratio reached the policy's threshold (结业). */
    completed: boolean('completed'),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.personKey] }), index('enrolments_person_idx').on(t.personKey)],
);

/**
 * 云眸 attendance events. The unique index over all columns (NULLS NOT DISTINCT) makes a repeated
 * event count once; led by project and person it also serves the settlement's look-ups, and it
 * grows in file order, which keeps bulk loads fast. Partitioned by month of check-in (China time;
 * migration 0017), so the key includes check_in_at.
 */
export const attendance = pgTable(
  'attendance',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
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
    /**
     * The face terminal's id of the enrolled face template it matched (device API only; the
     * interchange standard has no such column). Not part of the event key.
     */
    faceTemplate: text('face_template'),
  },
  (t) => [
    primaryKey({ name: 'attendance_pkey', columns: [t.id, t.checkInAt] }),
    unique('attendance_event_uq')
      .on(
        t.projectCode,
        t.personKey,
        t.sessionNo,
        t.checkInAt,
        t.checkOutAt,
        t.method,
        t.faceScore,
        t.lat,
        t.lon,
        t.deviceId,
      )
      .nullsNotDistinct(),
    index('attendance_person_idx').on(t.personKey, t.checkInAt),
    // Records spanning more than a day: settlement reads them wherever they fall (attendance-read.ts).
    index('attendance_long_span_idx')
      .on(t.personKey, t.projectCode)
      .where(sql`(check_out_at - check_in_at) > interval '24 hours'`),
  ],
);

/**
 * An attendance record an official validated on appeal (申诉): it counts although its method,
 * face score or location made it invalid (attendance-ratio.ts `invalidReason`). One per record.
 */
export const attendanceValidations = pgTable('attendance_validations', {
  attendanceId: bigint('attendance_id', { mode: 'number' }).primaryKey(),
  personKey: text('person_key').notNull(),
  projectCode: text('project_code').notNull(),
  sessionNo: integer('session_no').notNull(),
  /** Why it was invalid before (MANUAL, LOW_FACE_SCORE, FAR_FROM_SITE, NO_LOCATION). */
  wasInvalid: text('was_invalid').notNull(),
  note: text('note').notNull(),
  ref: text('ref').notNull(),
  validatedBy: text('validated_by').notNull(),
  validatedAt: timestamp('validated_at', { withTimezone: true }).notNull(),
});

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
    /** The job order (订单) the hire filled, when recorded by the enterprise. */
    jobOrderId: text('job_order_id'),
  },
  (t) => [
    unique('employment_event_uq')
      .on(t.personKey, t.employerCode, t.startDate, t.endDate, t.contractMonths)
      .nullsNotDistinct(),
  ],
);

/**
 * Attendance devices (云眸 terminals, trainees' phones' app, card readers), each with its own secret,
 * registered by a city officer or the province and bound to a site: an institution and a place
 * (training.policy.ts). The primary key makes a second registration of the same id a conflict.
 */
export const devices = pgTable('devices', {
  deviceId: text('device_id').primaryKey(),
  kind: text('kind').notNull(),
  institutionCode: text('institution_code').notNull(),
  tokenHash: text('token_hash').notNull(),
  active: integer('active').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** The site (场所): a name and coordinates; null for devices registered before sites existed. */
  siteName: text('site_name'),
  siteLat: doublePrecision('site_lat'),
  siteLon: doublePrecision('site_lon'),
  registeredBy: text('registered_by'),
});

/**
 * An institution's registered training sites (培训场所): a name, an address and the coordinates the
 * attendance checks measure distance from. A session is held at one of them (its name and coordinates
 * copied onto the session); they are added by the institution, its city or the province
 * (training.policy.ts), the coordinates taken from a click on the map.
 */
export const sites = pgTable(
  'sites',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    institutionCode: text('institution_code').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sites_institution_name_uq').on(t.institutionCode, t.name)],
);

/**
 * 零工驿站 (gig stations): a city's places where casual workers find jobs and, with 零工驿站+技能培训,
 * short training; registered by the city (or the province) and listed in 便民服务圈.
 */
export const gigStations = pgTable(
  'gig_stations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    cityCode: text('city_code').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    /** Occupations it offers training or jobs in (catalog codes). */
    occupations: text('occupations').array().notNull().default(sql`'{}'::text[]`),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('gig_stations_city_name_uq').on(t.cityCode, t.name)],
);

/** 点单: a worker asks for training in an occupation (or a city officer asks for them). */
export const trainingRequests = pgTable(
  'training_requests',
  {
    requestId: text('request_id').primaryKey(),
    personKey: text('person_key').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    cityCode: text('city_code').notNull(),
    note: text('note'),
    /** `open`, `served` (a project was dispatched for it), `withdrawn`. */
    status: text('status').notNull().default('open'),
    projectCode: text('project_code'),
    /**
     * The class (an accepted or running project) the worker asked to join from 找培训 (课程目录);
     * null for a request for an occupation. The class's city sees who asked on its project page.
     */
    classCode: text('class_code'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('training_requests_city_idx').on(t.cityCode, t.status),
    index('training_requests_person_idx').on(t.personKey),
    index('training_requests_class_idx').on(t.classCode),
    // One open request per worker and occupation.
    uniqueIndex('training_requests_open_uq').on(t.personKey, t.occupationCode).where(sql`status = 'open'`),
  ],
);

/** Which job orders and training requests a dispatched project serves. */
export const projectDemands = pgTable(
  'project_demands',
  {
    projectCode: text('project_code').notNull(),
    source: text('source').notNull(),
    sourceId: text('source_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectCode, t.source, t.sourceId] })],
);
