import { isValidDate, parseTimestamp } from '../dates.ts';
import { parseYuan } from '../money.ts';
import { maskIdNumber } from '../pii.ts';
import { checkCreditCode, checkIdNumber } from '../identity.ts';

/** A refused row: where, what and why, in the clerk's two languages. */
export interface RowError {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
  messageZh: string;
  messageEn: string;
}

/** At most this many characters of a refused cell are shown and stored: a 10 MB cell costs a few hundred bytes. */
export const SHOWN_VALUE_CHARS = 200;
const MESSAGE_CHARS = 1000;

/** The first `max` characters and an ellipsis (never half of a surrogate pair). */
export function clipText(v: string, max = SHOWN_VALUE_CHARS): string {
  if (v.length <= max) return v;
  const c = v.charCodeAt(max - 1);
  return v.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max) + '…';
}

const isIdColumn = (column: string) => column.endsWith('id_number');
const ID_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/**
 * A refused cell as the report shows it: clipped, and masked when it is an ID number. With
 * `anyIds`, ID numbers anywhere in the text are masked too (a row the reader could not split
 * into cells).
 */
export function shownValue(column: string, value: string, opts: { anyIds?: boolean } = {}): string {
  if (isIdColumn(column)) return maskIdNumber(clipText(value));
  const v = clipText(value);
  return opts.anyIds ? v.replace(ID_LIKE, maskIdNumber) : v;
}

/** A row error clipped for storage and the report (every error of an import passes here, whoever built it). */
export function clipRowError<E extends Omit<RowError, 'file' | 'line'>>(e: E): E {
  const fits =
    e.value.length <= SHOWN_VALUE_CHARS &&
    e.column.length <= SHOWN_VALUE_CHARS &&
    e.messageZh.length <= MESSAGE_CHARS &&
    e.messageEn.length <= MESSAGE_CHARS;
  return fits
    ? e
    : {
        ...e,
        value: clipText(e.value),
        column: clipText(e.column),
        messageZh: clipText(e.messageZh, MESSAGE_CHARS),
        messageEn: clipText(e.messageEn, MESSAGE_CHARS),
      };
}

/**
 * Reads one row's cells with typed checks. The first failed check is the row's error (the
 * standard reports the first problem); later checks then do nothing and return placeholders.
 */
export class RowCheck {
  error: Omit<RowError, 'file' | 'line'> | null = null;
  constructor(
    readonly values: Record<string, string>,
    private readonly today: string,
  ) {}

  fail(column: string, reason: string, zh: string, en: string, value = this.values[column] ?? ''): void {
    if (this.error) return;
    this.error = {
      column,
      value: shownValue(column, value),
      reason,
      messageZh: `${column}：${zh}`,
      messageEn: `${column}: ${en}`,
    };
  }

  /** Refuses a row the reader could not read (read-table.ts); its cells are not checked. */
  refuse(problem: Omit<RowError, 'file' | 'line'>): void {
    if (!this.error) this.error = problem;
  }

  get ok(): boolean {
    return this.error === null;
  }

