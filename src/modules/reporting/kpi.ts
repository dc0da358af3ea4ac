import type { Db } from '../../db/client.ts';
import { cachedKpi } from './kpi-cache.ts';
import { kpiFacts } from './kpi-facts.ts';
import { refreshKpiRollup, rollupScope } from './kpi-rollup.ts';

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
 * The three indicators by every dimension. `scopeCity` confines the facts to one city (a city
 * officer's dashboard). Pages read it through the version-checked cache (kpi-cache.ts), summed
 * from the daily rollup (kpi-rollup.ts: each day's numbers by dimension key, province-wide and per
 * city) brought up to date first: the same numbers as from the records, without recounting
 * unchanged days.
 */
export async function computeKpi(db: Db, period: Period = {}, scopeCity: string | null = null): Promise<KpiRow[]> {
  return cachedKpi(db, `kpi|${period.from ?? ''}|${period.to ?? ''}|${scopeCity ?? ''}`, async () => {
    await refreshKpiRollup(db);
    const scope = rollupScope(scopeCity, [period.from ?? null, period.to ?? null]);
    return db.query<KpiRow>(
      `SELECT indicator, dimension, key, sum(n)::int AS value FROM kpi_daily
       WHERE ${scope.where} AND ($1::date IS NULL OR day >= $1::date) AND ($2::date IS NULL OR day <= $2::date)
       GROUP BY indicator, dimension, key ORDER BY 1, 2, 3`,
      scope.params,
    );
  });
}

/** The same, straight from the records every time (the standard's export reads this). */
export async function computeKpiFresh(db: Db, period: Period = {}, scopeCity: string | null = null): Promise<KpiRow[]> {
  return db.query<KpiRow>(
    `WITH ${kpiFacts(null)}
     SELECT indicator, dimension, key, count(*)::int AS value FROM keyed
     WHERE $3::text IS NULL OR city = $3::text
     GROUP BY indicator, dimension, key ORDER BY 1, 2, 3`,
    [period.from ?? null, period.to ?? null, scopeCity],
  );
}
