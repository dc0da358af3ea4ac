import type { Db } from '../../db/client.ts';
import { addMonths } from '../../kernel/dates.ts';
import { cachedKpi, MARKET_SOURCES } from './kpi-cache.ts';

/**
 * When an occupation is proposed for the shortage or the saturation list. Supply = trainees who
 * completed a class plus certificates issued, over the window; demand = positions of job orders
 * posted in the window (unfilled = positions not yet hired). Documented in docs/labour-market.md.
 */
export const LABOUR_MARKET_RULES = {
  windowMonths: 12,
  /** shortage: at least this many unfilled positions … */
  shortageMinUnfilled: 5,
  /** … and unfilled ≥ this share of supply (basis points: 15000 = 1.5×). */
  shortageRatioBp: 15000,
  /** saturated: supply at least this large … */
  saturatedMinSupply: 10,
  /** … and positions ≤ this share of supply (5000 = 0.5×). */
  saturatedRatioBp: 5000,
};

export type MarketSignal = 'shortage' | 'saturated' | 'balanced';

export interface MarketRow {
  occupation_code: string;
  occupation_name: string;
  sector: string;
  completers: number;
  certificates: number;
  supply: number;
  positions: number;
  unfilled: number;
  /** Departments' forecast of this year's demand (数据集采), shown beside; not part of the signal. */
  forecast: number;
  signal: MarketSignal;
}

/** The rule, pure: integer arithmetic only. */
export function marketSignal(
  supply: number,
  positions: number,
  unfilled: number,
  r = LABOUR_MARKET_RULES,
): MarketSignal {
  if (unfilled >= r.shortageMinUnfilled && unfilled * 10000 >= r.shortageRatioBp * supply) return 'shortage';
  if (supply >= r.saturatedMinSupply && positions * 10000 <= r.saturatedRatioBp * supply) return 'saturated';
  return 'balanced';
}

/** Supply against demand by occupation (province, or one city), with each occupation's signal. */
export async function labourMarket(db: Db, opts: { city?: string | null; today: string }): Promise<MarketRow[]> {
  return cachedKpi(db, `market|${opts.today}|${opts.city ?? ''}`, () => freshMarket(db, opts), MARKET_SOURCES);
}

async function freshMarket(db: Db, opts: { city?: string | null; today: string }): Promise<MarketRow[]> {
  const from = addMonths(opts.today, -LABOUR_MARKET_RULES.windowMonths);
  const rows = await db.query<Omit<MarketRow, 'signal' | 'supply'>>(
    // Each of the first two counts has a province branch and a city branch; only one runs: the planner
    // drops the other, whose condition is false for the city given (or none). Province-wide,
    // completers are counted per project before the join, and certificates without reading persons
    // (at province scale each halved the page's time); a city's share is faster through its projects and persons.
    `WITH completers AS (
       SELECT pr.occupation_code, sum(e.n)::int AS n
       FROM (SELECT project_code, count(*) AS n FROM training.enrolments WHERE completed AND $3::text IS NULL GROUP BY 1) e
       JOIN training.projects pr ON pr.project_code = e.project_code
       WHERE COALESCE(pr.closed_on, pr.end_date) BETWEEN $1 AND $2 GROUP BY 1
       UNION ALL
       SELECT pr.occupation_code, count(*)::int AS n FROM training.enrolments e JOIN training.projects pr ON pr.project_code = e.project_code
       WHERE e.completed AND COALESCE(pr.closed_on, pr.end_date) BETWEEN $1 AND $2 AND pr.city_code = $3 GROUP BY 1),
     certs AS (
       SELECT c.occupation_code, count(*)::int AS n FROM evaluation.certificates c
       WHERE $3::text IS NULL AND c.revoked_on IS NULL AND c.issued_on BETWEEN $1 AND $2 GROUP BY 1
       UNION ALL
       SELECT c.occupation_code, count(*)::int AS n FROM evaluation.certificates c JOIN registry.persons p ON p.person_key = c.person_key
       WHERE c.revoked_on IS NULL AND c.issued_on BETWEEN $1 AND $2 AND p.city_code = $3 GROUP BY 1),
     demand AS (
       SELECT j.occupation_code, sum(j.headcount)::int AS positions,
              sum(GREATEST(j.headcount - (SELECT count(*) FROM training.employment m WHERE m.job_order_id = j.order_id), 0))
                FILTER (WHERE j.status = 'open')::int AS unfilled
       FROM jobs.job_orders j WHERE (j.created_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1 AND $2 AND ($3::text IS NULL OR j.city_code = $3) GROUP BY 1),
     forecast AS (
       SELECT occupation_code, sum(headcount)::int AS n FROM demand_forecasts
       WHERE year = extract(year FROM $2::date) AND ($3::text IS NULL OR city_code = $3) GROUP BY 1)
     SELECT o.code AS occupation_code, o.name AS occupation_name, o.sector,
            COALESCE(cp.n, 0) AS completers, COALESCE(ce.n, 0) AS certificates, COALESCE(d.positions, 0) AS positions, COALESCE(d.unfilled, 0) AS unfilled, COALESCE(f.n, 0) AS forecast
     FROM catalog.occupations o LEFT JOIN completers cp ON cp.occupation_code = o.code LEFT JOIN certs ce ON ce.occupation_code = o.code
     LEFT JOIN demand d ON d.occupation_code = o.code LEFT JOIN forecast f ON f.occupation_code = o.code
     WHERE cp.n IS NOT NULL OR ce.n IS NOT NULL OR d.positions IS NOT NULL OR f.n IS NOT NULL
     ORDER BY o.code`,
    [from, opts.today, opts.city ?? null],
  );
  return rows.map((r) => {
    const supply = r.completers + r.certificates;
    return { ...r, supply, signal: marketSignal(supply, r.positions, r.unfilled) };
  });
}
