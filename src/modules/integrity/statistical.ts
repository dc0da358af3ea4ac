import type { Db } from '../../db/client.ts';
import { choose, cliques, commonSessions, type Offsets, shuffledRates, togetherCounts } from './rings.ts';
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
  /** Group test (rings.ts): a pair, triple or quadruple *all* within these windows (seconds) of each other at check-in
   * and at check-out — a proxy's phones, whatever order he takes them out in — … */
  groupWindowsSeconds: [60, 120, 180] as const,
  /** … among groups of up to this many persons, found as cliques of pairs passing a looser SQL pre-filter (Chernoff bound
   * against the class's rate of pairs within w at check-in and check-out) … */
  groupMaxSize: 4,
  groupPrefilterP: 1e-3,
  /** … the chance is the largest of `syncMinChance`, the class's pair rate (never below a group's) and the group's own rate
   * across shuffled sessions (each person on a different day: their habits); p = windows × the smallest binomial tail;
   * flagged when the share of honest classes that would trip — any of its C(persons, m) groups of each size reaching p —
   * is at most this. */
  groupMaxRisk: 1e-4,
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
  cj: number[];
  pre_in: boolean;
  pre_group: boolean;
  class_pairs: number;
  metres: number | null;
}

/** A flagged pair or group: the edges joined into one case per ring. */
interface Finding {
  project_code: string;
  city_code: string | null;
  members: string[];
  p: number;
  risk: number;
  metres: number | null;
  pair?: PairRow & { chance: number[]; rho: number };
  group?: { n: number; k: number[]; chance: number[] };
}

/**
 * SYNCHRONIZED_CHECKINS, two tests whose findings are joined into one case per ring.
 * (1) Per pair of a class, in how many shared sessions their check-ins fell within 30, 60 and 180 s
 * of each other — a binomial test against the chance of that for this pair: the larger of the
 * class's own rate (over all its pairs and sessions) and the pair's own rate across *different*
 * sessions (a permutation null: two punctual trainees with the same habit coincide on any day, a
 * proxy's phones only on the same day), backed by the co-movement of their offsets.
 * (2) The group test (rings.ts): pairs, triples and quadruples whose members are *all* within 60,
 * 120 or 180 s of each other at check-in *and* at check-out in far more sessions than the same
 * persons on shuffled sessions — what a proxy who takes the phones out in a random order, 30–60 s
 * apart, cannot avoid. Flagged pairs and groups are joined into connected components.
 */
