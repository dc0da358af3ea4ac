/**
 * The group-level ring test behind SYNCHRONIZED_CHECKINS: a proxy who carries two to four phones
 * takes them out in any order, so a pair of his phones is "within a minute" only on the days it is
 * adjacent in his order — but the whole group is within a few minutes of each other *both* at
 * check-in and at check-out on every day he comes. Two honest trainees, however punctual, arrive and
 * leave independently; a punctual pair coincides as often on different days as on the same day,
 * which the shuffled-sessions null below measures. Pure functions: the SQL and the cases live in
 * statistical.ts.
 */

/** A person's check-in and check-out offsets (seconds from the session's start and end) by session. */
export type Offsets = Map<number, { in: number; out: number }>;

/** Shuffled-session tuples enumerated exactly up to this many; beyond it, this many are drawn at random. */
const EXACT_TUPLES = 200_000;
const SAMPLED_TUPLES = 50_000;

/** The sessions every member attended with both a check-in and a check-out, in order. */
export function commonSessions(members: Offsets[]): number[] {
  return [...members[0].keys()].filter((s) => members.every((m) => m.has(s))).sort((a, b) => a - b);
}

/** Whether records (one per member) are all within w seconds of each other at check-in and at check-out. */
const spanWithin = (records: { in: number; out: number }[], w: number) => {
  let [lo, hi, lo2, hi2] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const r of records) {
    lo = Math.min(lo, r.in);
    hi = Math.max(hi, r.in);
    lo2 = Math.min(lo2, r.out);
    hi2 = Math.max(hi2, r.out);
  }
  return hi - lo <= w && hi2 - lo2 <= w;
};

/** In how many of the common sessions the whole group was within each window at both check-in and check-out. */
export function togetherCounts(members: Offsets[], sessions: number[], windows: readonly number[]): number[] {
  return windows.map(
    (w) =>
      sessions.filter((s) =>
        spanWithin(
          members.map((m) => m.get(s)!),
          w,
        ),
      ).length,
  );
}

/**
 * The permutation null: how often the same persons, each taken on a *different* session (of the sessions
 * they all attended), fall within each window at both check-in and check-out — what their habits alone
 * give. Exact over all ordered tuples of distinct sessions (pruned once the span exceeds the widest
 * window); a fixed-seed sample when there are too many.
 */
export function shuffledRates(members: Offsets[], sessions: number[], windows: readonly number[]): number[] {
  const m = members.length;
  const n = sessions.length;
  if (n < m) return windows.map(() => 0);
  let tuples = 1;
  for (let i = 0; i < m; i++) tuples *= n - i;
  const widest = Math.max(...windows);
  const hits = windows.map(() => 0);
  const count = (picked: { in: number; out: number }[]) => {
    windows.forEach((w, i) => {
      if (spanWithin(picked, w)) hits[i]++;
    });
  };
  if (tuples > EXACT_TUPLES) {
    const next = seeded(0x5eed);
    for (let t = 0; t < SAMPLED_TUPLES; t++) {
      const chosen = new Set<number>();
      while (chosen.size < m) chosen.add(Math.floor(next() * n));
      count([...chosen].map((c, i) => members[i].get(sessions[c])!));
    }
    return hits.map((h) => h / SAMPLED_TUPLES);
  }
  const used = new Array<boolean>(n).fill(false);
  const picked: { in: number; out: number }[] = [];
  const walk = (depth: number) => {
    if (depth === m) return count(picked);
    for (let c = 0; c < n; c++) {
      if (used[c]) continue;
      const r = members[depth].get(sessions[c])!;
      picked.push(r);
      // A partial tuple already wider than the widest window can only miss: skip its subtree.
      if (spanWithin(picked, widest)) {
        used[c] = true;
        walk(depth + 1);
        used[c] = false;
      }
      picked.pop();
    }
  };
  walk(0);
  return hits.map((h) => h / tuples);
}

/** All cliques of 2 up to maxSize persons in an undirected graph (each once, members sorted). */
export function cliques(edges: [string, string][], maxSize: number): string[][] {
  const adjacent = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!adjacent.has(a)) adjacent.set(a, new Set());
    if (!adjacent.has(b)) adjacent.set(b, new Set());
    adjacent.get(a)!.add(b);
    adjacent.get(b)!.add(a);
  }
  const out: string[][] = [];
  const grow = (clique: string[], candidates: string[]) => {
    if (clique.length >= 2) out.push(clique);
    if (clique.length === maxSize) return;
    for (const [i, c] of candidates.entries())
      grow(
        [...clique, c],
        candidates.slice(i + 1).filter((d) => adjacent.get(c)!.has(d)),
      );
  };
  for (const v of [...adjacent.keys()].sort()) grow([v], [...adjacent.get(v)!].filter((u) => u > v).sort());
  return out;
}

/** n choose k, as a float (the number of groups of k a class of n could form). */
export function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.max(0, c);
}

/** A small fixed-seed generator (mulberry32), so a sampled null gives the same answer on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
