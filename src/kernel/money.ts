import { Invalid } from './errors.ts';
/**
 * Money is integer fen (分) everywhere. Yuan strings appear only at the edges (interchange files,
 * display). Factors are integer basis points (1.30 → 13000) so that no float touches an amount.
 */
export type Fen = number;

const YUAN = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

/** Parses a yuan amount ("1950.00", "12", "0.5") into fen; null when it is not a valid amount. */
export function parseYuan(text: string): Fen | null {
  const m = YUAN.exec(text.trim());
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

/** Formats fen as yuan with exactly two decimals ("1950.00"), the interchange format. */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Chinese display: ¥1,950.00 元 style with thousands separators. */
export function displayYuan(fen: Fen): string {
  const [int, dec] = formatYuan(fen).split('.');
  return `¥${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** Parses a factor such as "1.30" into basis points (13000). */
export function parseFactorBp(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 10000 + Number((m[2] ?? '').padEnd(4, '0'));
}

/**
 * base × f1 × f2 × … rounded half-up to the fen (policy.md § Amount). Exact: BigInt arithmetic on
 * basis points, one rounding at the end.
 */
export function applyFactorsFen(baseFen: Fen, factorsBp: number[]): Fen {
  assertFen(baseFen);
  let num = BigInt(baseFen);
  let den = 1n;
  for (const bp of factorsBp) {
    if (!Number.isInteger(bp) || bp < 0) throw new Error(`factor must be non-negative basis points: ${bp}`);
    num *= BigInt(bp);
    den *= 10000n;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const rounded = (abs * 2n + den) / (den * 2n); // half-up
  return Number(negative ? -rounded : rounded);
}

export function assertFen(value: number): asserts value is Fen {
  if (!Number.isSafeInteger(value)) throw new Error(`money must be an integer number of fen, got ${value}`);
}

/** Sum of fen amounts, checked. */
export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0;
  for (const v of values) {
    assertFen(v);
    total += v;
  }
  assertFen(total);
  return total;
}

/** A non-negative yuan amount typed into a form, as fen; refuses anything else naming the field. */
export function requireYuan(text: string, field: string): Fen {
  const fen = parseYuan(String(text));
  if (fen === null || fen < 0)
    throw new Invalid(
      'BAD_AMOUNT',
      `${field}：金额应为非负数，最多两位小数（元）`,
      `${field}: an amount in yuan, non-negative, at most two decimals`,
      { field },
    );
  return fen;
}
