import { randomInt } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { chinaDate, systemClock, type Clock } from '../../kernel/clock.ts';
import { addDays, requireDate } from '../../kernel/dates.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { pageBounds, type PageQuery } from '../../kernel/listing.ts';
import { recordAudit } from '../audit/index.ts';
import { checkActivity, type ActivityLookups, type CheckedActivity } from './activity-row.ts';
import { assertMayOrganiseActivity, checkinOutsideActivityDays } from './field.policy.ts';

/** Activity row as the lists read it. */
interface ActivityRow {
  activity_id: string;
  kind: string;
  title: string;
  organiser: string;
  city_code: string;
  city_name: string | null;
  district: string | null;
  place: string;
  starts_at: Date;
  ends_at: Date;
  occupation_code: string | null;
  occupation_name: string | null;
  sector: string | null;
  institution_code: string | null;
  capacity: number;
  signed_up: number;
  attended: number;
  hires: number;
}

const newActivityId = () => `FA${newId().replace(/-/g, '').slice(0, 10).toUpperCase()}`;

/** Cities and occupations by code and by name, for checking forms and uploaded rows. */
export async function activityLookups(db: Db): Promise<ActivityLookups> {
  const cities = new Map<string, string>();
  for (const c of await db.query<{ code: string; name: string }>('SELECT code, name FROM catalog.cities')) {
    cities.set(c.code, c.code);
    cities.set(c.name, c.code);
  }
  const occupations = new Map<string, { code: string; sector: string }>();
  for (const o of await db.query<{ code: string; name: string; sector: string }>(
    'SELECT code, name, sector FROM catalog.occupations',
  )) {
    occupations.set(o.code, { code: o.code, sector: o.sector });
    if (!occupations.has(o.name)) occupations.set(o.name, { code: o.code, sector: o.sector });
  }
  return { cities, occupations };
}

/** An institution organises as itself: its code goes on the record, which is what its scope reads. */
export function organiserInstitution(actor: Actor): string | null {
  return actor.role === 'institution_staff' ? actor.institutionCode : null;
}

