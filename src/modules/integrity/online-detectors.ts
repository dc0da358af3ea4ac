import type { Db } from '../../db/client.ts';
import { type NewCase, openCases, spreadP } from './statistical.ts';
import { lnGamma } from './stats.ts';

/**
 * Detectors for online learning (issue 20): they read the learning module's published views
 * (`learning.learning_heartbeats`, `…_checks`, `…_quiz_attempts`; migration 0047) and the classroom
 * attendance, never the generator's labels. "Active" means a heartbeat whose page was visible and
 * whose video was playing — the time that could count. docs/integrity.md § Online learning.
 */
export const ONLINE_PARAMS = {
  /** ONLINE_SHARED_FACE_DEVICE: two persons are linked when one face device passed re-checks for both on at least this many China days … */
  sharedFaceMinDays: 4,
  /** … and that is unlikely for two people who merely use one terminal: hypergeometric tail on their days, times the device's pairs, at most this … */
  sharedFaceMaxP: 1e-3,
  /** … and a device is flagged when its links join at least this many persons (a family tablet shared by two is not). */
  sharedFaceMinPersons: 3,
  /** ONLINE_NO_SLEEP: a stretch of active learning whose pauses are all shorter than this (a night's sleep is longer) … */
  noSleepRestMinutes: 180,
  /** … lasting at least this many hours. */
  noSleepMinHours: 20,
  /** ONLINE_DURING_CLASS: active learning inside the person's own classroom check-in … check-out, at least this many minutes in all. */
  duringClassMinMinutes: 20,
  /** Each heartbeat counts for at most this many seconds (a silence is not learning). */
  duringClassBeatCapSeconds: 60,
  /** ONLINE_ROBOTIC_HEARTBEATS: steady beats (both active, 0.5–1.5 intervals apart) of the person, at least this many … */
  roboticMinBeats: 60,
  /** … whose arrival-interval spread is implausibly small against σ: the larger of this prior (s) and the population's
   * `roboticRefQuantile` quantile of persons' spreads (a few robots cannot pull it down) … */
  roboticPriorSd: 0.02,
  roboticRefQuantile: 0.05,
  /** … P(χ²ₙ₋₁ ≤ (n − 1)s²/σ²) at most this, and s at most this share of σ (with hundreds of beats the test alone
   * would flag the steadiest honest phones, only slightly below σ). */
  roboticMaxP: 1e-6,
  roboticMaxShareOfRef: 0.4,
  /** ONLINE_COPIED_QUIZ: a pair sharing at least this many wrong answers (wrong: not the answer most learners give) … */
  copyMinShared: 4,
  /** … and identical answers on so many of the questions both answered that the tail (per question: both right, or both
   * wrong the same way, from each one's score and the question's difficulty), times the number of pairs of learners, is at
   * most this: the expected number of honest pairs flagged per run. */
  copyMaxP: 0.05,
} as const;

const P = ONLINE_PARAMS;
const round = (x: number, digits: number) => Number(x.toPrecision(digits));
// A heartbeat that could count: page visible and video playing.
const ACTIVE = 'h.visible AND h.playing';

/** P(X ≥ k) for X hypergeometric: k of a person's `n` days among the other's `big` days, of `total` days. */
export function hypergeometricTail(k: number, total: number, big: number, n: number): number {
  const lnC = (a: number, b: number) => lnGamma(a + 1) - lnGamma(b + 1) - lnGamma(a - b + 1);
  let p = 0;
  for (let x = k; x <= Math.min(big, n); x++) p += Math.exp(lnC(big, x) + lnC(total - big, n - x) - lnC(total, n));
  return Math.min(1, p);
}

/**
 * ONLINE_SHARED_FACE_DEVICE: one face device passing re-checks for the same several persons on the same
 * days, far more often than people who happen to use one terminal would meet there (a hypergeometric
 * test on their days, given how many days each used it and how many days anyone learned), linked
 * into groups; three or more persons make a case (a couple sharing a terminal is two).
 */
