/**
 * The few distributions the statistical detectors need (no dependency): binomial upper tail,
 * chi-square lower tail and the normal lower tail, all through the regularized incomplete gamma
 * function (Numerical Recipes' series and continued fraction), accurate far into the tails.
 */

const LANCZOS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
  -0.5395239384953e-5,
];

export function lnGamma(x: number): number {
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of LANCZOS) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 500; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }
  return 1 - gammaQ(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), by continued fraction for x ≥ a + 1 (keeps tiny tails exact). */
export function gammaQ(a: number, x: number): number {
  if (x < a + 1) return 1 - gammaP(a, x);
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** P(χ²_k ≤ x): how often a sample variance this small (x = (n − 1)s²/σ²) comes from spread σ. */
export const chiSquareLower = (x: number, k: number) => gammaP(k / 2, x / 2);

/** Φ(z), accurate in the lower tail (Φ(−z) = Q(½, z²/2) / 2). */
export function normalCdf(z: number): number {
  const tail = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z < 0 ? tail : 1 - tail;
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space. */
export function binomialTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const lnC = (j: number) => lnGamma(n + 1) - lnGamma(j + 1) - lnGamma(n - j + 1);
  let sum = 0;
  for (let j = k; j <= n; j++) sum += Math.exp(lnC(j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, sum);
}

/** The chance that at least one of m independent honest subjects reaches a p-value ≤ p: the share of honest classes that would trip. */
export const anyOf = (p: number, m: number) => (p >= 1 ? 1 : -Math.expm1(Math.max(1, m) * Math.log1p(-p)));
