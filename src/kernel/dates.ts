import { Invalid } from './errors.ts';
/** Calendar helpers on plain `YYYY-MM-DD` strings (no time zones involved). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
}

/** Adds (or, negative, subtracts) calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Adds calendar months, clamping to the month's last day (2024-02-29 + 12 → 2025-02-28),
 * the reading policy.md § LATE_APPLICATION gives.
 */
export function addMonths(date: string, months: number): string {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  const total = Number(m[1]) * 12 + (Number(m[2]) - 1) + months;
  const y = Math.floor(total / 12);
  const mo = (total % 12) + 1;
  const d = Math.min(Number(m[3]), daysInMonth(y, mo));
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** ISO 8601 timestamp with an explicit offset, as the interchange standard requires. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export function parseTimestamp(text: string): Date | null {
  if (!TIMESTAMP.test(text)) return null;
  if (!isValidDate(text.slice(0, 10))) return null;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The date `n` working days (Monday–Friday) after `date`. Public holidays are not modelled yet. */
export function addWorkingDays(date: string, n: number): string {
  let t = Date.parse(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    t += 86_400_000;
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** A calendar date (YYYY-MM-DD) typed into a form; refuses anything else naming the field. */
export function requireDate(text: string, field: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isValidDate(text))
    throw new Invalid(
      'BAD_DATE',
      `${field}：日期应为 YYYY-MM-DD 格式的有效日期`,
      `${field}: a real date as YYYY-MM-DD`,
      { field },
    );
  return text;
}