/** Writes checked activities (in the caller's transaction) and their audit entries. */
export async function insertActivities(db: Db, actor: Actor, rows: CheckedActivity[], clock: Clock): Promise<string[]> {
  const ids: string[] = [];
  for (const a of rows) {
    const id = newActivityId();
    await db.query(
      `INSERT INTO field_activities (activity_id, kind, title, organiser, city_code, district, place, starts_at, ends_at, occupation_code, sector, institution_code, capacity, created_by, created_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        id,
        a.kind,
        a.title,
        a.organiser,
        a.cityCode,
        a.district,
        a.place,
        a.startsAt,
        a.endsAt,
        a.occupationCode,
        a.sector,
        organiserInstitution(actor),
        a.capacity,
        actorName(actor),
        clock.now(),
      ],
    );
    ids.push(id);
  }
  await recordAudit(
    db,
    rows.map((a, i) => ({
      actor: actorName(actor),
      action: 'field_activity.create',
      entity: 'field_activity',
      entityId: ids[i]!,
      after: { kind: a.kind, title: a.title, city: a.cityCode, starts: a.startsAt, capacity: a.capacity },
    })),
    clock,
  );
  return ids;
}

/**
 * An organiser (city, department, institution, province) puts one activity on the calendar, inside
 * its own scope. Every problem of the form is refused at once with its field.
 */
export async function createActivity(
  db: Db,
  actor: Actor,
  input: Record<string, string | undefined>,
  clock: Clock = systemClock,
) {
  const checked = checkActivity(input, await activityLookups(db));
  if ('problems' in checked) {
    const [first] = checked.problems;
    throw new Invalid(first!.reason, first!.zh, first!.en, { field: first!.column, problems: checked.problems });
  }
  const a = checked.activity;
  assertMayOrganiseActivity(actor, {
    city_code: a.cityCode,
    sector: a.sector,
    institution_code: organiserInstitution(actor),
  });
  if (a.endsAt <= clock.now())
    throw new Invalid('ACTIVITY_IN_PAST', '活动已结束，不能再登记', 'the activity has already ended', { field: 'end' });
  const [id] = await db.transaction((tx) => insertActivities(tx, actor, [a], clock));
  return { activityId: id! };
}

/** What the activity calendar may be narrowed to. */
export interface ActivityQuery extends PageQuery {
  city?: string;
  kind?: string;
  occupation?: string;
  /** `mine`: the activities the caller organises (its scope), past ones included. */
  scope?: 'public' | 'mine';
}

/** The scope filter of an organiser's own list, as SQL over `a` starting at parameter `$n`. */
function organiserScope(actor: Actor | null): { sql: string; params: unknown[] } {
  if (!actor) return { sql: 'false', params: [] };
  switch (actor.role) {
    case 'province_admin':
      return { sql: 'true', params: [] };
    case 'city_officer':
      return { sql: 'a.city_code = $S1', params: [actor.cityCode] };
    case 'department_officer':
      return { sql: 'a.sector = ANY($S1::text[])', params: [actor.sectors] };
    case 'institution_staff':
      return { sql: 'a.institution_code = $S1', params: [actor.institutionCode] };
    default:
      return { sql: 'false', params: [] };
  }
}

/**
 * The activity calendar. Public: the activities not yet over, soonest first, with places left; an
 * organiser's own list (scope=mine) holds its past activities too, with attendance and hires.
 * A signed-in worker sees their own sign-up (and check-in code) on each card.
 */
export async function listActivities(db: Db, actor: Actor | null, query: ActivityQuery, clock: Clock = systemClock) {
  const mine = query.scope === 'mine';
  const own = organiserScope(actor);
  const params: unknown[] = [
    query.city ?? null,
    query.kind ?? null,
    query.occupation ?? null,
    mine ? null : clock.now(),
    ...(mine ? own.params : []),
  ];
  const scopeSql = mine ? own.sql.replace('$S1', '$5') : 'true';
  const where = `FROM field_activities a LEFT JOIN catalog.cities c ON c.code = a.city_code
    LEFT JOIN catalog.occupations o ON o.code = a.occupation_code
    WHERE ($1::text IS NULL OR a.city_code = $1) AND ($2::text IS NULL OR a.kind = $2)
      AND ($3::text IS NULL OR a.occupation_code = $3) AND ($4::timestamptz IS NULL OR a.ends_at >= $4) AND ${scopeSql}`;
  const { limit, offset } = pageBounds(query, 20);
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*)::int AS total ${where}`, params);
  const items = await db.query<ActivityRow>(
    `SELECT a.activity_id, a.kind, a.title, a.organiser, a.city_code, c.name AS city_name, a.district, a.place, a.starts_at, a.ends_at,
            a.occupation_code, o.name AS occupation_name, a.sector, a.institution_code, a.capacity,
            (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.activity_id) AS signed_up,
            (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.activity_id AND s.attended_at IS NOT NULL) AS attended,
            (SELECT count(*)::int FROM activity_hires h WHERE h.activity_id = a.activity_id) AS hires
     ${where} ORDER BY ${mine ? 'a.starts_at DESC' : 'a.starts_at'}, a.activity_id LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  const mySignups = new Map<string, { checkin_code: string; attended_at: Date | null }>();
  if (actor?.role === 'worker' && actor.personKey && items.length) {
    for (const s of await db.query<{ activity_id: string; checkin_code: string; attended_at: Date | null }>(
      'SELECT activity_id, checkin_code, attended_at FROM activity_signups WHERE person_key = $1 AND activity_id = ANY($2::text[])',
      [actor.personKey, items.map((i) => i.activity_id)],
    ))
      mySignups.set(s.activity_id, s);
  }
  return {
    total,
    items: items.map((a) => {
      const my = mySignups.get(a.activity_id);
      let mayManage = false;
      if (actor) {
        try {
          assertMayOrganiseActivity(actor, a);
          mayManage = true;
        } catch {
          mayManage = false;
        }
      }
      return {
        activityId: a.activity_id,
        kind: a.kind,
        title: a.title,
        organiser: a.organiser,
        cityCode: a.city_code,
        cityName: a.city_name,
        district: a.district,
        place: a.place,
        startsAt: a.starts_at.toISOString(),
        endsAt: a.ends_at.toISOString(),
        occupationCode: a.occupation_code,
        occupationName: a.occupation_name,
        capacity: a.capacity,
        signedUp: a.signed_up,
        remaining: Math.max(0, a.capacity - a.signed_up),
        // Attendance and hires are the organiser's follow-up; the public sees places, not people.
        attended: mayManage ? a.attended : null,
        hires: mayManage ? a.hires : null,
        mayManage,
        mySignup: my ? { checkinCode: my.checkin_code, attended: my.attended_at !== null } : null,
      };
    }),
  };
}

async function activityFor(db: Db, activityId: string, lock = false) {
  const [a] = await db.query<{
    activity_id: string;
    city_code: string;
    sector: string | null;
    institution_code: string | null;
    capacity: number;
    starts_at: Date;
    ends_at: Date;
    title: string;
  }>(
    `SELECT activity_id, city_code, sector, institution_code, capacity, starts_at, ends_at, title FROM field_activities WHERE activity_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [activityId],
  );
  if (!a) throw new NotFound({ zh: '活动', en: 'activity' });
  return a;
}

/** A six-digit code not yet used at this activity (a clash is simply drawn again). */
async function freeCheckinCode(db: Db, activityId: string): Promise<string> {
  for (;;) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const [taken] = await db.query('SELECT 1 FROM activity_signups WHERE activity_id = $1 AND checkin_code = $2', [
      activityId,
      code,
    ]);
    if (!taken) return code;
  }
}

