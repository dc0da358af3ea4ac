import type { Db } from '../../db/client.ts';
import { clipRowError, type RowError } from '../../kernel/tabular/row-check.ts';

/** Row errors kept in memory for the caller; the rest only in the database, so memory stays bounded whatever the file. */
export const ERRORS_IN_MEMORY = 10_000;

/** A run's stored row errors after (file, line), in order, a page at a time ((file, line) is unique: one error per row). */
export function importErrorsAfter(
  db: Db,
  runId: string,
  after: { file: string; line: number },
  limit = 10_000,
): Promise<RowError[]> {
  return db.query<RowError>(
    `SELECT file, line, "column", value, reason, message_zh AS "messageZh", message_en AS "messageEn" FROM import_errors
     WHERE run_id = $1 AND (file, line) > ($2, $3) ORDER BY file, line LIMIT $4`,
    [runId, after.file, after.line, limit],
  );
}

/** Stores row errors of a run, 1,000 to a statement. */
export async function storeErrors(db: Db, runId: string, rows: RowError[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    const part = rows.slice(i, i + 1000);
    const params: unknown[] = [];
    const tuples = part.map((row) => {
      const e = clipRowError(row);
      params.push(runId, e.file, e.line, e.column, e.value, e.reason, e.messageZh, e.messageEn);
      const b = params.length - 8;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8})`;
    });
    await db.query(
      `INSERT INTO import_errors (run_id, file, line, "column", value, reason, message_zh, message_en) VALUES ${tuples.join(',')}`,
      params,
    );
  }
}

/** Counts stored row errors; the first ERRORS_IN_MEMORY are kept for the caller too. */
export function countErrors(rows: RowError[], all: { errors: RowError[]; errorCount: number }): void {
  all.errorCount += rows.length;
  all.errors.push(...rows.slice(0, Math.max(0, ERRORS_IN_MEMORY - all.errors.length)));
}
