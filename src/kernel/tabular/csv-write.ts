import { cellText } from '../cells.ts';

/** RFC 4180 CSV writing: quote a field only when it needs it. The value as it is: for data, not for people. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return quoted(s);
}

const quoted = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * One line of a CSV file a person may open (reports, exports, bank files, generated bundles): text
 * cells starting with a formula trigger get a leading apostrophe, numbers stay as they are
 * (kernel/cells.ts, docs/security.md § CSV and XLSX output).
 */
export function csvLine(values: unknown[]): string {
  let out = '';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + quoted(cellText(values[i]));
  return out + '\n';
}

/** One line of data for PostgreSQL's COPY: RFC 4180 quoting only, every value exactly as it is. */
export function copyCsvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\n';
}

/** The row-error report of interchange.md § Commands: one CSV, written by the CLI and the web app alike. */
export function errorReportCsv(
  errors: {
    file: string;
    line: number;
    column: string;
    value: string;
    reason: string;
    messageZh: string;
    messageEn: string;
  }[],
): string {
  return (
    csvLine(['file', 'line', 'column', 'value', 'reason', 'message_zh', 'message_en']) +
    errors.map((e) => csvLine([e.file, e.line, e.column, e.value, e.reason, e.messageZh, e.messageEn])).join('')
  );
}
