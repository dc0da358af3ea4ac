/**
 * Cells of the spreadsheets the platform writes — every CSV and XLSX file a person may open in
 * Excel, WPS or LibreOffice (error reports, exports, bank files, registry and report workbooks).
 * The one rule against formula injection (docs/security.md § CSV and XLSX output).
 */

/** First characters that make a spreadsheet read a cell as a formula (or a DDE call). */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;
/** A plain number (`-12.50`, `+3`, `42`): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?$/;

/**
 * Text for a cell: a text that starts with = + - @, a tab or a carriage return gets a leading
 * apostrophe, so the spreadsheet shows it as text instead of running it; a plain number passes
 * untouched (a negative amount stays a number). Everything else is returned as it is.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_TRIGGER.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** A value as text for a CSV cell: numbers as they are, any other value through neutralizeFormula. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return neutralizeFormula(String(v));
}

/**
 * A value for an XLSX cell (exceljs): numbers, booleans and dates as themselves; everything else
 * as neutralised text — never an object, which exceljs would write as a formula (`{ formula }`),
 * a hyperlink or rich text.
 */
export function xlsxCellValue(v: unknown): string | number | boolean | Date | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  return neutralizeFormula(typeof v === 'object' ? JSON.stringify(v) : String(v));
}
