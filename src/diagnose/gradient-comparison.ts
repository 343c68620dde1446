import type { Rng } from "../tensor/rng.js";
import type { TypedArray } from "../tensor/tensor.js";

/** One tensor whose analytic gradient is compared with finite differences. */
export interface CheckedTensor {
  /** Shown as d<name>: "W1" is reported as "dW1". */
  name: string;
  /** The values perturbed in place (and restored). */
  values: TypedArray;
  /** Columns, to report an entry's [row, col]. */
  cols: number;
  /** The gradient to check, from backprop. */
  analytic: ArrayLike<number>;
}

export interface GradientCheckOptions {
  /**
   * Finite-difference step. Default 1e-6: at the course's 1e-7, float64 round-off alone puts a correct
   * backward just above 1e-7 (the reference data shows 1.19e-7), so the default moves one decade up,
   * where a correct backward lands near 1e-8 and planted bugs still give > 1e-1.
   */
  epsilon?: number;
  /** "twoSided" (J(t+e) - J(t-e)) / 2e, error O(e^2), the default; "oneSided" (J(t+e) - J(t)) / e, O(e). */
  method?: "twoSided" | "oneSided";
  /** Check at most this many entries, drawn at random (each costs two cost evaluations). Default: all. */
  sample?: number;
  /** Random stream for `sample`. */
  rng?: Rng;
  /** Below this difference the verdict is "pass". Default 1e-7. */
  passBelow?: number;
  /** From this difference on the verdict is "fail" (almost surely a bug). Default 1e-3. */
  failFrom?: number;
  /** Worst entries to report per tensor and overall. Default 5. */
  worst?: number;
}

export type Verdict = "pass" | "suspect" | "fail";

export interface EntryComparison {
  tensor: string;
  /** [row, col] inside the tensor. */
  index: [number, number];
  backprop: number;
  numerical: number;
  /** |backprop - numerical| / (|backprop| + |numerical|), 0 when both are 0. */
  difference: number;
}

export interface TensorComparison {
  /** "dW1", "db1", ..., or "dinput". */
  name: string;
  difference: number;
  verdict: Verdict;
  checked: number;
  size: number;
  worst: EntryComparison[];
}

export interface GradientCheckReport {
  /** ||g - g_approx||_2 / (||g||_2 + ||g_approx||_2) over every checked entry. */
  difference: number;
  verdict: Verdict;
  /** One sentence a person can act on. */
  message: string;
  perTensor: TensorComparison[];
  worst: EntryComparison[];
  /** Tensors whose own difference is "fail" (or "suspect" when none fails). */
  disagreeing: string[];
  epsilon: number;
  method: "twoSided" | "oneSided";
  checked: number;
  total: number;
}

export function verdictFor(difference: number, passBelow: number, failFrom: number): Verdict {
  if (!(difference < failFrom)) return "fail"; // NaN fails too
  return difference < passBelow ? "pass" : "suspect";
}

function relative(a: number, b: number): number {
  const denominator = Math.abs(a) + Math.abs(b);
  return denominator === 0 ? 0 : Math.abs(a - b) / denominator;
}

function byDifference(a: EntryComparison, b: EntryComparison): number {
  return b.difference - a.difference;
}

/**
 * Compares each tensor's analytic gradient with finite differences of `cost`, which must read the
 * current contents of the tensors' `values`. The norms are unsquared Euclidean norms (the notes' slip
 * squares them).
 */
export function compareGradients(
  tensors: CheckedTensor[],
  cost: () => number,
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const epsilon = options.epsilon ?? 1e-6;
  const method = options.method ?? "twoSided";
  const passBelow = options.passBelow ?? 1e-7;
  const failFrom = options.failFrom ?? 1e-3;
  const keep = options.worst ?? 5;
  const total = tensors.reduce((n, t) => n + t.values.length, 0);

  // Which entries to check: all, or a random sample spread over every tensor.
  let chosen: Set<number> | null = null;
  if (options.sample !== undefined && options.sample < total) {
    if (!options.rng) throw new Error("compareGradients: `sample` needs an `rng`");
    const all = new Int32Array(total);
    for (let i = 0; i < total; i++) all[i] = i;
    options.rng.shuffle(all);
    chosen = new Set(all.subarray(0, options.sample));
  }
  const base = method === "oneSided" ? cost() : 0;

  let diffSquares = 0;
  let analyticSquares = 0;
  let numericSquares = 0;
  const perTensor: TensorComparison[] = [];
  const allEntries: EntryComparison[] = [];
  let flat = 0;
  for (const t of tensors) {
    let d = 0;
    let a = 0;
    let n = 0;
    let checked = 0;
    const entries: EntryComparison[] = [];
    for (let i = 0; i < t.values.length; i++, flat++) {
      if (chosen && !chosen.has(flat)) continue;
      const original = t.values[i]!;
      t.values[i] = original + epsilon;
      const plus = cost();
      let numerical: number;
      if (method === "twoSided") {
        t.values[i] = original - epsilon;
        const minus = cost();
        numerical = (plus - minus) / (2 * epsilon);
      } else {
        numerical = (plus - base) / epsilon;
      }
      t.values[i] = original;
      const backprop = t.analytic[i]!;
      d += (backprop - numerical) ** 2;
      a += backprop * backprop;
      n += numerical * numerical;
      checked++;
      entries.push({
        tensor: `d${t.name}`,
        index: [Math.floor(i / t.cols), i % t.cols],
        backprop,
        numerical,
        difference: relative(backprop, numerical),
      });
    }
    if (checked === 0) continue;
    diffSquares += d;
    analyticSquares += a;
    numericSquares += n;
    const denominator = Math.sqrt(a) + Math.sqrt(n);
    const difference = denominator === 0 ? 0 : Math.sqrt(d) / denominator;
    entries.sort(byDifference);
    allEntries.push(...entries.slice(0, keep));
    perTensor.push({
      name: `d${t.name}`,
      difference,
      verdict: verdictFor(difference, passBelow, failFrom),
      checked,
      size: t.values.length,
      worst: entries.slice(0, keep),
    });
  }
  const denominator = Math.sqrt(analyticSquares) + Math.sqrt(numericSquares);
  const difference = denominator === 0 ? 0 : Math.sqrt(diffSquares) / denominator;
  const verdict = verdictFor(difference, passBelow, failFrom);
  const failing = perTensor.filter((t) => t.verdict === "fail").map((t) => t.name);
  const disagreeing = failing.length ? failing : perTensor.filter((t) => t.verdict === "suspect").map((t) => t.name);
  const shown = difference.toExponential(3);
  const message =
    verdict === "pass"
      ? `Backpropagation agrees with the numerical gradient (difference ${shown} < ${passBelow}).`
      : verdict === "suspect"
        ? `Look closer: difference ${shown} is between ${passBelow} and ${failFrom}; largest in ${disagreeing.join(", ") || "no single tensor"} (a ReLU kink crossed by +/-epsilon can also cause this).`
        : `Backpropagation is almost surely wrong (difference ${shown} >= ${failFrom}) in ${disagreeing.join(", ")}.`;
  allEntries.sort(byDifference);
  return {
    difference,
    verdict,
    message,
    perTensor,
    worst: allEntries.slice(0, keep),
    disagreeing,
    epsilon,
    method,
    checked: perTensor.reduce((s, t) => s + t.checked, 0),
    total,
  };
}
