import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convert } from './workload.ts';

const PLAN = { classHourMinutes: 45, workloadRatioBp: 10000, performancePayCapBp: 5000 };

describe('the conversion of plan (一)', () => {
  it('converts 90 minutes to 2 class hours and, at 1:1, 2 workload hours', () => {
    expect(convert({ minutes: 90, platformIncomeFen: 0, otherIncomeFen: 0, costFen: 0 }, PLAN)).toMatchObject({
      classHours: 2,
      workloadHours: 2,
    });
  });
  it('caps the performance-pay increase at half the net income, rounded down to the fen, and nothing on a loss', () => {
    expect(
      convert({ minutes: 0, platformIncomeFen: 101, otherIncomeFen: 0, costFen: 0 }, PLAN).performancePayCapFen,
    ).toBe(50);
    expect(convert({ minutes: 0, platformIncomeFen: 100, otherIncomeFen: 0, costFen: 101 }, PLAN)).toMatchObject({
      netIncomeFen: -1,
      performancePayCapFen: 0,
    });
  });
  it('the cap is integer fen, never above the share of net income, never more than a fen below it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 0, max: 10000 }),
        (income, other, cost, capBp) => {
          const r = convert(
            { minutes: 0, platformIncomeFen: income, otherIncomeFen: other, costFen: cost },
            { ...PLAN, performancePayCapBp: capBp },
          );
          const exact = BigInt(Math.max(0, r.netIncomeFen)) * BigInt(capBp);
          return (
            Number.isSafeInteger(r.performancePayCapFen) &&
            r.netIncomeFen === income + other - cost &&
            BigInt(r.performancePayCapFen) * 10000n <= exact &&
            exact < (BigInt(r.performancePayCapFen) + 1n) * 10000n
          );
        },
      ),
    );
  });
  it('workload hours are class hours times the ratio, to the hundredth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 30000 }), (minutes, ratioBp) => {
        const r = convert(
          { minutes, platformIncomeFen: 0, otherIncomeFen: 0, costFen: 0 },
          { ...PLAN, workloadRatioBp: ratioBp },
        );
        return Math.abs(r.workloadHours - (minutes / 45) * (ratioBp / 10000)) <= 0.005 + 1e-9;
      }),
    );
  });
});
