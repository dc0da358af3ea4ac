/**
 * 有效学时: the learning time that counts, computed from stored heartbeats and re-check outcomes
 * alone, so anyone can recompute it (docs/online-learning.md § What counts). Pure: no clock, no
 * database; times are epoch milliseconds and the result is in whole milliseconds.
 *
 * A heartbeat reports the player's state, which holds until the next heartbeat (the player sends
 * one at once when the state changes). The interval between two heartbeats of a session counts as
 * real (wall) time — never as the video's time — and only when, at its start, the page was visible,
 * the video playing at no more than `maxRate`, the position moved forward, and the interval was no
 * longer than the session's heartbeat interval plus grace. Then: a person never learns two modules
 * at once (overlapping time counts once), a failed or expired identity re-check voids the time since
 * the person's last passed check, and no China day counts more than `dailyCapMs`.
 *
 * A live class (直播课) session has no position or playback of its own: an interval counts while the
 * learner is in the class (joined, not yet left), the page visible, and only its part inside the
 * class's scheduled window. Overlap, re-checks and the daily cap then apply to it as to modules.
 */

/** One stored heartbeat as the computation needs it. */
export interface Beat {
  seq: number;
  /** When the server received it (ms): the clock that counts, not the player's. */
  at: number;
  positionSeconds: number;
  rate: number;
  visible: boolean;
  playing: boolean;
  /** A live class's `join` / `leave`; absent or `beat` for an ordinary heartbeat. */
  event?: 'beat' | 'join' | 'leave';
}

/** A learner session's heartbeats and the longest interval between two that still counts. */
export interface SessionBeats {
  sessionId: string;
  moduleId: string;
  maxGapMs: number;
  beats: Beat[];
  /** A live class session: its scheduled window (ms); `moduleId` is then the live class's id. */
  window?: { start: number; end: number };
}

/**
 * An identity re-check as stored: `pending` past `dueAt` counts as expired. `overruled`: an
 * official upheld the learner's appeal against its failure (申诉), so it voids nothing — a
 * stored decision, an input like the check itself.
 */
export interface CheckOutcome {
  id?: string;
  status: 'pending' | 'passed' | 'failed' | 'expired';
  issuedAt: number;
  dueAt: number;
  resolvedAt: number | null;
  overruled?: boolean;
}

export interface ValidTimeRules {
  /** Playback faster than this does not count (1.25). */
  maxRate: number;
  /** Most learning time counted in one China day (ms). */
  dailyCapMs: number;
}

/** Why time did not count, as the learner is told. */
export const LOST_REASONS = [
  'hidden',
  'paused',
  'too_fast',
  'gap',
  'no_progress',
  'overlap',
  'check_failed',
  'daily_cap',
  'left',
  'outside_window',
] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export interface ValidTime {
  validMs: number;
  byModule: Record<string, number>;
  lostMs: Record<LostReason, number>;
  /** The same lost time, per module (what the learner of one module is shown). */
  lostByModule: Record<string, Record<LostReason, number>>;
  /** The `check_failed` time, per failed check (id) and module: what an appeal of that check is about. */
  voidedByCheck: Record<string, Record<string, number>>;
}

