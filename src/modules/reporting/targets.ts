import type { Db } from '../../db/client.ts';
import { INDICATORS, type Indicator } from './kpi.ts';
import { pace, type Pace } from './pace.ts';

/** The plan's province targets for 2025-01-01 … 2027-12-31 (一、目标任务). */
export const PLAN = {
  from: '2025-01-01',
  to: '2027-12-31',
  totals: { subsidized_trainings: 2_000_000, new_certificates: 2_000_000, new_high_skill: 500_000 } as Record<
    Indicator,
    number
  >,
};

/**
 * Default decomposition to the 13 cities by resident population (万人, 2023), which the province
 * then edits. The shares are data, not policy: a city's target is a row in `targets`.
 */
const CITY_WEIGHTS: Record<string, number> = {
  '320100': 955,
  '320200': 749,
  '320300': 902,
  '320400': 537,
  '320500': 1295,
  '320600': 774,
  '320700': 459,
  '320800': 455,
  '320900': 668,
  '321000': 457,
  '321100': 322,
  '321200': 450,
  '321300': 499,
};

/** Seeds the province targets and their city decomposition when none exist (largest remainder, so cities sum to the province). */
export async function seedTargets(db: Db): Promise<void> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM targets');
  if (n > 0) return;
  await writePlanTargets(db, 1);
}

/**
 * The demo: the plan's targets times `fraction` (the demo province is Jiangsu at 1/1000), replacing
 * the seeded ones and any decomposition. Only for a province loaded from nothing.
 */
export async function scaleTargets(db: Db, fraction: number): Promise<void> {
  await db.query('DELETE FROM targets');
  await writePlanTargets(db, fraction);
}

async function writePlanTargets(db: Db, fraction: number): Promise<void> {
  const total = Object.values(CITY_WEIGHTS).reduce((a, b) => a + b, 0);
  await db.transaction(async (tx) => {
    for (const ind of INDICATORS) {
      const value = Math.round(PLAN.totals[ind] * fraction);
      await tx.query('INSERT INTO targets VALUES ($1,$2,$3,$4,$5,$6)', [
        ind,
        'total',
        'all',
        PLAN.from,
        PLAN.to,
        value,
      ]);
      const raw = Object.entries(CITY_WEIGHTS).map(([city, w]) => ({ city, exact: (value * w) / total }));
      const floor = raw.map((r) => ({ ...r, v: Math.floor(r.exact) }));
      let left = value - floor.reduce((s, r) => s + r.v, 0);
      for (const r of [...floor].sort((a, b) => b.exact - b.v - (a.exact - a.v))) if (left-- > 0) r.v++;
      for (const r of floor)
        await tx.query('INSERT INTO targets VALUES ($1,$2,$3,$4,$5,$6)', [
          ind,
          'city',
          r.city,
          PLAN.from,
          PLAN.to,
          r.v,
        ]);
    }
  });
}

export interface CityProgress extends Pace {
  cityCode: string;
  cityName: string;
  indicator: Indicator;
}

/** Progress of every city against its pro-rata target, with a pacing forecast (督促提醒 when behind): the board's rows. */
export async function cityProgress(
  db: Db,
  asOf: string,
  actualByCity: Map<string, Record<Indicator, number>>,
): Promise<CityProgress[]> {
  const rows = await db.query<{
    indicator: Indicator;
    key: string;
    value: number;
    period_from: string;
    period_to: string;
    name: string;
  }>(
    `SELECT t.indicator, t.key, t.value, t.period_from, t.period_to, c.name FROM targets t JOIN catalog.cities c ON c.code = t.key WHERE t.dimension = 'city' ORDER BY t.key`,
  );
  return rows.map((r) => {
    const actual = actualByCity.get(r.key)?.[r.indicator] ?? 0;
    return {
      cityCode: r.key,
      cityName: r.name,
      indicator: r.indicator,
      ...pace(actual, r.value, r.period_from, r.period_to, asOf),
    };
  });
}
