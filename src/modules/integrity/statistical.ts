import type { Db } from '../../db/client.ts';
import { anyOf, binomialTail, chiSquareLower, normalCdf } from './stats.ts';

/**
 * Detectors that reason about distributions, not exact values: a fraud that adds jitter or noise
 * to a perfect pattern still leaves a distribution no honest class produces. Each compares a
 * subject with its own class's or population's spread, computes a p-value, and stores with the
 * evidence its false-positive risk: the share of honest classes of the same size that would trip
 * it (`false_positive_risk`). The heavy statistics are set-based SQL over attendance (aggregates,
 * window functions); only the few candidates that pass a loose pre-filter come to Node, for the
 * exact tail probabilities and the grouping.
 */
export const STATISTICAL_PARAMS = {
  /** SYNCHRONIZED_CHECKINS: windows (seconds) within which a pair's check-ins count as "together" … */
  syncWindowsSeconds: [30, 60, 180] as const,
  /** … in at least this many shared sessions … */
  syncMinSessions: 6,
  /** … the chance of "together" is the larger of the class's own rate over all its pairs and sessions and the pair's own rate
   * across different sessions (their habits), never below this … */
  syncMinChance: 0.02,
  /** … and a pair is flagged when the binomial tail P(≥ k of n together), times the number of windows, is at most this. */
  syncMaxP: 1e-5,
  /** … or when their check-in offsets (less the session's median) rise and fall together (Spearman, one-sided), for pairs
   * whose closeness alone has p ≤ this; either test doubled. */
  syncCorrelationGateP: 0.01,
  /** Pre-filter in SQL (Chernoff bound, never below the exact tail): pairs whose bound exceeds this cannot be flagged. */
  syncPrefilterP: 1e-4,
  /** GHOST_CONSTANT_FACE: at least this many face-checked records of the person in the project … */
  ghostMinRecords: 5,
  /** … whose score spread is implausibly small against σ, the steadiest honest faces: in each class this quantile of its
   * trainees' spreads, σ the median of that over classes (so a few replays, even a whole fabricated class, cannot pull σ down) … */
  ghostRefQuantile: 0.05,
  /** … (trainees with at least `ghostRefMinRecords` face records, classes with at least 5 of them; fewer than `ghostRefMinClasses` classes: `ghostPriorSd`) … */
  ghostRefMinRecords: 8,
  ghostRefMinClasses: 10,
  ghostPriorSd: 0.015,
  /** … P(χ²ₙ₋₁ ≤ (n − 1)s²/σ²) at most this (an identical score every time has p = 0). */
  ghostMaxP: 1e-4,
  /** TOO_PERFECT_ATTENDANCE: the same test (and the same robust σ) on a person's check-in and check-out offsets from the session's start and end; both must be implausible. */
  perfectMinRecords: 5,
  perfectRefQuantile: 0.05,
  perfectRefMinRecords: 8,
  perfectRefMinClasses: 10,
  perfectPriorSeconds: { in: 90, out: 60 },
  /** … flagged when P(both spreads this small) = max(p_in, p_out)² is at most this. */
  perfectMaxP: 1e-6,
  /** FABRICATED_CLASS: a class with at least this many attendance records … */
  classMinRecords: 50,
  /** … whose check-in and check-out spreads are both at most this share of the median class's … */
  classMaxShareOfMedian: 0.25,
  /** … and both implausibly low on the classes' own (log) scale: robust z (median, MAD) whose normal tail is at most this. */
  classMaxP: 1e-4,
  /** Fewer than this many classes of that size: the priors below stand in for the median spreads and the scale. */
  classRefMinClasses: 20,
  classPriorSeconds: { in: 420, out: 360 },
  classPriorLogScale: 0.3,
  /** The log scale is never taken below this (a province of near-identical classes must not make every small deviation "extreme"). */
  classMinLogScale: 0.1,
} as const;

const S = STATISTICAL_PARAMS;

export interface NewCase {
  detector: string;
  subject_kind: string;
  subject_key: string;
  project_code: string;
  city_code: string | null;
  evidence: Record<string, unknown>;
}