export async function synchronizedCheckins(db: Db, options: { groups?: boolean } = {}): Promise<number> {
  const windows = S.syncWindowsSeconds;
  // Without the group test (the bench times the pair test alone against it), none of its columns are computed.
  const groups = options.groups ?? true;
  const groupWindows = groups ? S.groupWindowsSeconds : [];
  const gap = `abs(extract(epoch FROM a.check_in_at - b.check_in_at))`;
  const outGap = `abs(extract(epoch FROM a.check_out_at - b.check_out_at))`;
  const chernoff = (k: string, c: string) =>
    `(${k} > n * ${c} AND ${k} * ln(${c} * n / greatest(${k}, 1)) + (n - ${k}) * ln((1 - ${c}) * n / greatest(n - ${k}, 1e-9))`;
  const each = (ws: readonly number[], f: (i: number) => string, sep = ', ') => ws.map((_, i) => f(i)).join(sep);
  const rows = await db.query<Omit<PairRow, 'k' | 'c' | 'cj'> & Record<string, number>>(
    `WITH pairs AS (
       SELECT a.project_code, a.person_key AS p1, b.person_key AS p2, count(*)::int AS n,
              ${each(windows, (i) => `count(*) FILTER (WHERE ${gap} <= ${Number(windows[i])})::int AS k${i}`)},
              ${each(groupWindows, (i) => `count(*) FILTER (WHERE ${gap} <= ${Number(groupWindows[i])} AND ${outGap} <= ${Number(groupWindows[i])})::int AS j${i}, `, '')}
              avg(111320 * sqrt(power(a.lat - b.lat, 2) + power(cos(radians(a.lat)) * (a.lon - b.lon), 2)))
                FILTER (WHERE a.lat IS NOT NULL AND b.lat IS NOT NULL AND ${gap} <= ${Number(windows[windows.length - 1])}) AS metres
       FROM training.attendance a JOIN training.attendance b ON b.project_code = a.project_code AND b.session_no = a.session_no AND b.person_key > a.person_key
       GROUP BY 1, 2, 3),
     chance AS (
       SELECT *, ${each(windows, (i) => `greatest($1, least(0.999, (sum(k${i}) OVER w)::float8 / (sum(n) OVER w))) AS c${i}`)},
              ${each(groupWindows, (i) => `greatest($1, least(0.999, (sum(j${i}) OVER w)::float8 / (sum(n) OVER w))) AS cj${i}, `, '')}
              count(*) OVER w AS class_pairs
       FROM pairs WINDOW w AS (PARTITION BY project_code)),
     tested AS (
       SELECT *, (${each(windows, (i) => `${chernoff(`k${i}`, `c${i}`)} <= ln($3))`, ' OR ')}) AS pre_in,
              (${groups ? each(groupWindows, (i) => `${chernoff(`j${i}`, `cj${i}`)} <= ln($4))`, ' OR ') : '$4::float8 < 0'}) AS pre_group
       FROM chance WHERE n >= $2)
     SELECT t.*, t.class_pairs::int AS class_pairs, pr.city_code FROM tested t JOIN training.projects pr ON pr.project_code = t.project_code
     WHERE t.pre_in OR t.pre_group`,
    [S.syncMinChance, S.syncMinSessions, S.syncPrefilterP, S.groupPrefilterP],
  );
  const candidates: PairRow[] = rows.map((r) => ({
    ...r,
    k: windows.map((_, i) => r[`k${i}`]),
    c: windows.map((_, i) => r[`c${i}`]),
    cj: groupWindows.map((_, i) => r[`cj${i}`]),
  }));
  const offsets = await sessionOffsets(
    db,
    candidates.flatMap((r) => [
      [r.project_code, r.p1],
      [r.project_code, r.p2],
    ]),
  );
  const checkIns = (key: string) =>
    new Map([...(offsets.get(key) ?? new Map<number, { in: number }>())].map(([s, o]) => [s, o.in]));
  const medians = await sessionMedians(db, [...new Set(candidates.filter((r) => r.pre_in).map((r) => r.project_code))]);
  const findings: Finding[] = [];
  for (const r of candidates.filter((x) => x.pre_in)) {
    const [a, b] = [checkIns(`${r.project_code}|${r.p1}`), checkIns(`${r.project_code}|${r.p2}`)];
    const own = crossSessionRates(a, b);
    const chance = r.c.map((c, i) => Math.max(c, own[i]));
    // The smallest tail over the windows, times the number of windows (Bonferroni) …
    const pCount = Math.min(1, windows.length * Math.min(...r.k.map((k, i) => binomialTail(k, r.n, chance[i]))));
    // … and the co-movement test (a proxy's phones rise and fall with his arrival, whatever order he takes them in), times two;
    // it counts only for pairs already often close (two steady trainees co-move with the session median, not with each other).
    const rho = rankCorrelation(a, b, medians.get(r.project_code)!);
    const p = Math.min(1, 2 * Math.min(pCount, pCount <= S.syncCorrelationGateP ? rho.p : 1));
    if (p > S.syncMaxP) continue;
    findings.push({
      project_code: r.project_code,
      city_code: r.city_code,
      members: [r.p1, r.p2],
      p,
      risk: anyOf(p, r.class_pairs),
      metres: r.metres,
      pair: { ...r, chance, rho: rho.rho },
    });
  }
  findings.push(...groupFindings(candidates, offsets));
  return openCases(db, casesOf(findings));
}

/** The group test over each class's candidate pairs (rings.ts): cliques of 2–4 persons, each tested once. */
function groupFindings(candidates: PairRow[], offsets: Map<string, Offsets>): Finding[] {
  const groupWindows = S.groupWindowsSeconds;
  const byClass = new Map<string, PairRow[]>();
  for (const r of candidates.filter((x) => x.pre_group))
    byClass.set(r.project_code, [...(byClass.get(r.project_code) ?? []), r]);
  const out: Finding[] = [];
  for (const [project, pairs] of byClass) {
    const first = pairs[0];
    // The class's persons, from its number of pairs (pairs that shared a session: n(n − 1)/2).
    const persons = Math.round((1 + Math.sqrt(1 + 8 * first.class_pairs)) / 2);
    // The class's pair rate bounds any group's: a group within w has every pair within w.
    const classRate = groupWindows.map((_, i) => Math.max(...pairs.map((r) => r.cj[i])));
    const metres = new Map(pairs.map((r) => [`${r.p1}|${r.p2}`, r.metres]));
    for (const members of cliques(
      pairs.map((r) => [r.p1, r.p2]),
      S.groupMaxSize,
    )) {
      const records = members.map((m) => offsets.get(`${project}|${m}`) ?? new Map());
      const sessions = commonSessions(records);
      if (sessions.length < S.syncMinSessions) continue;
      const k = togetherCounts(records, sessions, groupWindows);
      const own = shuffledRates(records, sessions, groupWindows);
      const chance = own.map((x, i) => Math.max(S.syncMinChance, classRate[i], x));
      const p = Math.min(
        1,
        groupWindows.length * Math.min(...k.map((x, i) => binomialTail(x, sessions.length, chance[i]))),
      );
      // Every group of 2 to groupMaxSize persons the class could form counts as a test.
      let tests = 0;
      for (let m = 2; m <= S.groupMaxSize; m++) tests += choose(persons, m);
      const risk = anyOf(p, tests);
      if (risk > S.groupMaxRisk) continue;
      const near = members.flatMap((a, i) => members.slice(i + 1).map((b) => metres.get(`${a}|${b}`) ?? null));
      const known = near.filter((x): x is number => x !== null);
      out.push({
        project_code: project,
        city_code: first.city_code,
        members,
        p,
        risk,
        metres: known.length ? Math.min(...known) : null,
        group: { n: sessions.length, k, chance },
      });
    }
  }
  return out;
}

