import type { Db } from '../../db/client.ts';
import { actorName, assertCity, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { parseTimestamp } from '../../kernel/dates.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { checkIdNumber } from '../../kernel/identity.ts';
import { maskIdNumber, type PiiVault } from '../../kernel/pii.ts';
import { recordAudit } from '../audit/index.ts';
import { requirePerson, requireScopedPerson } from '../registry/index.ts';
import { projectOnlineValidMs } from '../learning/index.ts';
import {
  attendanceRatio,
  blendedRatio,
  ratioBelow,
  recordFromRow,
  slotFromRow,
  type SessionRow,
  type AttendanceRecord,
  type AttendanceRules,
  type OnlineRules,
  type Ratio,
  type SessionSlot,
} from './attendance-ratio.ts';
import { assertNotSuspended, ownProject } from './dispatch.ts';
import { siteOfInstitution } from './sites.ts';
import type { TEnrolmentLine } from './training.schema.ts';
import { noticeEnrolled } from './notices.ts';

export interface NewSession {
  /** `2026-11-29T09:00+08:00`, or `2026-11-29 09:00` read as China time. */
  startsAt: string;
  endsAt: string;
  /** One of the institution's registered sites (培训场所); its name and coordinates are copied onto the session. */
  siteId?: number | null;
  /** Or, for API clients without registered sites, the site given inline. */
  siteName?: string | null;
  siteLat?: number | null;
  siteLon?: number | null;
  teacher: string;
  mode: 'theory' | 'practice';
}

/** A time typed into a form: ISO 8601 with an offset, or a China-time wall clock. */
export function parseClassTime(text: string, field: string): Date {
  const wall = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})$/.exec(text.trim());
  const d = parseTimestamp(wall ? `${wall[1]}T${wall[2]}+08:00` : text.trim());
  if (!d)
    throw new Invalid(
      'BAD_TIMESTAMP',
      `${field}：时间格式应为 2026-03-01 09:00 或带时区的 ISO 8601`,
      `${field}: a time like 2026-03-01 09:00 or ISO 8601 with offset`,
      { field },
    );
  return d;
}

