import type { Db } from '../../db/client.ts';
import { Conflict, Invalid, NotFound } from '../../kernel/errors.ts';
import { JIANGSU_BOUNDS } from './training.policy.ts';

/**
 * 找培训 (course catalog): the classes a worker can still join, read by anyone (docs/course-catalog.md).
 *
 * A class is *open* while its project is accepted by the institution or running (the states in which
 * the institution may enrol: classes.ts `enrol`) and has not ended (end date today or later, China
 * date): an upcoming class and one whose enrolment is still open alike. A class of an institution
 * blacklisted by today is not offered. Nothing personal is read: no roster, no teacher, no request.
 */

/** The project states in which a class takes trainees (classes.ts enrol / enrolMany). */
export const OPEN_CLASS_STATUSES = ['accepted', 'running'] as const;

/** The Earth's mean radius the catalog measures distance with (km); attendance checks use the policy's. */
const EARTH_RADIUS_KM = 6371;

export interface OpenClassQuery {
  /** One class by its project code (the detail view). */
  code?: string;
  city?: string;
  occupation?: string;
  level?: string;
  /** Classes on in this period (running on some day from `from` to `to`), China dates. */
  from?: string;
  to?: string;
  /** Where the phone is; with both the list is ordered by distance to the nearest site. */
  lat?: number;
  lon?: number;
  /** Only classes whose nearest site is within this many km (needs lat/lon). */
  maxKm?: number;
  offset?: number;
  limit?: number;
}

export interface OpenClass {
  projectCode: string;
  title: string;
  status: string;
  kind: string;
  occupationCode: string;
  occupationName: string | null;
  level: string | null;
  cityCode: string;
  cityName: string | null;
  startDate: string;
  endDate: string;
  plannedHours: number | null;
  plannedTrainees: number | null;
  enrolled: number;
  /** Per person, in fen; null when the project states none (0). */
  feeFen: number | null;
  modules: string[];
  institutionCode: string;
  institutionName: string | null;
  /** The nearest place the class meets: its scheduled sessions' sites, else the institution's registered sites. */
  site: { name: string; address: string | null; lat: number; lon: number } | null;
  /** Km from the phone to `site`, one decimal; null without a location or a site. */
  distanceKm: number | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a catalog query, refusing in both languages what cannot be answered. */
export function checkOpenClassQuery(q: OpenClassQuery): void {
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v))))
      throw new Invalid('BAD_DATE', '日期格式应为 2026-12-01', 'a date like 2026-12-01', { field });
  }
  if (q.from && q.to && q.from > q.to)
    throw new Invalid('DATES_REVERSED', '开始日期不能晚于结束日期', 'the start date is after the end date', {
      field: 'to',
    });
  if ((q.lat === undefined) !== (q.lon === undefined))
    throw new Invalid('LOCATION_INCOMPLETE', '位置须同时给出纬度和经度', 'give both latitude and longitude', {
      field: q.lat === undefined ? 'lat' : 'lon',
    });
  const b = JIANGSU_BOUNDS;
  // A phone a little outside the province (a border town) still finds Jiangsu's classes; the margin is 1°.
  if (
    q.lat !== undefined &&
    q.lon !== undefined &&
    (q.lat < b.minLat - 1 || q.lat > b.maxLat + 1 || q.lon < b.minLon - 1 || q.lon > b.maxLon + 1)
  )
    throw new Invalid(
      'LOCATION_OUTSIDE_JIANGSU',
      '您的位置不在江苏省附近，无法按距离查找；请改按城市筛选',
      'your location is not near Jiangsu; filter by city instead',
      { field: 'lat' },
    );
  if (q.maxKm !== undefined && q.lat === undefined)
    throw new Invalid('LOCATION_REQUIRED', '按距离筛选需要您的位置', 'filtering by distance needs your location', {
      field: 'maxKm',
    });
}

