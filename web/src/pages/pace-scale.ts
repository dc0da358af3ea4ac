/**
 * The board's colour scale, diverging around "on pace" (按期进度 = 1): warm behind, neutral on
 * pace, cool ahead. How deep a warm (or cool) city is shows its standing among the others on that
 * side, on a log scale (half the pace is one step), so cities far below target still compare.
 */
export const WARM = ['#fcd9c4', '#b2182b'] as const;
export const COOL = ['#d1e5f0', '#2166ac'] as const;
export const NEUTRAL = '#f2f2f2';

/** The lightest shade a behind (ahead) city gets: never mistaken for on pace. */
const FLOOR = 0.25;

export interface Shade {
  colour: string;
  /** 0 neutral … 1 the deepest shade: labels turn white on deep shades. */
  depth: number;
}

/** A colour per row by its pace (`progress`) and the server's `behind`: the same rows the table lists. */
export function paceShades(rows: readonly { progress: number; behind: boolean }[]): Shade[] {
  const log = rows.map((r) => (r.progress > 0 ? Math.log2(r.progress) : Number.NEGATIVE_INFINITY));
  const behind = rows.map((r) => r.behind);
  const ahead = rows.map((r, i) => !r.behind && log[i] > 0);
  const finiteBehind = log.filter((l, i) => behind[i] && Number.isFinite(l));
  // No progress at all: one halving below the slowest city that has some.
  const zero = (finiteBehind.length ? Math.min(...finiteBehind) : 0) - 1;
  const at = log.map((l) => (Number.isFinite(l) ? l : zero));
  const span = (side: boolean[], dir: 1 | -1) => {
    const xs = at.filter((_, i) => side[i]).map((l) => l * dir);
    if (!xs.length) return { lo: 0, hi: 1 };
    const lo = Math.min(...xs);
    return { lo, hi: Math.max(Math.max(...xs), lo + 1) }; // at least one halving wide: near-equals look near-equal
  };
  const warm = span(behind, -1); // distance below pace, in halvings
  const cool = span(ahead, 1);
  return rows.map((_, i) => {
    if (behind[i]) {
      const depth = FLOOR + (1 - FLOOR) * ((-at[i] - warm.lo) / (warm.hi - warm.lo));
      return { colour: mix(WARM[0], WARM[1], depth), depth };
    }
    if (ahead[i]) {
      const depth = FLOOR + (1 - FLOOR) * ((at[i] - cool.lo) / (cool.hi - cool.lo));
      return { colour: mix(COOL[0], COOL[1], depth), depth };
    }
    return { colour: NEUTRAL, depth: 0 };
  });
}

/** Linear mix of two #rrggbb colours, `t` of the way from `a` (FLOOR) to `b` (1). */
function mix(a: string, b: string, depth: number): string {
  const t = (depth - FLOOR) / (1 - FLOOR);
  const ch = (c: string, k: number) => Number.parseInt(c.slice(1 + 2 * k, 3 + 2 * k), 16);
  const out = [0, 1, 2].map((k) => Math.round(ch(a, k) + (ch(b, k) - ch(a, k)) * t));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** A share as a percentage that never rounds a small non-zero share to 0: 64.3%, 5.3%, 0.019%. */
export function percent(share: number): string {
  const v = share * 100;
  if (v === 0) return '0%';
  if (Math.abs(v) >= 1) return `${v.toLocaleString('zh-CN', { maximumFractionDigits: 1 })}%`;
  return `${v.toLocaleString('zh-CN', { maximumSignificantDigits: 2 })}%`;
}
