import type { Db } from '../db/client.ts';
import { type Rng, rngFor } from './rng.ts';

/**
 * Online learning for a synthetic population (issue 20): honest learners' sessions, heartbeats,
 * identity re-checks, quiz attempts and some classroom attendance — with the four online-fraud
 * patterns planted at graded evasion strengths. The truth goes to `labels` (the benchmark writes
 * it to labels.csv); the detectors never read it. Honest behaviour is kept untidy on purpose:
 * timer drift and network jitter, pauses and hidden pages, night owls, couples who go to the same
 * face terminal, weak learners who fall for the same attractive wrong answer, a glance at a video
 * in a class break — so that precision means something. docs/integrity.md § Online learning.
 */

/** Evasion grids: each planted case takes one value; the strongest evasion comes last. */
export const LEARNING_EVASION = {
  /** One operator, one face device: days on which he learns for all his accounts (detector needs ≥ 4 shared days). */
  sharedFaceDays: [12, 8, 5, 3],
  /** A player left running: hours with no break long enough to sleep (detector needs ≥ 20). */
  noSleepHours: [30, 24, 21, 18],
  /** Video played during the person's own classroom sessions: minutes in all (detector needs ≥ 20). */
  duringClassMinutes: [180, 60, 30, 15],
  /** A script's heartbeats: timing jitter it adds (ms, standard deviation; honest phones show ~ 40–200 ms). */
  roboticJitterMs: [0, 5, 15, 40],
  /** Copied quizzes: answers per module the copier changes from his source's. */
  copiedChanges: [0, 1, 2, 3],
} as const;

export type OnlinePattern = 'shared_face' | 'no_sleep' | 'during_class' | 'robotic' | 'copied_quiz';

export interface LearningLabel {
  pattern: OnlinePattern;
  /** A person key, a device id (shared_face) or a pair `a|b` (copied_quiz, sorted). */
  subject: string;
  evasion: number;
}

export interface LearningWorld {
  sessions: { id: string; person_key: string; module_id: string; started_at: string }[];
  beats: {
    session_id: string;
    seq: number;
    person_key: string;
    received_at: string;
    client_at: string;
    position_seconds: number;
    rate: number;
    visible: boolean;
    focused: boolean;
    playing: boolean;
  }[];
  checks: { id: string; session_id: string; person_key: string; at: string; method: string }[];
  quizzes: { id: string; person_key: string; module_id: string; answers: number[]; correct: number; at: string }[];
  attendance: {
    project_code: string;
    session_no: number;
    person_key: string;
    check_in_at: string;
    check_out_at: string;
  }[];
  labels: LearningLabel[];
}

export interface LearningScale {
  honest: number;
  /** Planted cases per evasion value, per pattern. */
  perEvasion: number;
  days: number;
}
export const LEARNING_SCALES = {
  test: { honest: 60, perEvasion: 1, days: 20 },
  small: { honest: 500, perEvasion: 4, days: 30 },
} satisfies Record<string, LearningScale>;

const HEARTBEAT = 30;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
/** Day 0, 00:00 China time. */
export const EPOCH = Date.UTC(2026, 2, 1) - 8 * HOUR;
const VIDEO_MODULES = Array.from({ length: 6 }, (_, i) => uuidOf(0xa000 + i));
export const QUIZ_MODULES = Array.from({ length: 4 }, (_, i) => uuidOf(0xb000 + i));
const QUESTIONS = 10;
const CHOICES = 4;

function uuidOf(n: number, kind = 0): string {
  const h = Math.floor(n).toString(16).padStart(12, '0');
  return `00000000-0000-4000-${(0x8000 + kind).toString(16)}-${h}`;
}
const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
const logNormal = (r: Rng, median: number, sigma: number) => median * Math.exp(sigma * r.gauss());

/** How a device and its network behave: the honest spread of timing. */
export interface Timing {
  /** Timer drift per beat (s, SD). */
  timerSd: number;
  /** Network latency: base and jitter (s). */
  latency: number;
  latencySd: number;
  /** The device clock's offset from the server's (s). */
  skew: number;
  /** Whether the learner pauses, hides the page, stalls now and then. */
  human: boolean;
}

