import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { type CourseRow, coursesWithModules, courseRow, moduleRow } from './courses.ts';
import { enrolledProjects } from './learner-sessions.ts';
import { maxGapMs, type SessionRules } from './session-rules.ts';
import { learningParams } from './learning-params.ts';
import { LOST_REASON_NAMES } from './learning.labels.ts';
import { assertMayManage, assertQuizAttemptLeft, enrolmentFor, type TLearningParams } from './learning.policy.ts';
import type { TLearningCourse, TModuleProgress } from './learning.schema.ts';
import {
  type CheckOutcome,
  computeValidTime,
  LOST_REASONS,
  type LostReason,
  type SessionBeats,
  type ValidTime,
} from './valid-time.ts';

/**
 * 学习进度: what each learner's stored heartbeats and re-checks add up to, computed afresh from
 * them every time (valid-time.ts), with the quiz as the gate of completion.
 */

/** What the computation needs of one person, as stored. */
export async function storedLearning(
  db: Db,
  personKey: string,
): Promise<{ sessions: SessionBeats[]; checks: CheckOutcome[] }> {
  // A live class's session (直播课) counts by its class's scheduled window; `moduleId` is then the class's id.
  // A cancelled class was never held: its window is empty, so a learner who entered early and kept the
  // page open through the old time counts nothing (session 13 probe: it counted as the project's hours).
  const sessions = await db.query<{
    id: string;
    module_id: string;
    rules: SessionRules;
    starts_at: Date | null;
    ends_at: Date | null;
  }>(
    `SELECT s.id, COALESCE(s.module_id, s.live_class_id) AS module_id, s.rules, l.starts_at,
            CASE WHEN l.cancelled_at IS NULL THEN l.ends_at ELSE l.starts_at END AS ends_at
       FROM learning_sessions s LEFT JOIN learning_live_classes l ON l.id = s.live_class_id
      WHERE s.person_key = $1`,
    [personKey],
  );
  const beats = await db.query<{
    session_id: string;
    seq: number;
    received_at: Date;
    position_seconds: number;
    rate: number;
    visible: boolean;
    playing: boolean;
    event: 'beat' | 'join' | 'leave';
  }>(
    'SELECT session_id, seq, received_at, position_seconds, rate, visible, playing, event FROM learning_heartbeats WHERE person_key = $1',
    [personKey],
  );
  // A check overruled on appeal (学时申诉) is an input too: it voids nothing (valid-time.ts).
  const checks = await db.query<{
    id: string;
    status: CheckOutcome['status'];
    issued_at: Date;
    due_at: Date;
    resolved_at: Date | null;
    overruled: boolean;
  }>(
    `SELECT k.id, k.status, k.issued_at, k.due_at, k.resolved_at, o.check_id IS NOT NULL AS overruled
       FROM learning_checks k LEFT JOIN learning_check_overrulings o ON o.check_id = k.id
      WHERE k.person_key = $1`,
    [personKey],
  );
  const bySession = new Map<string, SessionBeats>(
    sessions.map((s) => [
      s.id,
      {
        sessionId: s.id,
        moduleId: s.module_id,
        maxGapMs: maxGapMs(s.rules),
        beats: [],
        ...(s.starts_at && s.ends_at
          ? { window: { start: new Date(s.starts_at).getTime(), end: new Date(s.ends_at).getTime() } }
          : {}),
      },
    ]),
  );
  for (const b of beats)
    bySession.get(b.session_id)?.beats.push({
      seq: b.seq,
      at: new Date(b.received_at).getTime(),
      positionSeconds: Number(b.position_seconds),
      rate: Number(b.rate),
      visible: b.visible,
      playing: b.playing,
      event: b.event,
    });
  return {
    sessions: [...bySession.values()],
    checks: checks.map((c) => ({
      id: c.id,
      overruled: c.overruled,
      status: c.status,
      issuedAt: new Date(c.issued_at).getTime(),
      dueAt: new Date(c.due_at).getTime(),
      resolvedAt: c.resolved_at ? new Date(c.resolved_at).getTime() : null,
    })),
  };
}

export const rulesOf = (p: TLearningParams) => ({ maxRate: p.maxRate, dailyCapMs: p.dailyCapMinutes * 60_000 });

/** A person's valid learning time, recomputed from what is stored. */
export async function personValidTime(
  db: Db,
  personKey: string,
  params: TLearningParams,
  now: Date,
): Promise<ValidTime> {
  const { sessions, checks } = await storedLearning(db, personKey);
  return computeValidTime(sessions, checks, rulesOf(params), now.getTime());
}