export async function sharedFaceDevices(db: Db): Promise<number> {
  const edges = await db.query<{
    device: string;
    p1: string;
    p2: string;
    days: number;
    d1: number;
    d2: number;
    users: number;
    total: number;
  }>(
    `WITH d AS (
       SELECT DISTINCT substr(method, 6) AS device, person_key, (resolved_at AT TIME ZONE 'Asia/Shanghai')::date AS day
       FROM learning.learning_checks WHERE status = 'passed' AND method LIKE 'face:%' AND resolved_at IS NOT NULL),
     own AS (SELECT device, person_key, count(*)::int AS days, count(*) OVER (PARTITION BY device)::int AS users FROM d GROUP BY 1, 2),
     total AS (SELECT count(DISTINCT (resolved_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS n FROM learning.learning_checks WHERE resolved_at IS NOT NULL)
     SELECT a.device, a.person_key AS p1, b.person_key AS p2, count(*)::int AS days, o1.days AS d1, o2.days AS d2, o1.users, (SELECT n FROM total) AS total
     FROM d a JOIN d b ON b.device = a.device AND b.day = a.day AND b.person_key > a.person_key
     JOIN own o1 ON o1.device = a.device AND o1.person_key = a.person_key
     JOIN own o2 ON o2.device = b.device AND o2.person_key = b.person_key
     GROUP BY a.device, a.person_key, b.person_key, o1.days, o2.days, o1.users HAVING count(*) >= $1`,
    [P.sharedFaceMinDays],
  );
  const linked = edges
    .map((e) => ({ ...e, p: hypergeometricTail(e.days, e.total, e.d1, e.d2) * ((e.users * (e.users - 1)) / 2) }))
    .filter((e) => e.p <= P.sharedFaceMaxP);
  const byDevice = new Map<string, typeof linked>();
  for (const e of linked) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
  const cases: NewCase[] = [];
  for (const [device, es] of byDevice) {
    for (const members of components(es.map((e) => [e.p1, e.p2] as const))) {
      if (members.length < P.sharedFaceMinPersons) continue;
      const inside = es.filter((e) => members.includes(e.p1));
      cases.push({
        detector: 'ONLINE_SHARED_FACE_DEVICE',
        subject_kind: 'device',
        subject_key: device,
        project_code: '',
        city_code: null,
        evidence: {
          persons: members.length,
          days_together: Math.max(...inside.map((e) => e.days)),
          pairs: inside.length,
          p_value: round(Math.min(...inside.map((e) => e.p)), 3),
        },
      });
    }
  }
  return openCases(db, cases);
}

/** Connected components of an undirected graph given as edges. */
export function components(edges: readonly (readonly [string, string])[]): string[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const [a, b] of edges) parent.set(find(a), find(b));
  const groups = new Map<string, string[]>();
  for (const x of new Set(edges.flat())) groups.set(find(x), [...(groups.get(find(x)) ?? []), x]);
  return [...groups.values()].map((g) => g.sort());
}

/** ONLINE_NO_SLEEP: active learning with no pause long enough to sleep, for longer than a person stays awake. */
export async function noSleepLearning(db: Db): Promise<number> {
  const rows = await db.query<{
    person_key: string;
    city_code: string | null;
    from_at: Date;
    to_at: Date;
    hours: number;
  }>(
    `WITH beats AS (
       SELECT h.person_key, h.received_at,
              CASE WHEN h.received_at - lag(h.received_at) OVER (PARTITION BY h.person_key ORDER BY h.received_at)
                        < make_interval(mins => $1) THEN 0 ELSE 1 END AS starts
       FROM learning.learning_heartbeats h WHERE ${ACTIVE}),
     stretches AS (
       SELECT person_key, received_at, sum(starts) OVER (PARTITION BY person_key ORDER BY received_at) AS stretch FROM beats),
     spans AS (
       SELECT person_key, stretch, min(received_at) AS from_at, max(received_at) AS to_at,
              extract(epoch FROM max(received_at) - min(received_at)) / 3600 AS hours
       FROM stretches GROUP BY 1, 2)
     SELECT DISTINCT ON (s.person_key) s.person_key, p.city_code, s.from_at, s.to_at, s.hours::float8 AS hours
     FROM spans s LEFT JOIN registry.persons p ON p.person_key = s.person_key
     WHERE s.hours >= $2 ORDER BY s.person_key, s.hours DESC`,
    [P.noSleepRestMinutes, P.noSleepMinHours],
  );
  return openCases(
    db,
    rows.map((r) => ({
      detector: 'ONLINE_NO_SLEEP',
      subject_kind: 'person',
      subject_key: r.person_key,
      project_code: '',
      city_code: r.city_code,
      evidence: {
        started_at: r.from_at,
        ended_at: r.to_at,
        awake_hours: round(r.hours, 3),
        rest_under_minutes: P.noSleepRestMinutes,
      },
    })),
  );
}