export const humanTiming = (r: Rng): Timing => ({
  timerSd: logNormal(r, 0.01, 0.8),
  latency: logNormal(r, 0.12, 0.5),
  latencySd: logNormal(r, 0.06, 0.6),
  skew: r.gauss() * 2,
  human: true,
});

export class LearningBuilder {
  readonly w: LearningWorld = { sessions: [], beats: [], checks: [], quizzes: [], attendance: [], labels: [] };
  private ids = 0;
  constructor(private readonly seed: number) {}

  id(kind: number) {
    this.ids += 1;
    return uuidOf(this.seed * 1_000_000 + this.ids, kind);
  }

  /**
   * One session of one person from `startMs` for `seconds` of wall time; heartbeats every 30 s and at
   * once on a change of state (pause, hide). Returns its id and when it ended.
   */
  session(r: Rng, person: string, startMs: number, seconds: number, t: Timing, moduleId = r.pick(VIDEO_MODULES)) {
    const id = this.id(1);
    this.w.sessions.push({ id, person_key: person, module_id: moduleId, started_at: iso(startMs) });
    let clientMs = startMs + t.skew * 1000;
    let position = r.uniform(0, 60);
    let playing = true;
    let visible = true;
    let seq = 0;
    const endMs = startMs + seconds * 1000;
    const beat = () => {
      const received = clientMs - t.skew * 1000 + Math.max(0.005, t.latency + t.latencySd * r.gauss()) * 1000;
      this.w.beats.push({
        session_id: id,
        seq: seq++,
        person_key: person,
        received_at: iso(received),
        client_at: iso(clientMs),
        position_seconds: Math.round(position * 1000) / 1000,
        rate: 1,
        visible,
        focused: visible,
        playing,
      });
    };
    beat();
    while (clientMs - t.skew * 1000 < endMs) {
      const dt = HEARTBEAT + t.timerSd * r.gauss();
      if (t.human && r.chance(0.04)) {
        // A change of state part-way: pause or resume, hide or show — sent at once.
        const part = r.uniform(1, HEARTBEAT - 1);
        if (playing && visible) position += part;
        clientMs += part * 1000;
        if (r.chance(0.5)) playing = !playing;
        else visible = !visible;
        beat();
        continue;
      }
      if (t.human && !playing && r.chance(0.3)) playing = true;
      if (t.human && !visible && r.chance(0.4)) visible = true;
      if (playing && visible) position += dt - (t.human && r.chance(0.03) ? r.uniform(0.5, 3) : 0);
      clientMs += dt * 1000;
      beat();
    }
    return { id, endMs };
  }

  check(session: string, person: string, atMs: number, method: string) {
    this.w.checks.push({ id: this.id(2), session_id: session, person_key: person, at: iso(atMs), method });
  }
}

/** A quiz: per question the right choice and how attractive each wrong one is. */
export interface Quiz {
  answer: number[];
  pull: number[][];
}
export function quizzes(seed: number): Quiz[] {
  return QUIZ_MODULES.map((_, m) => {
    const r = rngFor(seed, 91, m);
    const answer = Array.from({ length: QUESTIONS }, () => r.int(0, CHOICES - 1));
    // One distractor often draws the weak; the others less so.
    const pull = answer.map(() => {
      const w = Array.from({ length: CHOICES }, () => r.uniform(0.2, 1));
      w[r.int(0, CHOICES - 1)]! += r.uniform(0.5, 2);
      return w;
    });
    return { answer, pull };
  });
}
export function answerQuiz(r: Rng, q: Quiz, ability: number): number[] {
  return q.answer.map((right, i) => {
    if (r.chance(ability)) return right;
    const wrong = q.pull[i]!.map((w, c) => ({ item: c, weight: c === right ? 0 : w }));
    return r.weighted(wrong);
  });
}
/** The classroom class some learners attend: 8 mornings, 09:00–12:00 China time. */
const CLASS_DAYS = Array.from({ length: 8 }, (_, s) => s * 3 + 2);
const classStart = (s: number) => EPOCH + CLASS_DAYS[s]! * 24 * HOUR + 9 * HOUR;
export const score = (q: Quiz, a: number[]) => a.filter((c, i) => c === q.answer[i]).length;

