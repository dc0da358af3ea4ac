import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { xlsxCellValue } from '../kernel/cells.ts';

/** A one-sheet workbook: bilingual headers, lists joined with 、 as Chinese clerks write them. */
export async function toXlsx(
  sheet: string,
  columns: [header: string, key: string][],
  rows: Record<string, unknown>[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jineng 技能';
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map(([header, key]) => ({ header, key, width: Math.max(12, header.length + 4) }));
  ws.getRow(1).font = { bold: true };
  // Every cell through xlsxCellValue: text that looks like a formula stays text (docs/security.md § CSV and XLSX output).
  for (const r of rows)
    ws.addRow(
      Object.fromEntries(
        columns.map(([, k]) => [k, xlsxCellValue(Array.isArray(r[k]) ? (r[k] as unknown[]).join('、') : (r[k] ?? ''))]),
      ),
    );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function sendXlsx(reply: FastifyReply, filename: string, body: Buffer) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
