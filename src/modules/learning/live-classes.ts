import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { requireLevel, requireOccupation } from '../catalog/index.ts';
import { notifyPersons } from '../notify/index.ts';
import { enrolledProjects, recordHeartbeat, sessionRules, signSession, verifySession } from './learner-sessions.ts';
import { learningParams } from './learning-params.ts';
import { LOST_REASON_NAMES } from './learning.labels.ts';
import {
  assertMayChangeLive,
  assertMayJoinLive,
  assertMayScheduleLive,
  assertMayViewLive,
  assertOwnProject,
  LIVE_EARLY_ENTRY_MS,
  liveChangeProblem,
  liveClassFitProblem,
  liveClassLevel,
  liveOverProblem,
  liveWindowProblem,
} from './learning.policy.ts';
import type {
  TLiveCancel,
  TLiveClass,
  TLiveClassInput,
  TLiveEvent,
  TLiveReschedule,
  TModuleProgress,
} from './learning.schema.ts';
import { personValidTime } from './progress.ts';
import { nextCheckAt } from './session-rules.ts';
import type { LostReason, ValidTime } from './valid-time.ts';

/**
 * 直播课 (docs/online-learning.md § Live classes): an institution schedules a live class of its own
 * project at a stream hosted elsewhere; enrolled learners join with a signed live session, the page
 * reports join / leave / heartbeat events, re-checks come as in a module, and the valid time — a pure
 * function of those events (valid-time.ts) — counts as the project's online hours.
 */

type LiveRow = {
  id: string;
  title: string;
  project_code: string;
  project_title: string | null;
  project_status: string | null;
  institution_code: string;
  institution_name: string | null;
  occupation_code: string;
  occupation_name: string | null;
  level: string | null;
  level_name: string | null;
  starts_at: Date;
  ends_at: Date;
  stream_url: string;
  previous_starts_at: Date | null;
  previous_ends_at: Date | null;
  rescheduled_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
};

const LIVE_SELECT = `SELECT l.id, l.title, l.project_code, p.title AS project_title, p.status AS project_status, l.institution_code, i.name AS institution_name,
       l.occupation_code, o.name AS occupation_name, l.level, lv.name AS level_name, l.starts_at, l.ends_at, l.stream_url,
       l.previous_starts_at, l.previous_ends_at, l.rescheduled_at, l.cancelled_at, l.cancel_reason
  FROM learning_live_classes l
  LEFT JOIN training.projects p ON p.project_code = l.project_code
  LEFT JOIN registry.institutions i ON i.credit_code = l.institution_code
  LEFT JOIN catalog.occupations o ON o.code = l.occupation_code
  LEFT JOIN catalog.levels lv ON lv.code = l.level`;

const view = (r: LiveRow): TLiveClass => ({
  id: r.id,
  title: r.title,
  projectCode: r.project_code,
  projectTitle: r.project_title,
  institutionName: r.institution_name,
  occupationCode: r.occupation_code,
  occupationName: r.occupation_name,
  level: r.level,
  levelName: r.level_name,
  startsAt: new Date(r.starts_at),
  endsAt: new Date(r.ends_at),
  streamUrl: r.stream_url,
  status: r.cancelled_at ? 'cancelled' : 'scheduled',
  rescheduledFrom:
    r.previous_starts_at && r.previous_ends_at && r.rescheduled_at
      ? {
          startsAt: new Date(r.previous_starts_at),
          endsAt: new Date(r.previous_ends_at),
          at: new Date(r.rescheduled_at),
        }
      : null,
  cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
  cancelReason: r.cancel_reason,
});

async function liveRow(db: Db, id: string): Promise<LiveRow | undefined> {
  const [r] = await db.query<LiveRow>(`${LIVE_SELECT} WHERE l.id = $1`, [id]);
  return r;
}

/** What a live class must fit of its project (learning.policy.ts liveClassFitProblem). */
type ProjectFit = {
  institution_code: string;
  status: string;
  occupation_code: string;
  level: string | null;
  start_date: string;
  end_date: string;
};
const PROJECT_FIT = `SELECT institution_code, status, occupation_code, level,
       to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date
  FROM training.projects`;