/**
 * 报名: a worker takes a place at an activity that has not ended. The activity row is locked so
 * that two sign-ups for the last place cannot both pass the capacity check; the unique key
 * (activity, person) refuses a second sign-up by the same worker.
 */
export async function signUp(db: Db, actor: Actor, activityId: string, clock: Clock = systemClock) {
  if (actor.role !== 'worker' || !actor.personKey) throw new Forbidden();
  const personKey = actor.personKey;
  return db.transaction(async (tx) => {
    const a = await activityFor(tx, activityId, true);
    if (a.ends_at <= clock.now())
      throw new Conflict('ACTIVITY_ENDED', '活动已结束，不能报名', 'the activity has ended; sign-up is closed');
    const [already] = await tx.query('SELECT 1 FROM activity_signups WHERE activity_id = $1 AND person_key = $2', [
      activityId,
      personKey,
    ]);
    if (already)
      throw new Conflict('ALREADY_SIGNED_UP', '您已报名该活动', 'you have already signed up for this activity');
    const [{ n }] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM activity_signups WHERE activity_id = $1',
      [activityId],
    );
    if (n >= a.capacity)
      throw new Conflict('ACTIVITY_FULL', `名额已满（${a.capacity}人）`, `the activity is full (${a.capacity} places)`);
    const signupId = newId();
    const checkinCode = await freeCheckinCode(tx, activityId);
    await tx.query(
      'INSERT INTO activity_signups (signup_id, activity_id, person_key, checkin_code, signed_up_at) VALUES ($1,$2,$3,$4,$5)',
      [signupId, activityId, personKey, checkinCode, clock.now()],
    );
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'activity.sign_up',
          entity: 'activity_signup',
          entityId: signupId,
          after: { activity: activityId },
        },
      ],
      clock,
    );
    return { signupId, checkinCode };
  });
}

/** The organiser's roster: who signed up, who came, who was hired — masked ID numbers only. */
export async function activityRoster(db: Db, actor: Actor, activityId: string) {
  const a = await activityFor(db, activityId);
  assertMayOrganiseActivity(actor, a);
  return db.query<{
    signup_id: string;
    name: string | null;
    id_masked: string | null;
    signed_up_at: Date;
    attended_at: Date | null;
    hired_by: string | null;
  }>(
    `SELECT s.signup_id, p.name, p.id_masked, s.signed_up_at, s.attended_at,
            (SELECT string_agg(COALESCE(e.name, h.enterprise_code), '、' ORDER BY h.recorded_at) FROM activity_hires h
               LEFT JOIN registry.enterprises e ON e.credit_code = h.enterprise_code WHERE h.signup_id = s.signup_id) AS hired_by
     FROM activity_signups s LEFT JOIN registry.persons p ON p.person_key = s.person_key
     WHERE s.activity_id = $1 ORDER BY s.signed_up_at, s.signup_id`,
    [activityId],
  );
}

/**
 * 签到: the supervised channel of an activity is its organiser at the door — the worker shows the
 * code their phone got at sign-up, the organiser's account records it (audited), on the activity's
 * own days only. A code is used once.
 */
export async function checkIn(db: Db, actor: Actor, activityId: string, code: string, clock: Clock = systemClock) {
  return db.transaction(async (tx) => {
    const a = await activityFor(tx, activityId);
    assertMayOrganiseActivity(actor, a);
    const outside = checkinOutsideActivityDays(chinaDate(clock.now()), chinaDate(a.starts_at), chinaDate(a.ends_at));
    if (outside) throw outside;
    const [s] = await tx.query<{ signup_id: string; attended_at: Date | null; name: string | null }>(
      `SELECT s.signup_id, s.attended_at, p.name FROM activity_signups s LEFT JOIN registry.persons p ON p.person_key = s.person_key
       WHERE s.activity_id = $1 AND s.checkin_code = $2 FOR UPDATE OF s`,
      [activityId, code.trim()],
    );
    if (!s)
      throw new Invalid(
        'UNKNOWN_CHECKIN_CODE',
        '签到码不属于本活动的报名',
        'the code is not one of this activity’s sign-ups',
        { field: 'code' },
      );
    if (s.attended_at)
      throw new Conflict('ALREADY_CHECKED_IN', `${s.name ?? ''}已签到`, 'this sign-up is already checked in');
    await tx.query('UPDATE activity_signups SET attended_at = $2, checked_in_by = $3 WHERE signup_id = $1', [
      s.signup_id,
      clock.now(),
      actorName(actor),
    ]);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'activity.check_in',
          entity: 'activity_signup',
          entityId: s.signup_id,
          before: { attended: false },
          after: { attended: true, activity: activityId },
        },
      ],
      clock,
    );
    return { signupId: s.signup_id, name: s.name };
  });
}

