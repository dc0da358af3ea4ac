import { z } from 'zod';
import type { Actor, Device } from '../../kernel/auth.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { chinaDate } from '../../kernel/clock.ts';
import { outOfScope } from '../../kernel/scope.ts';
import type { OwnerKind } from './learning.labels.ts';

/**
 * The learning policy's parameters (docs/online-learning.md § Parameters), kept as data (table
 * learning_policy) so the province changes them without a release; these are the defaults.
 */
export const ZLearningParams = z
  .object({
    /** How often the player reports progress (seconds). */
    heartbeatSeconds: z.number().int().min(1).max(300),
    /** Network delay tolerated on top of the interval before a gap stops counting (seconds). */
    graceSeconds: z.number().int().min(0).max(60),
    /** Playback faster than this counts nothing. */
    maxRate: z.number().min(1).max(4),
    /** Most valid learning time in one China day (minutes). */
    dailyCapMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    /** Identity re-checks come at a random moment this many seconds after the session starts or the last check. */
    checkMinSeconds: z.number().int().min(1),
    checkMaxSeconds: z.number().int().min(1),
    /** Time the learner has to answer a re-check before it lapses (seconds). */
    checkAnswerSeconds: z.number().int().min(10).max(3600),
    /** Wrong SMS codes a re-check survives. */
    checkTries: z.number().int().min(1).max(10),
    /** Share of the quiz to answer right to pass (percent). */
    quizPassPercent: z.number().int().min(1).max(100),
    /** Valid time needed to complete a video or document module, as a share of its duration (percent). */
    completionPercent: z.number().int().min(0).max(100),
    /**
     * 直播课提醒: the class's learners are told this many minutes before it starts (moved to the
     * evening before when that falls in quiet hours). Policies stored before it read the default.
     */
    liveReminderMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(30),
  })
  .refine((p) => p.checkMinSeconds <= p.checkMaxSeconds, {
    message: 'checkMinSeconds ≤ checkMaxSeconds',
    path: ['checkMinSeconds'],
  })
  .meta({ id: 'LearningParams' });
export type TLearningParams = z.infer<typeof ZLearningParams>;

export const DEFAULT_LEARNING_PARAMS: TLearningParams = {
  heartbeatSeconds: 30,
  graceSeconds: 5,
  maxRate: 1.25,
  dailyCapMinutes: 8 * 60,
  checkMinSeconds: 10 * 60,
  checkMaxSeconds: 20 * 60,
  checkAnswerSeconds: 180,
  checkTries: 3,
  quizPassPercent: 80,
  completionPercent: 90,
  liveReminderMinutes: 30,
};

/** The owner a new course gets: the province's 江苏工匠课堂, or the staff member's own institution or enterprise. */
export function ownerFor(actor: Actor, requested: OwnerKind): { kind: OwnerKind; code: string | null } {
  if (actor.role === 'province_admin') return { kind: 'province', code: null };
  if (actor.role === 'institution_staff' && actor.institutionCode)
    return { kind: requested === 'college' ? 'college' : 'institution', code: actor.institutionCode };
  if (actor.role === 'enterprise_staff' && actor.enterpriseCode)
    return { kind: 'enterprise', code: actor.enterpriseCode };
  throw new Forbidden(
    'NOT_COURSE_OWNER',
    '只有培训机构、院校、企业或省级可以发布在线课程',
    'only institutions, colleges, enterprises or the province publish online courses',
  );
}

/** The province manages every course; an institution or enterprise only its own (another's: not found). */
export function assertMayManage(
  actor: Actor,
  course: { owner_kind: string; owner_code: string | null } | undefined,
): asserts course {
  if (!course) throw new NotFound({ zh: '在线课程', en: 'online course' });
  if (actor.role === 'province_admin') return;
  const own =
    (actor.role === 'institution_staff' &&
      ['institution', 'college'].includes(course.owner_kind) &&
      course.owner_code === actor.institutionCode) ||
    (actor.role === 'enterprise_staff' &&
      course.owner_kind === 'enterprise' &&
      course.owner_code === actor.enterpriseCode);
  if (!own) throw new NotFound({ zh: '在线课程', en: 'online course' });
}

/**
 * Who may learn a module and under which enrolment: a public course is free to every worker
 * (`public`); a project's course only to the project's enrolled learners (the project code).
 */
