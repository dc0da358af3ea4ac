import fs from 'node:fs';
import { csvRecords } from './csv-lines.ts';
import ExcelJS from 'exceljs';

/** One data row of an interchange file; `line` counts the header as 1 (spreadsheet row for XLSX). */
export interface TableRow {
  line: number;
  values: Record<string, string>;
}

export interface TableStream {
  header: string[];
  rows: AsyncIterable<TableRow>;
}

/**
 * Opens a CSV (UTF-8, RFC 4180, optional BOM; see csv-lines.ts) or XLSX file and streams its rows with constant
 * memory. Cells are trimmed strings; an empty cell is ''.
 */
export async function openTable(file: string): Promise<TableStream> {
  return file.toLowerCase().endsWith('.xlsx') ? openXlsx(file) : openCsv(file);
}

async function openCsv(file: string): Promise<TableStream> {
  const it = csvRecords(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  const first = await it.next();
  if (first.done) return { header: [], rows: (async function* () {})() };
  const header = first.value.fields.map((h) => h.trim());
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      const values: Record<string, string> = {};
      const f = n.value.fields;
      for (let i = 0; i < header.length; i++) values[header[i]] = (f[i] ?? '').trim();
      yield { line: n.value.line, values };
    }
  }
  return { header, rows: rows() };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    return '';
  }
  return String(v);
}

async function openXlsx(file: string): Promise<TableStream> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  const sheets = reader[Symbol.asyncIterator]();
  const sheet = await sheets.next();
  if (sheet.done) return { header: [], rows: (async function* () {})() };
  const rowIt = (sheet.value as AsyncIterable<ExcelJS.Row>)[Symbol.asyncIterator]();
  const first = await rowIt.next();
  if (first.done) return { header: [], rows: (async function* () {})() };
  const header = (first.value.values as ExcelJS.CellValue[]).slice(1).map((v) => cellText(v).trim());
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const n = await rowIt.next();
      if (n.done) return;
      const cells = (n.value.values as ExcelJS.CellValue[]).slice(1);
      if (cells.every((c) => cellText(c).trim() === '')) continue;
      const values: Record<string, string> = {};
      header.forEach((h, i) => (values[h] = cellText(cells[i]).trim()));
      yield { line: n.value.number, values };
    }
  }
  return { header, rows: rows() };
}
