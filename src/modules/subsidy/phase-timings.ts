/**
 * Where a settlement run spends its time, phase by phase (milliseconds, summed over batches), so
 * bench/RESULTS.md can say which part to work on. Optional: a run without it measures nothing.
 */
export type PhaseTimings = Partial<Record<SettlePhase, number>>;

export type SettlePhase =
  /** Selecting the batch's persons and applications, and reading their facts. */
  | 'reads'
  /** The rules (rules.ts) over the gathered facts, in memory. */
  | 'rules'
  /** INSERT of the decisions. */
  | 'decisionWrites'
  /** 公示 rows (public_notices) of the approved ones. */
  | 'publicNotices'
  /** Ledger commitments of the approved ones. */
  | 'ledger'
  /** Notices to the applicants (decided and publicity started). */
  | 'notices'
  /** The batch's audit entry and the run's progress counter. */
  | 'audit'
  /** COMMIT of the batch's transaction. */
  | 'commit';

/** Runs `f`, adding its duration to `phase` when timings are asked for. */
export async function timed<T>(timings: PhaseTimings | undefined, phase: SettlePhase, f: () => Promise<T>): Promise<T> {
  if (!timings) return f();
  const t = performance.now();
  try {
    return await f();
  } finally {
    timings[phase] = (timings[phase] ?? 0) + performance.now() - t;
  }
}