export function enrolmentFor(
  actor: Actor,
  course: { access: string; project_code: string | null },
  enrolledProjects: Set<string>,
): string {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  if (course.access === 'public') return 'public';
  if (course.project_code && enrolledProjects.has(course.project_code)) return course.project_code;
  throw new Forbidden(
    'NOT_ENROLLED',
    '该课程属于培训项目，报名该项目后才能学习',
    'this course belongs to a project: enrol in the project to learn it',
  );
}

/**
 * Graded quiz attempts a learner has per module in one China day. Each answer says how many were
 * right, so unlimited attempts would find every answer one question at a time (probe, session 12).
 */
export const QUIZ_ATTEMPTS_PER_DAY = 3;

/** A further attempt today, or a refusal saying when the next one comes (the refused one is not stored). */
export function assertQuizAttemptLeft(attemptsToday: number): void {
  if (attemptsToday >= QUIZ_ATTEMPTS_PER_DAY)
    throw new Conflict(
      'QUIZ_ATTEMPTS_USED',
      `今天本测验的 ${QUIZ_ATTEMPTS_PER_DAY} 次作答机会已用完，请复习课程后明天再试`,
      `all ${QUIZ_ATTEMPTS_PER_DAY} attempts at this quiz today are used: review the course and try again tomorrow`,
    );
}

/** SMS codes one identity re-check may send (a resend when one does not arrive, and one more); then 429. */
export const CHECK_CODES_PER_CHECK = 3;

/** A project-bound course needs its project; a public one must not name one. */
export function courseAccessProblem(access: string, projectCode: string | null | undefined): Invalid | null {
  if (access === 'project' && !projectCode)
    return new Invalid('PROJECT_REQUIRED', '项目补贴课程须指定培训项目', 'a project course names its project', {
      field: 'projectCode',
    });
  if (access === 'public' && projectCode)
    return new Invalid('PUBLIC_WITH_PROJECT', '公益课程不属于培训项目', 'a free public course belongs to no project', {
      field: 'projectCode',
    });
  return null;
}

/**
 * Which face terminal may attest a learner: for an institution's or college's course a device of that
 * institution, for a project's course a device of the project's institution; for the province's and
 * enterprises' free courses any registered device (the service points' terminals).
 */
export function assertMayAttestFace(
  device: Device,
  course: { owner_kind: string; owner_code: string | null; project_institution: string | null },
): void {
  const bound =
    course.project_institution ?? (['institution', 'college'].includes(course.owner_kind) ? course.owner_code : null);
  if (bound && bound !== device.institutionCode)
    throw new Forbidden(
      'DEVICE_NOT_OWNER',
      '该设备不属于开课机构，不能为本课程核验身份',
      'this device does not belong to the course’s institution and cannot check identity for it',
    );
}

/**
 * Who overrules a failed identity re-check (学时申诉 upheld): the city officer of its city or the
 * province. The institution bound to the course is told why not (403): its subsidy grows with the
 * hours, so it does not judge its own learners' identity failures (docs/appeals.md § Learning time);
 * another institution learns nothing (404).
 */
export const institutionMayNotDecide = () =>
  new Forbidden(
    'DECIDED_BY_CITY',
    '身份核验申诉由项目所在市人社部门（或省厅）处理，培训机构可查看但不能处理',
    'identity re-check appeals are decided by the city (or the province); the institution may read them but not decide them',
  );

export function assertMayOverrule(actor: Actor, check: { cityCode: string; institutionCode: string | null }): void {
  if (actor.role === 'institution_staff') {
    if (!check.institutionCode || actor.institutionCode !== check.institutionCode)
      throw new NotFound({ zh: '身份核验记录', en: 're-check' });
    throw institutionMayNotDecide();
  }
  if (actor.role === 'province_admin') return;
  if (actor.role === 'city_officer' && actor.cityCode === check.cityCode) return;
  if (actor.role === 'city_officer') throw outOfScope();
  throw new Forbidden();
}

/** Only an institution's staff schedule live classes (直播课), for their own institution's projects. */
export function assertMayScheduleLive(actor: Actor): asserts actor is Actor & { institutionCode: string } {
  if (actor.role !== 'institution_staff' || !actor.institutionCode)
    throw new Forbidden(
      'NOT_LIVE_HOST',
      '只有培训机构可以为本机构的培训项目安排直播课',
      'only a training institution schedules live classes, for its own projects',
    );
}