/** The institution schedules a session: time within the project dates, a site with coordinates, a teacher. */
export async function addSession(db: Db, actor: Actor, code: string, input: NewSession) {
  const startsAt = parseClassTime(input.startsAt, 'startsAt');
  const endsAt = parseClassTime(input.endsAt, 'endsAt');
  if (endsAt <= startsAt)
    throw new Invalid('END_BEFORE_START', '下课时间应晚于上课时间', 'the session must end after it starts', {
      field: 'endsAt',
    });
  if (endsAt.getTime() - startsAt.getTime() > 12 * 3600_000)
    throw new Invalid('SESSION_TOO_LONG', '单次课不能超过12小时', 'a session may not last more than 12 hours', {
      field: 'endsAt',
    });
  const inline = input.siteId == null;
  if (inline && !(Math.abs(input.siteLat ?? Number.NaN) <= 90 && Math.abs(input.siteLon ?? Number.NaN) <= 180))
    throw new Invalid('BAD_COORDINATES', '培训地点坐标无效', 'the site coordinates are not valid', {
      field: 'siteLat',
    });
  if ((inline && !input.siteName?.trim()) || !input.teacher?.trim())
    throw new Invalid('SITE_TEACHER_REQUIRED', '请选择培训地点并填写授课教师', 'choose the site and give the teacher', {
      field: inline && !input.siteName?.trim() ? 'siteId' : 'teacher',
    });
  if (input.mode !== 'theory' && input.mode !== 'practice')
    throw new Invalid('BAD_MODE', '课程类型应为理论或实操', 'mode must be theory or practice', { field: 'mode' });
  return db.transaction(async (tx) => {
    const p = await ownProject(tx, actor, code, ['accepted', 'running']);
    await assertNotSuspended(tx, p.institution_code, chinaDate(new Date()));
    const site =
      input.siteId == null
        ? { name: input.siteName!.trim(), lat: input.siteLat!, lon: input.siteLon! }
        : await siteOfInstitution(tx, input.siteId, p.institution_code);
    if (chinaDate(startsAt) < p.start_date || chinaDate(endsAt) > p.end_date) {
      throw new Invalid(
        'OUTSIDE_PROJECT_DATES',
        `课次应在项目起止日期（${p.start_date} 至 ${p.end_date}）内`,
        `sessions must fall within the project dates (${p.start_date} to ${p.end_date})`,
        { field: 'startsAt' },
      );
    }
    const [clash] = await tx.query<{ session_no: number }>(
      'SELECT session_no FROM sessions WHERE project_code = $1 AND starts_at < $3 AND ends_at > $2',
      [code, startsAt, endsAt],
    );
    if (clash)
      throw new Conflict(
        'SESSION_OVERLAP',
        `与第${clash.session_no}次课时间重叠`,
        `overlaps session ${clash.session_no}`,
      );
    const [{ no }] = await tx.query<{ no: number }>(
      'SELECT COALESCE(max(session_no), 0)::int + 1 AS no FROM sessions WHERE project_code = $1',
      [code],
    );
    await tx.query(
      'INSERT INTO sessions (project_code, session_no, starts_at, ends_at, site_lat, site_lon, site_name, teacher, mode) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [code, no, startsAt, endsAt, site.lat, site.lon, site.name, input.teacher.trim(), input.mode],
    );
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'session.schedule',
        entity: 'project',
        entityId: code,
        after: {
          session_no: no,
          starts_at: startsAt.toISOString(),
          ends_at: endsAt.toISOString(),
          site: site.name,
          site_id: input.siteId ?? null,
          mode: input.mode,
        },
      },
    ]);
    return { projectCode: code, sessionNo: no };
  });
}

/**
 * Enrolment with eligibility checked (实名制): a registered person in at least one target group,
 * not already in another project whose dates overlap, while the class has room.
 */
export async function enrol(
  db: Db,
  vault: PiiVault,
  actor: Actor,
  code: string,
  who: { idNumber: string } | { personKey: string },
  clock: Clock = systemClock,
) {
  // By the full ID number (实名: the trainee gave it), or by a person the picker found in the caller's scope.
  const person =
    'personKey' in who
      ? await requireScopedPerson(db, actor, who.personKey)
      : await requirePerson(db, vault, who.idNumber);
  if (person.groups.length === 0)
    throw new Invalid(
      'NOT_TARGET_GROUP',
      `${person.name}不属于九类重点群体，不能参加补贴性培训`,
      `${person.name} belongs to none of the nine target groups`,
      { field: 'idNumber' },
    );
  return db.transaction(async (tx) => {
    const p = await ownProject(tx, actor, code, ['accepted', 'running']);
    await assertNotSuspended(tx, p.institution_code, chinaDate(clock.now()));
    const [here] = await tx.query('SELECT 1 FROM enrolments WHERE project_code = $1 AND person_key = $2', [
      code,
      person.person_key,
    ]);
    if (here)
      throw new Conflict('ALREADY_ENROLLED', `${person.name}已在本班`, `${person.name} is already in this class`);
    const [other] = await tx.query<{ project_code: string; start_date: string; end_date: string }>(
      `SELECT pr.project_code, pr.start_date, pr.end_date FROM enrolments e JOIN projects pr ON pr.project_code = e.project_code
       WHERE e.person_key = $1 AND pr.project_code <> $2 AND pr.status <> 'declined' AND pr.start_date <= $4 AND pr.end_date >= $3 LIMIT 1`,
      [person.person_key, code, p.start_date, p.end_date],
    );
    if (other) {
      throw new Conflict(
        'OVERLAPPING_ENROLMENT',
        `${person.name}已参加同期项目 ${other.project_code}（${other.start_date} 至 ${other.end_date}），不能重复参训`,
        `${person.name} is enrolled in project ${other.project_code} (${other.start_date} to ${other.end_date}) over the same dates`,
      );
    }
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM enrolments WHERE project_code = $1', [
      code,
    ]);
    if (p.planned_trainees !== null && n >= p.planned_trainees)
      throw new Conflict(
        'CLASS_FULL',
        `班级已满（${p.planned_trainees}人）`,
        `the class is full (${p.planned_trainees})`,
      );
    const today = chinaDate(clock.now());
    await tx.query('INSERT INTO enrolments (project_code, person_key, enrolled_on) VALUES ($1,$2,$3)', [
      code,
      person.person_key,
      today,
    ]);
    // The person's own request (点单) for this occupation is now served.
    await tx.query(
      `UPDATE training_requests SET status = 'served', project_code = $1 WHERE person_key = $2 AND occupation_code = $3 AND status = 'open'`,
      [code, person.person_key, p.occupation_code],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'enrolment.create',
          entity: 'project',
          entityId: code,
          after: { person: person.id_masked, enrolled_on: today },
        },
      ],
      clock,
    );
    await noticeEnrolled(tx, code, person.person_key, clock);
    return { projectCode: code, name: person.name, idMasked: person.id_masked, enrolledOn: today };
  });
}

