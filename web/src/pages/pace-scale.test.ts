import { describe, expect, it } from 'vitest';
import { COOL, NEUTRAL, paceShades, percent, WARM } from './pace-scale.ts';

describe('the board’s colour scale around on pace', () => {
  it('cities all far below pace still differ: the furthest behind is the deepest warm, the nearest the lightest', () => {
    const rows = [0.00018, 0.000044, 0.00048, 0].map((progress) => ({ progress, behind: true }));
    const [a, worst, best, none] = paceShades(rows);
    expect(best.depth).toBeCloseTo(0.25);
    expect(none.depth).toBe(1); // no progress at all is the furthest behind
    expect(worst.depth).toBeGreaterThan(a.depth);
    expect(a.depth).toBeGreaterThan(best.depth);
    expect(none.colour).toBe(WARM[1]);
    expect(best.colour).toBe(WARM[0]);
  });
  it('on pace is neutral, ahead is cool; near-equal paces get near-equal shades', () => {
    const [on, ahead, behind1, behind2] = paceShades([
      { progress: 1, behind: false },
      { progress: 1.5, behind: false },
      { progress: 0.97, behind: true },
      { progress: 0.99, behind: true },
    ]);
    expect(on.colour).toBe(NEUTRAL);
    expect(ahead.colour).toBe(COOL[0]);
    expect(Math.abs(behind1.depth - behind2.depth)).toBeLessThan(0.05);
  });
  it('a percentage never rounds a small share to 0', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(0.00018871)).toBe('0.019%');
    expect(percent(0.643)).toBe('64.3%');
    expect(percent(1.2)).toBe('120%');
  });
});
