import { describe, expect, it } from 'vitest';
import {
  attendanceRatio,
  blendedRatio,
  explainBlended,
  haversineMeters,
  invalidReason,
  ratioBelow,
  type AttendanceRecord,
  type SessionSlot,
} from './attendance-ratio.ts';

const rules = { faceScoreMin: 0.6, gpsRadiusMeters: 1000, earthRadiusKm: 6371, graceMinutes: 15 };
const session = (no: number, start: string, end: string): SessionSlot => ({
  sessionNo: no,
  startsAt: new Date(start),
  endsAt: new Date(end),
  siteLat: 32,
  siteLon: 118,
});
const rec = (over: Partial<AttendanceRecord> = {}): AttendanceRecord => ({
  sessionNo: 1,
  checkInAt: new Date('2025-10-07T09:00:00+08:00'),
  checkOutAt: new Date('2025-10-07T11:00:00+08:00'),
  method: 'card',
  faceScore: null,
  lat: null,
  lon: null,
  ...over,
});
const s1 = session(1, '2025-10-07T09:00:00+08:00', '2025-10-07T11:00:00+08:00');
// Latitude offset giving a distance of d metres along a meridian.
const northBy = (m: number) => 32 + (m / (6371 * 1000)) * (180 / Math.PI);

describe('attendance validity (policy.md § Attendance ratio)', () => {
  it('manual records never count', () => expect(invalidReason(rec({ method: 'manual' }), s1, rules)).toBe('MANUAL'));
  it('face score 0.60 exactly is valid; 0.59 is not', () => {
    expect(invalidReason(rec({ method: 'face_terminal', faceScore: 0.6 }), s1, rules)).toBeNull();
    expect(invalidReason(rec({ method: 'face_terminal', faceScore: 0.59 }), s1, rules)).toBe('LOW_FACE_SCORE');
    expect(invalidReason(rec({ method: 'face_terminal', faceScore: null }), s1, rules)).toBe('LOW_FACE_SCORE');
  });
  it('mobile app within 1,000 m is valid, beyond is not', () => {
    expect(haversineMeters(northBy(1000), 118, 32, 118, 6371)).toBeCloseTo(1000, 6);
    expect(
      invalidReason(rec({ method: 'mobile_app', faceScore: 0.9, lat: northBy(999.9), lon: 118 }), s1, rules),
    ).toBeNull();
    expect(
      invalidReason(rec({ method: 'mobile_app', faceScore: 0.9, lat: northBy(1000.1), lon: 118 }), s1, rules),
    ).toBe('FAR_FROM_SITE');
    expect(invalidReason(rec({ method: 'mobile_app', faceScore: 0.9 }), s1, rules)).toBe('NO_LOCATION');
  });
  it('card records need no face score or location', () =>
    expect(invalidReason(rec({ method: 'card' }), s1, rules)).toBeNull());
});

describe('attended sessions and the ratio', () => {
  it('check-in at start+15 min and check-out at end−15 min still attend; one minute more does not', () => {
    const ok = rec({
      checkInAt: new Date('2025-10-07T09:15:00+08:00'),
      checkOutAt: new Date('2025-10-07T10:45:00+08:00'),
    });
    expect(attendanceRatio([s1], [ok], rules)).toEqual({ attendedMs: 7_200_000, scheduledMs: 7_200_000 });
    const late = rec({ checkInAt: new Date('2025-10-07T09:16:00+08:00') });
    expect(attendanceRatio([s1], [late], rules).attendedMs).toBe(0);
    const early = rec({ checkOutAt: new Date('2025-10-07T10:44:00+08:00') });
    expect(attendanceRatio([s1], [early], rules).attendedMs).toBe(0);
  });
  it('weights sessions by scheduled minutes; 0.80 exactly is not below', () => {
    const sessions = [
      session(1, '2025-10-07T09:00:00+08:00', '2025-10-07T13:00:00+08:00'),
      session(2, '2025-10-08T09:00:00+08:00', '2025-10-08T10:00:00+08:00'),
    ];
    const r = attendanceRatio(
      sessions,
      [rec({ sessionNo: 1, checkOutAt: new Date('2025-10-07T13:00:00+08:00') })],
      rules,
    );
    expect(r).toEqual({ attendedMs: 4 * 3_600_000, scheduledMs: 5 * 3_600_000 });
    expect(ratioBelow(r, 80)).toBe(false);
    expect(ratioBelow({ attendedMs: 79, scheduledMs: 100 }, 80)).toBe(true);
  });
  it('no sessions → ratio 0 (below)', () => expect(ratioBelow(attendanceRatio([], [], rules), 80)).toBe(true));
  it('an invalid record does not attend even when a time fits', () => {
    expect(attendanceRatio([s1], [rec({ method: 'manual' })], rules).attendedMs).toBe(0);
  });
});

