import type { Db } from './client.ts';

/** Below this many written rows autovacuum's own ANALYZE keeps up; above it, plans go wrong first. */
export const BULK_ROWS = 10_000;

/**
 * Fresh planner statistics after a bulk write: until autovacuum comes round the estimates are far
 * off, and reports planned on them run nested loops over the whole load (measured: 2× slower, see
 * bench/RESULTS.md § Dashboards). Small writes skip it — ANALYZE samples a large table whole.
 */
export async function refreshStatistics(db: Db, tables: string[], rowsWritten: number): Promise<void> {
  if (tables.length && rowsWritten >= BULK_ROWS) await db.exec(`ANALYZE ${[...new Set(tables)].join(', ')}`);
}