/** Honest learning days and hours of one person (most by day, some night owls). */
function honestSessions(
  b: LearningBuilder,
  r: Rng,
  person: string,
  days: number,
  t: Timing,
  faceDevice: () => string | null,
  inClass: boolean,
) {
  const owl = r.chance(0.1);
  const sessions = r.int(4, 14);
  for (let k = 0; k < sessions; k++) {
    const day = r.int(0, days - 1);
    let hour = owl ? (22 + r.uniform(0, 5)) % 24 : r.uniform(7, 22);
    // Nobody honest learns online in their own class (08:30–12:30 on class days): they learn in the evening.
    if (inClass && CLASS_DAYS.includes(day) && hour > 8 && hour < 12.5) hour += 9;
    const start = EPOCH + day * 24 * HOUR + hour * HOUR;
    const { id, endMs } = b.session(r, person, start, r.uniform(8, 45) * 60, t);
    const device = faceDevice();
    b.check(id, person, start + (endMs - start) * r.uniform(0.2, 0.8), device ? `face:${device}` : 'sms');
  }
}

/** Generates the world for `seed` at `scale` (deterministic). */
export function generateLearning(seed: number, scale: LearningScale): LearningWorld {
  const b = new LearningBuilder(seed);
  const w = b.w;
  const qs = quizzes(seed);
  const person = (kind: string, i: number) => `L${seed}-${kind}${i}`;
  // Face terminals at service points: a learner who uses one drops in on random days.
  const kiosks = Array.from({ length: Math.max(2, Math.round(scale.honest / 40)) }, (_, i) => `KIOSK-${seed}-${i}`);
  const honest = Array.from({ length: scale.honest }, (_, i) => person('h', i));
  honest.forEach((p, i) => {
    const r = rngFor(seed, 101, i);
    const t = humanTiming(r);
    const kiosk = r.chance(0.3) ? r.pick(kiosks) : null;
    const attends = r.chance(0.33);
    // Couples (every 25th learner and the next): go to the same terminal together on most of their days (near miss: two, not three).
    const couple = i % 25 === 0 && i + 1 < honest.length;
    if (couple) {
      const kioskOfTwo = r.pick(kiosks);
      const partner = honest[i + 1]!;
      const tp = humanTiming(rngFor(seed, 102, i));
      // Their own ten evenings (no two couples keep the same calendar).
      const evenings = [...Array(scale.days).keys()].sort(() => r.next() - 0.5).slice(0, 10);
      for (const d of evenings) {
        const start = EPOCH + d * 24 * HOUR + r.uniform(18, 21) * HOUR;
        for (const [who, timing] of [
          [p, t],
          [partner, tp],
        ] as const) {
          const s = b.session(r, who, start + r.uniform(0, 10) * MINUTE, r.uniform(15, 40) * 60, timing);
          b.check(s.id, who, start + r.uniform(10, 15) * MINUTE, `face:${kioskOfTwo}`);
        }
      }
    } else honestSessions(b, r, p, scale.days, t, () => (kiosk && r.chance(0.6) ? kiosk : null), attends);
    // A third of the learners also attend a classroom class; one in ten of them glances at a video in the break.
    if (attends) {
      const glance = r.chance(0.1);
      for (let s = 0; s < 8; s++) {
        const start = classStart(s);
        const inAt = start + r.uniform(-10, 5) * MINUTE;
        const outAt = start + 3 * HOUR + r.uniform(-5, 15) * MINUTE;
        w.attendance.push({
          project_code: `OL-${seed}-C${i % 7}`,
          session_no: s + 1,
          person_key: p,
          check_in_at: iso(inAt),
          check_out_at: iso(outAt),
        });
        if (glance && s < 2) b.session(r, p, start + 90 * MINUTE, r.uniform(4, 9) * 60, t);
      }
    }
    // Quizzes: ability, one or two attempts per module (a retake after a fail).
    const ability = r.uniform(0.45, 0.95);
    qs.forEach((q, m) => {
      let at = EPOCH + r.int(0, scale.days - 1) * 24 * HOUR + r.uniform(8, 22) * HOUR;
      for (let attempt = 0; attempt < 2; attempt++) {
        const answers = answerQuiz(r, q, ability);
        const correct = score(q, answers);
        w.quizzes.push({ id: b.id(3), person_key: p, module_id: QUIZ_MODULES[m]!, answers, correct, at: iso(at) });
        if (correct >= 6) break;
        at += r.uniform(1, 48) * HOUR;
      }
    });
  });
  plant(b, seed, scale, qs);
  return w;
}

