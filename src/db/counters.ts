import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { Db } from './client.ts';

/**
 * Numbered series (project codes per city, city policy versions per city): the last number handed
 * out in each. `count + 1` gave two parallel creators the same number; a counter row bumped by one
 * upsert cannot, because the second creator waits for the first one's row lock.
 */
export const codeCounters = pgTable('code_counters', {
  series: text('series').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * The next number of a series (inside the caller's transaction, which holds the counter until it
 * ends, so a rolled-back creation leaves no gap). `usedMax` is the highest number the series'
 * codes already carry (from before the counter, or imported): the counter never hands it out again.
 */
export async function nextNumber(tx: Db, series: string, usedMax: number): Promise<number> {
  const [{ last }] = await tx.query<{ last: number }>(
    `INSERT INTO code_counters (series, last) VALUES ($1, $2 + 1)
     ON CONFLICT (series) DO UPDATE SET last = GREATEST(code_counters.last + 1, EXCLUDED.last)
     RETURNING last`,
    [series, usedMax],
  );
  return last;
}