interface Piece {
  start: number;
  end: number;
  moduleId: string;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const emptyLost = (): Record<LostReason, number> =>
  Object.fromEntries(LOST_REASONS.map((r) => [r, 0])) as Record<LostReason, number>;

/** The interval's verdict from the state at its start: why nothing counts, or null. */
function intervalProblem(a: Beat, d: number, maxGapMs: number, rules: ValidTimeRules): LostReason | null {
  if (d > maxGapMs) return 'gap';
  if (!a.visible) return 'hidden';
  if (!a.playing) return 'paused';
  if (a.rate > rules.maxRate) return 'too_fast';
  return null;
}

/**
 * A live session's intervals: counted while joined (not left), visible and within the gap allowance,
 * and only the part inside the scheduled window. Returns the pieces that count.
 */
function liveCandidates(
  s: SessionBeats & { window: { start: number; end: number } },
  beats: Beat[],
  lose: (moduleId: string, reason: LostReason, ms: number) => void,
): Piece[] {
  const pieces: Piece[] = [];
  let present = false;
  for (let i = 0; i < beats.length; i++) {
    const a = beats[i]!;
    if (a.event === 'join') present = true;
    if (a.event === 'leave') present = false;
    const b = beats[i + 1];
    if (!b) break;
    const d = b.at - a.at;
    if (d <= 0) continue;
    // After leaving, silence is expected: it is `left`, not a `gap`.
    const problem: LostReason | null = !present ? 'left' : d > s.maxGapMs ? 'gap' : !a.visible ? 'hidden' : null;
    if (problem) {
      lose(s.moduleId, problem, d);
      continue;
    }
    const start = Math.max(a.at, s.window.start);
    const end = Math.min(b.at, s.window.end);
    const inside = Math.max(0, end - start);
    lose(s.moduleId, 'outside_window', d - inside);
    if (inside > 0) pieces.push({ start, end, moduleId: s.moduleId });
  }
  return pieces;
}

/** Replayed heartbeats (same seq) are one; order by server time, then seq. */
function orderedBeats(beats: Beat[]): Beat[] {
  const bySeq = new Map<number, Beat>();
  for (const b of beats) if (!bySeq.has(b.seq)) bySeq.set(b.seq, b);
  return [...bySeq.values()].sort((x, y) => x.at - y.at || x.seq - y.seq);
}

/** Subtracts the windows from the pieces, telling `onCut` what each loses. */
function cut(
  pieces: Piece[],
  windows: VoidedWindow[],
  onCut: (p: Piece, ms: number, w: VoidedWindow) => void,
): Piece[] {
  let kept = pieces;
  for (const w of windows) {
    const [ws, we] = w;
    const next: Piece[] = [];
    for (const p of kept) {
      const s = Math.max(p.start, ws);
      const e = Math.min(p.end, we);
      if (s >= e) {
        next.push(p);
        continue;
      }
      onCut(p, e - s, w);
      if (p.start < s) next.push({ ...p, end: s });
      if (e < p.end) next.push({ ...p, start: e });
    }
    kept = next;
  }
  return kept;
}

/** A window a failed or expired check voids, and which check (its id, when stored with one). */
export type VoidedWindow = [number, number, string?];

/**
 * The windows a failed or expired check voids: from the last passed check (or the beginning) to
 * its end. An overruled failure voids nothing and certifies nothing either: a later failure still
 * voids back to the last *passed* check.
 */
export function voidedWindows(checks: CheckOutcome[], now: number): VoidedWindow[] {
  const ends = checks
    .map((c) => {
      if (c.status === 'passed' && c.resolvedAt !== null) return { at: c.resolvedAt, good: true, id: c.id };
      if (c.overruled) return null; // upheld on appeal: as if it had not failed
      if (c.status === 'failed' || c.status === 'expired')
        return { at: c.resolvedAt ?? c.dueAt, good: false, id: c.id };
      if (c.status === 'pending' && c.dueAt < now) return { at: c.dueAt, good: false, id: c.id };
      return null; // pending, still answerable: the time counts until it is decided
    })
    .filter((x) => x !== null)
    .sort((x, y) => x.at - y.at || Number(x.good) - Number(y.good) || ((x.id ?? '') < (y.id ?? '') ? -1 : 1));
  const windows: VoidedWindow[] = [];
  let lastGood = Number.NEGATIVE_INFINITY;
  for (const e of ends) {
    if (e.good) lastGood = e.at;
    else windows.push([lastGood, e.at, e.id]);
  }
  return windows;
}

/**
 * A person's valid learning time over all their sessions, with the time lost and why. Valid time
 * plus lost time equals the time between consecutive heartbeats of each session, always.
 */
export function computeValidTime(
  sessions: SessionBeats[],
  checks: CheckOutcome[],
  rules: ValidTimeRules,
  now: number,
): ValidTime {
  const lostMs = emptyLost();
  const lostByModule: Record<string, Record<LostReason, number>> = {};
  const lose = (moduleId: string, reason: LostReason, ms: number) => {
    if (ms <= 0) return;
    lostMs[reason] += ms;
    lostByModule[moduleId] ??= emptyLost();
    lostByModule[moduleId][reason] += ms;
  };
  const candidates: Piece[] = [];
  for (const s of [...sessions].sort((x, y) => (x.sessionId < y.sessionId ? -1 : x.sessionId > y.sessionId ? 1 : 0))) {
    const beats = orderedBeats(s.beats);
    if (s.window) {
      candidates.push(...liveCandidates({ ...s, window: s.window }, beats, lose));
      continue;
    }
    for (let i = 1; i < beats.length; i++) {
      const a = beats[i - 1]!;
      const b = beats[i]!;
      const d = b.at - a.at;
      if (d <= 0) continue;
      const problem = intervalProblem(a, d, s.maxGapMs, rules);
      if (problem) {
        lose(s.moduleId, problem, d);
        continue;
      }
      // Real time, but no more than the video advanced (a stalled or rewound player earns nothing).
      const advancedMs = Math.max(0, Math.floor((b.positionSeconds - a.positionSeconds) * 1000));
      const credited = Math.min(d, advancedMs);
      lose(s.moduleId, 'no_progress', d - credited);
      if (credited > 0) candidates.push({ start: b.at - credited, end: b.at, moduleId: s.moduleId });
    }
  }

  // Never two modules at once: time already covered by an earlier-starting piece counts once.
  candidates.sort((x, y) => x.start - y.start || x.end - y.end || (x.moduleId < y.moduleId ? -1 : 1));
  let pieces: Piece[] = [];
  let coveredTo = Number.NEGATIVE_INFINITY;
  for (const p of candidates) {
    const start = Math.max(p.start, coveredTo);
    lose(p.moduleId, 'overlap', Math.min(p.end, start) - p.start);
    if (start < p.end) pieces.push({ ...p, start });
    coveredTo = Math.max(coveredTo, p.end);
  }

  // Each piece is voided by the first failed check whose window covers it (windows in time order).
  const voidedByCheck: Record<string, Record<string, number>> = {};
  pieces = cut(pieces, voidedWindows(checks, now), (p, ms, w) => {
    lose(p.moduleId, 'check_failed', ms);
    const id = w[2];
    if (id === undefined) return;
    voidedByCheck[id] ??= {};
    voidedByCheck[id][p.moduleId] = (voidedByCheck[id][p.moduleId] ?? 0) + ms;
  });
  pieces.sort((x, y) => x.start - y.start);

  // The daily cap, China days, in order of time.
  const byModule: Record<string, number> = {};
  const usedByDay = new Map<number, number>();
  let validMs = 0;
  for (const p of pieces) {
    let start = p.start;
    while (start < p.end) {
      const day = Math.floor((start + CHINA_OFFSET_MS) / DAY_MS);
      const end = Math.min(p.end, (day + 1) * DAY_MS - CHINA_OFFSET_MS);
      const used = usedByDay.get(day) ?? 0;
      const counts = Math.min(end - start, Math.max(0, rules.dailyCapMs - used));
      usedByDay.set(day, used + counts);
      lose(p.moduleId, 'daily_cap', end - start - counts);
      validMs += counts;
      byModule[p.moduleId] = (byModule[p.moduleId] ?? 0) + counts;
      start = end;
    }
  }
  return { validMs, byModule, lostMs, lostByModule, voidedByCheck };
}

/** The time between consecutive heartbeats of each session: what valid plus lost time adds up to. */
export function wallTimeMs(sessions: SessionBeats[]): number {
  let total = 0;
  for (const s of sessions) {
    const beats = orderedBeats(s.beats);
    for (let i = 1; i < beats.length; i++) total += Math.max(0, beats[i]!.at - beats[i - 1]!.at);
  }
  return total;
}
