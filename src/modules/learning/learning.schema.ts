import { z } from 'zod';
import { ZCode, ZDateTime, ZEpochMs, ZName, ZText } from '../../kernel/schemas.ts';
import { CHECK_STATUSES, COURSE_ACCESS, LOST_REASON_NAMES, MODULE_KINDS, OWNER_KINDS } from './learning.labels.ts';

const ZLost = z.object(
  Object.fromEntries(Object.keys(LOST_REASON_NAMES).map((k) => [k, z.number().int()])),
) as z.ZodObject<Record<keyof typeof LOST_REASON_NAMES, z.ZodNumber>>;

/** A quiz question as written by the owner (with its answer). */
export const ZQuestionInput = z.object({
  prompt: ZText(500).min(1),
  choices: z.array(ZText(200).min(1)).min(2).max(6),
  answer: z.number().int().min(0),
});

/** POST /api/learning/courses/:id/modules */
export const ZModuleInput = z.object({
  kind: z.enum(MODULE_KINDS),
  title: ZText(200).min(1),
  occupationCode: ZCode,
  level: ZCode.nullish(),
  competencyUnits: z.array(ZText(100).min(1)).max(50).default([]),
  durationSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600),
  questions: z.array(ZQuestionInput).max(50).default([]),
});
export type TModuleInput = z.infer<typeof ZModuleInput>;

/** PUT /api/learning/modules/:id: everything but its kind (a video stays a video); questions are replaced. */
export const ZModuleEdit = ZModuleInput.omit({ kind: true });
export type TModuleEdit = z.infer<typeof ZModuleEdit>;

/** POST /api/learning/courses/:id/order: every module of the course, in its new order. */
export const ZModuleOrder = z.object({ moduleIds: z.array(z.uuid()).min(1).max(200) });

/** POST /api/learning/modules/:id/retire: retire (learners no longer see it) or bring back. */
export const ZRetire = z.object({ retired: z.boolean() });

/** A quiz question as its owner edits it (with its answer: only for the owner). */
export const ZOwnerQuestion = ZQuestionInput.extend({ n: z.number().int() }).meta({ id: 'LearningOwnerQuestion' });

/** POST /api/learning/courses */
export const ZCourseInput = z.object({
  title: ZText(200).min(1),
  description: ZText(2000).default(''),
  /** `college` for a 技工院校 (institution staff); otherwise the owner follows the signed-in user. */
  ownerKind: z.enum(OWNER_KINDS).default('institution'),
  access: z.enum(COURSE_ACCESS),
  projectCode: ZCode.nullish(),
  occupationCode: ZCode,
  level: ZCode.nullish(),
});
export type TCourseInput = z.infer<typeof ZCourseInput>;

/** PUT /api/learning/courses/:id: its owner never changes (it follows whoever published it). */
export const ZCourseEdit = ZCourseInput.omit({ ownerKind: true });
export type TCourseEdit = z.infer<typeof ZCourseEdit>;

/** A quiz question as the learner sees it: never the answer. */
export const ZQuestion = z
  .object({ n: z.number().int(), prompt: z.string(), choices: z.array(z.string()) })
  .meta({ id: 'LearningQuestion' });

/** A module with the learner's progress in it (zero for an owner's view). */
export const ZLearningModule = z
  .object({
    id: z.uuid(),
    n: z.number().int(),
    kind: z.enum(MODULE_KINDS),
    title: z.string(),
    occupationCode: z.string(),
    level: z.string().nullable(),
    competencyUnits: z.array(z.string()),
    durationSeconds: z.number().int(),
    hasMedia: z.boolean(),
    mediaType: z.string().nullable(),
    questionCount: z.number().int(),
    /** Retired by its owner: learners no longer see it (the owner still does, to bring it back). */
    retired: z.boolean(),
  })
  .meta({ id: 'LearningModule' });

export const ZLearningCourse = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    ownerKind: z.enum(OWNER_KINDS),
    ownerCode: z.string().nullable(),
    ownerName: z.string().nullable(),
    access: z.enum(COURSE_ACCESS),
    projectCode: z.string().nullable(),
    occupationCode: z.string(),
    level: z.string().nullable(),
    modules: z.array(ZLearningModule),
  })
  .meta({ id: 'LearningCourse' });
export type TLearningCourse = z.infer<typeof ZLearningCourse>;

/** The learner's standing in one module. */
export const ZModuleProgress = z
  .object({
    moduleId: z.uuid(),
    validSeconds: z.number().int(),
    requiredSeconds: z.number().int(),
    quizPassed: z.boolean().nullable(),
    completed: z.boolean(),
    /** Seconds that did not count, by reason. */
    lostSeconds: ZLost,
  })
  .meta({ id: 'ModuleProgress' });
export type TModuleProgress = z.infer<typeof ZModuleProgress>;

/** GET /api/me/learning: the courses a worker may learn, with their progress. */
export const ZMyLearning = z
  .object({
    courses: z.array(ZLearningCourse),
    progress: z.array(ZModuleProgress),
    validSecondsToday: z.number().int(),
    dailyCapSeconds: z.number().int(),
  })
  .meta({ id: 'MyLearning' });

/** An identity re-check as the learner sees it (never the code). */
export const ZLearningCheck = z
  .object({
    id: z.uuid(),
    status: z.enum(CHECK_STATUSES),
    dueAt: z.date(),
    /** The phone the SMS code goes to, masked (null: the person has none: face check only). */
    phoneMasked: z.string().nullable(),
    codeSent: z.boolean(),
    triesLeft: z.number().int(),
  })
  .meta({ id: 'LearningCheck' });