/** ONLINE_DURING_CLASS: the video played (visible) while the same person was checked in to a classroom session. */
export async function learningDuringClass(db: Db): Promise<number> {
  const rows = await db.query<{
    person_key: string;
    project_code: string;
    city_code: string | null;
    minutes: number;
    sessions: number;
  }>(
    `WITH beats AS (
       SELECT h.person_key, h.received_at,
              least(extract(epoch FROM lead(h.received_at) OVER (PARTITION BY h.session_id ORDER BY h.seq) - h.received_at), $2)::float8 AS secs,
              ${ACTIVE} AS active
       FROM learning.learning_heartbeats h),
     overlap AS (
       SELECT a.person_key, a.project_code, a.session_no, sum(b.secs) AS secs
       FROM beats b JOIN training.attendance a ON a.person_key = b.person_key
        AND b.received_at >= a.check_in_at AND b.received_at < a.check_out_at
       WHERE b.active AND b.secs > 0 GROUP BY 1, 2, 3)
     SELECT o.person_key, min(o.project_code) AS project_code, min(pr.city_code) AS city_code,
            (sum(o.secs) / 60)::float8 AS minutes, count(*)::int AS sessions
     FROM overlap o LEFT JOIN training.projects pr ON pr.project_code = o.project_code
     GROUP BY o.person_key HAVING sum(o.secs) >= $1 * 60`,
    [P.duringClassMinMinutes, P.duringClassBeatCapSeconds],
  );
  return openCases(
    db,
    rows.map((r) => ({
      detector: 'ONLINE_DURING_CLASS',
      subject_kind: 'person',
      subject_key: r.person_key,
      project_code: '',
      city_code: r.city_code,
      evidence: { projects: [r.project_code], sessions: r.sessions, minutes: Math.round(r.minutes) },
    })),
  );
}

/**
 * ONLINE_ROBOTIC_HEARTBEATS: a person's heartbeats arrive at intervals steadier than any phone on a
 * mobile network (a timer's drift plus the network's jitter): a lower chi-square tail against σ, the
 * steadiest honest learners' spread. A script on a server, or a replay, has almost none.
 */
export async function roboticHeartbeats(db: Db): Promise<number> {
  const rows = await db.query<{
    person_key: string;
    city_code: string | null;
    n: number;
    sd: number;
    client_sd: number;
    position_sd: number;
    state_changes: number;
  }>(
    `WITH beats AS (
       SELECT h.person_key, h.session_id, ${ACTIVE} AS active,
              lag(${ACTIVE}) OVER w AS was_active,
              extract(epoch FROM h.received_at - lag(h.received_at) OVER w)::float8 AS recv_dt,
              extract(epoch FROM h.client_at - lag(h.client_at) OVER w)::float8 AS client_dt,
              (h.position_seconds - lag(h.position_seconds) OVER w)::float8 AS moved, h.rate,
              (s.rules->>'heartbeatSeconds')::float8 AS every
       FROM learning.learning_heartbeats h JOIN learning.learning_sessions s ON s.id = h.session_id
       WINDOW w AS (PARTITION BY h.session_id ORDER BY h.seq)),
     per_person AS (
       SELECT person_key,
              count(*) FILTER (WHERE active AND was_active AND recv_dt BETWEEN 0.5 * every AND 1.5 * every)::int AS n,
              stddev_samp(recv_dt) FILTER (WHERE active AND was_active AND recv_dt BETWEEN 0.5 * every AND 1.5 * every)::float8 AS sd,
              stddev_samp(client_dt) FILTER (WHERE active AND was_active AND recv_dt BETWEEN 0.5 * every AND 1.5 * every)::float8 AS client_sd,
              stddev_samp(moved - rate * client_dt) FILTER (WHERE active AND was_active AND recv_dt BETWEEN 0.5 * every AND 1.5 * every)::float8 AS position_sd,
              count(*) FILTER (WHERE active <> was_active)::int AS state_changes
       FROM beats GROUP BY person_key)
     SELECT s.*, p.city_code FROM per_person s LEFT JOIN registry.persons p ON p.person_key = s.person_key
     WHERE s.n >= $1`,
    [P.roboticMinBeats],
  );
  if (rows.length === 0) return 0;
  const spreads = rows.map((r) => r.sd).sort((a, b) => a - b);
  const sigma = Math.max(P.roboticPriorSd, spreads[Math.floor(P.roboticRefQuantile * (spreads.length - 1))]!);
  const cases: NewCase[] = [];
  for (const r of rows) {
    const p = spreadP(r.sd, r.n, sigma);
    if (p > P.roboticMaxP || r.sd > P.roboticMaxShareOfRef * sigma) continue;
    cases.push({
      detector: 'ONLINE_ROBOTIC_HEARTBEATS',
      subject_kind: 'person',
      subject_key: r.person_key,
      project_code: '',
      city_code: r.city_code,
      evidence: {
        heartbeats: r.n,
        interval_sd_ms: round(r.sd * 1000, 3),
        client_interval_sd_ms: round(r.client_sd * 1000, 3),
        position_sd_ms: round((r.position_sd ?? 0) * 1000, 3),
        population_sd_ms: round(sigma * 1000, 3),
        state_changes: r.state_changes,
        p_value: round(p, 3),
        false_positive_risk: round(Math.min(1, p * rows.length), 3),
      },
    });
  }
  return openCases(db, cases);
}

