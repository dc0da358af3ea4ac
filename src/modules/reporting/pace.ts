/**
 * 进度与督促 — the one pace rule every page, report and reminder reads (the board, 目标分解, the
 * monthly report, the weekly reminders): a target is on pace when what is done reaches the share of
 * the target due for the share of the period elapsed. Counted in whole days, with integers, so
 * `behind`, the gap and the forecast can never disagree by a rounding.
 */
export interface Pace {
  actual: number;
  target: number;
  /** Due by now: the target × the share of the period elapsed, rounded up (whole persons). */
  proRataTarget: number;
  /** actual ÷ target (完成率). */
  completion: number;
  /** actual ÷ pro-rata target (按期进度): 1 is on pace, below 1 behind, above 1 ahead. */
  progress: number;
  /** Persons short of the pro-rata target (按期差距); negative when ahead. */
  gap: number;
  /** Whether the current daily rate meets the target by the period's end. */
  reachable: boolean;
  /** The day the target is met at the current rate; only when reachable, so never after the period's end. */
  forecastDate: string | null;
  /** Short of the pro-rata target (督促提醒). Inside the period this is exactly "not reachable". */
  behind: boolean;
  /** The period's last day (the plan's end), which an unreachable forecast names. */
  periodEnd: string;
}

const DAY = 86_400_000;
const dayNo = (d: string) => Math.round(Date.parse(d) / DAY);
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** Days of the period, and days of it elapsed on `asOf` (both ends counted; 0 before it starts). */
export function periodDays(from: string, to: string, asOf: string) {
  const total = dayNo(to) - dayNo(from) + 1;
  const sinceStart = dayNo(asOf) - dayNo(from) + 1;
  return { total, sinceStart, elapsed: Math.min(Math.max(sinceStart, 0), total) };
}

/** Due by `asOf`: the target × the elapsed share, rounded up, so a single person short is behind. */
export function proRataTarget(target: number, from: string, to: string, asOf: string): number {
  const { total, elapsed } = periodDays(from, to, asOf);
  return Math.ceil((target * elapsed) / total);
}

/** Progress against the pro-rata target and the pacing forecast, for any target over any period. */
export function pace(actual: number, target: number, from: string, to: string, asOf: string): Pace {
  const { total, sinceStart } = periodDays(from, to, asOf);
  const due = proRataTarget(target, from, to, asOf);
  const behind = actual < due;
  // At the rate so far (actual ÷ days since the start), the day the target is met. Inside the period
  // actual ≥ due ⇔ actual × total ≥ target × days ⇔ that day ≤ the end: reachable is "not behind".
  const met = actual >= target;
  const rateKnown = actual > 0 && sinceStart > 0;
  const reachable = met || (rateKnown && actual * total >= target * sinceStart) || sinceStart <= 0;
  const metOn = target > 0 && rateKnown ? dayNo(from) + Math.ceil((target * sinceStart) / actual) - 1 : null;
  return {
    actual,
    target,
    proRataTarget: due,
    completion: target > 0 ? actual / target : 0,
    progress: due > 0 ? actual / due : 0,
    gap: due - actual,
    reachable,
    forecastDate: reachable && metOn !== null ? dateOf(Math.min(metOn, dayNo(to))) : null,
    behind,
    periodEnd: to,
  };
}

/** The forecast in words for reports (a date, or that the end of the period is out of reach). */
export function forecastZh(p: Pick<Pace, 'reachable' | 'forecastDate' | 'periodEnd'>): string {
  if (!p.reachable) return `按当前速度无法在${p.periodEnd.slice(0, 4)}年底完成`;
  return p.forecastDate ?? '—';
}
