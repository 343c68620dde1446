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

/**
 * P(D >= d) for the two-sample KS statistic under the null hypothesis, from the asymptotic Kolmogorov
 * distribution with Stephens' small-sample correction (as in Numerical Recipes' `kstwo`).
 */
export function ksPValue(d: number, n: number, m: number): number {
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

/** Standardized mean difference (Cohen's d with the pooled std); 0 when both sets are constant and equal. */
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
  const pooled = Math.sqrt((sa.variance + sb.variance) / 2);
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