/** Whether the person passed each module's quiz (null: the module has none). */
async function quizPasses(db: Db, personKey: string): Promise<Set<string>> {
  const rows = await db.query<{ module_id: string }>(
    'SELECT DISTINCT module_id FROM learning_quiz_attempts WHERE person_key = $1 AND passed',
    [personKey],
  );
  return new Set(rows.map((r) => r.module_id));
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const zeroLost = () => Object.fromEntries(LOST_REASONS.map((r) => [r, 0])) as Record<LostReason, number>;

/**
 * A module's standing: valid time against the share of its duration the policy asks for (a quiz
 * module needs none), and its quiz passed when it has questions.
 */
function moduleProgress(
  m: TLearningCourse['modules'][number],
  vt: ValidTime,
  passed: Set<string>,
  params: TLearningParams,
): TModuleProgress {
  const validSeconds = seconds(vt.byModule[m.id] ?? 0);
  const requiredSeconds = m.kind === 'quiz' ? 0 : Math.ceil((m.durationSeconds * params.completionPercent) / 100);
  const quizPassed = m.questionCount > 0 ? passed.has(m.id) : null;
  const lost = vt.lostByModule[m.id] ?? zeroLost();
  return {
    moduleId: m.id,
    validSeconds,
    requiredSeconds,
    quizPassed,
    completed: validSeconds >= requiredSeconds && quizPassed !== false,
    lostSeconds: Object.fromEntries(
      Object.keys(LOST_REASON_NAMES).map((r) => [r, seconds(lost[r as LostReason])]),
    ) as TModuleProgress['lostSeconds'],
  };
}

const COURSES_FOR_LEARNER = `SELECT c.id, c.title, c.description, c.owner_kind, c.owner_code, c.access, c.project_code, c.occupation_code, c.level,
       COALESCE(i.name, e.name) AS owner_name
  FROM learning_courses c
  LEFT JOIN registry.institutions i ON c.owner_kind IN ('institution','college') AND i.credit_code = c.owner_code
  LEFT JOIN registry.enterprises e ON c.owner_kind = 'enterprise' AND e.credit_code = c.owner_code
 WHERE c.access = 'public' OR c.project_code = ANY($1::text[])
 ORDER BY (c.access = 'project') DESC, c.created_at DESC, c.id`;

/** 我的在线学习: the courses a worker may learn (free public ones, and their projects'), with progress. */
export async function myLearning(db: Db, actor: Actor, clock: Clock = systemClock) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const params = await learningParams(db);
  const projects = [...(await enrolledProjects(db, actor.personKey))];
  const courses = (await coursesWithModules(db, await db.query<CourseRow>(COURSES_FOR_LEARNER, [projects])))
    // Retired modules are gone for learners (their stored time stays with them).
    .map((c) => ({ ...c, modules: c.modules.filter((m) => !m.retired) }));
  const now = clock.now();
  const vt = await personValidTime(db, actor.personKey, params, now);
  const passed = await quizPasses(db, actor.personKey);
  const today = await todayValidMs(db, actor.personKey, params, now);
  return {
    courses,
    progress: courses.flatMap((c) => c.modules.map((m) => moduleProgress(m, vt, passed, params))),
    validSecondsToday: seconds(today),
    dailyCapSeconds: params.dailyCapMinutes * 60,
  };
}

/** Valid time counted in today's China day. */
async function todayValidMs(db: Db, personKey: string, params: TLearningParams, now: Date): Promise<number> {
  const { sessions, checks } = await storedLearning(db, personKey);
  const dayStart = Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000;
  // Time before today is cut away by dropping earlier heartbeats (their intervals end before today).
  const today = sessions.map((s) => ({ ...s, beats: s.beats.filter((b) => b.at >= dayStart) }));
  return computeValidTime(today, checks, rulesOf(params), now.getTime()).validMs;
}

/** The learner's standing in one module (the player shows it after each heartbeat). */
export async function myModuleProgress(
  db: Db,
  actor: Actor,
  moduleId: string,
  clock: Clock = systemClock,
): Promise<TModuleProgress> {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const m = await moduleRow(db, moduleId);
  if (!m) throw new NotFound({ zh: '课程模块', en: 'course module' });
  enrolmentFor(actor, m.course, await enrolledProjects(db, actor.personKey));
  const params = await learningParams(db);
  const [course] = await coursesWithModules(db, [m.course]);
  const vt = await personValidTime(db, actor.personKey, params, clock.now());
  return moduleProgress(
    course!.modules.find((x) => x.id === moduleId)!,
    vt,
    await quizPasses(db, actor.personKey),
    params,
  );
}

