import type { Db } from './client.ts';
import { copyCsvLine } from '../kernel/tabular/csv-write.ts';

const UNIQUE_VIOLATION = '23505';

/** What a batch write did (imports count these per file). */
export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts event rows (no key) that are not already stored, matched on their dedupe key. First
 * optimistically: the batch is COPYed straight into the table, as fast as PostgreSQL can store it.
 * If any row is already there (a rerun, an overlapping file, a device that sent it first) the
 * unique dedupe key refuses the COPY, the savepoint undoes it, and the batch takes the
 * de-duplicating path: COPY into a transaction-local staging table, then one INSERT … ON CONFLICT.
 * The table needs a unique constraint `<table>_event_uq`; `types` names every column and its SQL type.
 */
export async function insertNewEvents(
  tx: Db,
  table: string,
  types: Record<string, string>,
  rows: Record<string, unknown>[],
): Promise<WriteCounts> {
  const csv = rows.map((r) => eventCsvLine(types, r)).join('');
  return insertNewEventsCsv(tx, table, types, csv, rows.length);
}

/** One event row as a line for COPY, columns in the order of `types`. */
export function eventCsvLine(types: Record<string, string>, r: Record<string, unknown>): string {
  return copyCsvLine(
    Object.keys(types).map((c) => {
      const v = r[c];
      return v instanceof Date ? v.toISOString() : v;
    }),
  );
}

/** insertNewEvents for rows already written as COPY lines (eventCsvLine), e.g. by the import's parsing threads. */
export async function insertNewEventsCsv(
  tx: Db,
  table: string,
  types: Record<string, string>,
  csv: string,
  count: number,
): Promise<WriteCounts> {
  const columns = Object.keys(types);
  await tx.exec('SAVEPOINT events_copy');
  try {
    await tx.copyFrom(table, columns, csv);
    await tx.exec('RELEASE SAVEPOINT events_copy');
    return { inserted: count, updated: 0, unchanged: 0 };
  } catch (e) {
    if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
    await tx.exec('ROLLBACK TO SAVEPOINT events_copy');
  }
  const stage = `${table}_stage`;
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS ${stage} (${columns.map((c) => `${c} ${types[c] ?? 'text'}`).join(', ')}) ON COMMIT DELETE ROWS`,
  );
  await tx.copyFrom(stage, columns, csv);
  const [{ n }] = await tx.query<{ n: number }>(
    `WITH ins AS (INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${stage}
                  ON CONFLICT ON CONSTRAINT ${table}_event_uq DO NOTHING RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  return { inserted: n, updated: 0, unchanged: count - n };
}

/** A writer of event rows for one table (an import file's or a device's). */
export const eventWriter =
  (table: string, types: Record<string, string>) =>
  (tx: Db, rows: Record<string, unknown>[]): Promise<WriteCounts> =>
    insertNewEvents(tx, table, types, rows);