/** Opens cases (idempotent: an existing one is not opened twice); returns how many are new. */
export async function openCases(db: Db, cases: NewCase[]): Promise<number> {
  let opened = 0;
  for (let i = 0; i < cases.length; i += 1000) {
    const rows = await db.query(
      `INSERT INTO integrity_cases (detector, subject_kind, subject_key, project_code, city_code, evidence)
       SELECT x.detector, x.subject_kind, x.subject_key, x.project_code, x.city_code, x.evidence
       FROM json_to_recordset($1::json) AS x(detector text, subject_kind text, subject_key text, project_code text, city_code text, evidence jsonb)
       ON CONFLICT (detector, subject_kind, subject_key, project_code) DO NOTHING RETURNING 1`,
      [JSON.stringify(cases.slice(i, i + 1000))],
    );
    opened += rows.length;
  }
  return opened;
}

const round = (x: number, digits: number) => Number(x.toPrecision(digits));
/** The p-value of a sample spread s over n values against a reference spread σ (lower chi-square tail). */
export const spreadP = (s: number, n: number, sigma: number) =>
  s < 1e-9 ? 0 : chiSquareLower(((n - 1) * s * s) / (sigma * sigma), n - 1);

// Offsets in seconds of a record's check-in (check-out) from its session's start (end).
const IN_OFFSET = `extract(epoch FROM a.check_in_at - s.starts_at)::float8`;
const OUT_OFFSET = `extract(epoch FROM a.check_out_at - s.ends_at)::float8`;

interface PairRow {
  project_code: string;
  city_code: string | null;
  p1: string;
  p2: string;
  n: number;
  k: number[];
  c: number[];
  class_pairs: number;
  metres: number | null;
}

/**
 * SYNCHRONIZED_CHECKINS: per pair of a class, in how many shared sessions their check-ins fell
 * within 30, 60 and 180 s of each other — a binomial test against the chance of that for this pair:
 * the larger of the class's own rate (over all its pairs and sessions) and the pair's own rate
 * across *different* sessions (a permutation null: two punctual trainees with the same habit
 * coincide on any day, a proxy's phones only on the same day). So a proxy who waits 15–60 s
 * between phones is as visible as one who waits 3 s, while a class arriving in a bunch or two
 * habitual early birds are not suspect. Flagged pairs are joined into groups (connected
 * components): one case per ring.
 */
