import type { Db } from '../../db/client.ts';

/**
 * Results of the KPI-reading queries (and the labour market), reused while the data they read is
 * unchanged. Triggers on every table they read append to `kpi_changes` in the changing transaction, so max(id) is a
 * version that moves exactly when a committed change could move a number. A reader takes the
 * version first, then computes: a result is never older than the version it is stored under.
 * Each process keeps its own small LRU; the exports (`jineng export kpi`) never read it.
 */
const MAX_ENTRIES = 200;
const entries = new Map<string, { version: number; value: unknown }>();

/** The tables the KPI (and so every dashboard) reads; the labour market reads more. */
export const KPI_SOURCES = ['decisions', 'certificates', 'persons', 'projects', 'occupations', 'levels', 'targets'];
export const MARKET_SOURCES = [...KPI_SOURCES, 'enrolments', 'employment', 'job_orders', 'demand_forecasts'];

/** The latest change to any of `sources`: posting a job order does not recount the KPI. */
export async function dataVersion(db: Db, sources: string[] = KPI_SOURCES): Promise<number> {
  const [{ v }] = await db.query<{ v: number | string | null }>(
    'SELECT max(m) AS v FROM (SELECT (SELECT max(id) FROM kpi_changes WHERE source = s) AS m FROM unnest($1::text[]) AS s) x',
    [sources],
  );
  return Number(v ?? 0);
}

export async function cachedKpi<T>(
  db: Db,
  key: string,
  compute: () => Promise<T>,
  sources: string[] = KPI_SOURCES,
): Promise<T> {
  const version = await dataVersion(db, sources);
  const k = `${db.kind}|${key}`;
  const hit = entries.get(k);
  if (hit && hit.version === version) {
    entries.delete(k);
    entries.set(k, hit); // most recently used last
    return hit.value as T;
  }
  const value = await compute();
  entries.set(k, { version, value });
  if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return value;
}