/** The distance (km) from the point ($lat, $lon) to a site aliased `s`, in SQL (haversine). */
export const kmFrom = (lat: string, lon: string, s: string) =>
  `2 * ${EARTH_RADIUS_KM} * asin(least(1, sqrt(power(sin(radians(${s}.lat - ${lat}) / 2), 2)
     + cos(radians(${lat})) * cos(radians(${s}.lat)) * power(sin(radians(${s}.lon - ${lon}) / 2), 2))))`;

/**
 * Open classes matching the filters, a page of them and how many there are: by distance to the
 * nearest site when a location is given (classes without a site last), else by start date.
 */
export async function openClasses(
  db: Db,
  q: OpenClassQuery,
  today: string,
): Promise<{ items: OpenClass[]; total: number }> {
  checkOpenClassQuery(q);
  const located = q.lat !== undefined && q.lon !== undefined;
  const params: unknown[] = [
    today,
    [...OPEN_CLASS_STATUSES],
    q.city ?? null,
    q.occupation ?? null,
    q.level ?? null,
    q.from ?? null,
    q.to ?? null,
    located ? q.lat : null,
    located ? q.lon : null,
    q.maxKm ?? null,
    q.code ?? null,
  ];
  // The class's own places (sessions scheduled at a site) first; an unscheduled class meets at one of
  // its institution's registered sites. Each candidate with its distance when a location is given.
  const nearest = `LEFT JOIN LATERAL (
      SELECT x.name, x.address, x.lat, x.lon, ${located ? kmFrom('$8::float8', '$9::float8', 'x') : 'NULL::float8'} AS km
      FROM (
        SELECT DISTINCT s.site_name AS name, NULL::text AS address, s.site_lat AS lat, s.site_lon AS lon, 0 AS rank
          FROM sessions s WHERE s.project_code = pr.project_code AND s.site_lat IS NOT NULL AND s.site_lon IS NOT NULL
        UNION ALL
        SELECT t.name, t.address, t.lat, t.lon, 1 AS rank FROM sites t
          WHERE t.institution_code = pr.institution_code
            AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.project_code = pr.project_code AND s.site_lat IS NOT NULL)
      ) x ORDER BY km NULLS LAST, x.rank, x.name LIMIT 1) site ON true`;
  const from = `FROM projects pr
     LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code
     LEFT JOIN catalog.occupations o ON o.code = pr.occupation_code
     LEFT JOIN catalog.cities c ON c.code = pr.city_code
     ${nearest}
     WHERE pr.status = ANY($2::text[]) AND pr.end_date >= $1::date
       AND (i.blacklisted_from IS NULL OR i.blacklisted_from > $1::date)
       AND ($3::text IS NULL OR pr.city_code = $3) AND ($4::text IS NULL OR pr.occupation_code = $4)
       AND ($5::text IS NULL OR pr.level = $5)
       AND ($6::date IS NULL OR pr.end_date >= $6::date) AND ($7::date IS NULL OR pr.start_date <= $7::date)
       AND ($10::float8 IS NULL OR site.km <= $10::float8) AND ($11::text IS NULL OR pr.project_code = $11)
       AND ($8::float8 IS NULL OR $9::float8 IS NOT NULL)`; // names $8 and $9 when no distance does (typed parameters)
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, params);
  const order = located
    ? 'ORDER BY site.km NULLS LAST, pr.start_date, pr.project_code'
    : 'ORDER BY pr.start_date, pr.project_code';
  const rows = await db.query<{
    project_code: string;
    title: string;
    status: string;
    kind: string;
    occupation_code: string;
    occupation_name: string | null;
    level: string | null;
    city_code: string;
    city_name: string | null;
    start_date: string;
    end_date: string;
    planned_hours: number | null;
    planned_trainees: number | null;
    enrolled: number;
    fee_fen: number;
    modules: string[];
    institution_code: string;
    institution_name: string | null;
    site_name: string | null;
    site_address: string | null;
    site_lat: number | null;
    site_lon: number | null;
    km: number | null;
  }>(
    `SELECT pr.project_code, pr.title, pr.status, pr.kind, pr.occupation_code, o.name AS occupation_name, pr.level,
            pr.city_code, c.name AS city_name, pr.start_date, pr.end_date, pr.planned_hours, pr.planned_trainees,
            (SELECT count(*)::int FROM enrolments e WHERE e.project_code = pr.project_code) AS enrolled,
            pr.fee_fen, pr.modules, pr.institution_code, i.name AS institution_name,
            site.name AS site_name, site.address AS site_address, site.lat AS site_lat, site.lon AS site_lon, site.km
     ${from} ${order} LIMIT ${Math.min(q.limit ?? 20, 50)} OFFSET ${q.offset ?? 0}`,
    params,
  );
  return {
    total: n,
    items: rows.map((r) => ({
      projectCode: r.project_code,
      title: r.title,
      status: r.status,
      kind: r.kind,
      occupationCode: r.occupation_code,
      occupationName: r.occupation_name,
      level: r.level,
      cityCode: r.city_code,
      cityName: r.city_name,
      startDate: r.start_date,
      endDate: r.end_date,
      plannedHours: r.planned_hours,
      plannedTrainees: r.planned_trainees,
      enrolled: r.enrolled,
      feeFen: r.fee_fen > 0 ? Number(r.fee_fen) : null,
      modules: r.modules ?? [],
      institutionCode: r.institution_code,
      institutionName: r.institution_name,
      site:
        r.site_name !== null && r.site_lat !== null && r.site_lon !== null
          ? { name: r.site_name, address: r.site_address, lat: r.site_lat, lon: r.site_lon }
          : null,
      distanceKm: r.km === null ? null : Math.round(r.km * 10) / 10,
    })),
  };
}