/** The institution schedules a live class for one of its own projects (another's project: not found). */
export async function scheduleLiveClass(
  db: Db,
  actor: Actor,
  input: TLiveClassInput,
  clock: Clock = systemClock,
): Promise<TLiveClass> {
  assertMayScheduleLive(actor);
  const [project] = await db.query<ProjectFit>(`${PROJECT_FIT} WHERE project_code = $1`, [input.projectCode]);
  assertOwnProject(actor, project);
  await requireOccupation(db, input.occupationCode);
  const named = await requireLevel(db, input.level);
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  const problem =
    liveWindowProblem(startsAt, endsAt) ??
    liveClassFitProblem(project, { occupationCode: input.occupationCode, level: named, startsAt, endsAt }) ??
    liveOverProblem(endsAt, clock.now());
  if (problem) throw problem;
  const level = liveClassLevel(project.level, named);
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO learning_live_classes (id, title, project_code, institution_code, occupation_code, level, starts_at, ends_at, stream_url, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        id,
        input.title.trim(),
        input.projectCode,
        actor.institutionCode,
        input.occupationCode,
        level,
        startsAt,
        endsAt,
        input.streamUrl,
        actorName(actor),
        clock.now(),
      ],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.live.schedule',
          entity: 'learning_live_class',
          entityId: id,
          after: { ...input, level },
        },
      ],
      clock,
    );
  });
  return view((await liveRow(db, id))!);
}

/** The live classes an institution scheduled (the province: all), latest first. */
export async function managedLiveClasses(db: Db, actor: Actor): Promise<TLiveClass[]> {
  if (actor.role === 'province_admin')
    return (await db.query<LiveRow>(`${LIVE_SELECT} ORDER BY l.starts_at DESC LIMIT 200`)).map(view);
  assertMayScheduleLive(actor);
  const rows = await db.query<LiveRow>(`${LIVE_SELECT} WHERE l.institution_code = $1 ORDER BY l.starts_at DESC`, [
    actor.institutionCode,
  ]);
  return rows.map(view);
}

/** A moment as China time, `2026-12-02 19:00` (what a notice shows; China keeps UTC+8 all year). */
export const chinaMinute = (at: Date): string =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * The learners a change of a live class concerns, as SQL over its id ($1): everyone enrolled in its
 * project and anyone who already joined it (early entry). Columns: `recipient`, `project`, `institution`.
 */
const LIVE_LEARNERS = `SELECT DISTINCT x.person_key AS recipient, p.title AS project, i.name AS institution
  FROM learning_live_classes l
  JOIN LATERAL (SELECT e.person_key FROM training.enrolments e WHERE e.project_code = l.project_code
                UNION SELECT s.person_key FROM learning_sessions s WHERE s.live_class_id = l.id) x ON TRUE
  LEFT JOIN training.projects p ON p.project_code = l.project_code
  LEFT JOIN registry.institutions i ON i.credit_code = l.institution_code
  WHERE l.id = $1`;

/**
 * 改期: the class's institution moves a class that has not started to a new window (in the future,
 * 15 minutes to 12 hours). The old window is kept (已改期, 原定 …); audited with before and after;
 * its learners get a 直播课改期 notice (and SMS). A reminder already sent for the old time does not
 * stop one for the new time.
 */
export async function rescheduleLiveClass(
  db: Db,
  actor: Actor,
  id: string,
  input: TLiveReschedule,
  clock: Clock = systemClock,
): Promise<TLiveClass> {
  const now = clock.now();
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  await db.transaction(async (tx) => {
    const [live] = await tx.query<LiveRow>(`${LIVE_SELECT} WHERE l.id = $1 FOR UPDATE OF l`, [id]);
    assertMayChangeLive(actor, live, 'reschedule');
    const [project] = await tx.query<ProjectFit>(`${PROJECT_FIT} WHERE project_code = $1`, [live.project_code]);
    const problem =
      liveChangeProblem(live, now) ??
      liveWindowProblem(startsAt, endsAt, now) ??
      (project ? liveClassFitProblem(project, { occupationCode: live.occupation_code, startsAt, endsAt }) : null);
    if (problem) throw problem;
    await tx.query(
      `UPDATE learning_live_classes SET previous_starts_at = starts_at, previous_ends_at = ends_at, rescheduled_at = $4,
              starts_at = $2, ends_at = $3 WHERE id = $1`,
      [id, startsAt, endsAt, now],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.live.reschedule',
          entity: 'learning_live_class',
          entityId: id,
          before: { startsAt: new Date(live.starts_at).toISOString(), endsAt: new Date(live.ends_at).toISOString() },
          after: { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() },
        },
      ],
      clock,
    );
    await notifyPersons(
      tx,
      'live_class_rescheduled',
      {
        sql: `SELECT w.recipient, $2::text AS event_key, $3::text AS link,
                jsonb_build_object('title', $4::text, 'project', w.project, 'institution', w.institution,
                  'previousStartsAt', $5::text, 'startsAt', $6::text, 'endsAt', $7::text) AS params
              FROM (${LIVE_LEARNERS}) w`,
        params: [
          id,
          `live_rescheduled:${id}:${startsAt.getTime()}`,
          `/live/${id}`,
          live.title,
          chinaMinute(new Date(live.starts_at)),
          chinaMinute(startsAt),
          chinaMinute(endsAt).slice(11),
        ],
      },
      clock,
    );
  });
  return view((await liveRow(db, id))!);
}