/** How far ahead of today a hire's start may lie (an offer for next month), as for job orders. */
export const ACTIVITY_HIRE_MAX_DAYS_AHEAD = 31;

/**
 * 就业跟踪: the organiser records that an enterprise hired someone who came to the activity (a job
 * fair's hires). Only an attendee can be hired "from" an activity, and not before it began.
 */
export async function recordActivityHire(
  db: Db,
  actor: Actor,
  activityId: string,
  input: { signupId: string; enterpriseCode: string; startDate: string },
  clock: Clock = systemClock,
) {
  const startDate = requireDate(input.startDate, 'startDate');
  return db.transaction(async (tx) => {
    const a = await activityFor(tx, activityId);
    assertMayOrganiseActivity(actor, a);
    const [s] = await tx.query<{ attended_at: Date | null }>(
      'SELECT attended_at FROM activity_signups WHERE signup_id = $1 AND activity_id = $2',
      [input.signupId, activityId],
    );
    if (!s) throw new NotFound({ zh: '本活动的报名', en: 'sign-up of this activity' });
    if (!s.attended_at)
      throw new Invalid(
        'NOT_ATTENDED',
        '该报名者未签到，不能登记为活动录用',
        'this person did not check in; a hire from the activity needs attendance',
      );
    const [e] = await tx.query<{ name: string }>('SELECT name FROM registry.enterprises WHERE credit_code = $1', [
      input.enterpriseCode,
    ]);
    if (!e)
      throw new Invalid(
        'UNKNOWN_ENTERPRISE',
        `统一社会信用代码 ${input.enterpriseCode} 不是登记的企业`,
        `${input.enterpriseCode} is not a registered enterprise`,
        { field: 'enterpriseCode' },
      );
    const firstDay = chinaDate(a.starts_at);
    if (startDate < firstDay)
      throw new Invalid(
        'START_BEFORE_ACTIVITY',
        `入职日期不能早于活动日期（${firstDay}）`,
        `the start date cannot be before the activity (${firstDay})`,
        { field: 'startDate' },
      );
    const latest = addDays(chinaDate(clock.now()), ACTIVITY_HIRE_MAX_DAYS_AHEAD);
    if (startDate > latest)
      throw new Invalid(
        'START_TOO_FAR_AHEAD',
        `入职日期最晚为${latest}`,
        `the start date can be at most ${ACTIVITY_HIRE_MAX_DAYS_AHEAD} days ahead (${latest})`,
        { field: 'startDate' },
      );
    const hireId = newId();
    const [stored] = await tx.query(
      `INSERT INTO activity_hires (hire_id, activity_id, signup_id, enterprise_code, start_date, recorded_by, recorded_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (signup_id, enterprise_code) DO NOTHING RETURNING hire_id`,
      [hireId, activityId, input.signupId, input.enterpriseCode, startDate, actorName(actor), clock.now()],
    );
    if (!stored) throw new Conflict('HIRE_ALREADY_RECORDED', '该录用已登记', 'this hire is already recorded');
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'activity.hire',
          entity: 'activity_hire',
          entityId: hireId,
          after: { activity: activityId, signup: input.signupId, enterprise: input.enterpriseCode, startDate },
        },
      ],
      clock,
    );
    return { hireId, enterpriseName: e.name };
  });
}

/**
 * 活动招聘录用 for the labour-market page: per activity kind and city, the activities held, sign-ups,
 * attendance and hires, within the caller's scope (a city officer its city, a department its sectors).
 */
export async function hiresFromActivities(db: Db, actor: Actor, year: number) {
  return db.query<{
    kind: string;
    city_code: string;
    activities: number;
    signed_up: number;
    attended: number;
    hires: number;
  }>(
    `SELECT a.kind, a.city_code, count(*)::int AS activities,
            COALESCE(sum((SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.activity_id)), 0)::int AS signed_up,
            COALESCE(sum((SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.activity_id AND s.attended_at IS NOT NULL)), 0)::int AS attended,
            COALESCE(sum((SELECT count(*) FROM activity_hires h WHERE h.activity_id = a.activity_id)), 0)::int AS hires
     FROM field_activities a
     WHERE extract(year FROM (a.starts_at AT TIME ZONE 'UTC') + interval '8 hours') = $1
       AND ($2::text IS NULL OR a.city_code = $2) AND ($3::text[] IS NULL OR a.sector = ANY($3::text[]))
     GROUP BY a.kind, a.city_code ORDER BY a.city_code, a.kind`,
    [
      year,
      actor.role === 'city_officer' ? actor.cityCode : null,
      actor.role === 'department_officer' ? actor.sectors : null,
    ],
  );
}
