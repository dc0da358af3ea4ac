import ExcelJS from 'exceljs';
import { Invalid } from '../errors.ts';
import { csvRecords, type RecordProblem } from './csv-lines.ts';
import { clipText } from './row-check.ts';
import { problemError } from './table-row.ts';

/**
 * A file a clerk uploads through a page (the fund reports, the carrier register), read whole from
 * memory: XLSX by its zip signature, otherwise CSV in UTF-8 or GB18030 (GBK), with or without a BOM
 * (csv-lines.ts detects it). The interchange import and the activity list stream from disk instead
 * (read-table.ts); these files are a few thousand rows at most.
 */

/** One record of an uploaded file; `problem` when the reader could not read it (csv-lines.ts). */
export interface UploadedRecord {
  line: number;
  fields: string[];
  problem?: RecordProblem;
}

/** The rows of an XLSX file's first sheet, as text, numbered as Excel numbers them. */
async function* xlsxRecords(bytes: Buffer): AsyncGenerator<UploadedRecord> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new Invalid(
      'BAD_XLSX',
      '无法读取该 XLSX 文件（文件损坏或不是 Excel 工作簿）',
      'the XLSX file cannot be read (damaged, or not an Excel workbook)',
    );
  }
  const ws = wb.worksheets[0];
  if (!ws) return;
  const rows: UploadedRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const fields: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) fields.push(row.getCell(i).text ?? '');
    rows.push({ line, fields });
  });
  yield* rows;
}

/** A file's records: XLSX by its zip signature, otherwise CSV (UTF-8 or GB18030, detected). */
export function uploadedRecords(bytes: Buffer): AsyncIterable<UploadedRecord> {
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') return xlsxRecords(bytes);
  return csvRecords(
    (async function* () {
      yield bytes;
    })(),
  );
}

/**
 * The column a header cell names: its code (`year`) or one of its Chinese names (`年度`), ignoring
 * spaces, letter case and half- or full-width brackets. Null when it names none.
 */
export function headerColumn<C extends string>(cell: string, columns: Record<C, string | readonly string[]>): C | null {
  const norm = (s: string) => s.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）').toLowerCase();
  const c = norm(cell.replace(/^\uFEFF/, ''));
  for (const [code, names] of Object.entries(columns) as [C, string | readonly string[]][])
    if (c === norm(code) || (typeof names === 'string' ? [names] : names).some((n) => norm(n) === c)) return code;
  return null;
}

/** A data row of an uploaded file: its cells by column, or the error of a row the reader could not read. */
export type UploadedRow<C extends string> =
  | { line: number; values: Record<C, string>; problem?: undefined }
  | {
      line: number;
      values?: undefined;
      problem: { column: string; value: string; reason: string; zh: string; en: string };
    };

/**
 * The data rows of an uploaded file with the columns `columns` declares (each by its code or a
 * Chinese name, in any order; other columns are ignored). Blank rows are skipped; a row the reader
 * could not read (bad bytes, an unclosed quote) is yielded with its problem, never dropped. An empty
 * file is refused `EMPTY_FILE`, a header lacking a column `MISSING_COLUMNS` naming each.
 */
export async function* uploadedRows<C extends string>(
  bytes: Buffer,
  columns: Record<C, string | readonly string[]>,
): AsyncGenerator<UploadedRow<C>> {
  const codes = Object.keys(columns) as C[];
  let header: (C | null)[] | null = null;
  for await (const { line, fields, problem } of uploadedRecords(bytes)) {
    if (!header) {
      header = fields.map((f) => headerColumn(f, columns));
      const missing = codes.filter((c) => !header!.includes(c));
      if (missing.length) {
        const zhOf = (c: C) => {
          const n = columns[c];
          return typeof n === 'string' ? n : (n[0] ?? c);
        };
        throw new Invalid(
          'MISSING_COLUMNS',
          `缺少列：${missing.map((c) => `${c}（${zhOf(c)}）`).join('、')}`,
          `missing columns: ${missing.join(', ')}`,
          { missing },
        );
      }
      continue;
    }
    if (problem) {
      const e = problemError(
        problem,
        header.map((c) => c ?? ''),
        fields,
      );
      yield { line, problem: { column: e.column, value: e.value, reason: e.reason, zh: e.messageZh, en: e.messageEn } };
      continue;
    }
    if (fields.every((f) => !f.trim())) continue;
    const values = Object.fromEntries(codes.map((c) => [c, fields[header!.indexOf(c)] ?? ''])) as Record<C, string>;
    // PostgreSQL text cannot hold a NUL: the row is refused at its cell, never sent to the database.
    const nul = codes.find((c) => values[c].includes('\u0000'));
    if (nul) {
      yield {
        line,
        problem: {
          column: nul,
          value: clipText(values[nul].replaceAll('\u0000', '\\0')),
          reason: 'NUL_CHARACTER',
          zh: `${nul}：单元格含有不允许的空字符（\\0），此行未导入`,
          en: `${nul}: the cell holds a NUL character (\\0), which is not allowed; the row was not imported`,
        },
      };
      continue;
    }
    yield { line, values };
  }
  if (!header) throw new Invalid('EMPTY_FILE', '文件为空', 'the file is empty');
}
