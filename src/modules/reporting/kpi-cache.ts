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

export async function dataVersion(db: Db): Promise<number> {
  const [{ v }] = await db.query<{ v: number | string | null }>('SELECT max(id) AS v FROM kpi_changes');
  return Number(v ?? 0);
}

export async function cachedKpi<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const version = await dataVersion(db);
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