/** The five planted patterns, `perEvasion` cases at each evasion value. */
function plant(b: LearningBuilder, seed: number, scale: LearningScale, qs: Quiz[]) {
  const w = b.w;
  const n = scale.perEvasion;
  let k = 0;
  const rng = () => rngFor(seed, 201, k++);
  const label = (pattern: OnlinePattern, subject: string, evasion: number) =>
    w.labels.push({ pattern, subject, evasion });

  // One operator at one face device learning for 3–5 accounts, one after another, on `days` days.
  for (const days of LEARNING_EVASION.sharedFaceDays)
    for (let c = 0; c < n; c++) {
      const r = rng();
      const device = `FACE-${seed}-${k}`;
      const accounts = Array.from({ length: r.int(3, 5) }, (_, a) => `L${seed}-f${k}-${a}`);
      const t = humanTiming(r);
      const dayList = [...Array(scale.days).keys()].sort(() => r.next() - 0.5).slice(0, days);
      for (const day of dayList) {
        let at = EPOCH + day * 24 * HOUR + r.uniform(9, 20) * HOUR;
        for (const a of accounts) {
          const s = b.session(r, a, at, r.uniform(20, 40) * 60, t);
          b.check(s.id, a, at + r.uniform(5, 15) * MINUTE, `face:${device}`);
          at = s.endMs + r.uniform(1, 5) * MINUTE;
        }
      }
      label('shared_face', device, days);
    }

  // A player left running for `hours` (human timing, pauses included, none long enough to sleep).
  for (const hours of LEARNING_EVASION.noSleepHours)
    for (let c = 0; c < n; c++) {
      const r = rng();
      const p = `L${seed}-n${k}`;
      const t = humanTiming(r);
      let at = EPOCH + r.int(1, scale.days - 3) * 24 * HOUR + r.uniform(6, 10) * HOUR;
      const until = at + hours * HOUR;
      while (at < until) {
        const s = b.session(r, p, at, Math.min(r.uniform(40, 90) * 60, (until - at) / 1000 + 60), t);
        b.check(s.id, p, (at + s.endMs) / 2, 'sms');
        at = s.endMs + r.uniform(2, 60) * MINUTE;
      }
      label('no_sleep', p, hours);
    }

  // Someone else (or a left-running player) learns for a person during their own classes.
  for (const minutes of LEARNING_EVASION.duringClassMinutes)
    for (let c = 0; c < n; c++) {
      const r = rng();
      const p = `L${seed}-c${k}`;
      const t = humanTiming(r);
      let left = minutes;
      for (let s = 0; s < 8; s++) {
        const start = classStart(s);
        b.w.attendance.push({
          project_code: `OL-${seed}-C${k % 7}`,
          session_no: s + 1,
          person_key: p,
          check_in_at: iso(start + r.uniform(-10, 5) * MINUTE),
          check_out_at: iso(start + 3 * HOUR + r.uniform(-5, 15) * MINUTE),
        });
        if (left > 0) {
          const m = Math.min(left, r.uniform(12, 170));
          b.session(r, p, start + r.uniform(5, 175 - m) * MINUTE, m * 60, t);
          left -= m;
        }
      }
      label('during_class', p, minutes);
    }

  // A script on a server: even beats (plus the jitter it adds), no pauses, at ordinary hours.
  for (const jitter of LEARNING_EVASION.roboticJitterMs)
    for (let c = 0; c < n; c++) {
      const r = rng();
      const p = `L${seed}-r${k}`;
      const t: Timing = {
        timerSd: jitter / 1000,
        latency: 0.004,
        latencySd: 0.0005 + jitter / 1000,
        skew: r.gauss(),
        human: false,
      };
      for (let s = 0; s < r.int(6, 12); s++) {
        const start = EPOCH + r.int(0, scale.days - 1) * 24 * HOUR + r.uniform(8, 21) * HOUR;
        const session = b.session(r, p, start, r.uniform(20, 45) * 60, t);
        b.check(session.id, p, start + 10 * MINUTE, 'sms');
      }
      label('robotic', p, jitter);
    }

  // Copiers: a weak learner's answers handed on to one or two others, `changes` answers altered per module.
  for (const changes of LEARNING_EVASION.copiedChanges)
    for (let c = 0; c < n; c++) {
      const r = rng();
      const source = `L${seed}-q${k}-0`;
      const copiers = Array.from({ length: r.int(1, 2) }, (_, a) => `L${seed}-q${k}-${a + 1}`);
      const ability = r.uniform(0.45, 0.7);
      qs.forEach((q, m) => {
        const at = EPOCH + r.int(0, scale.days - 1) * 24 * HOUR + r.uniform(8, 22) * HOUR;
        const answers = answerQuiz(r, q, ability);
        w.quizzes.push({
          id: b.id(3),
          person_key: source,
          module_id: QUIZ_MODULES[m]!,
          answers,
          correct: score(q, answers),
          at: iso(at),
        });
        copiers.forEach((cp) => {
          const copy = [...answers];
          for (let x = 0; x < changes; x++) copy[r.int(0, QUESTIONS - 1)] = r.int(0, CHOICES - 1);
          w.quizzes.push({
            id: b.id(3),
            person_key: cp,
            module_id: QUIZ_MODULES[m]!,
            answers: copy,
            correct: score(q, copy),
            at: iso(at + r.uniform(2, 30) * MINUTE),
          });
        });
      });
      for (const cp of copiers) label('copied_quiz', [source, cp].sort().join('|'), changes);
      if (copiers.length === 2) label('copied_quiz', [...copiers].sort().join('|'), changes);
    }
}

