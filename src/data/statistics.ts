/** Two-sample statistics for comparing data sets. */
import { portableExp, portableLog, portableSin } from "../tensor/portable-math.js";

/** The two-sample Kolmogorov-Smirnov statistic: the largest gap between the empirical CDFs. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Above this n * m the p-value is the asymptotic one: the exact count costs n * m steps. */
const KS_EXACT_MAX_CELLS = 1_000_000;

/**
 * P(D >= d) for the two-sample KS statistic under the null hypothesis (continuous data, no ties). Exact
 * for n * m up to a million: the share of the C(n+m, n) equally likely merge orders of the two samples
 * whose empirical CDFs stay less than d apart, counted along the lattice path (the recursion of R's
 * psmirnov, each step scaled by i / (i + n) so that no count overflows). Beyond, and where the exact tail
 * is below what 1 - P(D < d) can resolve in doubles, the asymptotic Kolmogorov distribution with Stephens'
 * small-sample correction (Numerical Recipes' kstwo), which is too small at small n: 0.108 where the exact
 * p is 0.135 for n = m = 30, d = 0.3 (scipy's ks_2samp, method "exact").
 */
export function ksPValue(d: number, n: number, m: number, exact = true): number {
  if (!(d > 0)) return 1;
  if (exact && n * m <= KS_EXACT_MAX_CELLS) {
    const p = 1 - ksBelowExact(d, n, m);
    if (p > 1e-12) return Math.min(1, p);
  }
  return ksPValueAsymptotic(d, n, m);
}

/** P(D < d) for samples of n and m, exactly (see ksPValue). */
function ksBelowExact(d: number, n: number, m: number): number {
  const [small, large] = n <= m ? [n, m] : [m, n];
  // D takes values k / (n m): paths whose every gap is below d are those whose gap is at most (k - 1/2) / (n m)
  const cells = small * large;
  const q = (0.5 + Math.floor(d * cells - 1e-7)) / cells;
  const u = new Float64Array(large + 1);
  for (let j = 0; j <= large; j++) u[j] = j / large > q ? 0 : 1;
  for (let i = 1; i <= small; i++) {
    const w = i / (i + large);
    u[0] = i / small > q ? 0 : w * u[0]!;
    for (let j = 1; j <= large; j++) u[j] = Math.abs(i / small - j / large) > q ? 0 : w * u[j]! + u[j - 1]!;
  }
  return u[large]!;
}

function ksPValueAsymptotic(d: number, n: number, m: number): number {
  const ne = (n * m) / (n + m);
  const sqrtNe = Math.sqrt(ne);
  const lambda = (sqrtNe + 0.12 + 0.11 / sqrtNe) * d;
  if (lambda < 1e-3) return 1;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * portableExp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * Standardized mean difference: Cohen's d, the difference of the means over the pooled std, each set's
 * variance weighted by its degrees of freedom (a dev set of 30 rows beside 300 training rows counts a
 * tenth as much, not half); 0 when both sets are constant and equal.
 */
export function standardizedMeanDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const stats = (v: ArrayLike<number>) => {
    let mean = 0;
    for (let i = 0; i < v.length; i++) mean += v[i]!;
    mean /= v.length;
    let ss = 0;
    for (let i = 0; i < v.length; i++) ss += (v[i]! - mean) ** 2;
    return { mean, variance: ss / Math.max(1, v.length - 1) };
  };
  const sa = stats(a);
  const sb = stats(b);
  const freedom = Math.max(1, a.length - 1) + Math.max(1, b.length - 1);
  const pooled = Math.sqrt((Math.max(1, a.length - 1) * sa.variance + Math.max(1, b.length - 1) * sb.variance) / freedom);
  if (pooled === 0) return sa.mean === sb.mean ? 0 : Infinity;
  return (sa.mean - sb.mean) / pooled;
}

/** ln Gamma(x) for x > 0 (Lanczos approximation, g = 7, n = 9). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return portableLog(Math.PI / portableSin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * portableLog(2 * Math.PI) + (x + 0.5) * portableLog(t) - t + portableLog(a);
}

/** The regularized upper incomplete gamma function Q(s, x) (series below s + 1, continued fraction above). */
function gammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  if (x < s + 1) {
    let term = 1 / s;
    let sum = term;
    for (let k = 1; k < 500; k++) {
      term *= x / (s + k);
      sum += term;
      if (term < sum * 1e-15) break;
    }
    return 1 - sum * portableExp(-x + s * portableLog(x) - logGamma(s));
  }
  // Lentz's continued fraction
  let b = x + 1 - s;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return portableExp(-x + s * portableLog(x) - logGamma(s)) * h;
}

/** P(X >= x) for a chi-square variable with `df` degrees of freedom. */
export function chiSquarePValue(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/**
 * Pearson's chi-square test that two samples have the same class proportions (a 2 x k table); classes
 * absent from both are ignored.
 */
export function proportionsTest(countsA: number[], countsB: number[]): { statistic: number; pValue: number } {
  const na = countsA.reduce((s, v) => s + v, 0);
  const nb = countsB.reduce((s, v) => s + v, 0);
  let statistic = 0;
  let used = 0;
  for (let k = 0; k < countsA.length; k++) {
    const total = countsA[k]! + (countsB[k] ?? 0);
    if (total === 0) continue;
    used++;
    const ea = (total * na) / (na + nb);
    const eb = (total * nb) / (na + nb);
    statistic += (countsA[k]! - ea) ** 2 / ea + ((countsB[k] ?? 0) - eb) ** 2 / eb;
  }
  return { statistic, pValue: used < 2 ? 1 : chiSquarePValue(statistic, used - 1) };
}
