import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pace } from './targets.ts';

describe('pace against a target', () => {
  it('a slow start forecasts a far date and is behind (not a string compared wrongly)', () => {
    const p = pace(100, 600_000, '2025-01-01', '2027-12-31', '2026-12-31');
    expect(p.behind).toBe(true);
    expect(p.forecastDate).toBe('9999-12-31');
  });
  it('on pace is not behind; no progress at all is behind with no forecast', () => {
    expect(pace(1000, 1000, '2025-01-01', '2025-12-31', '2025-12-31')).toMatchObject({
      behind: false,
      forecastDate: '2025-12-31',
      progress: 1,
    });
    expect(pace(0, 10, '2025-01-01', '2025-12-31', '2025-06-30')).toMatchObject({ behind: true, forecastDate: null });
  });
  it('behind exactly when the forecast date is after the period end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 1094 }),
        (actual, target, day) => {
          const asOf = new Date(Date.parse('2025-01-01') + day * 86_400_000).toISOString().slice(0, 10);
          const p = pace(actual, target, '2025-01-01', '2027-12-31', asOf);
          expect(p.behind).toBe(p.forecastDate! > '2027-12-31');
        },
      ),
    );
  });
});
