import type { Db } from '../../db/client.ts';
import { computeKpi, INDICATORS, type Indicator } from './kpi.ts';
import { cachedKpi } from './kpi-cache.ts';
import { refreshKpiRollup, rollupScope } from './kpi-rollup.ts';
import { pace, type Pace } from './pace.ts';
import { cityProgress, PLAN, type CityProgress } from './targets.ts';

export interface Dashboard {
  asOf: string;
  totals: ({ indicator: Indicator } & Pace)[];
  cities: CityProgress[];
  trend: { month: string; indicator: Indicator; value: number }[];
}

/**
 * The province dashboard: the three indicators against target and pro-rata target, per city with
 * a pacing forecast, and the monthly trend. The numbers are the KPI export's (same query); the pace
 * is pace.ts's, which the weekly reminders and the monthly report read too.
 */
export async function dashboard(db: Db, asOf: string, scopeCity: string | null): Promise<Dashboard> {
  return cachedKpi(db, `dashboard|${asOf}|${scopeCity ?? ''}`, () => freshDashboard(db, asOf, scopeCity));
}

async function freshDashboard(db: Db, asOf: string, scopeCity: string | null): Promise<Dashboard> {
  const kpi = await computeKpi(db, { from: PLAN.from, to: asOf }, scopeCity);
  const byCity = new Map<string, Record<Indicator, number>>();
  for (const r of kpi.filter((k) => k.dimension === 'city')) {
    if (!byCity.has(r.key)) byCity.set(r.key, { subsidized_trainings: 0, new_certificates: 0, new_high_skill: 0 });
    byCity.get(r.key)![r.indicator] = r.value;
  }
  const targets = await db.query<{ indicator: Indicator; key: string; value: number }>(
    `SELECT indicator, key, value FROM targets WHERE dimension = $1 AND ($2::text IS NULL OR key = $2)`,
    [scopeCity ? 'city' : 'total', scopeCity],
  );
  const totals = INDICATORS.map((indicator) => {
    const target = targets.filter((t) => t.indicator === indicator).reduce((s, t) => s + t.value, 0);
    const actual = kpi.find((k) => k.indicator === indicator && k.dimension === 'total')?.value ?? 0;
    return { indicator, ...pace(actual, target, PLAN.from, PLAN.to, asOf) };
  });
  const cities = (await cityProgress(db, asOf, byCity)).filter((c) => !scopeCity || c.cityCode === scopeCity);
  // The monthly trend from the same daily rollup the KPI sums (brought up to date by computeKpi or here).
  await refreshKpiRollup(db);
  const scope = rollupScope(scopeCity, [PLAN.from, asOf]);
  const trend = await db.query<{ month: string; indicator: Indicator; value: number }>(
    `SELECT to_char(day, 'YYYY-MM') AS month, indicator, sum(n)::int AS value FROM kpi_daily
     WHERE dimension = 'total' AND indicator IN ('subsidized_trainings', 'new_certificates') AND day BETWEEN $1 AND $2
       AND ${scope.where}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    scope.params,
  );
  return { asOf, totals, cities, trend };
}
