import { describe, expect, it } from 'vitest';
import { addDays, addMonths, isValidDate, parseTimestamp } from './dates.ts';

describe('calendar months (LATE_APPLICATION)', () => {
  it('issued 2025-03-15 → last day 2026-03-15', () => expect(addMonths('2025-03-15', 12)).toBe('2026-03-15'));
  it('issued 2024-02-29 → last day 2025-02-28', () => expect(addMonths('2024-02-29', 12)).toBe('2025-02-28'));
  it('clamps to the end of a shorter month', () => expect(addMonths('2025-01-31', 1)).toBe('2025-02-28'));
  it('validates real dates only', () => {
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2024-2-9')).toBe(false);
  });
  it('requires an offset on timestamps', () => {
    expect(parseTimestamp('2025-03-01T08:30:00+08:00')?.toISOString()).toBe('2025-03-01T00:30:00.000Z');
    expect(parseTimestamp('2025-03-01T08:30:00')).toBeNull();
  });
});

describe('calendar days', () => {
  it('crosses month, leap-day and year ends both ways', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-01', -1)).toBe('2026-11-30');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