export async function synchronizedCheckins(db: Db): Promise<number> {
  const windows = S.syncWindowsSeconds;
  const gap = `abs(extract(epoch FROM a.check_in_at - b.check_in_at))`;
  const bound = (i: number) =>
    `(k${i} > n * c${i} AND k${i} * ln(c${i} * n / greatest(k${i}, 1)) + (n - k${i}) * ln((1 - c${i}) * n / greatest(n - k${i}, 1e-9)) <= ln($3))`;
  const each = (f: (i: number) => string, sep = ', ') => windows.map((_, i) => f(i)).join(sep);
  const rows = await db.query<Omit<PairRow, 'k' | 'c'> & Record<string, number>>(
    `WITH pairs AS (
       SELECT a.project_code, a.person_key AS p1, b.person_key AS p2, count(*)::int AS n,
              ${each((i) => `count(*) FILTER (WHERE ${gap} <= ${Number(windows[i])})::int AS k${i}`)},
              avg(111320 * sqrt(power(a.lat - b.lat, 2) + power(cos(radians(a.lat)) * (a.lon - b.lon), 2)))
                FILTER (WHERE a.lat IS NOT NULL AND b.lat IS NOT NULL AND ${gap} <= ${Number(windows[windows.length - 1])}) AS metres
       FROM training.attendance a JOIN training.attendance b ON b.project_code = a.project_code AND b.session_no = a.session_no AND b.person_key > a.person_key
       GROUP BY 1, 2, 3),
     chance AS (
       SELECT *, ${each((i) => `greatest($1, least(0.999, (sum(k${i}) OVER w)::float8 / (sum(n) OVER w))) AS c${i}`)}, count(*) OVER w AS class_pairs
       FROM pairs WINDOW w AS (PARTITION BY project_code))
     SELECT c.*, c.class_pairs::int AS class_pairs, pr.city_code FROM chance c JOIN training.projects pr ON pr.project_code = c.project_code
     WHERE c.n >= $2 AND (${each(bound, ' OR ')})`,
    [S.syncMinChance, S.syncMinSessions, S.syncPrefilterP],
  );
  const candidates: PairRow[] = rows.map((r) => ({
    ...r,
    k: windows.map((_, i) => r[`k${i}`]),
    c: windows.map((_, i) => r[`c${i}`]),
  }));
  const offsets = await checkInOffsets(
    db,
    candidates.flatMap((r) => [
      [r.project_code, r.p1],
      [r.project_code, r.p2],
    ]),
  );
  const medians = await sessionMedians(db, [...new Set(candidates.map((r) => r.project_code))]);
  const flagged = candidates
    .map((r) => {
      const [a, b] = [offsets.get(`${r.project_code}|${r.p1}`)!, offsets.get(`${r.project_code}|${r.p2}`)!];
      const own = crossSessionRates(a, b);
      const chance = r.c.map((c, i) => Math.max(c, own[i]));
      // The smallest tail over the windows, times the number of windows (Bonferroni) …
      const pCount = Math.min(1, windows.length * Math.min(...r.k.map((k, i) => binomialTail(k, r.n, chance[i]))));
      // … and the co-movement test (a proxy's phones rise and fall with his arrival, whatever order he takes them in), times two;
      // it counts only for pairs already often close (two steady trainees co-move with the session median, not with each other).
      const rho = rankCorrelation(a, b, medians.get(r.project_code)!);
      const p = Math.min(1, 2 * Math.min(pCount, pCount <= S.syncCorrelationGateP ? rho.p : 1));
      return { ...r, chance, p, rho: rho.rho };
    })
    .filter((r) => r.p <= S.syncMaxP);
  const cases: NewCase[] = [];
  for (const group of connectedGroups(flagged)) {
    const best = group.reduce((a, b) => (b.p < a.p ? b : a));
    const members = [...new Set(group.flatMap((e) => [e.p1, e.p2]))].sort();
    const metres = group.map((e) => e.metres).filter((m): m is number => m !== null);
    const within = (e: typeof best) => Object.fromEntries(windows.map((w, i) => [`within_${w}s`, e.k[i]]));
    cases.push({
      detector: 'SYNCHRONIZED_CHECKINS',
      subject_kind: members.length === 2 ? 'pair' : 'group',
      subject_key: members.join('|'),
      project_code: best.project_code,
      city_code: best.city_code,
      evidence: {
        persons: members.length,
        sessions_together: best.n,
        ...within(best),
        chance: Object.fromEntries(windows.map((w, i) => [`within_${w}s`, round(best.chance[i], 3)])),
        rank_correlation: round(best.rho, 3),
        p_value: round(best.p, 3),
        ...(metres.length ? { gps_metres_apart: Math.round(Math.min(...metres)) } : {}),
        pairs: group
          .slice(0, 10)
          .map((e) => ({ persons: [e.p1, e.p2], sessions: e.n, ...within(e), p_value: round(e.p, 3) })),
        false_positive_risk: round(anyOf(best.p, best.class_pairs), 3),
      },
    });
  }
  return openCases(db, cases);
}

/** Check-in offsets (seconds from the session's start) by session, for the given (project, person) pairs only. */
async function checkInOffsets(db: Db, keys: string[][]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  for (let i = 0; i < keys.length; i += 2000) {
    const chunk = keys.slice(i, i + 2000);
    const rows = await db.query<{ project_code: string; person_key: string; session_no: number; off: number }>(
      `SELECT a.project_code, a.person_key, a.session_no, ${IN_OFFSET} AS off
       FROM unnest($1::text[], $2::text[]) AS k(project_code, person_key)
       JOIN training.attendance a ON a.project_code = k.project_code AND a.person_key = k.person_key
       JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no`,
      [chunk.map((k) => k[0]), chunk.map((k) => k[1])],
    );
    for (const r of rows) {
      const key = `${r.project_code}|${r.person_key}`;
      if (!out.has(key)) out.set(key, new Map());
      out.get(key)!.set(r.session_no, r.off);
    }
  }
  return out;
}

/** The class's median check-in offset per session, so a day everyone came late does not make every pair look related. */
async function sessionMedians(db: Db, projects: string[]): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  for (let i = 0; i < projects.length; i += 2000) {
    const rows = await db.query<{ project_code: string; session_no: number; med: number }>(
      `SELECT a.project_code, a.session_no, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${IN_OFFSET}) AS med
       FROM training.attendance a JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no
       WHERE a.project_code = ANY($1::text[]) GROUP BY a.project_code, a.session_no`,
      [projects.slice(i, i + 2000)],
    );
    for (const r of rows) {
      if (!out.has(r.project_code)) out.set(r.project_code, new Map());
      out.get(r.project_code)!.set(r.session_no, r.med);
    }
  }
  return out;
}

const ranks = (xs: number[]) => {
  const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return out;
};

