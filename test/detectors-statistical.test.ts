import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundle } from '../src/modules/interchange/index.ts';
import { runDetectors } from '../src/modules/integrity/index.ts';
import { creditCheckChar, idCheckChar } from '../src/modules/registry/index.ts';
import { Rng } from '../src/synthetic/rng.ts';
import { testContext } from './support/context.ts';

const id = (n: number) => {
  const f = `32010219900101${String(n).padStart(3, '0')}`;
  return f + idCheckChar(f);
};
const credit = () => {
  const f = '52320100MA0000001';
  return f + creditCheckChar(f);
};
const CLASSES = 22;
const SIZE = 15;
const SESSIONS = 12;
const SITE = [32.06, 118.79];
const iso = (ms: number) => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const classCode = (c: number) => `PS${String(c).padStart(2, '0')}`;
const sessionStart = (s: number) => Date.UTC(2025, 5, 1 + s, 1, 0, 0); // 09:00 CST
const SECOND = 1000;

/** Who is what in the world: each new detector gets a planted case, a near miss and an honest-but-unusual case. */
const W = {
  ring: [0, 1, 2].map((m) => 0 * SIZE + m), // class 0: three phones checked in by one proxy, 15–60 s apart, in 11 of 12 sessions
  friends: [3, 4], // class 0: arrive together in 3 of 12 sessions (near miss)
  replay: 1 * SIZE + 0, // class 1: a photo whose score wobbles by ±0.005
  noisyReplay: 1 * SIZE + 1, // class 1: the same photo wobbling by ±0.03 — as much as the steadiest honest faces (near miss)
  twoDevices: 1 * SIZE + 2, // class 1: a steady face whose terminal and phone score it differently (honest but unusual)
  perfect: 2 * SIZE + 0, // class 2: check-in and check-out jittered ±30 s around one offset
  steady: 2 * SIZE + 1, // class 2: a punctual trainee, ±2 min (near miss)
  earlyBird: 2 * SIZE + 2, // class 2: always 60 ± 30 s before the start, but leaves naturally (honest but unusual)
  fabricatedClass: 3, // every record within ±30 s of one offset
  punctualClass: 4, // everyone arrives and leaves within a few minutes (near miss)
  busClass: 5, // everyone arrives by one bus (within ±4 min), leaves naturally (honest but unusual)
  // Group test: class 6, four phones checked in and out by one punctual proxy (his minute ±1 min), in a random order
  // 30–60 s apart, in 11 of 12 sessions — no pair is within 60 s more often than by his order's chance.
  punctualRing: [0, 1, 2, 3].map((m) => 6 * SIZE + m),
  // Class 7: three who come and go together (within 2 min in and out) in 4 of 12 sessions (near miss).
  sometimes: [0, 1, 2].map((m) => 7 * SIZE + m),
  // Class 8: two punctual friends, each 4 min early ±1 min and leaving 1 min late ±1 min, independently (honest but unusual).
  punctualFriends: [0, 1].map((m) => 8 * SIZE + m),
};

/** The group plantings' records for one session (own stream, so the other classes stay as they were). */
function groupPlantings(c: number, s: number, start: number, end: number, g: Rng) {
  const plan = new Map<number, { inAt: number; outAt: number }>();
  const carry = (members: number[], arrive: number, leave: number, lo: number, hi: number) => {
    const order = [...members].sort(() => g.next() - 0.5);
    let gap = 0;
    for (const [k, m] of order.entries()) {
      if (k > 0) gap += g.uniform(lo, hi);
      plan.set(m, { inAt: arrive + gap * SECOND, outAt: leave + gap * SECOND });
    }
  };
  if (c === 6 && s !== 7)
    carry(W.punctualRing, start + (-420 + g.gauss() * 60) * SECOND, end + g.uniform(0, 480) * SECOND, 30, 60);
  if (c === 7 && s <= 4)
    carry(W.sometimes, start + g.uniform(-600, 0) * SECOND, end + g.uniform(0, 480) * SECOND, 20, 60);
  if (c === 8)
    for (const m of W.punctualFriends)
      plan.set(m, { inAt: start + (-240 + g.gauss() * 60) * SECOND, outAt: end + (60 + g.gauss() * 60) * SECOND });
  return plan;
}

