import type { CsvRecord, RecordProblem } from './csv-lines.ts';
import { shownValue, type RowError } from './row-check.ts';

// Kept apart from read-table.ts (which loads the XLSX reader): the import's parsing threads load only this.

/** One data row of an interchange file; `line` counts the header as 1 (spreadsheet row for XLSX). */
export interface TableRow {
  line: number;
  values: Record<string, string>;
  /** The row could not be read (undecodable bytes, an unclosed quote): refuse it with this error. */
  problem?: Omit<RowError, 'file' | 'line'>;
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