/** Refusals of one pasted line that mean "no such person" rather than "not eligible". */
const NOT_FOUND_CODES = new Set(['UNKNOWN_PERSON', 'ID_FORMAT', 'ID_BIRTH_DATE', 'ID_CHECK_DIGIT']);

/**
 * Enrols a pasted list of ID numbers (one a line), each on its own: the answer says per line whether
 * the person was added, not found (not a valid number, or not in the real-name registry), or not
 * eligible (no target group, already in this class or another at the same dates, the class full),
 * with the reason in both languages. Blank lines are skipped; numbers are never echoed, only masked.
 */
export async function enrolMany(db: Db, vault: PiiVault, actor: Actor, code: string, lines: string[]) {
  // The project is the caller's and open to enrolment, or nothing is tried.
  await db.transaction((tx) => ownProject(tx, actor, code, ['accepted', 'running']));
  const out: TEnrolmentLine[] = [];
  for (const [i, raw] of lines.entries()) {
    const id = raw.trim().toUpperCase();
    if (!id) continue;
    const masked = checkIdNumber(id) ? null : maskIdNumber(id);
    try {
      const r = await enrol(db, vault, actor, code, { idNumber: id });
      out.push({ line: i + 1, status: 'added', name: r.name, idMasked: r.idMasked, reason: null });
    } catch (e) {
      if (!(e instanceof AppError) || e.status >= 500 || e.status === 403) throw e;
      out.push({
        line: i + 1,
        status: NOT_FOUND_CODES.has(e.code) ? 'not_found' : 'not_eligible',
        name: null,
        idMasked: masked,
        reason: { code: e.code, zh: e.zh, en: e.en },
      });
    }
  }
  return { projectCode: code, added: out.filter((l) => l.status === 'added').length, lines: out };
}

/** Opens the class (开班): it needs at least one session and one trainee. */
export async function openClass(db: Db, actor: Actor, code: string) {
  return db.transaction(async (tx) => {
    const p = await ownProject(tx, actor, code, ['accepted']);
    await assertNotSuspended(tx, p.institution_code, chinaDate(new Date()));
    const [{ s, e }] = await tx.query<{ s: number; e: number }>(
      'SELECT (SELECT count(*)::int FROM sessions WHERE project_code = $1) AS s, (SELECT count(*)::int FROM enrolments WHERE project_code = $1) AS e',
      [code],
    );
    if (s === 0 || e === 0)
      throw new Invalid(
        'CLASS_NOT_READY',
        '开班前须排课并至少报名一名学员',
        'schedule sessions and enrol at least one trainee before opening the class',
      );
    await tx.query(`UPDATE projects SET status = 'running', updated_at = now() WHERE project_code = $1`, [code]);
    await recordAudit(tx, [
      {
        actor: actorName(actor),
        action: 'project.open',
        entity: 'project',
        entityId: code,
        before: { status: 'accepted' },
        after: { status: 'running', sessions: s, trainees: e },
      },
    ]);
    return { projectCode: code, status: 'running' };
  });
}

