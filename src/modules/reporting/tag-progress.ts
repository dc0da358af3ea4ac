import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { cachedKpi, KPI_SOURCES } from './kpi-cache.ts';
import { kpiFacts } from './kpi-facts.ts';
import { nextMonth, refreshKpiRollup, rollupScope } from './kpi-rollup.ts';
import type { Indicator } from './kpi.ts';
import { PLAN } from './targets.ts';

/** The tables the programme, carrier and holder figures read, beyond the KPI's. */
export const TAG_SOURCES = [
  ...KPI_SOURCES,
  'project_programmes',
  'project_carriers',
  'carriers',
  'programmes',
  'target_holders',
];

/** How a tag reaches a fact: the project the decision or certificate belongs to. */
const TAGS = {
  programme: { table: 'programmes.project_programmes', key: 'programme_code' },
  carrier: { table: 'programmes.project_carriers', key: 'carrier_id::text' },
} as const;
export type TagKind = keyof typeof TAGS;

type TagRow = { key: string; indicator: Indicator; value: number };

/**
 * The KPI's own facts (kpi-facts.ts: the same approved decisions and valid certificates) of the
 * tagged projects, counted per tag: a fact of a project with two programmes counts for each, so
 * programmes do not add up to the province total. `scopeCity` confines the facts to a city.
 * Summed from the rollups by tag (brought up to date first, province-wide or the city's rows like
 * kpi_daily): the whole months of the range from `kpi_tag_monthly`, the odd days at its ends from
 * `kpi_tag_daily` — a few hundred rows instead of every day's. A change costs the recount of its
 * day (and its month's sum) only, a retag that project's own facts added or taken away (migration
 * 0064). On a standby with marks or retags pending the refresh throws ReplicaBehind.
 */
export async function factsByTag(
  db: Db,
  kind: TagKind,
  from: string,
  to: string,
  scopeCity: string | null,
): Promise<TagRow[]> {
  return cachedKpi(
    db,
    `tags|${kind}|${from}|${to}|${scopeCity ?? ''}`,
    async () => {
      await refreshKpiRollup(db);
      const [first, end] = wholeMonths(from, to);
      const scope = rollupScope(scopeCity, [from, to, kind, first, end]);
      return db.query<TagRow>(
        `SELECT key, indicator, sum(n)::int AS value FROM (
           SELECT key, indicator, n FROM kpi_tag_monthly
           WHERE tag = $3 AND ${scope.where} AND month >= $4::date AND month < $5::date
           UNION ALL
           SELECT key, indicator, n FROM kpi_tag_daily
           WHERE tag = $3 AND ${scope.where} AND day >= $1::date AND day < $4::date AND day <= $2::date
           UNION ALL
           SELECT key, indicator, n FROM kpi_tag_daily
           WHERE tag = $3 AND ${scope.where} AND day >= $5::date AND day >= $1::date AND day <= $2::date
         ) x GROUP BY 1, 2 ORDER BY 1, 2`,
        scope.params,
      );
    },
    TAG_SOURCES,
  );
}

/**
 * The whole calendar months inside [from, to], as [first month's first day, the day after the last
 * month): summed from kpi_tag_monthly; the days of [from, to] outside them from kpi_tag_daily. No
 * whole month: an empty span at `from`'s next month start, so every day comes from the daily rows.
 */
export function wholeMonths(from: string, to: string): [string, string] {
  const first = from.endsWith('-01') ? from : nextMonth(from);
  const end = isLastDay(to) ? nextMonth(to) : `${to.slice(0, 7)}-01`;
  return end > first ? [first, end] : [first, first];
}

