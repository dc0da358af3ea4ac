import fs from 'node:fs';
import { csvRecords, type CsvRecord, type RecordProblem } from './csv-lines.ts';
import type { FileEncoding } from './decode.ts';
import { shownValue, type RowError } from './row-check.ts';
import ExcelJS from 'exceljs';

/** One data row of an interchange file; `line` counts the header as 1 (spreadsheet row for XLSX). */
export interface TableRow {
  line: number;
  values: Record<string, string>;
  /** The row could not be read (undecodable bytes, an unclosed quote): refuse it with this error. */
  problem?: Omit<RowError, 'file' | 'line'>;
}

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

/** A CSV record as a row of named, trimmed cells (also used by the import's parsing threads). */
export function tableRow(header: string[], r: CsvRecord): TableRow {
  const f = r.fields;
  // An unreadable row has no values: a reader that ignores `problem` sees only empty cells, never garbled ones.
  if (r.problem) return { line: r.line, values: {}, problem: problemError(r.problem, header, f) };
  const values: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) values[header[i]] = (f[i] ?? '').trim();
  return { line: r.line, values };
}

/** A clerk's words for a row the reader could not read (csv-lines.ts), at the cell where it went wrong. */
export function problemError(p: RecordProblem, header: string[], fields: string[]): Omit<RowError, 'file' | 'line'> {
  const column = header[p.field] ?? '';
  const at = column ? `${column}：` : '';
  const atEn = column ? `${column}: ` : '';
  if (p.reason === 'UNTERMINATED_QUOTE') {
    return {
      column,
      value: shownValue(column, p.text, { anyIds: true }),
      reason: p.reason,
      messageZh: `${at}从此行开始的带引号单元格没有闭合（缺少结束引号，或结束引号后紧跟其他字符），此行未导入；其后各行照常读取`,
      messageEn: `${atEn}a quoted cell starting on this line is not closed (its closing quote is missing or followed by other text); the row was not imported, the lines after it were read as usual`,
    };
  }
  const value = shownValue(column, fields[p.field] ?? '');
  if (p.mixed) {
    return {
      column,
      value,
      reason: p.reason,
      messageZh: `${at}文件开头是 GB18030（GBK）编码，此行却是 UTF-8 编码，此行未导入；请将整个文件另存为 UTF-8 后重新导入`,
      messageEn: `${atEn}the file begins in GB18030 (GBK) but this line is in UTF-8; the row was not imported. Save the whole file as UTF-8 and import it again`,
    };
  }
  const enc = p.encoding === 'gb18030' ? 'GB18030（GBK）' : p.encoding === 'text' ? '' : p.encoding.toUpperCase();
  return {
    column,
    value,
    reason: p.reason,
    messageZh: `${at}此行含有无法按 ${enc || '文本'} 编码识别的字节（显示为 �），此行未导入；请检查文件或另存为 UTF-8 后重新导入`,
    messageEn: `${atEn}this line has bytes that are not valid ${enc.replace('（GBK）', ' (GBK)') || 'text'} (shown as �); the row was not imported. Check the file, or save it as UTF-8 and import it again`,
  };
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
