import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pace } from './pace.ts';

const PLAN = ['2025-01-01', '2027-12-31'] as const;
const dayOf = (n: number) => new Date(Date.parse(PLAN[0]) + n * 86_400_000).toISOString().slice(0, 10);

describe('pace against a target', () => {
  it('a slow start is behind and out of reach: no date centuries away, the plan’s end named instead', () => {
    const p = pace(100, 600_000, ...PLAN, '2026-12-31');
    expect(p).toMatchObject({ behind: true, reachable: false, forecastDate: null, periodEnd: '2027-12-31' });
    expect(p.gap).toBe(p.proRataTarget - 100);
  });
  it('on pace is not behind; no progress at all is behind and out of reach', () => {
    expect(pace(1000, 1000, '2025-01-01', '2025-12-31', '2025-12-31')).toMatchObject({
      behind: false,
      reachable: true,
      forecastDate: '2025-12-31',
      progress: 1,
      completion: 1,
      gap: 0,
    });
    expect(pace(0, 10, '2025-01-01', '2025-12-31', '2025-06-30')).toMatchObject({
      behind: true,
      reachable: false,
      forecastDate: null,
    });
  });
  it('one person short of the pro-rata target is behind (rounded up, never down)', () => {
    // 365 over 365 days: 1.5 due on day 1.5 → 2 due on day 2; 1 done is behind.
    const p = pace(1, 365, '2025-01-01', '2025-12-31', '2025-01-02');
    expect(p).toMatchObject({ proRataTarget: 2, gap: 1, behind: true, reachable: false });
  });
  it('inside the plan, behind ⇔ not reachable ⇔ gap > 0 ⇔ pace < 1; a forecast is never after the end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.integer({ min: 0, max: 1094 }),
        (actual, target, day) => {
          const p = pace(actual, target, ...PLAN, dayOf(day));
          expect(p.behind).toBe(!p.reachable);
          expect(p.behind).toBe(p.gap > 0);
          expect(p.behind).toBe(p.progress < 1);
          if (p.forecastDate) expect(p.forecastDate <= PLAN[1]).toBe(true);
          expect(p.forecastDate === null).toBe(!p.reachable);
        },
      ),
    );
  });
  it('the forecast is the day the target is met at the rate so far', () => {
    // 10 a day for 100 days → 10,950 by the 1,095th day (the plan's last).
    expect(pace(1000, 10_950, ...PLAN, dayOf(99)).forecastDate).toBe('2027-12-31');
    expect(pace(1000, 10_940, ...PLAN, dayOf(99)).forecastDate).toBe('2027-12-30');
    expect(pace(1000, 10_960, ...PLAN, dayOf(99))).toMatchObject({ reachable: false, forecastDate: null });
  });
  it('after the plan’s end only a met target counts; before its start nothing is behind', () => {
    expect(pace(5, 10, ...PLAN, '2028-03-01')).toMatchObject({ behind: true, reachable: false, proRataTarget: 10 });
    expect(pace(10, 10, ...PLAN, '2028-03-01')).toMatchObject({ behind: false, reachable: true });
    expect(pace(0, 10, ...PLAN, '2024-12-01')).toMatchObject({ behind: false, reachable: true, proRataTarget: 0 });
  });
});