function isLastDay(day: string): boolean {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

/** The same, straight from the records (the reconciliation tests compare the two). */
export async function factsByTagFresh(
  db: Db,
  kind: TagKind,
  from: string,
  to: string,
  scopeCity: string | null,
): Promise<TagRow[]> {
  const tag = TAGS[kind];
  return db.query<TagRow>(
    `WITH ${kpiFacts(null, `SELECT project_code FROM ${tag.table}`)}
     SELECT t.${tag.key} AS key, f.indicator, count(*)::int AS value
     FROM facts f JOIN ${tag.table} t ON t.project_code = f.project
     WHERE $3::text IS NULL OR f.city = $3::text
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to, scopeCity],
  );
}

/** The three figures of one programme or carrier; absent indicators are 0. */
export interface TagFigures {
  subsidized_trainings: number;
  new_certificates: number;
  new_high_skill: number;
}

function figures(rows: TagRow[], key: string): TagFigures {
  const of = (i: Indicator) => rows.find((r) => r.key === key && r.indicator === i)?.value ?? 0;
  return {
    subsidized_trainings: of('subsidized_trainings'),
    new_certificates: of('new_certificates'),
    new_high_skill: of('new_high_skill'),
  };
}

/**
 * 专项计划进度: each programme's trainings, certificates and high-skill talents since the plan's
 * start, with how many projects carry it. A city officer's are its city's facts; a department sees
 * the programmes of its key tasks.
 */
export async function programmeProgress(db: Db, actor: Actor, asOf: string) {
  const scopeCity = actor.role === 'city_officer' ? actor.cityCode : null;
  const rows = await factsByTag(db, 'programme', PLAN.from, asOf, scopeCity);
  // One grouped count of the tags (not a count per programme, each joining every project), reused
  // while programmes, tags and projects are unchanged (their triggers move the cache's version).
  const list = await cachedKpi(
    db,
    `programme-list|${scopeCity ?? ''}`,
    () =>
      db.query<{ code: string; name_zh: string; name_en: string; key_task: number; projects: number }>(
        `WITH counted AS (
           SELECT t.programme_code, count(*)::int AS projects
           FROM programmes.project_programmes t JOIN training.projects pr ON pr.project_code = t.project_code
           WHERE $1::text IS NULL OR pr.city_code = $1 GROUP BY 1
         )
         SELECT p.code, p.name_zh, p.name_en, p.key_task, coalesce(c.projects, 0) AS projects
         FROM programmes.programmes p LEFT JOIN counted c ON c.programme_code = p.code ORDER BY p.key_task, p.code`,
        [scopeCity],
      ),
    TAG_SOURCES,
  );
  return list
    .filter((p) => actor.role !== 'department_officer' || actor.keyTasks.includes(p.key_task))
    .map((p) => ({
      code: p.code,
      name: p.name_zh,
      nameEn: p.name_en,
      keyTask: p.key_task,
      projects: p.projects,
      ...figures(rows, p.code),
    }));
}

/** 载体进度: each carrier's figures (its projects' facts), with its kind, city and members. A city officer: its city's carriers. */
export async function carrierProgress(db: Db, actor: Actor, asOf: string) {
  const scopeCity = actor.role === 'city_officer' ? actor.cityCode : null;
  const rows = await factsByTag(db, 'carrier', PLAN.from, asOf, null);
  const list = await db.query<{
    id: string;
    kind: string;
    name: string;
    city_code: string;
    city_name: string;
    owner: string;
    members: number;
    projects: number;
  }>(
    `SELECT c.id::text AS id, c.kind, c.name, c.city_code, ci.name AS city_name, c.owner,
       (SELECT count(*)::int FROM programmes.carrier_members m WHERE m.carrier_id = c.id) AS members,
       (SELECT count(*)::int FROM programmes.project_carriers t WHERE t.carrier_id = c.id) AS projects
     FROM programmes.carriers c JOIN catalog.cities ci ON ci.code = c.city_code
     WHERE $1::text IS NULL OR c.city_code = $1 ORDER BY c.kind, c.city_code, c.name`,
    [scopeCity],
  );
  if (actor.role === 'department_officer') return [];
  return list.map((c) => ({
    id: c.id,
    kind: c.kind,
    name: c.name,
    cityName: c.city_name,
    owner: c.owner,
    members: c.members,
    projects: c.projects,
    ...figures(rows, c.id),
  }));
}
