import { describe, expect, it } from 'vitest';
import { choose, cliques, commonSessions, type Offsets, shuffledRates, togetherCounts } from './rings.ts';

const person = (records: [number, number][]): Offsets =>
  new Map(records.map(([i, o], s) => [s + 1, { in: i, out: o }]));

describe('the group ring test: whole group close at check-in and check-out, against shuffled sessions', () => {
  it('finds every clique of 2 to 4 persons once, and no larger one', () => {
    const k5 = ['a', 'b', 'c', 'd', 'e'];
    const edges = k5.flatMap((x, i) => k5.slice(i + 1).map((y) => [x, y] as [string, string]));
    const found = cliques(edges, 4);
    expect(found.length).toBe(choose(5, 2) + choose(5, 3) + choose(5, 4));
    expect(found.every((c) => c.length <= 4 && [...c].sort().join() === c.join())).toBe(true);
    expect(
      cliques(
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
        4,
      ),
    ).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('counts a session only when the whole group is within the window at check-in and at check-out', () => {
    const a = person([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const b = person([
      [50, 50],
      [50, 400],
      [170, 170],
    ]);
    const sessions = commonSessions([a, b]);
    expect(sessions).toEqual([1, 2, 3]);
    expect(togetherCounts([a, b], sessions, [60, 120, 180])).toEqual([1, 1, 2]);
  });

  it('shuffled sessions: a punctual pair coincides on different days as on the same day; a proxy’s phones only on the same day', () => {
    // Two punctual friends: always within 60 s of each other, every day alike → shuffled rate 1.
    const f1 = person(Array.from({ length: 8 }, (_, s) => [s % 2 ? 10 : -10, 0] as [number, number]));
    const f2 = person(Array.from({ length: 8 }, (_, s) => [s % 2 ? -10 : 10, 5] as [number, number]));
    expect(shuffledRates([f1, f2], commonSessions([f1, f2]), [60])).toEqual([1]);
    // One proxy whose arrival and departure move by 5 min a day: his phones are close only on the same day.
    const day = (s: number) => s * 300;
    const p1 = person(Array.from({ length: 8 }, (_, s) => [day(s), day(s)] as [number, number]));
    const p2 = person(Array.from({ length: 8 }, (_, s) => [day(s) + 40, day(s) + 40] as [number, number]));
    const sessions = commonSessions([p1, p2]);
    expect(togetherCounts([p1, p2], sessions, [60])).toEqual([8]);
    expect(shuffledRates([p1, p2], sessions, [60])).toEqual([0]);
  });

  it('a null with too many shuffled tuples is sampled with a fixed seed: the same answer every run, close to the exact one', () => {
    const members = [0, 1, 2, 3].map((m) =>
      person(Array.from({ length: 40 }, (_, s) => [((s * 37 + m * 11) % 300) - 150, ((s * 53 + m * 7) % 300) - 150])),
    );
    const sessions = commonSessions(members);
    const once = shuffledRates(members, sessions, [120, 180]);
    expect(shuffledRates(members, sessions, [120, 180])).toEqual(once);
    expect(once[0]).toBeGreaterThan(0);
    expect(once[0]).toBeLessThanOrEqual(once[1]);
  });
});