/** What a project's attendance ratios are computed with: the policy's rules, as settlement reads them. */
export interface RatioRules {
  attendance: AttendanceRules;
  online: OnlineRules;
}

/**
 * Every trainee's attendance ratio in a project, the one the subsidy decision uses: classroom
 * hours, plus — in a blended project — the online valid time as of `asOf` that counts
 * (blendedRatio, as settlement). `heldOnly`: over the sessions ended by `asOf` (the pace so far).
 * `persons` limits the online recomputation to those trainees (a worker's own page).
 */
export async function ratiosOf(
  db: Db,
  code: string,
  rules: RatioRules,
  asOf: Date,
  opts: { heldOnly?: boolean; persons?: string[] } = {},
): Promise<{ sessions: SessionSlot[]; ratioOf: (personKey: string) => Ratio }> {
  const sessions: SessionSlot[] = (
    await db.query<SessionRow>(
      `SELECT session_no, starts_at, ends_at, site_lat, site_lon, mode FROM sessions
        WHERE project_code = $1 AND (NOT $2::boolean OR ends_at <= $3)`,
      [code, opts.heldOnly ?? false, asOf],
    )
  ).map(slotFromRow);
  const records = new Map<string, AttendanceRecord[]>();
  for (const r of await db.query<{
    person_key: string;
    session_no: number;
    check_in_at: Date;
    check_out_at: Date;
    method: string;
    face_score: number | null;
    lat: number | null;
    lon: number | null;
    validated: boolean;
  }>(
    `SELECT a.person_key, a.session_no, a.check_in_at, a.check_out_at, a.method, a.face_score, a.lat, a.lon,
            v.attendance_id IS NOT NULL AS validated
     FROM attendance a LEFT JOIN attendance_validations v ON v.attendance_id = a.id WHERE a.project_code = $1`,
    [code],
  )) {
    if (!records.has(r.person_key)) records.set(r.person_key, []);
    records.get(r.person_key)!.push(recordFromRow(r));
  }
  const persons =
    opts.persons ??
    (await db.query<{ person_key: string }>('SELECT person_key FROM enrolments WHERE project_code = $1', [code])).map(
      (e) => e.person_key,
    );
  // Absent for a classroom-only project (no project-bound course): the classroom ratio, as settlement.
  const online = await projectOnlineValidMs(
    db,
    persons.map((personKey) => ({ personKey, projectCode: code })),
    asOf,
  );
  return {
    sessions,
    ratioOf: (personKey: string) => {
      const own = records.get(personKey) ?? [];
      const onlineMs = online.get(`${personKey}|${code}`);
      return onlineMs === undefined
        ? attendanceRatio(sessions, own, rules.attendance)
        : blendedRatio(sessions, own, rules.attendance, onlineMs, rules.online);
    },
  };
}

const percent = (r: { attendedMs: number; scheduledMs: number }) =>
  r.scheduledMs === 0 ? 0 : Math.floor((r.attendedMs * 1000) / r.scheduledMs) / 10;

/**
 * Closes the class (结业) once its last session has ended: each trainee completes when their
 * attendance ratio — blended with online valid time in a blended project, as the decision —
 * reaches the policy's minimum.
 */