describe('blended hours (docs/online-learning.md § Blended projects)', () => {
  const H = 3_600_000;
  const MIN = 60_000;
  // Ten one-hour sessions: 1–6 theory, 7–10 practice.
  const plan: SessionSlot[] = Array.from({ length: 10 }, (_, i) => ({
    sessionNo: i + 1,
    startsAt: new Date(Date.UTC(2026, 0, 5 + i, 1)),
    endsAt: new Date(Date.UTC(2026, 0, 5 + i, 2)),
    siteLat: null,
    siteLon: null,
    mode: i < 6 ? 'theory' : 'practice',
  }));
  const attends = (...nos: number[]) =>
    nos.map((no) => rec({ sessionNo: no, checkInAt: plan[no - 1].startsAt, checkOutAt: plan[no - 1].endsAt }));
  const online = { maxSharePercent: 30, theoryOnly: true };
  const fiveMissingTheory = attends(4, 5, 6, 7, 8); // theory 1–3 and practice 9–10 missed

  it('online time at the cap brings the ratio to exactly 80 %', () => {
    const b = blendedRatio(plan, fiveMissingTheory, rules, 3 * H, online);
    expect(b).toMatchObject({ classroomMs: 5 * H, onlineCountedMs: 3 * H, attendedMs: 8 * H, scheduledMs: 10 * H });
    expect(b.notCounted).toBeNull();
    expect(ratioBelow(b, 80)).toBe(false);
  });
  it('one minute under the cap leaves the ratio below 80 %', () => {
    expect(ratioBelow(blendedRatio(plan, fiveMissingTheory, rules, 3 * H - MIN, online), 80)).toBe(true);
  });
  it('one minute over the cap does not count, and says why', () => {
    const b = blendedRatio(plan, fiveMissingTheory, rules, 3 * H + MIN, online);
    expect(b).toMatchObject({ onlineCountedMs: 3 * H, attendedMs: 8 * H, notCounted: 'OVER_SHARE' });
    expect(explainBlended(b).en).toBe(
      'classroom 5 h; online valid 3 h 1 min, 3 h counted, 1 min not counted (over the online share cap); total 8 h / 10 h',
    );
    expect(explainBlended(b).zh).toContain('未计入 1分钟（超出线上学时占比上限）');
  });
  it('theory-only: online time never stands in for missed practice', () => {
    const b = blendedRatio(plan, attends(1, 2, 3, 4, 5, 6, 7), rules, 3 * H, online);
    expect(b).toMatchObject({ classroomMs: 7 * H, roomMs: 0, onlineCountedMs: 0, notCounted: 'NO_THEORY_LEFT' });
    expect(ratioBelow(b, 80)).toBe(true);
    const anyHours = blendedRatio(plan, attends(1, 2, 3, 4, 5, 6, 7), rules, 3 * H, { ...online, theoryOnly: false });
    expect(anyHours).toMatchObject({ onlineCountedMs: 3 * H, notCounted: null });
    expect(ratioBelow(anyHours, 80)).toBe(false);
  });
  it('online time never counts twice for an hour attended in the classroom', () => {
    const b = blendedRatio(plan, attends(2, 3, 4, 5, 6, 7, 8, 9), rules, 3 * H, online);
    expect(b).toMatchObject({ roomMs: 1 * H, onlineCountedMs: 1 * H, notCounted: 'NO_THEORY_LEFT' });
    expect(
      blendedRatio(plan, attends(2, 3, 4, 5, 6, 7, 8, 9), rules, 3 * H, { ...online, theoryOnly: false }).notCounted,
    ).toBe('NO_HOURS_LEFT');
  });
  it('a share of 0 % counts no online time; sessions without a mode count as theory', () => {
    expect(blendedRatio(plan, fiveMissingTheory, rules, 3 * H, { ...online, maxSharePercent: 0 }).onlineCountedMs).toBe(
      0,
    );
    const noMode = plan.map((s) => ({ ...s, mode: null }));
    expect(blendedRatio(noMode, attends(1, 2, 3, 4, 5, 6, 7), rules, 3 * H, online).onlineCountedMs).toBe(3 * H);
  });
  it('with no online time the blended ratio is the classroom ratio', () => {
    const records = attends(1, 3, 5, 7, 9);
    const b = blendedRatio(plan, records, rules, 0, online);
    const c = attendanceRatio(plan, records, rules);
    expect({ attendedMs: b.attendedMs, scheduledMs: b.scheduledMs }).toEqual(c);
  });
});
