import fs from 'node:fs';
import { csvRecords } from './csv-lines.ts';
import { tableRow, type TableRow } from './table-row.ts';
import type { FileEncoding } from './decode.ts';
import ExcelJS from 'exceljs';

export { problemError, tableRow, type TableRow } from './table-row.ts';

export interface TableOptions {
  /** A CSV file's declared encoding; detected when absent (decode.ts). */
  encoding?: FileEncoding;
  /** Bytes read at a time (tests make it small to split characters and lines). */
  chunkSize?: number;
}

export interface TableStream {
  header: string[];
  rows: AsyncIterable<TableRow>;
  /** Stops reading (a caller that read the header and reads the rows another way). */
  close?: () => void;
}

/**
 * Opens a CSV (UTF-8 or GB18030, RFC 4180, optional BOM; see csv-lines.ts) or XLSX file and streams its rows with
 * constant memory. Cells are trimmed strings; an empty cell is ''.
 */
export async function openTable(file: string, opts: TableOptions = {}): Promise<TableStream> {
  return file.toLowerCase().endsWith('.xlsx') ? openXlsx(file) : openCsv(file, opts);
}

async function openCsv(file: string, opts: TableOptions): Promise<TableStream> {
  const stream = fs.createReadStream(file, { highWaterMark: opts.chunkSize ?? 1 << 20 });
  const it = csvRecords(stream, { encoding: opts.encoding });
  const first = await it.next();
  if (first.done) return { header: [], rows: (async function* () {})() };
  const header = first.value.fields.map((h) => h.trim());
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield tableRow(header, n.value);
    }
  }
  return { header, rows: rows(), close: () => stream.destroy() };
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
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'emit',
  });
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
      header.forEach((h, i) => {
        values[h] = cellText(cells[i]).trim();
      });
      yield { line: n.value.number, values };
    }
  }
  return { header, rows: rows() };
}
