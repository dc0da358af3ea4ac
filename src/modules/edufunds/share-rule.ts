/** The fund's figures the rule reads (fen). */
export interface FundFigures {
  frontLineFen: number;
  managementFen: number;
  otherFen: number;
}

export type ShareFinding = 'BELOW_FRONT_LINE_SHARE' | 'NO_SPENDING' | null;

/** What the fund spent in the year, all categories. */
export const spentFen = (f: FundFigures) => f.frontLineFen + f.managementFen + f.otherFen;

/**
 * 确保70%以上用于一线职工教育和培训 (plan 二（二）): the front-line share of what the fund spent is
 * below the parameter — compared exactly in integers (front × 10000 < spent × share). A fund that
 * spent nothing used nothing on the front line: `NO_SPENDING`.
 */
export function belowFrontLineShare(f: FundFigures, shareBp: number): ShareFinding {
  const spent = spentFen(f);
  if (spent === 0) return 'NO_SPENDING';
  return BigInt(f.frontLineFen) * 10000n < BigInt(spent) * BigInt(shareBp) ? 'BELOW_FRONT_LINE_SHARE' : null;
}

/** The front-line share in basis points, rounded down (null when nothing was spent). */
export function frontLineShareBp(f: FundFigures): number | null {
  const spent = spentFen(f);
  return spent === 0 ? null : Number((BigInt(f.frontLineFen) * 10000n) / BigInt(spent));
}