/** A class of honest trainees (own habits, any second, occasional late arrival), with the plantings above. */
function world(dir: string) {
  const w = (f: string, rows: (string | number | null)[][]) =>
    fs.writeFileSync(path.join(dir, f), rows.map((r) => r.map((c) => c ?? '').join(',')).join('\n') + '\n');
  w('institutions.csv', [
    ['credit_code', 'name', 'roles', 'type', 'city_code', 'listed_from', 'blacklisted_from'],
    [credit(), '甲培训学校', 'training', 'private', '320100', '2024-01-01', null],
  ]);
  w('persons.csv', [
    ['id_number', 'name', 'phone', 'city_code', 'groups', 'insured_months', 'insured_as_of'],
    ...Array.from({ length: CLASSES * SIZE }, (_, i) => [
      id(i),
      `学员${i}`,
      `139${String(i).padStart(8, '0')}`,
      '320100',
      'G3',
      0,
      '2026-06-30',
    ]),
  ]);
  w('projects.csv', [
    [
      'project_code',
      'title',
      'institution_credit_code',
      'occupation_code',
      'level',
      'kind',
      'key_task',
      'city_code',
      'start_date',
      'end_date',
      'fee_per_person',
    ],
    ...Array.from({ length: CLASSES }, (_, c) => [
      classCode(c),
      `班${c}`,
      credit(),
      '6-18-02-04',
      'L4',
      'employment_skills',
      1,
      '320100',
      '2025-06-01',
      '2025-06-15',
      '1000.00',
    ]),
  ]);
  const sessions: (string | number)[][] = [
    ['project_code', 'session_no', 'starts_at', 'ends_at', 'site_lat', 'site_lon'],
  ];
  const enrolments: (string | number)[][] = [['project_code', 'id_number', 'enrolled_on']];
  const att: (string | number | null)[][] = [
    [
      'project_code',
      'session_no',
      'id_number',
      'check_in_at',
      'check_out_at',
      'method',
      'face_score',
      'lat',
      'lon',
      'device_id',
    ],
  ];
  for (let c = 0; c < CLASSES; c++) {
    const code = classCode(c);
    for (let s = 1; s <= SESSIONS; s++)
      sessions.push([code, s, iso(sessionStart(s)), iso(sessionStart(s) + 3 * 3600_000), SITE[0], SITE[1]]);
    const r = new Rng(1000 + c);
    const people = Array.from({ length: SIZE }, (_, m) => ({
      n: c * SIZE + m,
      habitIn: r.uniform(-900, 60),
      sdIn: r.uniform(90, 300),
      habitOut: r.uniform(-120, 600),
      sdOut: r.uniform(60, 240),
      face: r.uniform(0.75, 0.95),
      faceSd: r.uniform(0.015, 0.045),
    }));
    for (const p of people) enrolments.push([code, id(p.n), '2025-05-20']);
    for (let s = 1; s <= SESSIONS; s++) {
      const start = sessionStart(s);
      const end = start + 3 * 3600_000;
      const bus = r.uniform(-900, -300);
      const ringAt = start + r.uniform(-900, 0) * SECOND;
      let ringGap = 0;
      const friendsAt = start + r.uniform(-600, 0) * SECOND;
      const planted = groupPlantings(c, s, start, end, new Rng(5000 + 100 * c + s));
      for (const p of people) {
        let inAt = start + (p.habitIn + r.gauss() * p.sdIn + (r.chance(0.04) ? r.uniform(300, 2400) : 0)) * SECOND;
        let outAt = end + (p.habitOut + r.gauss() * p.sdOut) * SECOND;
        let method = r.chance(0.7) ? 'face_terminal' : 'mobile_app';
        let face = p.face + r.gauss() * p.faceSd;
        const gps = (metres: number) => [
          +(SITE[0] + (r.uniform(-1, 1) * metres) / 111_000).toFixed(6),
          +(SITE[1] + (r.uniform(-1, 1) * metres) / 94_000).toFixed(6),
        ];
        let [lat, lon]: (number | null)[] = gps(60);
        if (W.ring.includes(p.n) && s !== 5) {
          ringGap += p.n === W.ring[0] ? 0 : r.uniform(15, 60);
          inAt = ringAt + ringGap * SECOND;
          outAt = end + 300 * SECOND + ringGap * SECOND;
          method = 'mobile_app';
          [lat, lon] = gps(30);
        }
        if (W.friends.includes(p.n) && s <= 3)
          inAt = friendsAt + (p.n === W.friends[0] ? 0 : r.uniform(5, 40)) * SECOND;
        const group = planted.get(p.n);
        if (group) {
          ({ inAt, outAt } = group);
          if (c === 6) {
            method = 'mobile_app';
            [lat, lon] = gps(30);
          }
        }
        if (p.n === W.replay) face = 0.912 + r.uniform(-0.005, 0.005);
        if (p.n === W.noisyReplay) face = 0.912 + r.uniform(-0.03, 0.03);
        if (p.n === W.twoDevices) face = s % 2 ? 0.8 + r.uniform(-0.004, 0.004) : 0.93 + r.uniform(-0.004, 0.004);
        if (p.n === W.perfect) {
          inAt = start - 150 * SECOND + r.uniform(-30, 30) * SECOND;
          outAt = end + 90 * SECOND + r.uniform(-30, 30) * SECOND;
        }
        if (p.n === W.steady) inAt = start + r.uniform(-420, -180) * SECOND;
        if (p.n === W.steady) outAt = end + r.uniform(0, 240) * SECOND;
        if (p.n === W.earlyBird) inAt = start + r.uniform(-90, -30) * SECOND;
        if (c === W.fabricatedClass) {
          inAt = start - 300 * SECOND + r.uniform(-30, 30) * SECOND;
          outAt = end + 120 * SECOND + r.uniform(-30, 30) * SECOND;
        }
        if (c === W.punctualClass) {
          inAt = start + r.uniform(-420, 0) * SECOND;
          outAt = end + r.uniform(0, 420) * SECOND;
        }
        if (c === W.busClass) inAt = start + (bus + r.uniform(-240, 240)) * SECOND;
        if (method === 'face_terminal') [lat, lon] = [null, null];
        const device = method === 'face_terminal' ? `T-${code}` : `M-${p.n}`;
        att.push([
          code,
          s,
          id(p.n),
          iso(Math.round(inAt / SECOND) * SECOND),
          iso(Math.round(outAt / SECOND) * SECOND),
          method,
          Math.min(0.999, face).toFixed(3),
          lat,
          lon,
          device,
        ]);
      }
    }
  }
  w('sessions.csv', sessions);
  w('enrolments.csv', enrolments);
  w('attendance.csv', att);
}

