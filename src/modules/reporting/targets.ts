import type { Db } from '../../db/client.ts';
import { INDICATORS, type Indicator } from './kpi.ts';

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
  const total = Object.values(CITY_WEIGHTS).reduce((a, b) => a + b, 0);
  await db.transaction(async (tx) => {
    for (const ind of INDICATORS) {
      const value = PLAN.totals[ind];
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

/** Share of the period elapsed on `asOf` (0…1): the pro-rata target is target × this. */
export function elapsedShare(from: string, to: string, asOf: string): number {
  const a = Date.parse(from);
  const b = Date.parse(to) + 86_400_000;
  const t = Math.min(Math.max(Date.parse(asOf) + 86_400_000, a), b);
  return (t - a) / (b - a);
}

export interface CityProgress extends Pace {
  cityCode: string;
  cityName: string;
  indicator: Indicator;
}

/** Progress of every city against its pro-rata target, with a pacing forecast (督促提醒 when behind). */
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

export interface Pace {
  actual: number;
  target: number;
  proRataTarget: number;
  /** actual ÷ pro-rata target */
  progress: number;
  /** At the current daily rate, the date the full target is met (null: no progress yet). */
  forecastDate: string | null;
  /** The forecast misses the period's end (督促提醒). */
  behind: boolean;
}

/** Progress against the pro-rata target and the pacing forecast, for any target. */
export function pace(actual: number, target: number, from: string, to: string, asOf: string): Pace {
  const proRata = Math.round(target * elapsedShare(from, to, asOf));
  const days = (Date.parse(asOf) - Date.parse(from)) / 86_400_000 + 1;
  const perDay = days > 0 ? actual / days : 0;
  // Compared as numbers: a forecast centuries away (a slow start) is still a date, clamped to 9999-12-31.
  const forecastMs =
    perDay > 0
      ? Math.min(Date.parse(from) + (Math.ceil(target / perDay) - 1) * 86_400_000, Date.parse('9999-12-31'))
      : null;
  return {
    actual,
    target,
    proRataTarget: proRata,
    progress: proRata > 0 ? actual / proRata : 0,
    forecastDate: forecastMs === null ? null : new Date(forecastMs).toISOString().slice(0, 10),
    behind: forecastMs === null || forecastMs > Date.parse(to),
  };
}
