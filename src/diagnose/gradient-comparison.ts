import { NnlabError } from "../errors.js";
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
  /** The notes' relative difference over this tensor's entries. */
  difference: number;
  /**
   * The same with each entry's disagreement less the finite difference's round-off (see roundOff): what
   * the verdict reads. A gradient of 1e-11 is measured as 1e-10 or 0 at epsilon 1e-6, a relative
   * difference near 1 that says nothing about backprop.
   */
  beyondRoundOff: number;
  /** False when the gradient itself is within the round-off: finite differences cannot check it (verdict "suspect"). */
  resolved: boolean;
  verdict: Verdict;
  checked: number;
  size: number;
  worst: EntryComparison[];
}

export interface GradientCheckReport {
  /** ||g - g_approx||_2 / (||g||_2 + ||g_approx||_2) over every checked entry. */
  difference: number;
  /** The same beyond the finite differences' round-off: what the verdict reads (TensorComparison.beyondRoundOff). */
  beyondRoundOff: number;
  /** Tensors whose gradient is within the round-off, so that finite differences cannot check them. */
  unresolved: string[];
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

/**
 * Round-off in a finite difference: each cost carries a few units of its last place (float64, as the check
 * computes), divided by the step. Eight machine epsilons of the cost's size is generous: a deep sigmoid
 * stack's dW1 of -3.85e-11 was measured as -1.11e-10 at epsilon 1e-6, two units of a cost of 0.69.
 */
const ROUND_OFF = 8 * Number.EPSILON;
/** A gradient is checkable when its norm is this many times its entries' round-off. */
const RESOLVABLE = 10;

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
    if (!options.rng) throw new NnlabError("compareGradients: expected an `rng` to draw the sampled entries with (same seed, same entries); received `sample` without one");
    const all = new Int32Array(total);
    for (let i = 0; i < total; i++) all[i] = i;
    options.rng.shuffle(all);
    chosen = new Set(all.subarray(0, options.sample));
  }
  const base = method === "oneSided" ? cost() : 0;

  let diffSquares = 0;
  let excessSquares = 0;
  let analyticSquares = 0;
  let numericSquares = 0;
  const perTensor: TensorComparison[] = [];
  const allEntries: EntryComparison[] = [];
  let flat = 0;
  for (const t of tensors) {
    let d = 0;
    let excess = 0;
    let noise = 0;
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
      let roundOff: number;
      if (method === "twoSided") {
        t.values[i] = original - epsilon;
        const minus = cost();
        numerical = (plus - minus) / (2 * epsilon);
        roundOff = (ROUND_OFF * Math.max(Math.abs(plus), Math.abs(minus))) / epsilon;
      } else {
        numerical = (plus - base) / epsilon;
        roundOff = (2 * ROUND_OFF * Math.max(Math.abs(plus), Math.abs(base))) / epsilon;
      }
      t.values[i] = original;
      const backprop = t.analytic[i]!;
      d += (backprop - numerical) ** 2;
      excess += Math.max(0, Math.abs(backprop - numerical) - roundOff) ** 2;
      noise += roundOff * roundOff;
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
    excessSquares += excess;
    analyticSquares += a;
    numericSquares += n;
    const denominator = Math.sqrt(a) + Math.sqrt(n);
    const difference = denominator === 0 ? 0 : Math.sqrt(d) / denominator;
    const beyondRoundOff = denominator === 0 ? 0 : Math.sqrt(excess) / denominator;
    // (NaN in a gradient is never "within the round-off")
    const resolved = !(Math.max(Math.sqrt(a), Math.sqrt(n)) <= RESOLVABLE * Math.sqrt(noise));
    entries.sort(byDifference);
    allEntries.push(...entries.slice(0, keep));
    perTensor.push({
      name: `d${t.name}`,
      difference,
      beyondRoundOff,
      resolved,
      verdict: resolved ? verdictFor(beyondRoundOff, passBelow, failFrom) : "suspect",
      checked,
      size: t.values.length,
      worst: entries.slice(0, keep),
    });
  }
  const denominator = Math.sqrt(analyticSquares) + Math.sqrt(numericSquares);
  const difference = denominator === 0 ? 0 : Math.sqrt(diffSquares) / denominator;
  const beyondRoundOff = denominator === 0 ? 0 : Math.sqrt(excessSquares) / denominator;
  const unresolved = perTensor.filter((t) => !t.resolved).map((t) => t.name);
  const measured = verdictFor(beyondRoundOff, passBelow, failFrom);
  // a tensor too small to check is never called correct: a bug in it would pass as well
  const verdict: Verdict = measured === "pass" && unresolved.length ? "suspect" : measured;
  const failing = perTensor.filter((t) => t.resolved && t.verdict === "fail").map((t) => t.name);
  const disagreeing = failing.length ? failing : perTensor.filter((t) => t.resolved && t.verdict === "suspect").map((t) => t.name);
  const shown = difference.toExponential(3);
  const sci = (v: number) => Number(v.toPrecision(2)).toExponential().replace(".0e", "e");
  const roundOffPart =
    beyondRoundOff >= difference ? "" : beyondRoundOff === 0 ? ", all of it the finite differences' round-off" : `; ${beyondRoundOff.toExponential(1)} beyond the finite differences' round-off`;
  const tooSmall = unresolved.length
    ? ` ${unresolved.join(", ")} ${unresolved.length > 1 ? "are" : "is"} too small for finite differences at epsilon ${sci(epsilon)} (the gradient within the cost's round-off): not checked; check again with a larger epsilon (e.g. ${sci(Math.min(1e-3, epsilon * 100))}).`
    : "";
  const message =
    measured === "pass"
      ? `Backpropagation agrees with the numerical gradient ${unresolved.length ? "where it can be measured " : ""}(difference ${shown} < ${passBelow}${roundOffPart}).${tooSmall}`
      : measured === "suspect"
        ? `Look closer: difference ${shown}${roundOffPart}, between ${passBelow} and ${failFrom}; largest in ${disagreeing.join(", ") || "no single tensor"} (a ReLU kink crossed by +/-epsilon can also cause this).${tooSmall}`
        : `Backpropagation is almost surely wrong (difference ${shown} >= ${failFrom}${roundOffPart}) in ${disagreeing.join(", ")}.${tooSmall}`;
  allEntries.sort(byDifference);
  return {
    difference,
    beyondRoundOff,
    unresolved,
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
