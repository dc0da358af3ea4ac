import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/composition/context.ts';
import { DETECTORS, EVIDENCE_FIELD_NAMES, DETECTOR_NAMES, runDetectors } from '../src/modules/integrity/index.ts';
import {
  answerQuiz,
  EPOCH,
  HOUR,
  humanTiming,
  LearningBuilder,
  loadLearning,
  MINUTE,
  QUIZ_MODULES,
  quizzes,
  score,
  type Timing,
} from '../src/synthetic/generate-learning.ts';
import { Rng } from '../src/synthetic/rng.ts';
import { testContext } from './support/context.ts';

/**
 * Each online-learning detector on a small world: honest background learners, one planted case and an
 * honest near miss per detector. The assertions name exactly who is flagged, so a detector that
 * misses its case, or flags its near miss, fails here.
 */
const day = (d: number, hour: number) => EPOCH + d * 24 * HOUR + hour * HOUR;
const r = new Rng(7);
const b = new LearningBuilder(77);
const w = b.w;
const SCRIPT: Timing = { timerSd: 0, latency: 0.004, latencySd: 0.0005, skew: 0.3, human: false };

// Honest background: 30 learners, three daytime sessions each over a month, an SMS check in each.
const background = Array.from({ length: 30 }, (_, i) => `bg${i}`);
for (const [i, p] of background.entries()) {
  const t = humanTiming(r);
  for (let d = 0; d < 3; d++) {
    const start = day((i + d * 10) % 30, r.uniform(8, 20));
    const s = b.session(r, p, start, 30 * 60, t);
    b.check(s.id, p, start + 10 * MINUTE, 'sms');
  }
}

// ONLINE_SHARED_FACE_DEVICE: one face device learning for three accounts on 5 days (planted); a couple at
// their terminal on 10 days (near miss: two persons, not three).
for (let d = 0; d < 5; d++) {
  let at = day(d, 19);
  for (const p of ['op1', 'op2', 'op3']) {
    const s = b.session(r, p, at, 25 * 60, humanTiming(r));
    b.check(s.id, p, at + 5 * MINUTE, 'face:OPERATOR-TABLET');
    at = s.endMs + 2 * MINUTE;
  }
}
for (let d = 0; d < 10; d++)
  for (const p of ['wife', 'husband']) {
    const s = b.session(r, p, day(d, 20), 25 * 60, humanTiming(r));
    b.check(s.id, p, day(d, 20) + 5 * MINUTE, 'face:FAMILY-KIOSK');
  }

// ONLINE_NO_SLEEP: a player kept going for 22 hours, short breaks only (planted); a keen learner who
// learns 14 hours, sleeps 5, then learns 6 more (near miss).
const marathon = (p: string, from: number, hours: number) => {
  const t = humanTiming(r);
  let at = from;
  while (at < from + hours * HOUR) {
    const s = b.session(r, p, at, 50 * 60, t);
    at = s.endMs + 20 * MINUTE;
  }
};
marathon('awake', day(2, 8), 22);
marathon('keen', day(5, 8), 14);
marathon('keen', day(6, 3), 6);

// ONLINE_DURING_CLASS: a video playing 40 minutes inside the person's own class (planted); 8 minutes in
// the class break (near miss), and learning right after check-out (near miss).
const classIn = day(3, 9);
const classOut = day(3, 12);
for (const p of ['inclass', 'breaktime', 'afterclass'])
  w.attendance.push({
    project_code: 'OL-TEST',
    session_no: 1,
    person_key: p,
    check_in_at: new Date(classIn - 5 * MINUTE).toISOString(),
    check_out_at: new Date(classOut + 5 * MINUTE).toISOString(),
  });
b.session(r, 'inclass', day(3, 10), 40 * 60, humanTiming(r));
b.session(r, 'breaktime', day(3, 10.5), 8 * 60, humanTiming(r));
b.session(r, 'afterclass', classOut + 10 * MINUTE, 45 * 60, humanTiming(r));

