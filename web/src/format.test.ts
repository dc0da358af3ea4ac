import { describe, expect, it } from 'vitest';
import { clock, date, dateTime, num, pct, share, yuan } from './format.ts';

describe('the shared formatters', () => {
  it('money in yuan with thousands separators and two decimals, from integer fen', () => {
    expect(yuan(123400)).toBe('¥1,234.00');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(0)).toBe('¥0.00');
    expect(yuan(123456789)).toBe('¥1,234,567.89');
    expect(yuan(-34612000)).toBe('-¥346,120.00');
    expect(yuan(null)).toBe('—');
  });
  it('numbers with thousands separators; nothing reads as —, never NaN', () => {
    expect(num(2000000)).toBe('2,000,000');
    expect(num(1221918)).toBe('1,221,918');
    expect(num(999)).toBe('999');
    expect(num(1234.567, 1)).toBe('1,234.6');
    expect(num(Number.NaN)).toBe('—');
    expect(num(undefined)).toBe('—');
    expect(pct(0.1234)).toBe('12.3%');
    expect(share(1, 3)).toBe('33.3%');
    expect(share(1, 0)).toBe('—');
  });
  it('instants in China time (UTC+8), minutes by default', () => {
    expect(dateTime('2025-10-07T06:00:00Z')).toBe('2025-10-07 14:00');
    expect(dateTime('2025-10-07T06:00:09.123Z', true)).toBe('2025-10-07 14:00:09');
    // 20:30 UTC is already the next day in China.
    expect(dateTime('2025-12-31T20:30:00Z')).toBe('2026-01-01 04:30');
    expect(date('2025-12-31T20:30:00Z')).toBe('2026-01-01');
    expect(date('2025-10-07')).toBe('2025-10-07');
    expect(clock('2025-10-07T06:05:00Z')).toBe('14:05');
    expect(dateTime(null)).toBe('—');
    expect(dateTime('not a date')).toBe('not a date');
  });
});