/**
 * 取消: the class's institution, or the province, cancels a class that has not started, with a reason.
 * The class is kept (已取消, with the reason); nobody may join it; audited; its learners get a
 * 直播课取消 notice (and SMS) and no reminder.
 */
export async function cancelLiveClass(
  db: Db,
  actor: Actor,
  id: string,
  input: TLiveCancel,
  clock: Clock = systemClock,
): Promise<TLiveClass> {
  const now = clock.now();
  const reason = input.reason.trim();
  await db.transaction(async (tx) => {
    const [live] = await tx.query<LiveRow>(`${LIVE_SELECT} WHERE l.id = $1 FOR UPDATE OF l`, [id]);
    assertMayChangeLive(actor, live, 'cancel');
    const problem = liveChangeProblem(live, now);
    if (problem) throw problem;
    if (reason.length < 2)
      throw new Invalid('CANCEL_REASON_REQUIRED', '请填写取消原因（至少2个字）', 'give the reason for cancelling', {
        field: 'reason',
      });
    await tx.query(
      'UPDATE learning_live_classes SET cancelled_at = $2, cancelled_by = $3, cancel_reason = $4 WHERE id = $1',
      [id, now, actorName(actor), reason],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.live.cancel',
          entity: 'learning_live_class',
          entityId: id,
          after: { reason },
        },
      ],
      clock,
    );
    await notifyPersons(
      tx,
      'live_class_cancelled',
      {
        sql: `SELECT w.recipient, $2::text AS event_key, $3::text AS link,
                jsonb_build_object('title', $4::text, 'project', w.project, 'institution', w.institution,
                  'startsAt', $5::text, 'reason', $6::text) AS params
              FROM (${LIVE_LEARNERS}) w`,
        params: [id, `live_cancelled:${id}`, `/live/${id}`, live.title, chinaMinute(new Date(live.starts_at)), reason],
      },
      clock,
    );
  });
  return view((await liveRow(db, id))!);
}

const seconds = (ms: number) => Math.floor(ms / 1000);
const lostSeconds = (vt: ValidTime, id: string): TModuleProgress['lostSeconds'] =>
  Object.fromEntries(
    Object.keys(LOST_REASON_NAMES).map((r) => [r, seconds(vt.lostByModule[id]?.[r as LostReason] ?? 0)]),
  ) as TModuleProgress['lostSeconds'];

/** 我的直播课: the live classes of the worker's projects, with valid time and why any did not count. */
export async function myLiveClasses(db: Db, actor: Actor, clock: Clock = systemClock) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const projects = [...(await enrolledProjects(db, actor.personKey))];
  const rows = await db.query<LiveRow>(
    `${LIVE_SELECT} WHERE l.project_code = ANY($1::text[]) ORDER BY (l.cancelled_at IS NOT NULL OR l.ends_at < $2), l.starts_at`,
    [projects, clock.now()],
  );
  const vt = await personValidTime(db, actor.personKey, await learningParams(db), clock.now());
  return rows.map((r) => ({
    liveClass: view(r),
    validSeconds: seconds(vt.byModule[r.id] ?? 0),
    lostSeconds: lostSeconds(vt, r.id),
  }));
}

/** One of the worker's live classes (not enrolled: refused as for joining). */
export async function myLiveClass(db: Db, actor: Actor, id: string, clock: Clock = systemClock) {
  const mine = await myLiveClasses(db, actor, clock);
  const found = mine.find((m) => m.liveClass.id === id);
  if (found) return found;
  if (!(await liveRow(db, id))) throw new NotFound({ zh: '直播课', en: 'live class' });
  throw new Forbidden(
    'NOT_ENROLLED',
    '该直播课属于培训项目，报名该项目后才能参加',
    'this live class belongs to a project: enrol in the project to join it',
  );
}

