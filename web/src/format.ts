/**
 * How numbers, money and times read on every page (code-style: money as `¥1,234.00`, thousands
 * separators, China time as `2026-12-07 09:00`). Pages format through these, never by hand.
 */

const CHINA_OFFSET_MS = 8 * 3_600_000;
const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** 1234567 → 1,234,567; `digits` decimals at most (trailing zeros dropped); — for nothing. */
export function num(n: number | null | undefined, digits = 0): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Integer fen → ¥1,234.00 (negative: -¥1,234.00); — for nothing. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  const [i, d] = (Math.abs(fen) / 100).toFixed(2).split('.');
  return `${fen < 0 ? '-' : ''}¥${grouped(i)}.${d}`;
}

/** A share as a percentage: pct(0.1234) → 12.3%; pct(n, d) of a count; — when there is nothing to divide by. */
export function pct(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${num(ratio * 100, digits)}%`;
}

/** n of d as a percentage (— when d is 0). */
export const share = (n: number, d: number, digits = 1): string => (d ? pct(n / d, digits) : '—');

/** The China-time fields of an instant (ISO string, epoch ms or Date). */
function chinaParts(at: string | number | Date): string | null {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + CHINA_OFFSET_MS).toISOString(); // the UTC fields of this are China's wall clock
}

/** An instant in China time: `2025-10-07 14:00` (seconds with `seconds`); — for nothing. */
export function dateTime(at: string | number | Date | null | undefined, seconds = false): string {
  if (at === null || at === undefined || at === '') return '—';
  const iso = chinaParts(at);
  if (!iso) return String(at);
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)}`;
}

/** A calendar date: a `YYYY-MM-DD` stays as it is; an instant becomes its China date; — for nothing. */
export function date(at: string | number | Date | null | undefined): string {
  if (at === null || at === undefined || at === '') return '—';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const iso = chinaParts(at);
  return iso ? iso.slice(0, 10) : String(at);
}

/** Only the China-time clock of an instant: `14:00`. */
export function clock(at: string | number | Date): string {
  const iso = chinaParts(at);
  return iso ? iso.slice(11, 16) : String(at);
}

/** Today's date in China (UTC+8), as the server's rules count days: a UTC date is yesterday in China until 08:00. */
export const chinaToday = (): string => new Date(Date.now() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
