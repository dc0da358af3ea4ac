import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeValidTime, type Beat, type CheckOutcome, type SessionBeats, wallTimeMs } from './valid-time.ts';

/** Live class (直播课) time: the live rules of computeValidTime (docs/online-learning.md § Live classes). */

const RULES = { maxRate: 1.25, dailyCapMs: 8 * 3600_000 };
const T0 = Date.UTC(2026, 10, 30, 6, 0, 0); // 14:00 China time
const WINDOW = { start: T0, end: T0 + 3600_000 };

type Ev = { at: number; event?: 'beat' | 'join' | 'leave'; visible?: boolean };
const beats = (evs: Ev[]): Beat[] =>
  evs.map((e, i) => ({
    seq: i,
    at: e.at,
    positionSeconds: 0,
    rate: 1,
    visible: e.visible ?? true,
    playing: true,
    event: e.event ?? 'beat',
  }));
const live = (evs: Ev[], window = WINDOW, id = 'ls1', classId = 'L1'): SessionBeats => ({
  sessionId: id,
  moduleId: classId,
  maxGapMs: 35_000,
  beats: beats(evs),
  window,
});
/** Joined at `from`, a heartbeat every 30 s, `n` intervals. */
const attended = (from: number, n: number, over: (i: number) => Partial<Ev> = () => ({})): Ev[] =>
  Array.from({ length: n + 1 }, (_, i) => ({ at: from + i * 30_000, event: i === 0 ? 'join' : 'beat', ...over(i) }));

describe('live class valid time', () => {
  it('counts the time joined and visible inside the scheduled window', () => {
    const r = computeValidTime([live(attended(T0, 10))], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(300_000);
    expect(r.byModule).toEqual({ L1: 300_000 });
  });

  it('does not count before the start or after the end (outside_window)', () => {
    const r = computeValidTime([live(attended(T0 - 60_000, 4))], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(60_000);
    expect(r.lostMs.outside_window).toBe(60_000);
    const late = computeValidTime([live(attended(WINDOW.end - 45_000, 3))], [], RULES, T0 + 1e9);
    expect(late.validMs).toBe(45_000);
    expect(late.lostMs.outside_window).toBe(45_000);
  });

  it('does not count while the page is hidden', () => {
    const r = computeValidTime([live(attended(T0, 4, (i) => ({ visible: i !== 1 })))], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(90_000);
    expect(r.lostMs.hidden).toBe(30_000);
  });

  it('does not count after leaving, until the learner joins again', () => {
    const evs: Ev[] = [
      { at: T0, event: 'join' },
      { at: T0 + 30_000, event: 'leave' },
      { at: T0 + 50_000, event: 'join' },
      { at: T0 + 80_000 },
    ];
    const r = computeValidTime([live(evs)], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(60_000);
    expect(r.lostMs.left).toBe(20_000);
  });

  it('a failed re-check voids the live time since the last passed one', () => {
    const checks: CheckOutcome[] = [
      { status: 'passed', issuedAt: T0 + 50_000, dueAt: T0 + 200_000, resolvedAt: T0 + 60_000 },
      { status: 'failed', issuedAt: T0 + 100_000, dueAt: T0 + 300_000, resolvedAt: T0 + 120_000 },
    ];
    const r = computeValidTime([live(attended(T0, 10))], checks, RULES, T0 + 1e9);
    expect(r.lostMs.check_failed).toBe(60_000);
    expect(r.validMs).toBe(240_000);
  });

  it('a live class and a video at the same time count once', () => {
    const video: SessionBeats = {
      sessionId: 'v1',
      moduleId: 'm1',
      maxGapMs: 35_000,
      beats: Array.from({ length: 3 }, (_, i) => ({
        seq: i,
        at: T0 + i * 30_000,
        positionSeconds: i * 30,
        rate: 1,
        visible: true,
        playing: true,
      })),
    };
    const r = computeValidTime([video, live(attended(T0, 2), WINDOW, 'ls0')], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(60_000);
    expect(r.lostMs.overlap).toBe(60_000);
  });
});

/** Arbitrary live events within two hours around a one-hour window. */
const arbEvents = fc.array(
  fc.record({
    at: fc.integer({ min: T0 - 1800_000, max: T0 + 5400_000 }),
    event: fc.constantFrom('beat' as const, 'beat' as const, 'join' as const, 'leave' as const),
    visible: fc.boolean(),
  }),
  { maxLength: 60 },
);
const arbChecks = fc.array(
  fc.record({
    status: fc.constantFrom('passed' as const, 'failed' as const, 'expired' as const, 'pending' as const),
    issuedAt: fc.integer({ min: T0, max: T0 + 3600_000 }),
    resolvedAt: fc.option(fc.integer({ min: T0, max: T0 + 3600_000 }), { nil: null }),
  }),
  { maxLength: 4 },
);
const sorted = (evs: Ev[]) => [...evs].sort((a, b) => a.at - b.at);

describe('live class valid time: properties', () => {
  it('never exceeds the scheduled window, and valid + lost = wall time', () => {
    fc.assert(
      fc.property(arbEvents, arbChecks, (evs, cs) => {
        const checks = cs.map((c) => ({ ...c, dueAt: c.issuedAt + 180_000 }));
        const s = [
          live(sorted(evs)),
          live(
            sorted(evs).map((e) => ({ ...e, at: e.at + 7_000 })),
            WINDOW,
            'ls2',
          ),
        ];
        const r = computeValidTime(s, checks, RULES, T0 + 1e9);
        expect(r.validMs).toBeLessThanOrEqual(WINDOW.end - WINDOW.start);
        const lost = Object.values(r.lostMs).reduce((a, b) => a + b, 0);
        expect(r.validMs + lost).toBe(wallTimeMs(s));
      }),
    );
  });

  it('is monotone in visible time: showing a hidden page never lowers valid time', () => {
    fc.assert(
      fc.property(arbEvents, fc.nat(), (evs, k) => {
        const ordered = sorted(evs);
        if (!ordered.length) return;
        const i = k % ordered.length;
        const shown = ordered.map((e, j) => (j === i ? { ...e, visible: true } : e));
        const before = computeValidTime([live(ordered)], [], RULES, T0 + 1e9).validMs;
        const after = computeValidTime([live(shown)], [], RULES, T0 + 1e9).validMs;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('a failed check never adds time; replayed events change nothing', () => {
    fc.assert(
      fc.property(arbEvents, fc.integer({ min: T0, max: T0 + 3600_000 }), (evs, at) => {
        const s = [live(sorted(evs))];
        const clean = computeValidTime(s, [], RULES, T0 + 1e9).validMs;
        const failed = computeValidTime(
          s,
          [{ status: 'failed', issuedAt: at, dueAt: at + 1, resolvedAt: at }],
          RULES,
          T0 + 1e9,
        ).validMs;
        expect(failed).toBeLessThanOrEqual(clean);
        const replayed = [{ ...s[0]!, beats: [...s[0]!.beats, ...s[0]!.beats] }];
        expect(computeValidTime(replayed, [], RULES, T0 + 1e9).validMs).toBe(clean);
      }),
    );
  });
});
