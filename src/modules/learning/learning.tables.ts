import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
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

/**
 * 在线课程 (江苏工匠课堂 and institutions' own): a course made of modules. `owner_kind` is
 * `institution`, `college`, `enterprise` or `province`; `access` is `public` (free to everyone) or
 * `project` (part of a subsidised project: only its enrolled learners). docs/online-learning.md.
 */
export const learningCourses = pgTable(
  'learning_courses',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    ownerKind: text('owner_kind').notNull(),
    /** The institution's or enterprise's credit code; null for the province's 江苏工匠课堂. */
    ownerCode: text('owner_code'),
    access: text('access').notNull(),
    projectCode: text('project_code'),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('learning_courses_owner_idx').on(t.ownerKind, t.ownerCode),
    index('learning_courses_project_idx').on(t.projectCode),
  ],
);

/** A course's module (video, document or quiz), tagged with the standard's competency units it covers. */
export const learningModules = pgTable(
  'learning_modules',
  {
    id: uuid('id').primaryKey(),
    courseId: uuid('course_id').notNull(),
    n: integer('n').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    competencyUnits: text('competency_units').array().notNull().default([]),
    durationSeconds: integer('duration_seconds').notNull(),
    /** Where the media lies in the media store (null until uploaded). */
    mediaKey: text('media_key'),
    mediaType: text('media_type'),
    mediaBytes: bigint('media_bytes', { mode: 'number' }),
    /** Set when the owner retires the module: learners no longer see it; their records keep it. */
    retiredAt: timestamp('retired_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('learning_modules_course_n_uq').on(t.courseId, t.n)],
);

/** A module's quiz questions; the answer never leaves the server (the response schemas omit it). */
export const learningQuestions = pgTable(
  'learning_questions',
  {
    moduleId: uuid('module_id').notNull(),
    n: integer('n').notNull(),
    prompt: text('prompt').notNull(),
    choices: text('choices').array().notNull(),
    /** Index into `choices` of the right answer. */
    answer: integer('answer').notNull(),
  },
  (t) => [primaryKey({ columns: [t.moduleId, t.n] })],
);

/**
 * A learner session: one person learning one module under one enrolment (`public` or a project
 * code). Its id is signed into the token the player sends with every heartbeat; `rules` is the
 * learning policy in force when it started (heartbeat interval, re-check schedule).
 */
export const learningSessions = pgTable(
  'learning_sessions',
  {
    id: uuid('id').primaryKey(),
    personKey: text('person_key').notNull(),
    /** The module learnt, or — for a live class (直播课) — null and `liveClassId` set (exactly one of the two). */
    moduleId: uuid('module_id'),
    liveClassId: uuid('live_class_id'),
    enrolment: text('enrolment').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    rules: jsonb('rules').notNull(),
    /** When the next identity re-check is issued (random within the policy's window). */
    nextCheckAt: timestamp('next_check_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('learning_sessions_person_idx').on(t.personKey, t.moduleId),
    index('learning_sessions_live_idx').on(t.liveClassId).where(sql`live_class_id IS NOT NULL`),
    check('learning_sessions_one_target_ck', sql`(module_id IS NULL) <> (live_class_id IS NULL)`),
  ],
);

/**
 * Progress heartbeats, append-only: what the player reported (position, rate, visibility, focus,
 * its own clock) and when the server received it. Valid time is computed from these rows only.
 * (session, seq) is unique, so a replayed heartbeat is stored once.
 */
export const learningHeartbeats = pgTable(
  'learning_heartbeats',
  {
    sessionId: uuid('session_id').notNull(),
    seq: integer('seq').notNull(),
    personKey: text('person_key').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    clientAt: timestamp('client_at', { withTimezone: true }).notNull(),
    positionSeconds: doublePrecision('position_seconds').notNull(),
    rate: doublePrecision('rate').notNull(),
    visible: boolean('visible').notNull(),
    focused: boolean('focused').notNull(),
    playing: boolean('playing').notNull(),
    /** `beat` (a video player's or a live class's heartbeat), or a live class's `join` / `leave`. */
    event: text('event').notNull().default('beat'),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.seq] }),
    index('learning_heartbeats_person_idx').on(t.personKey, t.receivedAt),
  ],
);

/**
 * Identity re-checks (在线学习身份核验): issued at random points of a session, answered by an SMS
 * one-time code or a face-match result from a registered device. `status`: `pending`, `passed`,
 * `failed` (wrong code, face mismatch or skipped); a pending check past `due_at` counts as expired.
 */
export const learningChecks = pgTable(
  'learning_checks',
  {
    id: uuid('id').primaryKey(),
    sessionId: uuid('session_id').notNull(),
    personKey: text('person_key').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status').notNull().default('pending'),
    method: text('method'),
    codeHash: text('code_hash'),
    tries: integer('tries').notNull().default(0),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('learning_checks_person_idx').on(t.personKey, t.issuedAt),
    uniqueIndex('learning_checks_pending_uq').on(t.sessionId).where(sql`status = 'pending'`),
  ],
);

/**
 * 学时申诉: a failed or expired re-check an official overruled on the learner's appeal (docs/appeals.md).
 * The valid-time computation reads it as input: an overruled check voids nothing.
 */
export const learningCheckOverrulings = pgTable(
  'learning_check_overrulings',
  {
    checkId: uuid('check_id').primaryKey(),
    personKey: text('person_key').notNull(),
    appealId: uuid('appeal_id').notNull(),
    note: text('note').notNull(),
    decidedBy: text('decided_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_check_overrulings_person_idx').on(t.personKey)],
);

/** Quiz attempts: the answers given and whether they passed (the pass mark is the policy's). */
export const learningQuizAttempts = pgTable(
  'learning_quiz_attempts',
  {
    id: uuid('id').primaryKey(),
    personKey: text('person_key').notNull(),
    moduleId: uuid('module_id').notNull(),
    answers: integer('answers').array().notNull(),
    correct: integer('correct').notNull(),
    passed: boolean('passed').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('learning_quiz_person_idx').on(t.personKey, t.moduleId)],
);

/** The learning policy's parameters (one row, `id` = 1); absent: the documented defaults. */
export const learningPolicy = pgTable('learning_policy', {
  id: integer('id').primaryKey(),
  params: jsonb('params').notNull(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * 直播课: a live online session an institution schedules for its own project, at a stream it hosts
 * elsewhere (the platform keeps the join link, not the video). A learner's join is a learner session
 * (`learning_sessions.live_class_id`); its time counts only inside [starts_at, ends_at].
 */
export const learningLiveClasses = pgTable(
  'learning_live_classes',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    projectCode: text('project_code').notNull(),
    institutionCode: text('institution_code').notNull(),
    occupationCode: text('occupation_code').notNull(),
    level: text('level'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    streamUrl: text('stream_url').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** The window the class was last moved from (改期), and when (migration 0059). */
    previousStartsAt: timestamp('previous_starts_at', { withTimezone: true }),
    previousEndsAt: timestamp('previous_ends_at', { withTimezone: true }),
    rescheduledAt: timestamp('rescheduled_at', { withTimezone: true }),
    /** 已取消: when, by whom and why (a cancelled class is kept, never deleted). */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelledBy: text('cancelled_by'),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    index('learning_live_classes_project_idx').on(t.projectCode, t.startsAt),
    index('learning_live_classes_institution_idx').on(t.institutionCode, t.startsAt),
    check('learning_live_classes_window_ck', sql`ends_at > starts_at`),
    check('learning_live_classes_cancel_ck', sql`(cancelled_at IS NULL) = (cancel_reason IS NULL)`),
  ],
);
