import type { Db } from '../../db/client.ts';
import { cachedKpi } from './kpi-cache.ts';

export const INDICATORS = ['subsidized_trainings', 'new_certificates', 'new_high_skill'] as const;
export type Indicator = (typeof INDICATORS)[number];
export const DIMENSIONS = ['total', 'city', 'sector', 'group', 'key_task'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface KpiRow {
  indicator: Indicator;
  dimension: Dimension;
  key: string;
  value: number;
}

export interface Period {
  from?: string | null;
  to?: string | null;
}

/**
 * The three indicators of policy.md § KPI by every dimension, from the records themselves.
 * `scopeCity` confines the facts to one city (a city officer's dashboard). Pages read it through
 * the version-checked cache (kpi-cache.ts): equal numbers, without recounting unchanged data.
 */
export async function computeKpi(db: Db, period: Period = {}, scopeCity: string | null = null): Promise<KpiRow[]> {
  return cachedKpi(db, `kpi|${period.from ?? ''}|${period.to ?? ''}|${scopeCity ?? ''}`, () => computeKpiFresh(db, period, scopeCity));
}

/** The same, straight from the records every time (the standard's export reads this). */
export async function computeKpiFresh(db: Db, period: Period = {}, scopeCity: string | null = null): Promise<KpiRow[]> {
  const rows = await db.query<{ indicator: Indicator; dimension: Dimension; key: string; value: number }>(
    `WITH trainings AS (
       SELECT d.application_id AS item, d.city_code AS city, o.sector, p.groups, COALESCE(pr.key_task::text, 'none') AS key_task
       FROM decisions d
       JOIN persons p ON p.person_key = d.person_key
       LEFT JOIN occupations o ON o.code = d.occupation_code
       LEFT JOIN projects pr ON pr.project_code = d.project_code
       WHERE d.decision = 'approved'
         AND ($1::date IS NULL OR d.applied_on >= $1::date) AND ($2::date IS NULL OR d.applied_on <= $2::date)
     ),
     certs AS (
       SELECT c.certificate_no AS item, p.city_code AS city, o.sector, p.groups, COALESCE(pr.key_task::text, 'none') AS key_task,
              COALESCE(l.high_skill, false) AS high_skill
       FROM certificates c
       JOIN persons p ON p.person_key = c.person_key
       LEFT JOIN occupations o ON o.code = c.occupation_code
       LEFT JOIN projects pr ON pr.project_code = c.project_code
       LEFT JOIN levels l ON l.code = c.level
       WHERE c.kind IN ('skill_level', 'qualification') AND c.revoked_on IS NULL
         AND ($1::date IS NULL OR c.issued_on >= $1::date) AND ($2::date IS NULL OR c.issued_on <= $2::date)
     ),
     facts AS (
       SELECT 'subsidized_trainings' AS indicator, * FROM trainings
       UNION ALL SELECT 'new_certificates', item, city, sector, groups, key_task FROM certs
       UNION ALL SELECT 'new_high_skill', item, city, sector, groups, key_task FROM certs WHERE high_skill
     ),
     -- One pass over the facts into their (few thousand) combinations; every dimension sums those.
     combos AS (
       SELECT indicator, city, sector, groups, key_task, count(*) AS n FROM facts
       WHERE $3::text IS NULL OR city = $3::text GROUP BY indicator, city, sector, groups, key_task)
     SELECT indicator, 'total' AS dimension, 'all' AS key, sum(n)::int AS value FROM combos GROUP BY indicator
     UNION ALL SELECT indicator, 'city', city, sum(n)::int FROM combos WHERE city IS NOT NULL GROUP BY indicator, city
     UNION ALL SELECT indicator, 'sector', sector, sum(n)::int FROM combos WHERE sector IS NOT NULL GROUP BY indicator, sector
     UNION ALL SELECT indicator, 'group', g, sum(n)::int FROM combos, unnest(groups) AS g GROUP BY indicator, g
     UNION ALL SELECT indicator, 'key_task', key_task, sum(n)::int FROM combos GROUP BY indicator, key_task
     ORDER BY 1, 2, 3`,
    [period.from ?? null, period.to ?? null, scopeCity],
  );
  return rows;
}
