/** RFC 4180 CSV writing: quote a field only when it needs it. */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\n';
}

/** The row-error report of interchange.md § Commands: one CSV, written by the CLI and the web app alike. */
export function errorReportCsv(errors: { file: string; line: number; column: string; value: string; reason: string; messageZh: string; messageEn: string }[]): string {
  return csvLine(['file', 'line', 'column', 'value', 'reason', 'message_zh', 'message_en']) + errors.map((e) => csvLine([e.file, e.line, e.column, e.value, e.reason, e.messageZh, e.messageEn])).join('');
}
