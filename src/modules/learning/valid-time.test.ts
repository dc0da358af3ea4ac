import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeValidTime, type Beat, type CheckOutcome, type SessionBeats, wallTimeMs } from './valid-time.ts';

const RULES = { maxRate: 1.25, dailyCapMs: 8 * 3600_000 };
const T0 = Date.UTC(2026, 10, 30, 2, 0, 0); // 10:00 China time

/** A session playing at 1× with a heartbeat every `every` seconds; `over` changes beats by index. */
function playing(n: number, every = 30, over: (i: number) => Partial<Beat> = () => ({}), start = T0): Beat[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i,
    at: start + i * every * 1000,
    positionSeconds: i * every,
    rate: 1,
    visible: true,
    playing: true,
    ...over(i),
  }));
}
const session = (beats: Beat[], id = 's1', moduleId = 'm1', maxGapMs = 35_000): SessionBeats => ({
  sessionId: id,
  moduleId,
  maxGapMs,
  beats,
});

describe('valid learning time', () => {
  it('counts real time between heartbeats while visible and playing at 1×', () => {
    const r = computeValidTime([session(playing(5))], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(120_000);
    expect(r.byModule).toEqual({ m1: 120_000 });
  });

  it('does not count time while the page is hidden', () => {
    const r = computeValidTime([session(playing(5, 30, (i) => ({ visible: i !== 2 })))], [], RULES, T0 + 1e9);
    expect(r.validMs).toBe(90_000);
    expect(r.lostMs.hidden).toBe(30_000);
  });

  it('counts nothing played faster than 1.25×, and 1.25× at real time only', () => {
    const fast = playing(3, 30, (i) => ({ rate: 2, positionSeconds: i * 60 }));
    expect(computeValidTime([session(fast)], [], RULES, T0).lostMs.too_fast).toBe(60_000);
    const brisk = playing(3, 30, (i) => ({ rate: 1.25, positionSeconds: i * 37.5 }));
    expect(computeValidTime([session(brisk)], [], RULES, T0).validMs).toBe(60_000);
  });

  it('does not count a gap longer than the heartbeat interval and its grace', () => {
    const beats = playing(3).map((b, i) => (i === 2 ? { ...b, at: b.at + 60_000, positionSeconds: 120 } : b));
    const r = computeValidTime([session(beats)], [], RULES, T0);
    expect(r.validMs).toBe(30_000);
    expect(r.lostMs.gap).toBe(90_000);
  });

  it('counts time in two modules at once only once', () => {
    const a = session(playing(3), 's1', 'm1');
    const b = session(
      playing(3, 30, () => ({}), T0 + 15_000),
      's2',
      'm2',
    );
    const r = computeValidTime([a, b], [], RULES, T0);
    expect(r.validMs).toBe(75_000);
    expect(r.lostMs.overlap).toBe(45_000);
  });

  it('a failed re-check voids the time since the last passed one, and an expired one too', () => {
    const beats = playing(11); // 300 s
    const checks: CheckOutcome[] = [
      { status: 'passed', issuedAt: T0 + 50_000, dueAt: T0 + 170_000, resolvedAt: T0 + 60_000 },
      { status: 'failed', issuedAt: T0 + 170_000, dueAt: T0 + 290_000, resolvedAt: T0 + 180_000 },
    ];
    const r = computeValidTime([session(beats)], checks, RULES, T0 + 1e9);
    expect(r.validMs).toBe(180_000);
    expect(r.lostMs.check_failed).toBe(120_000);
    const pending: CheckOutcome = { status: 'pending', issuedAt: T0 + 100_000, dueAt: T0 + 200_000, resolvedAt: null };
    expect(computeValidTime([session(beats)], [pending], RULES, T0 + 150_000).validMs).toBe(300_000);
    expect(computeValidTime([session(beats)], [pending], RULES, T0 + 250_000).validMs).toBe(100_000);
  });

  it('counts no more than the daily cap in one China day', () => {
    const r = computeValidTime([session(playing(121))], [], { ...RULES, dailyCapMs: 1800_000 }, T0);
    expect(r.validMs).toBe(1800_000);
    expect(r.lostMs.daily_cap).toBe(1800_000);
  });
});

const arbBeat = fc.record({
  seq: fc.integer({ min: 0, max: 40 }),
  at: fc.integer({ min: T0, max: T0 + 3600_000 }),
  positionSeconds: fc.double({ min: 0, max: 3600, noNaN: true }),
  rate: fc.constantFrom(0.75, 1, 1.25, 1.5, 2),
  visible: fc.boolean(),
  playing: fc.boolean(),
});
const arbSession = fc.record({
  sessionId: fc.constantFrom('a', 'b', 'c'),
  moduleId: fc.constantFrom('m1', 'm2'),
  maxGapMs: fc.constantFrom(35_000, 600_000),
  beats: fc.array(arbBeat, { maxLength: 30 }),
});
// Sessions have distinct ids (the database's primary key).
const arbSessions = fc.uniqueArray(arbSession, { selector: (s) => s.sessionId, maxLength: 3 });
const arbRules = fc.record({ maxRate: fc.constant(1.25), dailyCapMs: fc.integer({ min: 0, max: 3600_000 }) });

describe('valid learning time, properties', () => {
  it('never exceeds the wall time, and valid plus lost time is the wall time', () => {
    fc.assert(
      fc.property(arbSessions, arbRules, (sessions, rules) => {
        const r = computeValidTime(sessions, [], rules, T0);
        const lost = Object.values(r.lostMs).reduce((x, y) => x + y, 0);
        expect(r.validMs).toBeLessThanOrEqual(wallTimeMs(sessions));
        expect(r.validMs + lost).toBe(wallTimeMs(sessions));
        expect(Object.values(r.byModule).reduce((x, y) => x + y, 0)).toBe(r.validMs);
      }),
    );
  });

  it('is the same when heartbeats are replayed or arrive in another order', () => {
    fc.assert(
      fc.property(arbSessions, arbRules, fc.integer(), (sessions, rules, seed) => {
        const replayed = sessions.map((s) => {
          const beats = [...s.beats, ...s.beats];
          const shuffled = beats.map((b, i) => ({ b, k: (i * 7919 + seed) % 101 })).sort((x, y) => x.k - y.k);
          return { ...s, beats: shuffled.map((x) => x.b) };
        });
        // Replays repeat a heartbeat exactly; the first stored copy of a seq is the one that counts.
        const once = sessions.map((s) => ({ ...s, beats: [...new Map(s.beats.map((b) => [b.seq, b])).values()] }));
        const onceReplayed = once.map((s) => ({ ...s, beats: [...s.beats, ...[...s.beats].reverse()] }));
        expect(computeValidTime(onceReplayed, [], rules, T0)).toEqual(computeValidTime(once, [], rules, T0));
        expect(computeValidTime(replayed, [], rules, T0).validMs).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('only grows as heartbeats arrive (no failed checks)', () => {
    fc.assert(
      fc.property(arbSessions, arbRules, fc.integer({ min: T0, max: T0 + 3600_000 }), (sessions, rules, cutoff) => {
        const prefix = sessions.map((s) => ({ ...s, beats: s.beats.filter((b) => b.at <= cutoff) }));
        expect(computeValidTime(prefix, [], rules, T0).validMs).toBeLessThanOrEqual(
          computeValidTime(sessions, [], rules, T0).validMs,
        );
      }),
    );
  });

  it('a failed check never adds time', () => {
    const arbCheck = fc.record({
      status: fc.constantFrom('passed', 'failed', 'pending') as fc.Arbitrary<CheckOutcome['status']>,
      issuedAt: fc.integer({ min: T0, max: T0 + 3600_000 }),
      dueAt: fc.integer({ min: T0, max: T0 + 3600_000 }),
      resolvedAt: fc.option(fc.integer({ min: T0, max: T0 + 3600_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(arbSessions, arbRules, fc.array(arbCheck, { maxLength: 4 }), (sessions, rules, checks) => {
        const passedOnly = checks.filter((c) => c.status === 'passed');
        expect(computeValidTime(sessions, checks, rules, T0 + 7200_000).validMs).toBeLessThanOrEqual(
          computeValidTime(sessions, passedOnly, rules, T0 + 7200_000).validMs,
        );
      }),
    );
  });
  it('an overruled failed check (appeal upheld) voids nothing, and says what it had voided', () => {
    const beats = playing(9); // 4 minutes of valid time
    const failed: CheckOutcome = {
      id: 'k1',
      status: 'failed',
      issuedAt: T0 + 100_000,
      dueAt: T0 + 280_000,
      resolvedAt: T0 + 120_000,
    };
    const before = computeValidTime([session(beats)], [failed], RULES, T0 + 1e9);
    expect(before.lostMs.check_failed).toBe(120_000);
    expect(before.voidedByCheck).toEqual({ k1: { m1: 120_000 } });
    const after = computeValidTime([session(beats)], [{ ...failed, overruled: true }], RULES, T0 + 1e9);
    expect(after.validMs).toBe(240_000);
    expect(after.voidedByCheck).toEqual({});
    // Recomputed from the same facts and decisions, the answer is the same.
    expect(computeValidTime([session(beats)], [{ ...failed, overruled: true }], RULES, T0 + 1e9)).toEqual(after);
  });

  it('an overruled failure certifies nothing: a later failure voids back to the last passed check', () => {
    const beats = playing(9);
    const checks: CheckOutcome[] = [
      { id: 'k1', status: 'failed', issuedAt: T0, dueAt: T0 + 180_000, resolvedAt: T0 + 60_000, overruled: true },
      { id: 'k2', status: 'expired', issuedAt: T0 + 100_000, dueAt: T0 + 180_000, resolvedAt: null },
    ];
    const r = computeValidTime([session(beats)], checks, RULES, T0 + 1e9);
    expect(r.voidedByCheck).toEqual({ k2: { m1: 180_000 } });
    expect(r.validMs).toBe(60_000);
  });

  it('overruling a check never takes time away, and the voided time per check adds up to check_failed', () => {
    const arbCheck = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      status: fc.constantFrom('passed', 'failed', 'expired', 'pending') as fc.Arbitrary<CheckOutcome['status']>,
      issuedAt: fc.integer({ min: T0, max: T0 + 3600_000 }),
      dueAt: fc.integer({ min: T0, max: T0 + 3600_000 }),
      resolvedAt: fc.option(fc.integer({ min: T0, max: T0 + 3600_000 }), { nil: null }),
    });
    fc.assert(
      fc.property(
        arbSessions,
        arbRules,
        fc.array(arbCheck, { maxLength: 4 }),
        fc.nat(3),
        (sessions, rules, checks, k) => {
          const now = T0 + 7200_000;
          const before = computeValidTime(sessions, checks, rules, now);
          const overruled = checks.map((c, i) => (i === k ? { ...c, overruled: true } : c));
          expect(computeValidTime(sessions, overruled, rules, now).validMs).toBeGreaterThanOrEqual(before.validMs);
          const perCheck = Object.values(before.voidedByCheck).flatMap((m) => Object.values(m));
          expect(perCheck.reduce((a, b) => a + b, 0)).toBe(before.lostMs.check_failed);
        },
      ),
    );
  });
});