/**
 * Spearman correlation of two trainees' check-in offsets (less the class's session median) over the
 * sessions both attended, and its one-sided p-value (Fisher z, variance 1.06 / (n − 3)). Ranks keep
 * a late arrival or a day one came alone from dominating.
 */
export function rankCorrelation(
  a: Map<number, number>,
  b: Map<number, number>,
  median: Map<number, number>,
): { rho: number; p: number } {
  const shared = [...a.keys()].filter((s) => b.has(s) && median.has(s));
  if (shared.length < S.syncMinSessions) return { rho: 0, p: 1 };
  const [x, y] = [
    ranks(shared.map((s) => a.get(s)! - median.get(s)!)),
    ranks(shared.map((s) => b.get(s)! - median.get(s)!)),
  ];
  const mean = (shared.length - 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < shared.length; i++) {
    sxy += (x[i] - mean) * (y[i] - mean);
    sxx += (x[i] - mean) ** 2;
    syy += (y[i] - mean) ** 2;
  }
  const rho = sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
  const z = Math.atanh(Math.min(rho, 0.9999)) * Math.sqrt((shared.length - 3) / 1.06);
  return { rho, p: normalCdf(-z) };
}

/** How often a's check-in on one day and b's on another day fall within each window: the pair's chance of coinciding by habit. */
function crossSessionRates(a: Map<number, number>, b: Map<number, number>): number[] {
  const hits = S.syncWindowsSeconds.map(() => 0);
  let total = 0;
  for (const [s, x] of a) {
    for (const [t, y] of b) {
      if (s === t) continue;
      total++;
      S.syncWindowsSeconds.forEach((w, i) => {
        if (Math.abs(x - y) <= w) hits[i]++;
      });
    }
  }
  return hits.map((h) => (total ? h / total : 0));
}