// ONLINE_ROBOTIC_HEARTBEATS: a script on a server, three sessions (planted); a phone on a steady home
// network with a good timer, no pauses (near miss: still a real network's jitter).
const steadyPhone: Timing = { timerSd: 0.004, latency: 0.05, latencySd: 0.03, skew: -1, human: false };
for (let d = 0; d < 3; d++) {
  b.session(r, 'script', day(d, 15), 40 * 60, SCRIPT);
  b.session(r, 'steadyphone', day(d, 16), 40 * 60, steadyPhone);
}

// ONLINE_COPIED_QUIZ: a weak learner's answers copied, one answer changed per module (planted); two weak
// friends who sit the quizzes side by side but answer for themselves (near miss).
const qs = quizzes(77);
const attempt = (p: string, m: number, answers: number[], at: number) => {
  w.quizzes.push({
    id: b.id(3),
    person_key: p,
    module_id: QUIZ_MODULES[m]!,
    answers,
    correct: score(qs[m]!, answers),
    at: new Date(at).toISOString(),
  });
};
qs.forEach((q, m) => {
  for (const [i, p] of background.entries()) attempt(p, m, answerQuiz(r, q, 0.5 + (i % 10) * 0.05), day(m, 12));
  const source = answerQuiz(r, q, 0.55);
  attempt('source', m, source, day(m, 20));
  attempt(
    'copier',
    m,
    source.map((c, i) => (i === m ? (c + 1) % 4 : c)),
    day(m, 20) + 5 * MINUTE,
  );
  attempt('friend1', m, answerQuiz(r, q, 0.55), day(m, 21));
  attempt('friend2', m, answerQuiz(r, q, 0.55), day(m, 21) + 3 * MINUTE);
});

let ctx: AppContext & { drop: () => Promise<void> };
const flagged = async (detector: string) =>
  (
    await ctx.db.query<{ subject_key: string }>(
      'SELECT subject_key FROM integrity_cases WHERE detector = $1 ORDER BY 1',
      [detector],
    )
  ).map((c) => c.subject_key);

beforeAll(async () => {
  ctx = await testContext();
  await loadLearning(ctx.db, w);
  await runDetectors(ctx.db);
}, 120_000);
afterAll(() => ctx?.drop());

describe('online-learning detectors', () => {
  it('one face device for three accounts is a case; a couple at one terminal is not', async () => {
    expect(await flagged('ONLINE_SHARED_FACE_DEVICE')).toEqual(['OPERATOR-TABLET']);
  });

  it('22 hours without a sleep-long break is a case; 14 hours, a night, then 6 is not', async () => {
    expect(await flagged('ONLINE_NO_SLEEP')).toEqual(['awake']);
  });

  it('40 minutes of video inside the own class is a case; 8 minutes in a break, or after check-out, is not', async () => {
    expect(await flagged('ONLINE_DURING_CLASS')).toEqual(['inclass']);
  });

  it('a script’s even heartbeats are a case; a steady phone on a real network is not', async () => {
    expect(await flagged('ONLINE_ROBOTIC_HEARTBEATS')).toEqual(['script']);
  });

  it('copied quiz answers (one changed per module) are a case; two weak friends answering for themselves are not', async () => {
    expect(await flagged('ONLINE_COPIED_QUIZ')).toEqual(['copier|source']);
  });

  it('every online case explains itself in Chinese, each evidence field with a name', async () => {
    const cases = await ctx.db.query<{ detector: keyof typeof DETECTORS; evidence: Record<string, unknown> }>(
      `SELECT detector, evidence FROM integrity_cases WHERE detector LIKE 'ONLINE%'`,
    );
    expect(new Set(cases.map((c) => c.detector)).size).toBe(5);
    for (const c of cases) {
      expect(DETECTORS[c.detector].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(DETECTOR_NAMES[c.detector].zh).toMatch(/[\u4e00-\u9fff]/);
      for (const field of Object.keys(c.evidence)) expect(EVIDENCE_FIELD_NAMES).toHaveProperty(field);
    }
  });

  it('running the detectors again opens nothing new', async () => {
    const again = await runDetectors(ctx.db);
    expect(Object.entries(again).filter(([k, n]) => k.startsWith('ONLINE') && n > 0)).toEqual([]);
  });
});