interface Attempt {
  person_key: string;
  module_id: string;
  answers: number[];
  at: Date;
  city_code: string | null;
}

/** A module's answer statistics: per question the modal (presumed right) answer, how often it is missed, and the chance two wrong answers agree. */
interface ModuleStats {
  modal: number[];
  missRate: number[];
  meanMiss: number;
  agreeIfWrong: number[];
  byPerson: Map<string, Attempt>;
}

function moduleStats(list: Attempt[]): ModuleStats {
  const questions = Math.max(...list.map((a) => a.answers.length));
  const modal: number[] = [];
  const missRate: number[] = [];
  const agreeIfWrong: number[] = [];
  for (let q = 0; q < questions; q++) {
    const counts = new Map<number, number>();
    for (const a of list)
      if (a.answers[q] !== undefined) counts.set(a.answers[q]!, (counts.get(a.answers[q]!) ?? 0) + 1);
    const [top] = [...counts].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    const total = [...counts.values()].reduce((t, n) => t + n, 0);
    const wrong = total - top![1];
    modal.push(top![0]);
    missRate.push(wrong / total);
    agreeIfWrong.push(
      wrong ? [...counts].filter(([c]) => c !== top![0]).reduce((t, [, n]) => t + (n / wrong) ** 2, 0) : 0,
    );
  }
  const meanMiss = missRate.reduce((t, x) => t + x, 0) / Math.max(1, questions);
  return { modal, missRate, meanMiss, agreeIfWrong, byPerson: new Map(list.map((a) => [a.person_key, a])) };
}

/**
 * Per question both answered, the chance that two independent learners give the *identical* answer,
 * given how often each misses (their own score on the module) and how hard the question is:
 * both right, or both wrong with the same wrong answer. A copy agrees on which questions are right
 * as well as on the mistakes; honest learners of the same score miss different questions.
 */
function identicalChances(m: ModuleStats, a: Attempt, b: Attempt): number[] {
  const miss = (x: Attempt) => x.answers.filter((c, q) => c !== m.modal[q]).length / Math.max(1, x.answers.length);
  const [ma, mb] = [miss(a), miss(b)];
  const n = Math.min(a.answers.length, b.answers.length);
  return Array.from({ length: n }, (_, q) => {
    const hard = m.meanMiss > 0 ? m.missRate[q]! / m.meanMiss : 1;
    const [wa, wb] = [Math.min(1, ma * hard), Math.min(1, mb * hard)];
    return (1 - wa) * (1 - wb) + wa * wb * m.agreeIfWrong[q]!;
  });
}

/** P(at least k successes) of independent trials with these chances (the exact Poisson-binomial tail). */
export function poissonBinomialTail(k: number, chances: number[]): number {
  let dist = [1];
  for (const p of chances) {
    const next = new Array<number>(dist.length + 1).fill(0);
    dist.forEach((x, i) => {
      next[i]! += x * (1 - p);
      next[i + 1]! += x * p;
    });
    dist = next;
  }
  return Math.min(
    1,
    dist.slice(k).reduce((t, x) => t + x, 0),
  );
}