  text(column: string, opts: { optional?: boolean; max?: number } = {}): string {
    const v = this.values[column] ?? '';
    if (!v && !opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
    else if (opts.max && v.length > opts.max)
      this.fail(column, 'TOO_LONG', `长度不能超过 ${opts.max}`, `at most ${opts.max} characters`);
    return v;
  }

  optionalText(column: string): string | null {
    return this.values[column] ? this.values[column] : null;
  }

  pattern(column: string, re: RegExp, zh: string, en: string, opts: { optional?: boolean } = {}): string | null {
    const v = this.values[column] ?? '';
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    if (!re.test(v)) this.fail(column, 'BAD_FORMAT', zh, en);
    return v;
  }

  idNumber(column = 'id_number'): string {
    const v = (this.values[column] ?? '').toUpperCase();
    if (!v) {
      this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return '';
    }
    const p = checkIdNumber(v, this.today);
    if (p) this.fail(column, p.reason, p.zh, p.en);
    return v;
  }

  creditCode(column: string, opts: { optional?: boolean } = {}): string | null {
    const v = (this.values[column] ?? '').toUpperCase();
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    const p = checkCreditCode(v);
    if (p) this.fail(column, p.reason, p.zh, p.en);
    return v;
  }

  date(column: string, opts: { optional?: boolean } = {}): string | null {
    const v = this.values[column] ?? '';
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    if (!isValidDate(v))
      this.fail(
        column,
        'BAD_DATE',
        '日期格式应为 YYYY-MM-DD 且为真实日期',
        'date must be a real date in YYYY-MM-DD form',
      );
    return v;
  }

  timestamp(column: string): Date {
    const v = this.values[column] ?? '';
    if (!v) {
      this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return new Date(0);
    }
    const d = parseTimestamp(v);
    if (!d) {
      this.fail(
        column,
        'BAD_TIMESTAMP',
        '时间应为带时区的 ISO 8601 格式，如 2025-03-01T08:30:00+08:00',
        'timestamp must be ISO 8601 with an offset, e.g. 2025-03-01T08:30:00+08:00',
      );
      return new Date(0);
    }
    return d;
  }

  oneOf<T extends string>(
    column: string,
    allowed: readonly T[] | Set<string>,
    opts: { optional?: boolean } = {},
  ): T | null {
    const v = this.values[column] ?? '';
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    const has = allowed instanceof Set ? allowed.has(v) : allowed.includes(v as T);
    if (!has) {
      const list = [...allowed].join(', ');
      this.fail(column, 'UNKNOWN_CODE', `取值不在允许范围内（${list}）`, `value is not one of: ${list}`);
    }
    return v as T;
  }

  codeList(column: string, allowed: readonly string[] | Set<string>, opts: { nonEmpty?: boolean } = {}): string[] {
    const v = this.values[column] ?? '';
    const items = v
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    if (opts.nonEmpty && items.length === 0)
      this.fail(column, 'REQUIRED', '至少需要一个取值', 'at least one value is required');
    const set = allowed instanceof Set ? allowed : new Set(allowed);
    const bad = items.find((i) => !set.has(i));
    if (bad)
      this.fail(
        column,
        'UNKNOWN_CODE',
        `代码 ${clipText(bad, 50)} 不在允许范围内`,
        `code ${clipText(bad, 50)} is not allowed`,
      );
    return [...new Set(items)];
  }

  bool(column: string): boolean {
    const v = (this.values[column] ?? '').toLowerCase();
    if (v !== 'true' && v !== 'false') this.fail(column, 'BAD_BOOLEAN', '应为 true 或 false', 'must be true or false');
    return v === 'true';
  }

  int(column: string, opts: { min?: number; max?: number; optional?: boolean } = {}): number | null {
    const v = this.values[column] ?? '';
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    if (!/^-?\d+$/.test(v)) {
      this.fail(column, 'BAD_INTEGER', '应为整数', 'must be a whole number');
      return null;
    }
    const n = Number(v);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.fail(
        column,
        'OUT_OF_RANGE',
        `应在 ${opts.min ?? '-∞'} 到 ${opts.max ?? '∞'} 之间`,
        `must be between ${opts.min ?? '-∞'} and ${opts.max ?? '∞'}`,
      );
    }
    return n;
  }

  number(column: string, opts: { min?: number; max?: number; optional?: boolean } = {}): number | null {
    const v = this.values[column] ?? '';
    if (!v) {
      if (!opts.optional) this.fail(column, 'REQUIRED', '必填项为空', 'a value is required');
      return null;
    }
    if (!/^-?\d+(\.\d+)?$/.test(v)) {
      this.fail(column, 'BAD_NUMBER', '应为数字', 'must be a number');
      return null;
    }
    const n = Number(v);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.fail(
        column,
        'OUT_OF_RANGE',
        `应在 ${opts.min} 到 ${opts.max} 之间`,
        `must be between ${opts.min} and ${opts.max}`,
      );
    }
    return n;
  }

  yuan(column: string): number {
    const v = this.values[column] ?? '';
    const fen = parseYuan(v);
    if (fen === null || fen < 0 || !/^\d+\.\d{2}$/.test(v)) {
      this.fail(
        column,
        'BAD_MONEY',
        '金额应以元为单位并保留两位小数，如 1950.00',
        'amount must be in yuan with two decimals, e.g. 1950.00',
      );
      return 0;
    }
    return fen;
  }
}
