import type { Db } from '../../db/client.ts';
import type { RowError } from '../../kernel/tabular/row-check.ts';

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