/**
 * ONLINE_COPIED_QUIZ: two learners who share several of the same *wrong* answers (any but the answer
 * most learners give) and whose answers are identical on far more questions than two independent
 * learners of their scores would give on questions that hard (an answer-copying index: a copy repeats
 * the mistakes *and* which questions were right). Exact Poisson-binomial tail, times the number of
 * pairs of learners (so `copyMaxP` is the expected number of honest pairs flagged per run). Their
 * submission times are evidence.
 */
export async function copiedQuizzes(db: Db): Promise<number> {
  // Each person's last attempt per module: what they finally handed in.
  const attempts = await db.query<Attempt>(
    `SELECT DISTINCT ON (q.person_key, q.module_id) q.person_key, q.module_id::text AS module_id, q.answers, q.at, p.city_code
     FROM learning.learning_quiz_attempts q LEFT JOIN registry.persons p ON p.person_key = q.person_key
     ORDER BY q.person_key, q.module_id, q.at DESC`,
  );
  const byModule = new Map<string, Attempt[]>();
  for (const a of attempts) byModule.set(a.module_id, [...(byModule.get(a.module_id) ?? []), a]);
  const stats = [...byModule.values()].map(moduleStats);
  // Pass 1: shared wrong answers per pair — only pairs with one at least, found by (question, answer).
  const shared = new Map<string, number>();
  for (const m of stats) {
    const holders = new Map<string, string[]>();
    for (const a of m.byPerson.values())
      a.answers.forEach((c, q) => {
        if (c !== m.modal[q]) holders.set(`${q}:${c}`, [...(holders.get(`${q}:${c}`) ?? []), a.person_key]);
      });
    for (const ps of holders.values())
      for (let x = 0; x < ps.length; x++)
        for (let y = x + 1; y < ps.length; y++) {
          const key = ps[x]! < ps[y]! ? `${ps[x]}|${ps[y]}` : `${ps[y]}|${ps[x]}`;
          shared.set(key, (shared.get(key) ?? 0) + 1);
        }
  }
  // Pass 2, for the pairs that could score: the expectation over every module both handed in.
  const learners = new Set(attempts.map((a) => a.person_key)).size;
  const tested = (learners * (learners - 1)) / 2;
  const pairs: {
    key: string;
    shared: number;
    identical: number;
    questions: number;
    expected: number;
    p: number;
    modules: number;
    minutes: number[];
  }[] = [];
  for (const [key, k] of shared) {
    if (k < P.copyMinShared) continue;
    const [pa, pb] = key.split('|') as [string, string];
    const chances: number[] = [];
    let identical = 0;
    const minutes: number[] = [];
    for (const m of stats) {
      const [a, b] = [m.byPerson.get(pa), m.byPerson.get(pb)];
      if (!a || !b) continue;
      chances.push(...identicalChances(m, a, b));
      identical += a.answers.filter((c, q) => q < b.answers.length && c === b.answers[q]).length;
      minutes.push(Math.abs(new Date(a.at).getTime() - new Date(b.at).getTime()) / 60_000);
    }
    const expected = chances.reduce((t, x) => t + x, 0);
    const p = poissonBinomialTail(identical, chances);
    pairs.push({ key, shared: k, identical, questions: chances.length, expected, p, modules: minutes.length, minutes });
  }
  const cityOf = new Map(attempts.map((a) => [a.person_key, a.city_code]));
  const cases: NewCase[] = [];
  for (const r of pairs) {
    const key = r.key;
    const p = r.p;
    if (p * tested > P.copyMaxP) continue;
    const minutes = [...r.minutes].sort((x, y) => x - y);
    cases.push({
      detector: 'ONLINE_COPIED_QUIZ',
      subject_kind: 'pair',
      subject_key: key,
      project_code: '',
      city_code: cityOf.get(key.split('|')[0]!) ?? null,
      evidence: {
        modules: r.modules,
        shared_wrong_answers: r.shared,
        identical_answers: `${r.identical} / ${r.questions}`,
        chance: round(r.expected, 3),
        median_minutes_apart: Math.round(minutes[Math.floor(minutes.length / 2)]!),
        p_value: round(p, 3),
        false_positive_risk: round(Math.min(1, p * tested), 3),
      },
    });
  }
  return openCases(db, cases);
}