/** A project the institution runs; another institution's project (or none) is not found — nothing revealed. */
export function assertOwnProject(
  actor: Actor,
  project: { institution_code: string } | undefined,
): asserts project is { institution_code: string } {
  if (!project || project.institution_code !== actor.institutionCode)
    throw new NotFound({ zh: '培训项目', en: 'training project' });
}

/** Project states in which the institution runs it (imported running, accepted, running); not dispatched-unanswered, declined or closed. */
export const LIVE_PROJECT_STATUSES = ['open', 'accepted', 'running'] as const;

/**
 * A live class is training of its project (docs/online-learning.md § Live classes): the project is
 * one the institution runs now, the class teaches the project's occupation, and it falls within the
 * project's training period (China dates, both end days included).
 */
export function liveClassFitProblem(
  project: { status: string; occupation_code: string; level?: string | null; start_date: string; end_date: string },
  live: { occupationCode: string; level?: string | null; startsAt: Date; endsAt: Date },
): Invalid | null {
  if (!(LIVE_PROJECT_STATUSES as readonly string[]).includes(project.status))
    return new Invalid(
      'PROJECT_NOT_RUNNING',
      '该培训项目未在实施中（未接单、已拒绝或已结项），不能安排直播课',
      'this project is not running (not accepted, declined or closed): no live class can be scheduled for it',
      { field: 'projectCode' },
    );
  if (live.occupationCode !== project.occupation_code)
    return new Invalid(
      'LIVE_OCCUPATION_MISMATCH',
      '直播课的职业（工种）须与培训项目的职业一致',
      'a live class teaches its project’s occupation',
      { field: 'occupationCode' },
    );
  const levelProblem = liveLevelProblem(project.level ?? null, live.level ?? null);
  if (levelProblem) return levelProblem;
  const first = chinaDate(live.startsAt);
  const last = chinaDate(new Date(live.endsAt.getTime() - 1));
  if (first < project.start_date || last > project.end_date)
    return new Invalid(
      'LIVE_OUTSIDE_PROJECT',
      `直播课须安排在培训项目的培训期内（${project.start_date} 至 ${project.end_date}）`,
      `a live class falls within its project’s training period (${project.start_date} to ${project.end_date})`,
      { field: first < project.start_date ? 'startsAt' : 'endsAt' },
    );
  return null;
}

/**
 * A live class teaches its project's level (docs/online-learning.md § Live classes): a class that
 * names a level names the project's; a project trained at no level (专项能力, 岗位技能) has classes
 * of no level. A class that names none takes the project's (liveClassLevel). Session 13 probe: a
 * 焊工 L4 project's class was scheduled as L1 (高级技师) and listed so to its learners.
 */
export function liveLevelProblem(projectLevel: string | null, classLevel: string | null): Invalid | null {
  if (!classLevel || classLevel === projectLevel) return null;
  return projectLevel
    ? new Invalid(
        'LIVE_LEVEL_MISMATCH',
        '直播课的等级须与培训项目的等级一致（可不填，按项目等级）',
        'a live class teaches its project’s level (leave it empty to take the project’s)',
        { field: 'level' },
      )
    : new Invalid(
        'LIVE_LEVEL_MISMATCH',
        '该培训项目不分等级，直播课不填等级',
        'this project is trained at no level: a live class of it names none',
        { field: 'level' },
      );
}

/** The level a live class is stored with: the one it names (checked above), else its project's. */
export const liveClassLevel = (projectLevel: string | null, classLevel: string | null): string | null =>
  classLevel ?? projectLevel;

/** The province sees every live class; its institution its own; anyone else: not found. */
export function assertMayViewLive(actor: Actor, live: { institution_code: string } | undefined): asserts live {
  if (!live) throw new NotFound({ zh: '直播课', en: 'live class' });
  if (actor.role === 'province_admin') return;
  if (actor.role === 'institution_staff' && actor.institutionCode === live.institution_code) return;
  throw new NotFound({ zh: '直播课', en: 'live class' });
}

/** Shortest and longest live class: a quarter of an hour to a working day. */
export const MIN_LIVE_MS = 15 * 60_000;
export const MAX_LIVE_MS = 12 * 3600_000;

/**
 * A live class's window: it ends after it starts, lasts 15 minutes to 12 hours, and — when it is
 * moved (改期) — starts in the future.
 */
