import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { NotFound } from '../../kernel/errors.ts';
import { outOfScope } from '../../kernel/scope.ts';
import { collegeFilter, mayReadCollege } from './colleges.policy.ts';
import { COLLEGE_TYPES, loadCollegeParameters, type CollegeParameters } from './parameters.ts';

/** The year a session or payment counts in: its China calendar year. */
const yearOf = (col: string) => `EXTRACT(YEAR FROM (${col} AT TIME ZONE 'Asia/Shanghai'))::int`;
/** A session's actual length in whole minutes (实际课时 is measured from the session's own times). */
const MINUTES = `round(EXTRACT(EPOCH FROM (s.ends_at - s.starts_at)) / 60)::int`;

/** 职业院校社会培训工作量折算: one college's year — hours, workload, money and the performance-pay cap. */
export interface CollegeYear {
  creditCode: string;
  name: string;
  cityCode: string;
  cityName: string;
  type: string;
  sessions: number;
  minutes: number;
  /** 课时: minutes ÷ the class hour's minutes, to two decimals. */
  classHours: number;
  /** 折算全日制学生培养工作量 (hours): class hours × the conversion ratio, to two decimals. */
  workloadHours: number;
  /** What the platform paid the college (its project claims) in the year. */
  platformIncomeFen: number;
  otherIncomeFen: number;
  costFen: number;
  /** Whether the college reported its other income and costs for the year. */
  reported: boolean;
  netIncomeFen: number;
  /** 增核绩效工资总量上限: the cap share of a positive net income, rounded down to the fen. */
  performancePayCapFen: number;
}

/** Hundredths, rounded half-up, from an exact fraction of integers (no float on the way). */
const hundredths = (num: number, den: number) => Math.floor((num * 200 + den) / (den * 2)) / 100;

/** The conversion of plan (一), in one place: hours, workload, net income, cap. */
export function convert(
  raw: { minutes: number; platformIncomeFen: number; otherIncomeFen: number; costFen: number },
  p: Pick<CollegeParameters, 'classHourMinutes' | 'workloadRatioBp' | 'performancePayCapBp'>,
) {
  const netIncomeFen = raw.platformIncomeFen + raw.otherIncomeFen - raw.costFen;
  return {
    classHours: hundredths(raw.minutes, p.classHourMinutes),
    workloadHours: hundredths(raw.minutes * p.workloadRatioBp, p.classHourMinutes * 10000),
    netIncomeFen,
    performancePayCapFen:
      netIncomeFen > 0 ? Number((BigInt(netIncomeFen) * BigInt(p.performancePayCapBp)) / 10000n) : 0,
  };
}

interface RawRow {
  creditCode: string;
  name: string;
  cityCode: string;
  cityName: string;
  type: string;
  sessions: number;
  minutes: number;
  platformIncomeFen: number;
  otherIncomeFen: number | null;
  costFen: number | null;
}

async function collegeRows(db: Db, year: number, filter: { city: string | null; institution: string | null }) {
  return db.query<RawRow>(
    `WITH c AS (
       SELECT credit_code, name, city_code, type FROM registry.institutions
       WHERE type = ANY($2::text[]) AND ($3::text IS NULL OR city_code = $3) AND ($4::text IS NULL OR credit_code = $4)),
     h AS (
       SELECT p.institution_code, count(*)::int AS sessions, COALESCE(sum(${MINUTES}), 0)::int AS minutes
       FROM training.sessions s JOIN training.projects p USING (project_code)
       WHERE p.institution_code IN (SELECT credit_code FROM c) AND ${yearOf('s.starts_at')} = $1
       GROUP BY 1),
     pay AS (
       SELECT l.payee_key, sum(l.amount_fen)::bigint AS fen FROM subsidy.payment_lines l
       WHERE l.status = 'paid' AND l.payee_kind = 'institution' AND l.payee_key IN (SELECT credit_code FROM c)
         AND ${yearOf('l.settled_at')} = $1
       GROUP BY 1)
     SELECT c.credit_code AS "creditCode", c.name, c.city_code AS "cityCode", COALESCE(ct.name, c.city_code) AS "cityName", c.type,
            COALESCE(h.sessions, 0) AS sessions, COALESCE(h.minutes, 0) AS minutes,
            COALESCE(pay.fen, 0)::bigint AS "platformIncomeFen",
            f.other_income_fen AS "otherIncomeFen", f.cost_fen AS "costFen"
     FROM c LEFT JOIN catalog.cities ct ON ct.code = c.city_code
            LEFT JOIN h ON h.institution_code = c.credit_code
            LEFT JOIN pay ON pay.payee_key = c.credit_code
            LEFT JOIN college_finances f ON f.institution_code = c.credit_code AND f.year = $1
     ORDER BY COALESCE(h.minutes, 0) DESC, c.credit_code`,
    [year, COLLEGE_TYPES, filter.city, filter.institution],
  );
}

function toYear(r: RawRow, p: CollegeParameters): CollegeYear {
  const raw = {
    minutes: r.minutes,
    platformIncomeFen: r.platformIncomeFen,
    otherIncomeFen: r.otherIncomeFen ?? 0,
    costFen: r.costFen ?? 0,
  };
  return {
    creditCode: r.creditCode,
    name: r.name,
    cityCode: r.cityCode,
    cityName: r.cityName,
    type: r.type,
    sessions: r.sessions,
    ...raw,
    reported: r.otherIncomeFen !== null,
    ...convert(raw, p),
  };
}