describe('statistical detectors: jittered frauds caught, near misses and honest-but-unusual trainees left alone', () => {
  let ctx: Awaited<ReturnType<typeof testContext>>;
  let cases: {
    detector: string;
    subject_kind: string;
    subject_key: string;
    project_code: string;
    evidence: Record<string, unknown>;
  }[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jineng-stat-'));
  const key = (n: number) => ctx.vault.blindIndex(id(n));
  beforeAll(async () => {
    ctx = await testContext();
    world(dir);
    const r = await importBundle(ctx.db, dir, { actor: 'test', vault: ctx.vault });
    expect(r.errors).toEqual([]);
    await runDetectors(ctx.db);
    cases = await ctx.db.query(
      'SELECT detector, subject_kind, subject_key, project_code, evidence FROM integrity_cases',
    );
  });
  afterAll(async () => {
    await ctx.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const of = (d: string) => cases.filter((c) => c.detector === d);

  it('SYNCHRONIZED_CHECKINS: a ring of three phones checked in 15–60 s apart is one group case; friends together 3 of 12 times and the bus class are not', () => {
    const found = of('SYNCHRONIZED_CHECKINS').filter((c) => c.project_code !== classCode(6));
    expect(found.map((c) => [c.subject_kind, c.subject_key])).toEqual([['group', W.ring.map(key).sort().join('|')]]);
    const e = found[0].evidence;
    expect(e).toMatchObject({ persons: 3, sessions_together: 12 });
    expect(Number(e.p_value)).toBeLessThan(1e-6);
    expect(Number(e.gps_metres_apart)).toBeLessThan(100);
    expect(Number(e.false_positive_risk)).toBeLessThan(1e-3);
  });

  it('SYNCHRONIZED_CHECKINS (group test): four phones taken out in any order 30–60 s apart by a punctual proxy are one group case; three together in 4 of 12 sessions and two punctual friends are not', () => {
    const found = of('SYNCHRONIZED_CHECKINS').filter((c) => c.project_code === classCode(6));
    expect(found.map((c) => [c.subject_kind, c.subject_key])).toEqual([
      ['group', W.punctualRing.map(key).sort().join('|')],
    ]);
    const e = found[0].evidence;
    expect(e).toMatchObject({ persons: 4, group_persons: 4, in_and_out_within_180s: 11 });
    expect(Number(e.false_positive_risk)).toBeLessThan(1e-4);
    for (const c of [7, 8])
      expect(of('SYNCHRONIZED_CHECKINS').filter((x) => x.project_code === classCode(c))).toEqual([]);
  });

  it('GHOST_CONSTANT_FACE: a replayed photo wobbling by ±0.005 is caught; ±0.03 and a face scored differently by two devices are not', () => {
    expect(of('GHOST_CONSTANT_FACE').map((c) => c.subject_key)).toEqual([key(W.replay)]);
    const e = of('GHOST_CONSTANT_FACE')[0].evidence;
    expect(Number(e.face_score_sd)).toBeLessThan(0.005);
    expect(Number(e.population_sd)).toBeGreaterThan(0.01);
    expect(Number(e.false_positive_risk)).toBeLessThan(1e-3);
  });

  it('TOO_PERFECT_ATTENDANCE: check-ins and check-outs jittered ±30 s are caught; a punctual ±2 min trainee and an early bird who leaves naturally are not', () => {
    const persons = of('TOO_PERFECT_ATTENDANCE').filter((c) => c.project_code !== classCode(W.fabricatedClass));
    expect(persons.map((c) => c.subject_key)).toEqual([key(W.perfect)]);
    expect(Number(persons[0].evidence.false_positive_risk)).toBeLessThan(1e-3);
  });

  it('FABRICATED_CLASS: a class whose every record is within ±30 s of one time is caught; a punctual class and a class arriving by bus are not', () => {
    expect(of('FABRICATED_CLASS').map((c) => [c.subject_kind, c.subject_key])).toEqual([
      ['project', classCode(W.fabricatedClass)],
    ]);
    const e = of('FABRICATED_CLASS')[0].evidence;
    expect(Number(e.check_in_iqr_seconds)).toBeLessThan(60);
    expect(Number(e.false_positive_risk)).toBeLessThan(1e-4);
  });

  it('every statistical case carries its false-positive risk beside the evidence', () => {
    const statistical = cases.filter((x) =>
      ['SYNCHRONIZED_CHECKINS', 'GHOST_CONSTANT_FACE', 'TOO_PERFECT_ATTENDANCE', 'FABRICATED_CLASS'].includes(
        x.detector,
      ),
    );
    expect(statistical.length).toBeGreaterThanOrEqual(4);
    for (const c of statistical) {
      expect(typeof c.evidence.false_positive_risk, c.detector).toBe('number');
    }
  });
});