/** One case per connected group of findings, its evidence from the strongest pair and the strongest group. */
function casesOf(findings: Finding[]): NewCase[] {
  const windows = S.syncWindowsSeconds;
  const within = (k: number[]) => Object.fromEntries(windows.map((w, i) => [`within_${w}s`, k[i]]));
  const together = (k: number[]) =>
    Object.fromEntries(S.groupWindowsSeconds.map((w, i) => [`in_and_out_within_${w}s`, k[i]]));
  const cases: NewCase[] = [];
  for (const component of connectedGroups(findings)) {
    const best = component.reduce((a, b) => (b.p < a.p ? b : a));
    const pairs = component.filter((f) => f.pair).sort((a, b) => a.p - b.p);
    const groups = component.filter((f) => f.group).sort((a, b) => a.p - b.p || b.members.length - a.members.length);
    const members = [...new Set(component.flatMap((f) => f.members))].sort();
    const metres = component.map((f) => f.metres).filter((m): m is number => m !== null);
    const pair = pairs[0]?.pair;
    const group = groups[0];
    cases.push({
      detector: 'SYNCHRONIZED_CHECKINS',
      subject_kind: members.length === 2 ? 'pair' : 'group',
      subject_key: members.join('|'),
      project_code: best.project_code,
      city_code: best.city_code,
      evidence: {
        persons: members.length,
        sessions_together: pair?.n ?? group!.group!.n,
        ...(pair ? within(pair.k) : {}),
        ...(group ? { group_persons: group.members.length, ...together(group.group!.k) } : {}),
        chance: {
          ...(pair ? Object.fromEntries(windows.map((w, i) => [`within_${w}s`, round(pair.chance[i], 3)])) : {}),
          ...(group
            ? Object.fromEntries(
                S.groupWindowsSeconds.map((w, i) => [`in_and_out_within_${w}s`, round(group.group!.chance[i], 3)]),
              )
            : {}),
        },
        ...(pair ? { rank_correlation: round(pair.rho, 3) } : {}),
        p_value: round(best.p, 3),
        ...(metres.length ? { gps_metres_apart: Math.round(Math.min(...metres)) } : {}),
        pairs: pairs.slice(0, 10).map((f) => ({
          persons: f.members,
          sessions: f.pair!.n,
          ...within(f.pair!.k),
          p_value: round(f.p, 3),
        })),
        false_positive_risk: round(best.risk, 3),
      },
    });
  }
  return cases;
}

/**
 * Check-in and check-out offsets (seconds from the session's start and end) by session, for the given
 * (project, person) pairs only; a record without a check-out has `out` NaN (never "within" anything).
 */
async function sessionOffsets(db: Db, keys: string[][]): Promise<Map<string, Offsets>> {
  const out = new Map<string, Offsets>();
  for (let i = 0; i < keys.length; i += 2000) {
    const chunk = keys.slice(i, i + 2000);
    const rows = await db.query<{
      project_code: string;
      person_key: string;
      session_no: number;
      off: number;
      off_out: number | null;
    }>(
      `SELECT DISTINCT a.project_code, a.person_key, a.session_no, ${IN_OFFSET} AS off, ${OUT_OFFSET} AS off_out
       FROM unnest($1::text[], $2::text[]) AS k(project_code, person_key)
       JOIN training.attendance a ON a.project_code = k.project_code AND a.person_key = k.person_key
       JOIN training.sessions s ON s.project_code = a.project_code AND s.session_no = a.session_no`,
      [chunk.map((k) => k[0]), chunk.map((k) => k[1])],
    );
    for (const r of rows) {
      const key = `${r.project_code}|${r.person_key}`;
      if (!out.has(key)) out.set(key, new Map());
      out.get(key)!.set(r.session_no, { in: r.off, out: r.off_out ?? Number.NaN });
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

/** Connected components of flagged pairs and groups within each class (union–find over their members). */
function connectedGroups<T extends { project_code: string; members: string[] }>(findings: T[]): T[][] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    const p = parent.get(x) ?? x;
    if (p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  const node = (f: T, who: string) => `${f.project_code}|${who}`;
  for (const f of findings)
    for (const m of f.members.slice(1)) {
      const [a, b] = [find(node(f, f.members[0])), find(node(f, m))];
      if (a !== b) parent.set(a, b);
    }
  const groups = new Map<string, T[]>();
  for (const f of findings) {
    const root = find(node(f, f.members[0]));
    groups.set(root, [...(groups.get(root) ?? []), f]);
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