/** Grades a quiz attempt on the server (the answers never left it); passing gates the module's completion. */
export async function submitQuiz(
  db: Db,
  actor: Actor,
  moduleId: string,
  answers: number[],
  clock: Clock = systemClock,
) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const m = await moduleRow(db, moduleId);
  if (!m) throw new NotFound({ zh: '课程模块', en: 'course module' });
  enrolmentFor(actor, m.course, await enrolledProjects(db, actor.personKey));
  const questions = await db.query<{ n: number; answer: number }>(
    'SELECT n, answer FROM learning_questions WHERE module_id = $1 ORDER BY n',
    [moduleId],
  );
  if (questions.length === 0)
    throw new Invalid('NO_QUIZ', '该模块没有测验', 'this module has no quiz', { field: 'moduleId' });
  if (answers.length !== questions.length)
    throw new Invalid(
      'INCOMPLETE_QUIZ',
      `请回答全部 ${questions.length} 道题`,
      `answer all ${questions.length} questions`,
      { field: 'answers' },
    );
  const correct = questions.filter((q, i) => answers[i] === q.answer).length;
  const { quizPassPercent } = await learningParams(db);
  const passed = correct * 100 >= quizPassPercent * questions.length;
  const now = clock.now();
  const dayStart = new Date(`${chinaDate(now)}T00:00:00+08:00`);
  await db.transaction(async (tx) => {
    // Parallel attempts of one learner at one quiz wait for each other, so the day's count holds.
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('quiz:' || $1 || ':' || $2, 0))", [
      actor.personKey,
      moduleId,
    ]);
    const [{ n }] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM learning_quiz_attempts WHERE person_key = $1 AND module_id = $2 AND at >= $3',
      [actor.personKey, moduleId, dayStart],
    );
    assertQuizAttemptLeft(n);
    await tx.query(
      'INSERT INTO learning_quiz_attempts (id, person_key, module_id, answers, correct, passed, at) VALUES ($1,$2,$3,$4,$5,$6,$7)',
      [newId(), actor.personKey, moduleId, answers, correct, passed, now],
    );
  });
  return { correct, total: questions.length, passed, passPercent: quizPassPercent };
}

/** 学习进度 of one course for its owner (or the province): each learner, each module. */
export async function courseProgress(db: Db, actor: Actor, courseId: string, clock: Clock = systemClock) {
  const row = await courseRow(db, courseId);
  assertMayManage(actor, row);
  const params = await learningParams(db);
  const [course] = await coursesWithModules(db, [row]);
  const learners = await db.query<{ person_key: string; name: string; id_masked: string; checks_failed: number }>(
    `SELECT p.person_key, p.name, p.id_masked,
            (SELECT count(*)::int FROM learning_checks k WHERE k.person_key = p.person_key AND k.status IN ('failed','expired')) AS checks_failed
       FROM registry.persons p
      WHERE p.person_key IN (SELECT s.person_key FROM learning_sessions s JOIN learning_modules m ON m.id = s.module_id WHERE m.course_id = $1)
      ORDER BY p.name, p.person_key`,
    [courseId],
  );
  const now = clock.now();
  const out = [];
  for (const l of learners) {
    const vt = await personValidTime(db, l.person_key, params, now);
    const passed = await quizPasses(db, l.person_key);
    out.push({
      personName: l.name,
      idMasked: l.id_masked,
      modules: course!.modules.map((m) => moduleProgress(m, vt, passed, params)),
      checksFailed: l.checks_failed,
    });
  }
  return { course: course!, learners: out };
}

/**
 * 线上学时 of blended projects: for each (person, project) whose project has a project-bound course
 * or a live class, the person's valid time on that course's modules and those live classes, recomputed from what is stored as of `now`.
 * A pair whose project has no such course is absent (a classroom-only project).
 */
export async function projectOnlineValidMs(
  db: Db,
  pairs: { personKey: string; projectCode: string }[],
  now: Date,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const codes = [...new Set(pairs.map((p) => p.projectCode))];
  if (!codes.length) return out;
  // The project's modules and its live classes (直播课): both are online hours of a blended project.
  const modules = await db.query<{ id: string; project_code: string }>(
    `SELECT m.id, c.project_code FROM learning_modules m JOIN learning_courses c ON c.id = m.course_id
     WHERE c.access = 'project' AND c.project_code = ANY($1::text[])
     UNION ALL
     SELECT l.id, l.project_code FROM learning_live_classes l WHERE l.project_code = ANY($1::text[])`,
    [codes],
  );
  if (!modules.length) return out;
  const modulesOf = new Map<string, string[]>();
  for (const m of modules) modulesOf.set(m.project_code, [...(modulesOf.get(m.project_code) ?? []), m.id]);
  const params = await learningParams(db);
  const byPerson = new Map<string, ValidTime>();
  for (const { personKey, projectCode } of pairs) {
    const ids = modulesOf.get(projectCode);
    if (!ids) continue;
    let vt = byPerson.get(personKey);
    if (!vt) {
      vt = await personValidTime(db, personKey, params, now);
      byPerson.set(personKey, vt);
    }
    out.set(
      `${personKey}|${projectCode}`,
      ids.reduce((sum, id) => sum + (vt.byModule[id] ?? 0), 0),
    );
  }
  return out;
}