/** One open class with where and when it meets (dates, times, sites, theory or practice; no teacher). */
export async function openClassDetail(db: Db, code: string, today: string) {
  const [p] = await db.query<{ status: string; end_date: string; blacklisted: boolean }>(
    `SELECT pr.status, pr.end_date, (i.blacklisted_from IS NOT NULL AND i.blacklisted_from <= $2::date) AS blacklisted
     FROM projects pr LEFT JOIN registry.institutions i ON i.credit_code = pr.institution_code WHERE pr.project_code = $1`,
    [code, today],
  );
  if (!p || !isOpen(p, today) || p.blacklisted) throw new NotFound({ zh: '可报名的班级', en: 'open class' });
  const sessions = await db.query<{
    sessionNo: number;
    startsAt: Date;
    endsAt: Date;
    siteName: string | null;
    mode: string | null;
  }>(
    `SELECT session_no AS "sessionNo", starts_at AS "startsAt", ends_at AS "endsAt", site_name AS "siteName", mode
     FROM sessions WHERE project_code = $1 ORDER BY session_no`,
    [code],
  );
  const sites = await db.query<{ name: string; address: string | null; lat: number; lon: number }>(
    `SELECT t.name, t.address, t.lat, t.lon FROM sites t JOIN projects pr ON pr.institution_code = t.institution_code
     WHERE pr.project_code = $1 ORDER BY t.name`,
    [code],
  );
  return { sessions, sites };
}

const isOpen = (p: { status: string; end_date: string }, today: string) =>
  (OPEN_CLASS_STATUSES as readonly string[]).includes(p.status) && p.end_date >= today;

/**
 * The class a 点单 names (找培训 → 我要报名): it must be open (accepted or running, not ended), else
 * the worker is told it no longer takes trainees.
 */
export async function requireOpenClass(db: Db, code: string, today: string) {
  const [p] = await db.query<{
    project_code: string;
    title: string;
    status: string;
    end_date: string;
    occupation_code: string;
    level: string | null;
  }>('SELECT project_code, title, status, end_date, occupation_code, level FROM projects WHERE project_code = $1', [
    code,
  ]);
  if (!p) throw new NotFound({ zh: '班级', en: 'class' });
  if (!isOpen(p, today))
    throw new Conflict(
      'CLASS_NOT_OPEN',
      `班级「${p.title}」已不再接受报名`,
      `the class “${p.title}” no longer takes trainees`,
    );
  return p;
}
