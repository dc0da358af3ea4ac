import type { Db } from '../../db/client.ts';
import { actorName, type Actor } from '../../kernel/auth.ts';
import { systemClock, type Clock } from '../../kernel/clock.ts';
import { Forbidden } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { uploadedRows } from '../../kernel/tabular/uploaded-file.ts';
import { recordAudit } from '../audit/index.ts';
import { mayReportFund, type EnterpriseFacts } from './edufunds.policy.ts';
import { checkFundRow, FUND_COLUMNS, type FundRow, type FundRowError } from './fund-rows.ts';
import { writeFundReports } from './reports.ts';

/**
 * 职工教育经费上报: an enterprise, or a department for its sectors' enterprises, uploads fund reports
 * (CSV or XLSX, one row per enterprise and year). Each row is checked on its own — a bad row is
 * refused with its line, column and reason in both languages, the good rows are kept; a second row
 * for the same enterprise and year in one file is refused (which one counts would be a guess).
 */
export async function uploadFundReports(
  db: Db,
  actor: Actor,
  fileName: string,
  bytes: Buffer,
  clock: Clock = systemClock,
) {
  if (!['province_admin', 'department_officer', 'enterprise_staff'].includes(actor.role)) throw new Forbidden();
  const enterprises = new Map(
    (
      await db.query<EnterpriseFacts>(
        `SELECT credit_code AS "creditCode", city_code AS "cityCode", sector FROM registry.enterprises`,
      )
    ).map((e) => [e.creditCode, e]),
  );
  const errors: FundRowError[] = [];
  const good: FundRow[] = [];
  const seen = new Map<string, number>();
  let total = 0;
  for await (const row of uploadedRows(bytes, FUND_COLUMNS)) {
    total++;
    // A row the reader could not read is reported even when none of its cells came through (never dropped).
    if (row.problem) {
      const { column, reason, zh, en } = row.problem;
      errors.push({ line: row.line, column, reason, zh, en });
      continue;
    }
    const { line, values: v } = row;
    const checked = checkFundRow(
      line,
      v,
      (c) => enterprises.get(c),
      (e) => mayReportFund(actor, e),
    );
    if ('errors' in checked) {
      errors.push(...checked.errors);
      continue;
    }
    const key = `${checked.row.enterpriseCode}/${checked.row.year}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({
        line,
        column: 'enterprise_credit_code',
        reason: 'DUPLICATE_ROW',
        zh: `与第 ${first} 行重复（同一企业同一年度只能有一行），此行未导入`,
        en: `repeats line ${first} (one row per enterprise and year); this row was not imported`,
      });
      continue;
    }
    seen.set(key, line);
    good.push(checked.row);
  }
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO edufund_uploads (id, file_name, uploaded_by, rows_total, rows_accepted, errors, uploaded_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [
        id,
        fileName.slice(0, 200),
        actorName(actor),
        total,
        good.length,
        JSON.stringify(errors.slice(0, 1000)),
        clock.now(),
      ],
    );
    await writeFundReports(tx, actor, good, { source: 'upload', uploadId: id }, clock);
    await recordAudit(
      tx,
      [
        {
          actor: actorName(actor),
          action: 'edufund.upload',
          entity: 'edufund_upload',
          entityId: id,
          after: { file: fileName.slice(0, 200), rows: total, accepted: good.length, errors: errors.length },
        },
      ],
      clock,
    );
  });
  return { id, rowsTotal: total, rowsAccepted: good.length, errors };
}

/** Upload history: the province sees all uploads, everyone else their own. */
export async function listFundUploads(db: Db, actor: Actor) {
  return db.query<{
    id: string;
    fileName: string;
    uploadedBy: string;
    rowsTotal: number;
    rowsAccepted: number;
    errors: FundRowError[];
    uploadedAt: Date;
  }>(
    `SELECT id, file_name AS "fileName", uploaded_by AS "uploadedBy", rows_total AS "rowsTotal", rows_accepted AS "rowsAccepted",
            errors, uploaded_at AS "uploadedAt"
     FROM edufund_uploads WHERE ($1::text IS NULL OR uploaded_by = $1) ORDER BY uploaded_at DESC LIMIT 100`,
    [actor.role === 'province_admin' ? null : actorName(actor)],
  );
}
