import { describe, expect, it } from 'vitest';
import { anyOf, binomialTail, chiSquareLower, normalCdf } from './stats.ts';

describe('tail probabilities the statistical detectors rest on', () => {
  it('binomial upper tail matches direct sums, far into the tail', () => {
    expect(binomialTail(1, 10, 0.5)).toBeCloseTo(1 - 1 / 1024, 10);
    expect(binomialTail(3, 10, 0.2)).toBeCloseTo(0.3222004736, 9);
    expect(binomialTail(15, 15, 0.1) / 1e-15).toBeCloseTo(1, 9);
    expect(binomialTail(0, 5, 0.3)).toBe(1);
    expect(binomialTail(6, 5, 0.3)).toBe(0);
  });
  it('chi-square lower tail: closed form for 4 degrees of freedom, and the median near k', () => {
    const x = 0.25;
    expect(chiSquareLower(x, 4)).toBeCloseTo(1 - Math.exp(-x / 2) * (1 + x / 2), 12);
    expect(chiSquareLower(9, 9)).toBeCloseTo(0.5627, 4);
    expect(chiSquareLower(0, 9)).toBe(0);
  });
  it('normal lower tail is accurate where thresholds live (z = −5)', () => {
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 9);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 9);
  });
  it('the chance that any of m honest subjects trips: 1 − (1 − p)^m', () => {
    expect(anyOf(0.5, 2)).toBeCloseTo(0.75, 12);
    expect(anyOf(1e-7, 528) / 528e-7).toBeCloseTo(1, 4); // ≈ m·p while small
  });
});
