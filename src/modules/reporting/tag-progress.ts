import type { Db } from '../../db/client.ts';
import type { Actor } from '../../kernel/auth.ts';
import { cachedKpi, KPI_SOURCES } from './kpi-cache.ts';
import { kpiFacts } from './kpi-facts.ts';
import { refreshKpiRollup, rollupScope } from './kpi-rollup.ts';
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
 * Summed from the daily rollup by tag (`kpi_tag_daily`, brought up to date first, province-wide or
 * the city's rows like kpi_daily): a change costs the recount of its day only, a retag of the days
 * of that project's facts. On a standby with marks pending the refresh throws ReplicaBehind.
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
      const scope = rollupScope(scopeCity, [from, to, kind]);
      return db.query<TagRow>(
        `SELECT key, indicator, sum(n)::int AS value FROM kpi_tag_daily
         WHERE tag = $3 AND ${scope.where} AND day BETWEEN $1::date AND $2::date
         GROUP BY 1, 2 ORDER BY 1, 2`,
        scope.params,
      );
    },
    TAG_SOURCES,
  );
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
  const list = await db.query<{ code: string; name_zh: string; name_en: string; key_task: number; projects: number }>(
    `SELECT p.code, p.name_zh, p.name_en, p.key_task,
       (SELECT count(*)::int FROM programmes.project_programmes t JOIN training.projects pr ON pr.project_code = t.project_code
        WHERE t.programme_code = p.code AND ($1::text IS NULL OR pr.city_code = $1)) AS projects
     FROM programmes.programmes p ORDER BY p.key_task, p.code`,
    [scopeCity],
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