export async function closeClass(
  db: Db,
  actor: Actor,
  code: string,
  rules: RatioRules,
  minPercent: number,
  clock: Clock = systemClock,
) {
  return db.transaction(async (tx) => {
    await ownProject(tx, actor, code, ['running', 'open']);
    const now = clock.now();
    const [late] = await tx.query<{ session_no: number }>(
      'SELECT session_no FROM sessions WHERE project_code = $1 AND ends_at > $2 ORDER BY session_no LIMIT 1',
      [code, now],
    );
    if (late)
      throw new Conflict(
        'CLASS_NOT_FINISHED',
        `第${late.session_no}次课尚未结束，不能结业`,
        `session ${late.session_no} has not ended yet`,
      );
    const { ratioOf } = await ratiosOf(tx, code, rules, now);
    const trainees = await tx.query<{ person_key: string }>(
      'SELECT person_key FROM enrolments WHERE project_code = $1',
      [code],
    );
    let completers = 0;
    for (const t of trainees) {
      const done = !ratioBelow(ratioOf(t.person_key), minPercent);
      if (done) completers++;
      await tx.query('UPDATE enrolments SET completed = $3 WHERE project_code = $1 AND person_key = $2', [
        code,
        t.person_key,
        done,
      ]);
    }
    const today = chinaDate(now);
    await tx.query(
      `UPDATE projects SET status = 'closed', closed_on = $2, updated_at = now() WHERE project_code = $1`,
      [code, today],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'project.close',
          entity: 'project',
          entityId: code,
          after: { status: 'closed', closed_on: today, trainees: trainees.length, completers },
        },
      ],
      clock,
    );
    return { projectCode: code, status: 'closed', closedOn: today, trainees: trainees.length, completers };
  });
}

/** The class list with each trainee's attendance ratio (officials of the city, the institution). */
export async function classRoster(db: Db, actor: Actor, code: string, rules: RatioRules, clock: Clock = systemClock) {
  const [p] = await db.query<{ city_code: string; institution_code: string }>(
    'SELECT city_code, institution_code FROM projects WHERE project_code = $1',
    [code],
  );
  if (!p) throw new NotFound({ zh: '培训项目', en: 'project' });
  assertCity(actor, p.city_code);
  if (actor.role === 'institution_staff' && actor.institutionCode !== p.institution_code) throw new Forbidden();
  const { ratioOf } = await ratiosOf(db, code, rules, clock.now());
  const rows = await db.query<{
    person_key: string;
    name: string;
    id_masked: string;
    enrolled_on: string;
    completed: boolean | null;
  }>(
    'SELECT e.person_key, p.name, p.id_masked, e.enrolled_on, e.completed FROM enrolments e JOIN registry.persons p ON p.person_key = e.person_key WHERE e.project_code = $1 ORDER BY p.name',
    [code],
  );
  return rows.map((r) => ({ ...r, ratioPercent: percent(ratioOf(r.person_key)) }));
}

/** A trainee's own classes with their attendance ratio (visible to the trainee, as the issue asks). */
export async function myTraining(db: Db, actor: Actor, rules: RatioRules, clock: Clock = systemClock) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const rows = await db.query<{
    project_code: string;
    title: string;
    institution_name: string;
    status: string;
    start_date: string;
    end_date: string;
    completed: boolean | null;
    sessions: number;
  }>(
    `SELECT pr.project_code, pr.title, i.name AS institution_name, pr.status, pr.start_date, pr.end_date, e.completed,
            (SELECT count(*)::int FROM sessions s WHERE s.project_code = pr.project_code) AS sessions
     FROM enrolments e JOIN projects pr ON pr.project_code = e.project_code LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     WHERE e.person_key = $1 ORDER BY pr.start_date DESC`,
    [actor.personKey],
  );
  const out = [];
  for (const r of rows)
    out.push({
      ...r,
      ratioPercent: percent(
        (await ratiosOf(db, r.project_code, rules, clock.now(), { persons: [actor.personKey] })).ratioOf(
          actor.personKey,
        ),
      ),
    });
  return out;
}