/** Stores the world in the learning tables and classroom attendance (the generator may name any table). */
export async function loadLearning(db: Db, w: LearningWorld): Promise<void> {
  const chunks = async <T>(rows: T[], sql: string) => {
    for (let i = 0; i < rows.length; i += 5000) await db.query(sql, [JSON.stringify(rows.slice(i, i + 5000))]);
  };
  const rules = JSON.stringify({
    heartbeatSeconds: HEARTBEAT,
    graceSeconds: 5,
    checkMinSeconds: 300,
    checkMaxSeconds: 900,
    checkAnswerSeconds: 120,
    checkTries: 3,
  });
  await chunks(
    w.sessions,
    `INSERT INTO learning_sessions (id, person_key, module_id, enrolment, started_at, rules, next_check_at)
     SELECT x.id, x.person_key, x.module_id, 'public', x.started_at, '${rules}'::jsonb, x.started_at + interval '1 day'
     FROM json_to_recordset($1::json) AS x(id uuid, person_key text, module_id uuid, started_at timestamptz)`,
  );
  await chunks(
    w.beats,
    `INSERT INTO learning_heartbeats (session_id, seq, person_key, received_at, client_at, position_seconds, rate, visible, focused, playing)
     SELECT * FROM json_to_recordset($1::json) AS x(session_id uuid, seq int, person_key text, received_at timestamptz, client_at timestamptz,
       position_seconds float8, rate float8, visible boolean, focused boolean, playing boolean)`,
  );
  await chunks(
    w.checks,
    `INSERT INTO learning_checks (id, session_id, person_key, issued_at, due_at, status, method, resolved_at)
     SELECT x.id, x.session_id, x.person_key, x.at, x.at + interval '2 minutes', 'passed', x.method, x.at + interval '30 seconds'
     FROM json_to_recordset($1::json) AS x(id uuid, session_id uuid, person_key text, at timestamptz, method text)`,
  );
  await chunks(
    w.quizzes,
    `INSERT INTO learning_quiz_attempts (id, person_key, module_id, answers, correct, passed, at)
     SELECT x.id, x.person_key, x.module_id, ARRAY(SELECT json_array_elements_text(x.answers)::int), x.correct, x.correct >= 6, x.at
     FROM json_to_recordset($1::json) AS x(id uuid, person_key text, module_id uuid, answers json, correct int, at timestamptz)`,
  );
  await chunks(
    w.attendance,
    `INSERT INTO attendance (project_code, session_no, person_key, check_in_at, check_out_at, method)
     SELECT x.project_code, x.session_no, x.person_key, x.check_in_at, x.check_out_at, 'face'
     FROM json_to_recordset($1::json) AS x(project_code text, session_no int, person_key text, check_in_at timestamptz, check_out_at timestamptz)`,
  );
}
