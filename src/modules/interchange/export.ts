import fs from 'node:fs';
import type { Db } from '../../db/client.ts';
import { formatYuan } from '../../kernel/money.ts';
import type { PiiVault } from '../../kernel/pii.ts';
import { computeKpiFresh, type Period } from '../reporting/index.ts';
import { csvLine } from '../../kernel/tabular/csv-write.ts';
import { caseLines } from './export-cases.ts';

export const EXPORTS = ['decisions', 'flags', 'kpi', 'cases'] as const;
export type ExportName = (typeof EXPORTS)[number];

/** Writes one export file of the standard (interchange.md § Exports); returns the row count. */
export async function writeExport(
  db: Db,
  name: ExportName,
  out: string,
  opts: { vault: PiiVault; period?: Period; actor?: string },
): Promise<number> {
  const lines = await exportLines(db, name, opts);
  fs.writeFileSync(out, lines.join(''));
  return lines.length - 1;
}

export async function exportLines(
  db: Db,
  name: ExportName,
  opts: { vault: PiiVault; period?: Period; actor?: string },
): Promise<string[]> {
  const from = opts.period?.from ?? null;
  const to = opts.period?.to ?? null;
  if (name === 'decisions') {
    const rows = await db.query<{ application_id: string; decision: string; amount_fen: number; reasons: string[] }>(
      `SELECT application_id, decision, amount_fen, reasons FROM subsidy.decisions
       WHERE ($1::date IS NULL OR applied_on >= $1::date) AND ($2::date IS NULL OR applied_on <= $2::date)
       ORDER BY application_id`,
      [from, to],
    );
    return [
      csvLine(['application_id', 'decision', 'amount', 'reasons']),
      ...rows.map((r) =>
        csvLine([r.application_id, r.decision, formatYuan(r.amount_fen), [...r.reasons].sort().join(';')]),
      ),
    ];
  }
  if (name === 'flags') {
    const rows = await db.query<{
      code: string;
      project_code: string;
      session_no: number;
      id_enc: string;
      device_id: string | null;
      detail: string;
    }>(
      `SELECT f.code, f.project_code, f.session_no, p.id_enc, f.device_id, f.detail
       FROM integrity.flags f JOIN registry.persons p ON p.person_key = f.person_key JOIN training.attendance a ON a.id = f.attendance_id
       WHERE f.code IN ('PROXY_DEVICE', 'IMPOSSIBLE_PRESENCE')
         AND ($1::date IS NULL OR a.check_in_at >= $1::date) AND ($2::date IS NULL OR a.check_in_at < $2::date + 1)
       ORDER BY f.code, f.project_code, f.session_no, f.id`,
      [from, to],
    );
    return [
      csvLine(['flag', 'project_code', 'session_no', 'id_number', 'device_id', 'detail']),
      ...rows.map((r) =>
        csvLine([r.code, r.project_code, r.session_no, opts.vault.decrypt(r.id_enc), r.device_id, r.detail]),
      ),
    ];
  }
  if (name === 'cases') return caseLines(db, opts.vault, { from, to }, opts.actor ?? 'unknown');
  const kpi = await computeKpiFresh(db, { from, to });
  return [
    csvLine(['indicator', 'dimension', 'key', 'value']),
    ...kpi.map((r) => csvLine([r.indicator, r.dimension, r.key, r.value])),
  ];
}