export function liveWindowProblem(startsAt: Date, endsAt: Date, mustStartAfter?: Date): Invalid | null {
  const ms = endsAt.getTime() - startsAt.getTime();
  if (!(ms >= MIN_LIVE_MS && ms <= MAX_LIVE_MS))
    return new Invalid(
      'BAD_LIVE_WINDOW',
      '直播课的结束时间应晚于开始时间，时长15分钟至12小时',
      'a live class ends after it starts and lasts 15 minutes to 12 hours',
      { field: 'endsAt' },
    );
  if (mustStartAfter && startsAt.getTime() <= mustStartAfter.getTime())
    return new Invalid('LIVE_IN_PAST', '改期后的开始时间应晚于现在', 'the new start must be in the future', {
      field: 'startsAt',
    });
  return null;
}

/**
 * A new class may have begun already (opened a few minutes late) but not ended: nobody could join a
 * class that is over, and it would sit in the learners' list. Checked after the window's shape and
 * its fit to the project, so a class outside the project's period is refused for that first.
 */
export function liveOverProblem(endsAt: Date, now: Date): Invalid | null {
  if (endsAt.getTime() > now.getTime()) return null;
  return new Invalid(
    'LIVE_OVER',
    '该时段已经过去，不能安排直播课',
    'that time is past: the class would be over already',
    {
      field: 'endsAt',
    },
  );
}

/**
 * Who may move or cancel a live class: its institution (改期、取消); the province may cancel any
 * (取消 only: the timetable is the institution's). Another institution's class is not found.
 */
export function assertMayChangeLive(
  actor: Actor,
  live: { institution_code: string } | undefined,
  change: 'reschedule' | 'cancel',
): asserts live {
  if (!live) throw new NotFound({ zh: '直播课', en: 'live class' });
  if (actor.role === 'province_admin' && change === 'cancel') return;
  if (actor.role === 'institution_staff') {
    if (actor.institutionCode !== live.institution_code) throw new NotFound({ zh: '直播课', en: 'live class' });
    return;
  }
  throw new Forbidden(
    'NOT_LIVE_HOST',
    change === 'cancel' ? '只有开课机构或省级可以取消直播课' : '只有开课机构可以为直播课改期',
    change === 'cancel'
      ? 'only the class’s institution or the province cancels a live class'
      : 'only the class’s institution reschedules a live class',
  );
}

/** A class that has started (or was cancelled) is no longer moved or cancelled. */
export function liveChangeProblem(live: { starts_at: Date; cancelled_at: Date | null }, now: Date): Conflict | null {
  if (live.cancelled_at) return new Conflict('LIVE_CANCELLED', '该直播课已取消', 'the live class was cancelled');
  if (now.getTime() >= new Date(live.starts_at).getTime())
    return new Conflict(
      'LIVE_STARTED',
      '直播课已开始，不能再改期或取消',
      'the live class has started: it can no longer be moved or cancelled',
    );
  return null;
}

/** Learners may enter a live class this long before it starts (their time counts from the start only). */
export const LIVE_EARLY_ENTRY_MS = 15 * 60_000;

/** A worker joins a live class of a project they are enrolled in, from 15 minutes before it starts to its end. */
export function assertMayJoinLive(
  actor: Actor,
  live: {
    project_code: string;
    project_status?: string | null;
    starts_at: Date;
    ends_at: Date;
    cancelled_at?: Date | null;
  },
  enrolledProjects: Set<string>,
  now: Date,
): void {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  if (!enrolledProjects.has(live.project_code))
    throw new Forbidden(
      'NOT_ENROLLED',
      '该直播课属于培训项目，报名该项目后才能参加',
      'this live class belongs to a project: enrol in the project to join it',
    );
  if (live.cancelled_at) throw new Conflict('LIVE_CANCELLED', '该直播课已取消', 'the live class was cancelled');
  // A project closed (结业) after the class was scheduled: its hours are settled, the class is not held.
  if (live.project_status && !(LIVE_PROJECT_STATUSES as readonly string[]).includes(live.project_status))
    throw new Conflict(
      'PROJECT_NOT_RUNNING',
      '该直播课所属的培训项目已结项或未在实施中，不能进入',
      'the live class’s project has closed or is not running: it cannot be joined',
    );
  if (now.getTime() < new Date(live.starts_at).getTime() - LIVE_EARLY_ENTRY_MS)
    throw new Conflict(
      'LIVE_NOT_OPEN',
      '直播课尚未开始，开始前15分钟可以进入',
      'the live class has not started: you may enter 15 minutes before it starts',
    );
  if (now.getTime() >= new Date(live.ends_at).getTime())
    throw new Conflict('LIVE_ENDED', '直播课已结束', 'the live class is over');
}
