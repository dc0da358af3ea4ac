import { describe, expect, it } from 'vitest';
import type { DispatchCandidateFacts } from '../modules/training/index.ts';
import { rankCandidates, scoreCandidate } from './dispatch-ranking.ts';

const facts = (over: Partial<DispatchCandidateFacts> & { creditCode: string }): DispatchCandidateFacts => ({
  name: over.creditCode,
  cityCode: '320100',
  cityName: '南京市',
  capacity: 100,
  load: 0,
  nearestSite: { name: '实训中心', km: 0 },
  pastClassesInOccupation: 0,
  ...over,
});
const rated = (r: Record<string, { stars: number | null; credit: number }>) => new Map(Object.entries(r));

describe('dispatch ranking (docs/training-lifecycle.md § Ranking candidates)', () => {
  it('scores the best possible candidate 100 and says why in words', () => {
    const c = scoreCandidate(facts({ creditCode: 'A', capacity: 70, load: 30 }), { stars: 5, credit: 100 }, 30);
    expect(c.score).toBe(100);
    expect(c.why.zh).toBe('★5 · 信用 100 · 余量 40 · 0 km');
    expect(c.fits).toBe(true);
  });

  it('puts more stars, more credit, more room and a nearer site first, each on its own', () => {
    const base = { stars: 3, credit: 90 };
    const order = (fs: DispatchCandidateFacts[], r: Record<string, { stars: number | null; credit: number }>) =>
      rankCandidates(fs, rated(r), 30).map((c) => c.creditCode);
    expect(
      order([facts({ creditCode: 'a' }), facts({ creditCode: 'b' })], { a: base, b: { ...base, stars: 4 } }),
    ).toEqual(['b', 'a']);
    expect(
      order([facts({ creditCode: 'a' }), facts({ creditCode: 'b' })], { a: base, b: { ...base, credit: 95 } }),
    ).toEqual(['b', 'a']);
    expect(
      order([facts({ creditCode: 'a', load: 90 }), facts({ creditCode: 'b', load: 10 })], { a: base, b: base }),
    ).toEqual(['b', 'a']);
    expect(
      order(
        [
          facts({ creditCode: 'a', nearestSite: { name: 'x', km: 60 } }),
          facts({ creditCode: 'b', nearestSite: { name: 'y', km: 5 } }),
        ],
        { a: base, b: base },
      ),
    ).toEqual(['b', 'a']);
  });

  it('weighs the parts as documented: one star is worth 7.5 points, 10 credit 3 points', () => {
    const one = scoreCandidate(facts({ creditCode: 'a' }), { stars: 3, credit: 90 }, 30).score;
    expect(scoreCandidate(facts({ creditCode: 'a' }), { stars: 4, credit: 90 }, 30).score - one).toBeCloseTo(7.5);
    expect(one - scoreCandidate(facts({ creditCode: 'a' }), { stars: 3, credit: 80 }, 30).score).toBeCloseTo(3);
    // Half the class fits: half the room points; 25 km: half the proximity points.
    const half = scoreCandidate(
      facts({ creditCode: 'a', capacity: 15, nearestSite: { name: 'x', km: 25 } }),
      { stars: 3, credit: 90 },
      30,
    );
    expect(one - half.score).toBeCloseTo(10 + 10);
    expect(half.fits).toBe(false);
  });

  it('counts what is not known as half (no stars yet, capacity not declared) and no site as far', () => {
    const c = scoreCandidate(
      facts({ creditCode: 'a', capacity: null, nearestSite: null }),
      { stars: null, credit: 100 },
      30,
    );
    expect(c.score).toBe(15 + 30 + 10 + 0);
    expect(c.free).toBeNull();
    expect(c.fits).toBeNull();
    expect(c.why.zh).toBe('暂无星级 · 信用 100 · 容量未登记 · 无登记场所');
    expect(c.why.en).toBe('no stars yet · credit 100 · capacity not declared · no registered site');
  });

  it('breaks equal scores by experience in the occupation, then by name', () => {
    const r = { stars: 3, credit: 90 };
    const ranked = rankCandidates(
      [
        facts({ creditCode: 'c', name: '乙' }),
        facts({ creditCode: 'b', name: '甲' }),
        facts({ creditCode: 'a', name: '丙', pastClassesInOccupation: 2 }),
      ],
      rated({ a: r, b: r, c: r }),
      30,
    );
    expect(ranked.map((c) => c.creditCode)).toEqual(['a', 'b', 'c']);
  });
});