export type TLearningCheck = z.infer<typeof ZLearningCheck>;

/** POST /api/learning/modules/:id/sessions: the signed learner session the player uses. */
export const ZLearnerSession = z
  .object({
    sessionId: z.uuid(),
    token: z.string(),
    heartbeatSeconds: z.number().int(),
    maxRate: z.number(),
    questions: z.array(ZQuestion),
  })
  .meta({ id: 'LearnerSession' });

/** POST /api/learning/heartbeats: one progress report, signed by the session token. */
export const ZHeartbeat = z.object({
  token: z.string().min(10).max(1000),
  seq: z.number().int().min(0).max(10_000_000),
  positionSeconds: z
    .number()
    .min(0)
    .max(24 * 3600),
  rate: z.number().min(0.1).max(16),
  visible: z.boolean(),
  focused: z.boolean(),
  playing: z.boolean(),
  /** The player's own clock (ms since epoch); stored for review, the server's clock counts. */
  clientAt: ZEpochMs,
});
export type THeartbeat = z.infer<typeof ZHeartbeat>;

export const ZHeartbeatAnswer = z
  .object({ ok: z.literal(true), check: ZLearningCheck.nullable() })
  .meta({ id: 'HeartbeatAnswer' });

export const ZQuizAnswers = z.object({ answers: z.array(z.number().int().min(0)).max(50) });
export const ZQuizResult = z
  .object({ correct: z.number().int(), total: z.number().int(), passed: z.boolean(), passPercent: z.number().int() })
  .meta({ id: 'QuizResult' });

/** The institution's view: each learner's standing in each module of one course. */
export const ZCourseProgress = z
  .object({
    course: ZLearningCourse,
    learners: z.array(
      z.object({
        personName: z.string(),
        idMasked: z.string(),
        modules: z.array(ZModuleProgress),
        checksFailed: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CourseProgress' });

/** POST /api/learning/live-classes: an institution schedules a live class (直播课) of its own project. */
export const ZLiveClassInput = z.object({
  title: ZName(200),
  projectCode: ZCode,
  occupationCode: ZCode,
  level: ZCode.nullish(),
  /** ISO 8601 with its offset, e.g. 2026-12-01T14:00:00+08:00. */
  startsAt: ZDateTime,
  endsAt: ZDateTime,
  /** The join link of the stream, hosted elsewhere (the platform does not host video). */
  streamUrl: z.url({ protocol: /^https?$/ }).max(500),
});
export type TLiveClassInput = z.infer<typeof ZLiveClassInput>;

export const ZLiveClass = z
  .object({
    id: z.uuid(),
    title: z.string(),
    projectCode: z.string(),
    projectTitle: z.string().nullable(),
    institutionName: z.string().nullable(),
    occupationCode: z.string(),
    occupationName: z.string().nullable(),
    level: z.string().nullable(),
    levelName: z.string().nullable(),
    startsAt: z.date(),
    endsAt: z.date(),
    streamUrl: z.string(),
    /** 已安排 or 已取消 (a cancelled class is kept, with its reason). */
    status: z.enum(['scheduled', 'cancelled']),
    /** 已改期: the window it was last moved from, and when; null if never moved. */
    rescheduledFrom: z.object({ startsAt: z.date(), endsAt: z.date(), at: z.date() }).nullable(),
    cancelledAt: z.date().nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'LiveClass' });
export type TLiveClass = z.infer<typeof ZLiveClass>;

/** POST /api/learning/live-classes/:id/reschedule: the class's new window (改期). */
export const ZLiveReschedule = z.object({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});
export type TLiveReschedule = z.infer<typeof ZLiveReschedule>;

/** POST /api/learning/live-classes/:id/cancel: why the class is cancelled (told to its learners). */
export const ZLiveCancel = z.object({ reason: ZText(200).min(2) });
export type TLiveCancel = z.infer<typeof ZLiveCancel>;

/** A learner's standing in one live class: valid time and the time that did not count, by reason. */
export const ZMyLiveClass = z
  .object({ liveClass: ZLiveClass, validSeconds: z.number().int(), lostSeconds: ZLost })
  .meta({ id: 'MyLiveClass' });

/** POST /api/learning/live-classes/:id/join: the signed live session the page reports with. */
export const ZLiveSession = z
  .object({
    sessionId: z.uuid(),
    token: z.string(),
    heartbeatSeconds: z.number().int(),
    streamUrl: z.string(),
  })
  .meta({ id: 'LiveSession' });

/** POST /api/learning/live-events: join, leave or heartbeat of a live session, signed by its token. */
export const ZLiveEvent = z.object({
  token: z.string().min(10).max(1000),
  seq: z.number().int().min(0).max(10_000_000),
  event: z.enum(['join', 'beat', 'leave']),
  visible: z.boolean(),
  focused: z.boolean(),
  clientAt: ZEpochMs,
});
export type TLiveEvent = z.infer<typeof ZLiveEvent>;

/** The institution's view of one live class: each enrolled learner's attendance. */
export const ZLiveAttendance = z
  .object({
    liveClass: ZLiveClass,
    learners: z.array(
      z.object({
        personName: z.string(),
        idMasked: z.string(),
        joined: z.boolean(),
        validSeconds: z.number().int(),
        lostSeconds: ZLost,
        checksFailed: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'LiveAttendance' });
