import { parseYuan } from '../../kernel/money.ts';
import { headerColumn as uploadedHeaderColumn } from '../../kernel/tabular/uploaded-file.ts';
import type { EnterpriseFacts } from './edufunds.policy.ts';

/** The upload's columns, each with the Chinese header a clerk may use instead (XLSX templates are Chinese). */
export const FUND_COLUMNS = {
  enterprise_credit_code: '统一社会信用代码',
  year: '年度',
  extracted_yuan: '提取额（元）',
  front_line_yuan: '一线职工培训（元）',
  management_yuan: '管理和专业技术人员培训（元）',
  other_yuan: '其他（元）',
} as const;
export type FundColumn = keyof typeof FUND_COLUMNS;

/** The largest amount a row may carry (a hundred billion yuan): beyond it the figure is a typo. */
export const MAX_FUND_FEN = 10_000_000_000_000;

export interface FundRowError {
  line: number;
  column: string;
  reason: string;
  zh: string;
  en: string;
}

export interface FundRow {
  enterpriseCode: string;
  year: number;
  extractedFen: number;
  frontLineFen: number;
  managementFen: number;
  otherFen: number;
}

/** Maps a header cell (code or Chinese name, any spacing) to its column; null when it is neither. */
export const headerColumn = (cell: string): FundColumn | null => uploadedHeaderColumn(cell, FUND_COLUMNS);

/**
 * Checks one row on its own (a bad row does not stop the others): the enterprise exists and is the
 * uploader's to report, the year is the plan's, each amount is yuan with at most two decimals, not
 * negative. Every refusal names the column and says why in both languages.
 */
export function checkFundRow(
  line: number,
  v: Record<FundColumn, string>,
  lookup: (code: string) => EnterpriseFacts | undefined,
  mayReport: (e: EnterpriseFacts) => boolean,
): { row: FundRow } | { errors: FundRowError[] } {
  const errors: FundRowError[] = [];
  const fail = (column: string, reason: string, zh: string, en: string) =>
    errors.push({ line, column, reason, zh, en });
  const code = v.enterprise_credit_code.trim();
  const e = lookup(code);
  if (!code) fail('enterprise_credit_code', 'MISSING_VALUE', '统一社会信用代码为空', 'the credit code is empty');
  else if (!e)
    fail(
      'enterprise_credit_code',
      'UNKNOWN_ENTERPRISE',
      `企业 ${code.slice(0, 40)} 不在企业名录中`,
      `enterprise ${code.slice(0, 40)} is not in the registry`,
    );
  else if (!mayReport(e))
    fail(
      'enterprise_credit_code',
      'NOT_YOUR_ENTERPRISE',
      `企业 ${code} 不在您的申报范围（本企业，或本部门领域内的企业）`,
      `enterprise ${code} is not yours to report (your own, or your department's sectors')`,
    );
  const yearText = v.year.trim();
  const year = Number(yearText);
  if (!/^\d{4}$/.test(yearText) || year < 2025 || year > 2035)
    fail(
      'year',
      'BAD_YEAR',
      `年度 ${yearText.slice(0, 20)} 应为 2025–2035`,
      `year ${yearText.slice(0, 20)} must be 2025–2035`,
    );
  const amounts: Partial<Record<FundColumn, number>> = {};
  for (const col of ['extracted_yuan', 'front_line_yuan', 'management_yuan', 'other_yuan'] as const) {
    const text = v[col].trim().replace(/,/g, '');
    const fen = text === '' ? null : parseYuan(text);
    if (fen === null || fen < 0 || fen > MAX_FUND_FEN)
      fail(
        col,
        'BAD_AMOUNT',
        `${FUND_COLUMNS[col]}：“${v[col].slice(0, 30)}”不是有效金额（非负，元，最多两位小数）`,
        `${col}: "${v[col].slice(0, 30)}" is not an amount (yuan, non-negative, at most two decimals)`,
      );
    else amounts[col] = fen;
  }
  if (errors.length) return { errors };
  return {
    row: {
      enterpriseCode: code,
      year,
      extractedFen: amounts.extracted_yuan!,
      frontLineFen: amounts.front_line_yuan!,
      managementFen: amounts.management_yuan!,
      otherFen: amounts.other_yuan!,
    },
  };
}