/**
 * Joins a live class: a learner session bound to the class (signed token), its `join` event stored
 * at once. Refused when not enrolled, before the entry time or after the end.
 */
export async function joinLiveClass(db: Db, actor: Actor, id: string, secret: string, clock: Clock = systemClock) {
  const live = await liveRow(db, id);
  if (!live) throw new NotFound({ zh: '直播课', en: 'live class' });
  const now = clock.now();
  assertMayJoinLive(actor, live, await enrolledProjects(db, actor.personKey ?? ''), now);
  const params = await learningParams(db);
  const rules = sessionRules(params);
  const sessionId = newId();
  // The first re-check is drawn from the class's start, not from an early entry.
  const from = new Date(Math.max(now.getTime(), new Date(live.starts_at).getTime()));
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO learning_sessions (id, person_key, module_id, live_class_id, enrolment, started_at, rules, next_check_at)
       VALUES ($1,$2,NULL,$3,$4,$5,$6,$7)`,
      [sessionId, actor.personKey, id, live.project_code, now, JSON.stringify(rules), nextCheckAt(from, rules)],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'learning.live.join',
          entity: 'learning_live_class',
          entityId: id,
          after: { session: sessionId },
        },
      ],
      clock,
    );
  });
  const token = signSession(secret, { s: sessionId, p: actor.personKey!, m: id, e: live.project_code });
  await recordHeartbeat(
    db,
    secret,
    {
      token,
      seq: 0,
      event: 'join',
      positionSeconds: 0,
      rate: 1,
      visible: true,
      focused: true,
      playing: true,
      clientAt: now.getTime(),
    },
    clock,
  );
  return { sessionId, token, heartbeatSeconds: params.heartbeatSeconds, streamUrl: live.stream_url };
}

/** A live session's join / leave / heartbeat event: stored as received; a due re-check comes back with it. */
export async function recordLiveEvent(db: Db, secret: string, e: TLiveEvent, clock: Clock = systemClock) {
  // A class cancelled after the learner entered early is over for them: its events are refused, and
  // its time would count nothing anyway (progress.ts storedLearning gives it an empty window).
  const { m } = verifySession(secret, e.token);
  const [live] = await db.query<{ cancelled_at: Date | null }>(
    'SELECT cancelled_at FROM learning_live_classes WHERE id = $1',
    [m],
  );
  if (live?.cancelled_at) throw new Conflict('LIVE_CANCELLED', '该直播课已取消', 'the live class was cancelled');
  return recordHeartbeat(db, secret, { ...e, positionSeconds: 0, rate: 1, playing: e.event !== 'leave' }, clock);
}

/** 直播课出勤 for its institution (or the province): every enrolled learner, those who joined first, with valid time. */
export async function liveAttendance(db: Db, actor: Actor, id: string, clock: Clock = systemClock) {
  const live = await liveRow(db, id);
  assertMayViewLive(actor, live);
  const learners = await db.query<{
    person_key: string;
    name: string;
    id_masked: string;
    joined: boolean;
    checks_failed: number;
  }>(
    `SELECT p.person_key, p.name, p.id_masked,
            EXISTS (SELECT 1 FROM learning_sessions s WHERE s.person_key = p.person_key AND s.live_class_id = $2) AS joined,
            (SELECT count(*)::int FROM learning_checks k JOIN learning_sessions s ON s.id = k.session_id
              WHERE s.live_class_id = $2 AND k.person_key = p.person_key AND k.status IN ('failed','expired')) AS checks_failed
       FROM registry.persons p
      WHERE p.person_key IN (SELECT person_key FROM training.enrolments WHERE project_code = $1)
      ORDER BY joined DESC, p.name, p.person_key`,
    [live.project_code, id],
  );
  const params = await learningParams(db);
  const now = clock.now();
  const out = [];
  for (const l of learners) {
    const vt = l.joined ? await personValidTime(db, l.person_key, params, now) : null;
    out.push({
      personName: l.name,
      idMasked: l.id_masked,
      joined: l.joined,
      validSeconds: vt ? seconds(vt.byModule[id] ?? 0) : 0,
      lostSeconds: lostSeconds(
        vt ?? { validMs: 0, byModule: {}, lostMs: {} as ValidTime['lostMs'], lostByModule: {}, voidedByCheck: {} },
        id,
      ),
      checksFailed: l.checks_failed,
    });
  }
  return { liveClass: view(live), learners: out };
}

export { LIVE_EARLY_ENTRY_MS };