/**
 * The workload report for 教育厅 (and cities, each its own): every college in the actor's scope for a
 * year, its hours from the platform's own sessions, the conversion, income, costs and the cap.
 */
export async function collegesWorkload(db: Db, actor: Actor, year: number) {
  const p = await loadCollegeParameters(db);
  const rows = (await collegeRows(db, year, collegeFilter(actor))).map((r) => toYear(r, p));
  return { year, parameters: p.all, colleges: rows };
}

/** One college's year: the summary, hours by course and by teacher, and the payments counted as income. */
export async function collegeWorkload(db: Db, actor: Actor, creditCode: string, year: number) {
  const p = await loadCollegeParameters(db);
  const [row] = await collegeRows(db, year, { city: null, institution: creditCode });
  if (!row) throw new NotFound({ zh: '职业院校', en: 'college' }, 'COLLEGE_NOT_FOUND');
  if (!mayReadCollege(actor, row)) throw outOfScope();
  const byCourse = await db.query<{
    projectCode: string;
    title: string;
    occupationCode: string;
    occupationName: string;
    level: string | null;
    levelName: string | null;
    sessions: number;
    minutes: number;
  }>(
    `SELECT p.project_code AS "projectCode", p.title, p.occupation_code AS "occupationCode",
            COALESCE(o.name, p.occupation_code) AS "occupationName", p.level, COALESCE(lv.name, p.level) AS "levelName",
            count(*)::int AS sessions, sum(${MINUTES})::int AS minutes
     FROM training.sessions s JOIN training.projects p USING (project_code)
       LEFT JOIN catalog.occupations o ON o.code = p.occupation_code LEFT JOIN catalog.levels lv ON lv.code = p.level
     WHERE p.institution_code = $1 AND ${yearOf('s.starts_at')} = $2
     GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1`,
    [creditCode, year],
  );
  const byTeacher = await db.query<{ teacher: string | null; sessions: number; minutes: number }>(
    `SELECT NULLIF(trim(s.teacher), '') AS teacher, count(*)::int AS sessions, sum(${MINUTES})::int AS minutes
     FROM training.sessions s JOIN training.projects p USING (project_code)
     WHERE p.institution_code = $1 AND ${yearOf('s.starts_at')} = $2
     GROUP BY 1 ORDER BY 3 DESC, 1`,
    [creditCode, year],
  );
  const payments = await db.query<{ claimId: string; projectCode: string | null; amountFen: number; settledAt: Date }>(
    `SELECT l.application_id AS "claimId", c.project_code AS "projectCode", l.amount_fen AS "amountFen", l.settled_at AS "settledAt"
     FROM subsidy.payment_lines l LEFT JOIN subsidy.project_claims c ON c.claim_id = l.application_id
     WHERE l.status = 'paid' AND l.payee_kind = 'institution' AND l.payee_key = $1 AND ${yearOf('l.settled_at')} = $2
     ORDER BY l.settled_at, l.application_id`,
    [creditCode, year],
  );
  const hours = (m: number) => convert({ minutes: m, platformIncomeFen: 0, otherIncomeFen: 0, costFen: 0 }, p);
  return {
    year,
    parameters: p.all,
    college: toYear(row, p),
    byCourse: byCourse.map((c) => ({ ...c, classHours: hours(c.minutes).classHours })),
    byTeacher: byTeacher.map((t) => ({ ...t, classHours: hours(t.minutes).classHours })),
    payments,
  };
}

/** 课次明细: the sessions a figure is made of (one college and year; optionally one course or teacher). */
export async function collegeSessions(
  db: Db,
  actor: Actor,
  creditCode: string,
  year: number,
  only: { project?: string; teacher?: string } = {},
) {
  const [college] = await db.query<{ creditCode: string; cityCode: string }>(
    `SELECT credit_code AS "creditCode", city_code AS "cityCode" FROM registry.institutions WHERE credit_code = $1 AND type = ANY($2::text[])`,
    [creditCode, COLLEGE_TYPES],
  );
  if (!college) throw new NotFound({ zh: '职业院校', en: 'college' }, 'COLLEGE_NOT_FOUND');
  if (!mayReadCollege(actor, college)) throw outOfScope();
  const p = await loadCollegeParameters(db);
  const rows = await db.query<{
    projectCode: string;
    title: string;
    sessionNo: number;
    startsAt: Date;
    endsAt: Date;
    teacher: string | null;
    siteName: string | null;
    minutes: number;
  }>(
    `SELECT p.project_code AS "projectCode", p.title, s.session_no AS "sessionNo", s.starts_at AS "startsAt", s.ends_at AS "endsAt",
            NULLIF(trim(s.teacher), '') AS teacher, s.site_name AS "siteName", ${MINUTES} AS minutes
     FROM training.sessions s JOIN training.projects p USING (project_code)
     WHERE p.institution_code = $1 AND ${yearOf('s.starts_at')} = $2
       AND ($3::text IS NULL OR p.project_code = $3)
       AND ($4::text IS NULL OR COALESCE(NULLIF(trim(s.teacher), ''), '') = $4)
     ORDER BY s.starts_at, p.project_code, s.session_no`,
    [creditCode, year, only.project ?? null, only.teacher ?? null],
  );
  return rows.map((r) => ({
    ...r,
    classHours: convert({ minutes: r.minutes, platformIncomeFen: 0, otherIncomeFen: 0, costFen: 0 }, p).classHours,
  }));
}