/** Connected components of flagged pairs within each class (union–find). */
function connectedGroups<T extends { project_code: string; p1: string; p2: string }>(edges: T[]): T[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const node = (e: T, who: string) => `${e.project_code}|${who}`;
  for (const e of edges) {
    const [a, b] = [find(node(e, e.p1)), find(node(e, e.p2))];
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, T[]>();
  for (const e of edges) {
    const root = find(node(e, e.p1));
    groups.set(root, [...(groups.get(root) ?? []), e]);
  }
  return [...groups.values()];
}

interface FaceRow {
  person_key: string;
  project_code: string;
  city_code: string | null;
  n: number;
  sd: number;
  mean: number;
  methods: string;
  devices: number;
  class_units: number;
  ref_sd: number;
  ref_units: number;
}

/**
 * GHOST_CONSTANT_FACE: a person whose face scores in a project barely vary — a replayed photo,
 * even with noise added to the score — against the spread of honest faces in the population of
 * face terminals and the app (a low quantile of per-person spreads: the steadiest honest faces).
 */
export async function replayedFaces(db: Db): Promise<number> {
  const rows = await db.query<FaceRow>(
    `WITH u AS (
       SELECT a.person_key, a.project_code, count(*)::int AS n, coalesce(stddev_samp(a.face_score), 0)::float8 AS sd, avg(a.face_score)::float8 AS mean,
              string_agg(DISTINCT a.method, ',') AS methods, count(DISTINCT a.device_id)::int AS devices, count(*) OVER (PARTITION BY a.project_code) AS class_units
       FROM training.attendance a WHERE a.method IN ('face_terminal', 'mobile_app') AND a.face_score IS NOT NULL
       GROUP BY a.person_key, a.project_code),
     cls AS (SELECT percentile_cont($1) WITHIN GROUP (ORDER BY sd) AS low FROM u WHERE n >= $2 GROUP BY project_code HAVING count(*) >= 5),
     ref AS (SELECT count(*)::int AS units, percentile_cont(0.5) WITHIN GROUP (ORDER BY low) AS sd FROM cls),
     sigma AS (SELECT units, CASE WHEN units >= $3 THEN sd ELSE $4 END AS sd FROM ref)
     SELECT u.person_key, u.project_code, pr.city_code, u.n, u.sd, u.mean, u.methods, u.devices, u.class_units::int AS class_units, g.sd AS ref_sd, g.units AS ref_units
     FROM u CROSS JOIN sigma g JOIN training.projects pr ON pr.project_code = u.project_code
     WHERE u.n >= $5 AND u.sd <= 0.5 * g.sd`,
    [S.ghostRefQuantile, S.ghostRefMinRecords, S.ghostRefMinClasses, S.ghostPriorSd, S.ghostMinRecords],
  );
  const cases: NewCase[] = [];
  for (const r of rows) {
    const p = spreadP(r.sd, r.n, r.ref_sd);
    if (p > S.ghostMaxP) continue;
    cases.push({
      detector: 'GHOST_CONSTANT_FACE',
      subject_kind: 'person',
      subject_key: r.person_key,
      project_code: r.project_code,
      city_code: r.city_code,
      evidence: {
        records: r.n,
        face_score_mean: round(r.mean, 4),
        face_score_sd: round(r.sd, 3),
        population_sd: round(r.ref_sd, 3),
        methods: r.methods,
        devices: r.devices,
        p_value: round(p, 3),
        false_positive_risk: round(anyOf(p, r.class_units), 3),
      },
    });
  }
  return openCases(db, cases);
}

interface PerfectRow {
  person_key: string;
  project_code: string;
  city_code: string | null;
  n: number;
  n_out: number;
  sd_in: number;
  sd_out: number;
  mean_in: number;
  mean_out: number;
  class_units: number;
  ref_in: number;
  ref_out: number;
}

/**
 * TOO_PERFECT_ATTENDANCE: a person whose check-in and check-out offsets from the session's start
 * and end barely vary across sessions, against the steadiest honest trainees' spread — identical
 * seconds or jittered by half a minute alike.
 */
export async function tooPerfectAttendance(db: Db): Promise<number> {
  const rows = await db.query<PerfectRow>(
    `WITH u AS (
       SELECT a.person_key, a.project_code, count(*)::int AS n, count(a.check_out_at)::int AS n_out,
              coalesce(stddev_samp(${IN_OFFSET}), 0) AS sd_in, coalesce(stddev_samp(${OUT_OFFSET}), 0) AS sd_out,
              avg(${IN_OFFSET}) AS mean_in, avg(${OUT_OFFSET}) AS mean_out, count(*) OVER (PARTITION BY a.project_code) AS class_units
       FROM training.attendance a JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no
       GROUP BY a.person_key, a.project_code),
     cls AS (SELECT percentile_cont($1) WITHIN GROUP (ORDER BY sd_in) AS low_in, percentile_cont($1) WITHIN GROUP (ORDER BY sd_out) AS low_out
             FROM u WHERE n >= $2 AND n_out >= $2 GROUP BY project_code HAVING count(*) >= 5),
     ref AS (SELECT count(*)::int AS units, percentile_cont(0.5) WITHIN GROUP (ORDER BY low_in) AS sd_in, percentile_cont(0.5) WITHIN GROUP (ORDER BY low_out) AS sd_out FROM cls),
     sigma AS (SELECT CASE WHEN units >= $3 THEN sd_in ELSE $4 END AS sd_in, CASE WHEN units >= $3 THEN sd_out ELSE $5 END AS sd_out FROM ref)
     SELECT u.person_key, u.project_code, pr.city_code, u.n, u.n_out, u.sd_in, u.sd_out, u.mean_in, u.mean_out, u.class_units::int AS class_units,
            g.sd_in AS ref_in, g.sd_out AS ref_out
     FROM u CROSS JOIN sigma g JOIN training.projects pr ON pr.project_code = u.project_code
     WHERE u.n >= $6 AND u.n_out >= $6 AND u.sd_in <= 0.5 * g.sd_in AND u.sd_out <= 0.5 * g.sd_out`,
    [
      S.perfectRefQuantile,
      S.perfectRefMinRecords,
      S.perfectRefMinClasses,
      S.perfectPriorSeconds.in,
      S.perfectPriorSeconds.out,
      S.perfectMinRecords,
    ],
  );
  const cases: NewCase[] = [];
  for (const r of rows) {
    // Both must be implausible: for independent check-in and check-out noise, P(both p-values ≤ m) = m².
    const p = Math.max(spreadP(r.sd_in, r.n, r.ref_in), spreadP(r.sd_out, r.n_out, r.ref_out)) ** 2;
    if (p > S.perfectMaxP) continue;
    cases.push({
      detector: 'TOO_PERFECT_ATTENDANCE',
      subject_kind: 'person',
      subject_key: r.person_key,
      project_code: r.project_code,
      city_code: r.city_code,
      evidence: {
        records: r.n,
        check_in_offset_seconds: Math.round(r.mean_in),
        check_out_offset_seconds: Math.round(r.mean_out),
        check_in_sd_seconds: round(r.sd_in, 3),
        check_out_sd_seconds: round(r.sd_out, 3),
        population_sd_seconds: [Math.round(r.ref_in), Math.round(r.ref_out)],
        p_value: round(p, 3),
        false_positive_risk: round(anyOf(p, r.class_units), 3),
      },
    });
  }
  return openCases(db, cases);
}

interface ClassRow {
  project_code: string;
  city_code: string | null;
  n: number;
  persons: number;
  sd_in: number;
  sd_out: number;
  l_in: number;
  l_out: number;
  m_in: number;
  m_out: number;
  s_in: number;
  s_out: number;
}

/**
 * FABRICATED_CLASS: a class whose whole arrival and departure distributions (all records, all
 * sessions) are far narrower than classes' of its size — a dispersion test on the classes' own
 * log scale (median and MAD), so records generated around one time, jittered or not, show. The
 * spread is the interquartile range: a few foreign records (someone "present" in two classes at
 * once) must not hide a fabricated class.
 */
export async function fabricatedClasses(db: Db): Promise<number> {
  const rows = await db.query<ClassRow>(
    `WITH c AS (
       SELECT a.project_code, count(*)::int AS n, count(DISTINCT a.person_key)::int AS persons,
              coalesce(percentile_cont(0.75) WITHIN GROUP (ORDER BY ${IN_OFFSET}) - percentile_cont(0.25) WITHIN GROUP (ORDER BY ${IN_OFFSET}), 0) AS sd_in,
              coalesce(percentile_cont(0.75) WITHIN GROUP (ORDER BY ${OUT_OFFSET}) - percentile_cont(0.25) WITHIN GROUP (ORDER BY ${OUT_OFFSET}), 0) AS sd_out
       FROM training.attendance a JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no
       GROUP BY a.project_code HAVING count(*) >= $1),
     l AS (SELECT *, ln(greatest(sd_in, 1)) AS l_in, ln(greatest(sd_out, 1)) AS l_out FROM c),
     med AS (SELECT count(*) AS classes, percentile_cont(0.5) WITHIN GROUP (ORDER BY l_in) AS m_in, percentile_cont(0.5) WITHIN GROUP (ORDER BY l_out) AS m_out FROM l),
     mad AS (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.l_in - med.m_in)) AS d_in, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(l.l_out - med.m_out)) AS d_out FROM l CROSS JOIN med),
     ref AS (SELECT CASE WHEN classes >= $2 THEN m_in ELSE ln($3) END AS m_in, CASE WHEN classes >= $2 THEN m_out ELSE ln($4) END AS m_out,
                    greatest($6, CASE WHEN classes >= $2 THEN 1.4826 * d_in ELSE $5 END) AS s_in, greatest($6, CASE WHEN classes >= $2 THEN 1.4826 * d_out ELSE $5 END) AS s_out
             FROM med CROSS JOIN mad)
     SELECT l.project_code, pr.city_code, l.n, l.persons, l.sd_in, l.sd_out, l.l_in, l.l_out, r.m_in, r.m_out, r.s_in, r.s_out
     FROM l CROSS JOIN ref r JOIN training.projects pr ON pr.project_code = l.project_code
     WHERE l.sd_in <= $7 * exp(r.m_in) AND l.sd_out <= $7 * exp(r.m_out)`,
    [
      S.classMinRecords,
      S.classRefMinClasses,
      S.classPriorSeconds.in,
      S.classPriorSeconds.out,
      S.classPriorLogScale,
      S.classMinLogScale,
      S.classMaxShareOfMedian,
    ],
  );
  const cases: NewCase[] = [];
  for (const r of rows) {
    const z = Math.max((r.l_in - r.m_in) / r.s_in, (r.l_out - r.m_out) / r.s_out);
    const p = normalCdf(z);
    if (p > S.classMaxP) continue;
    cases.push({
      detector: 'FABRICATED_CLASS',
      subject_kind: 'project',
      subject_key: r.project_code,
      project_code: r.project_code,
      city_code: r.city_code,
      evidence: {
        records: r.n,
        persons: r.persons,
        check_in_iqr_seconds: round(r.sd_in, 3),
        check_out_iqr_seconds: round(r.sd_out, 3),
        median_class_iqr_seconds: [Math.round(Math.exp(r.m_in)), Math.round(Math.exp(r.m_out))],
        robust_z: round(z, 3),
        p_value: round(p, 3),
        false_positive_risk: round(p, 3),
      },
    });
  }
  return openCases(db, cases);
}
