import type { Db } from './client.ts';

/** Tables partitioned by China-time month (migration 0017): attendance by check-in, the audit log by time written. */
export const MONTHLY_PARTITIONED = ['attendance', 'audit_log'] as const;

/**
 * Prepares the partitions of the month of `today` and the `ahead` months after it, for each
 * partitioned table (idempotent; run at start-up and by the monthly job). A month whose rows already
 * sit in the default partition is left there — nothing is refused or lost, it is only not pruned.
 * Returns how many partitions were created.
 */
export async function preparePartitions(db: Db, today: string, ahead = 3): Promise<number> {
  let made = 0;
  for (const table of MONTHLY_PARTITIONED) {
    const [r] = await db.query<{ n: number }>('SELECT ensure_month_partitions($1, $2::date, $3) AS n', [
      table,
      `${today.slice(0, 7)}-01`,
      ahead + 1,
    ]);
    made += r.n;
  }
  return made;
}
