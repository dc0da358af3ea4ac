import type { Db } from '../../db/client.ts';
import { type NewCase, openCases, spreadP } from './statistical.ts';
import { gammaP } from './stats.ts';

/**
 * Detectors for online learning (issue 20): they read the learning module's published views
 * (`learning.learning_heartbeats`, `…_checks`, `…_quiz_attempts`; migration 0047) and the classroom
 * attendance, never the generator's labels. "Active" means a heartbeat whose page was visible and
 * whose video was playing — the time that could count. docs/integrity.md § Online learning.
 */
export const ONLINE_PARAMS = {
  /** ONLINE_SHARED_FACE_DEVICE: two persons are linked when one face device passed re-checks for both on at least this many China days … */
  sharedFaceMinDays: 4,
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
  /** … P(χ²ₙ₋₁ ≤ (n − 1)s²/σ²) at most this. */
  roboticMaxP: 1e-6,
  /** ONLINE_COPIED_QUIZ: a pair sharing at least this many uncommon answers (chosen by at most half the module's learners) … */
  copyMinShared: 4,
  /** … with a Poisson tail (expected: Σ p² over the uncommon choices of the questions both answered), times the pairs tested, at most this. */
  copyMaxP: 1e-3,
} as const;

const P = ONLINE_PARAMS;
const round = (x: number, digits: number) => Number(x.toPrecision(digits));
// A heartbeat that could count: page visible and video playing.
const ACTIVE = 'h.visible AND h.playing';

/** ONLINE_SHARED_FACE_DEVICE: one face device passing re-checks, day after day, for the same several persons. */
export async function sharedFaceDevices(db: Db): Promise<number> {
  const edges = await db.query<{ device: string; p1: string; p2: string; days: number }>(
    `WITH d AS (
       SELECT DISTINCT substr(method, 6) AS device, person_key, (resolved_at AT TIME ZONE 'Asia/Shanghai')::date AS day
       FROM learning.learning_checks WHERE status = 'passed' AND method LIKE 'face:%' AND resolved_at IS NOT NULL)
     SELECT a.device, a.person_key AS p1, b.person_key AS p2, count(*)::int AS days
     FROM d a JOIN d b ON b.device = a.device AND b.day = a.day AND b.person_key > a.person_key
     GROUP BY 1, 2, 3 HAVING count(*) >= $1`,
    [P.sharedFaceMinDays],
  );
  const byDevice = new Map<string, typeof edges>();
  for (const e of edges) byDevice.set(e.device, [...(byDevice.get(e.device) ?? []), e]);
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
  const rows = await db.query<{ person_key: string; city_code: string | null; from_at: Date; to_at: Date; hours: number }>(
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
    if (p > P.roboticMaxP) continue;
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

/**
 * ONLINE_COPIED_QUIZ: two learners who give the same *uncommon* answers (the ones most learners do
 * not pick — usually the same wrong ones) far more often than two independent learners would, given
 * how often each answer is chosen. Agreeing on right answers proves nothing; agreeing on the same
 * rare mistakes does (the classic answer-copying index). Their submission times are evidence.
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
  // Per pair: shared uncommon answers, their expected count, and the minutes between the attempts.
  const pairs = new Map<string, { shared: number; expected: number; modules: number; minutes: number[] }>();
  for (const list of byModule.values()) {
    const questions = Math.max(...list.map((a) => a.answers.length));
    const share = Array.from({ length: questions }, (_, q) => {
      const counts = new Map<number, number>();
      for (const a of list) if (a.answers[q] !== undefined) counts.set(a.answers[q]!, (counts.get(a.answers[q]!) ?? 0) + 1);
      const total = [...counts.values()].reduce((s, n) => s + n, 0);
      return new Map([...counts].map(([c, n]) => [c, n / total]));
    });
    const uncommon = (q: number, c: number) => (share[q]!.get(c) ?? 0) <= 0.5;
    // Chance that two independent learners give the same uncommon answer to q.
    const chance = share.map((m) => [...m.values()].filter((p) => p <= 0.5).reduce((s, p) => s + p * p, 0));
    // Only pairs with at least one shared uncommon answer can score: index them by (question, answer).
    const holders = new Map<string, number[]>();
    list.forEach((a, i) =>
      a.answers.forEach((c, q) => {
        if (uncommon(q, c)) holders.set(`${q}:${c}`, [...(holders.get(`${q}:${c}`) ?? []), i]);
      }),
    );
    const sharedHere = new Map<string, number>();
    for (const idx of holders.values())
      for (let x = 0; x < idx.length; x++)
        for (let y = x + 1; y < idx.length; y++) {
          const [a, b] = [list[idx[x]!]!, list[idx[y]!]!];
          const key = a.person_key < b.person_key ? `${a.person_key}|${b.person_key}` : `${b.person_key}|${a.person_key}`;
          sharedHere.set(key, (sharedHere.get(key) ?? 0) + 1);
        }
    const byPerson = new Map(list.map((a) => [a.person_key, a]));
    for (const [key, shared] of sharedHere) {
      const [a, b] = key.split('|').map((k) => byPerson.get(k)!);
      const both = Math.min(a!.answers.length, b!.answers.length);
      const pair = pairs.get(key) ?? { shared: 0, expected: 0, modules: 0, minutes: [] };
      pair.shared += shared;
      pair.expected += chance.slice(0, both).reduce((s, c) => s + c, 0);
      pair.modules += 1;
      pair.minutes.push(Math.abs(new Date(a!.at).getTime() - new Date(b!.at).getTime()) / 60_000);
      pairs.set(key, pair);
    }
  }
  const tested = pairs.size;
  const cityOf = new Map(attempts.map((a) => [a.person_key, a.city_code]));
  const cases: NewCase[] = [];
  for (const [key, r] of pairs) {
    if (r.shared < P.copyMinShared) continue;
    // P(Poisson(λ) ≥ k) = P(k, λ), the regularized lower incomplete gamma.
    const p = gammaP(r.shared, Math.max(r.expected, 1e-9));
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
        shared_uncommon_answers: r.shared,
        chance: round(r.expected, 3),
        median_minutes_apart: Math.round(minutes[Math.floor(minutes.length / 2)]!),
        p_value: round(p, 3),
        false_positive_risk: round(Math.min(1, p * tested), 3),
      },
    });
  }
  return openCases(db, cases);
}
