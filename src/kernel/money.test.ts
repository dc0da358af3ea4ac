import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyFactorsFen, formatYuan, parseYuan, sumFen } from './money.ts';

describe('money in fen', () => {
  it('parses and formats yuan with two decimals', () => {
    expect(parseYuan('1950.00')).toBe(195000);
    expect(parseYuan('0.5')).toBe(50);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(formatYuan(195000)).toBe('1950.00');
    expect(formatYuan(5)).toBe('0.05');
  });
  it('format → parse round-trips every amount', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => parseYuan(formatYuan(fen)) === fen));
  });
  it('applies factors exactly and rounds half up (policy.md § Amount)', () => {
    expect(applyFactorsFen(150000, [13000, 10000])).toBe(195000); // 1500 × 1.30
    expect(applyFactorsFen(50000, [13000])).toBe(65000);
    expect(applyFactorsFen(1, [15000])).toBe(2); // 1.5 fen → 2
    expect(applyFactorsFen(1, [14999])).toBe(1);
    expect(applyFactorsFen(333, [7000, 13000])).toBe(303); // 303.03 → 303
  });
  it('results are always integer fen, and factor 1.00 changes nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 7000, max: 13000 }),
        fc.integer({ min: 10000, max: 13000 }),
        (base, a, b) => {
          const r = applyFactorsFen(base, [a, b]);
          return Number.isSafeInteger(r) && applyFactorsFen(base, [10000, 10000]) === base;
        },
      ),
    );
  });
  it('refuses non-integer money', () => {
    expect(() => sumFen([1, 0.5])).toThrow();
    expect(() => formatYuan(1.5)).toThrow();
  });
});
