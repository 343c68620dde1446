import { checkOptions, checkPositive, checkPositiveInteger, fail, failReceived, NnlabError } from "../errors.js";
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
  /**
   * Called after each evaluation of the cost: true when that evaluation crossed a kink of the cost (a ReLU
   * unit's input on the other side of 0 than at the unperturbed point). Such an entry's finite difference
   * is not the derivative (CS231n's "kinks in the objective"), so it is left out of the verdict and counted.
   */
  crossedKink?: () => boolean;
  /**
   * What kinks the cost may have that crossedKink does not watch, for the hint of a "suspect" message:
   * "relu" (ReLU or leaky ReLU units), "customLayer" (a custom layer, whose function is not known), or
   * "none" (a smooth cost: no hint). Unset, a kink is mentioned in general terms. checkGradients sets it
   * from the model's layers. No hint is given where crossedKink watches the kinks.
   */
  kinkSource?: "relu" | "customLayer" | "none";
  /** What crossedKink watches, for the message: "a ReLU unit's input" (the default), or an L1-penalized weight too. */
  kinkWhat?: string;
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
   * The same with each entry's disagreement less the finite difference's round-off (see roundOff) and,
   * for an entry that disagrees, twice its measured truncation error: what the verdict reads. A gradient of 1e-11 is measured as 1e-10 or 0 at epsilon 1e-6, a relative
   * difference near 1 that says nothing about backprop.
   */
  beyondRoundOff: number;
  /** False when the gradient itself is within the round-off: finite differences cannot check it (verdict "suspect"). */
  resolved: boolean;
  verdict: Verdict;
  checked: number;
  /** Entries checked whose +/-epsilon evaluations crossed a kink: left out of the difference and the verdict. */
  kinks: number;
  size: number;
  worst: EntryComparison[];
  /** Every entry checked was exactly 0 by backpropagation and by finite differences (dead units): nothing to compare at any epsilon. */
  zero?: boolean;
}

export interface GradientCheckReport {
  /** ||g - g_approx||_2 / (||g||_2 + ||g_approx||_2) over every checked entry. */
  difference: number;
  /** The same beyond the finite differences' round-off: what the verdict reads (TensorComparison.beyondRoundOff). */
  beyondRoundOff: number;
  /**
   * Tensors that finite differences cannot check at this epsilon: the gradient within the round-off, or the
   * round-off so large a share of it that a bug of failFrom could hide there (then it is not called right).
   */
  unresolved: string[];
  /** Entries left out because their evaluations crossed a kink (GradientCheckOptions.crossedKink). */
  kinks: number;
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

const SEVERITY: Record<Verdict, number> = { pass: 0, suspect: 1, fail: 2 };

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

/** GradientCheckOptions' fields, for the unknown-key check (a misspelt one was left at its default). */
export const GRADIENT_CHECK_OPTIONS: readonly string[] = ["epsilon", "method", "sample", "rng", "passBelow", "failFrom", "worst", "crossedKink", "kinkSource", "kinkWhat"];

const METHODS = ["twoSided", "oneSided"];
const KINK_SOURCES = ["relu", "customLayer", "none"];

/**
 * Checks a gradient check's options for `where` (checkGradients, checkLayer, ...), with `known` its fields
 * (GRADIENT_CHECK_OPTIONS and its own). Unchecked, epsilon 0 divided by 0 and failed a correct network, a
 * negative one passed it, method "central" ran the one-sided branch and failed it, and passBelow NaN or
 * failFrom 0 gave a verdict from no threshold.
 */
export function checkGradientCheckOptions<T extends GradientCheckOptions>(where: string, options: T | undefined, known: readonly string[] = GRADIENT_CHECK_OPTIONS): T {
  const o = checkOptions(where, options, known, "{ epsilon: 1e-6 }");
  const positive = (name: string, value: unknown) => {
    if (value !== undefined) checkPositive(where, `options.${name}`, value);
  };
  positive("epsilon", o.epsilon);
  positive("passBelow", o.passBelow);
  positive("failFrom", o.failFrom);
  const passBelow = o.passBelow ?? DEFAULT_PASS_BELOW;
  const failFrom = o.failFrom ?? DEFAULT_FAIL_FROM;
  if (!(passBelow < failFrom)) {
    const said = (name: string, value: number, given: boolean) => `options.${name} (${value}${given ? "" : ", the default"})`;
    failReceived(where, `options.passBelow must be below options.failFrom`, `${said("passBelow", passBelow, o.passBelow !== undefined)} and ${said("failFrom", failFrom, o.failFrom !== undefined)}`);
  }
  if (o.method !== undefined && !METHODS.includes(o.method)) fail(where, `options.method must be "twoSided" or "oneSided"`, o.method);
  if (o.sample !== undefined) checkPositiveInteger(where, "options.sample", o.sample);
  if (o.worst !== undefined && !(typeof o.worst === "number" && Number.isInteger(o.worst) && o.worst >= 0)) fail(where, "options.worst must be an integer >= 0", o.worst);
  if (o.rng !== undefined && typeof (o.rng as { shuffle?: unknown } | null)?.shuffle !== "function") fail(where, "options.rng must be an Rng, e.g. new Rng(0)", o.rng);
  if (o.crossedKink !== undefined && typeof o.crossedKink !== "function") fail(where, "options.crossedKink must be a function", o.crossedKink);
  if (o.kinkSource !== undefined && !KINK_SOURCES.includes(o.kinkSource)) fail(where, `options.kinkSource must be "relu", "customLayer" or "none"`, o.kinkSource);
  if (o.kinkWhat !== undefined && typeof o.kinkWhat !== "string") fail(where, "options.kinkWhat must be a string", o.kinkWhat);
  return o;
}

const DEFAULT_PASS_BELOW = 1e-7;
const DEFAULT_FAIL_FROM = 1e-3;

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
  return compareChecked(tensors, cost, checkGradientCheckOptions("compareGradients", options));
}

/** compareGradients with its options already checked (by checkGradients, checkLayer, ..., under their own names). */
export function compareChecked(
  tensors: CheckedTensor[],
  cost: () => number,
  options: GradientCheckOptions,
): GradientCheckReport {
  const epsilon = options.epsilon ?? 1e-6;
  const method = options.method ?? "twoSided";
  const passBelow = options.passBelow ?? DEFAULT_PASS_BELOW;
  const failFrom = options.failFrom ?? DEFAULT_FAIL_FROM;
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
  const crossed = options.crossedKink;
  let kinks = 0;

  let diffSquares = 0;
  let excessSquares = 0;
  let analyticSquares = 0;
  let numericSquares = 0;
  const perTensor: TensorComparison[] = [];
  const allEntries: EntryComparison[] = [];
  /** Tensors whose round-off allowance is too large a share of them to call them right (see `coarse` below). */
  const coarseTensors: Array<{ name: string; share: number }> = [];
  let flat = 0;
  for (const t of tensors) {
    let d = 0;
    let excess = 0;
    let noise = 0;
    let a = 0;
    let n = 0;
    let checked = 0;
    let kinked = 0;
    const entries: EntryComparison[] = [];
    for (let i = 0; i < t.values.length; i++, flat++) {
      if (chosen && !chosen.has(flat)) continue;
      const original = t.values[i]!;
      t.values[i] = original + epsilon;
      const plus = cost();
      let kink = crossed ? crossed() : false;
      let numerical: number;
      let roundOff: number;
      if (method === "twoSided") {
        t.values[i] = original - epsilon;
        const minus = cost();
        if (crossed && crossed()) kink = true;
        numerical = (plus - minus) / (2 * epsilon);
        roundOff = (ROUND_OFF * Math.max(Math.abs(plus), Math.abs(minus))) / epsilon;
      } else {
        numerical = (plus - base) / epsilon;
        roundOff = (2 * ROUND_OFF * Math.max(Math.abs(plus), Math.abs(base))) / epsilon;
      }
      const backprop = t.analytic[i]!;
      // The two-sided difference is off by about J'''(theta) epsilon^2 / 6 (its truncation error), which
      // near a minimum, where the gradient itself is tiny, can exceed the gradient: a correct backprop then
      // read as "almost surely wrong". Where an entry disagrees beyond the round-off, the difference at
      // 2 epsilon measures that error (Richardson: (D(2e) - D(e)) / 3), and twice it is allowed for.
      let truncation = 0;
      if (!kink && method === "twoSided" && relative(backprop, numerical) > passBelow && Math.abs(backprop - numerical) > roundOff) {
        t.values[i] = original + 2 * epsilon;
        const plus2 = cost();
        if (crossed && crossed()) kink = true;
        t.values[i] = original - 2 * epsilon;
        const minus2 = cost();
        if (crossed && crossed()) kink = true;
        truncation = Math.abs((plus2 - minus2) / (4 * epsilon) - numerical) / 3;
      }
      // A bug's disagreement does not shrink with epsilon; a finite difference's error does, as epsilon^2.
      // Richardson's estimate assumes that term dominates, which a large epsilon breaks (a correct tanh
      // network "failed" at epsilon 0.3): an entry that still disagrees is measured again at epsilon / 10,
      // and the smaller of the two disagreements beyond their allowances is what the verdict reads.
      let closer = Infinity;
      if (!kink && method === "twoSided" && relative(backprop, numerical) > passBelow && Math.abs(backprop - numerical) - roundOff - 2 * truncation > 0) {
        const small = epsilon / 10;
        t.values[i] = original + small;
        const plusSmall = cost();
        if (crossed && crossed()) kink = true;
        t.values[i] = original - small;
        const minusSmall = cost();
        if (crossed && crossed()) kink = true;
        const smallRoundOff = (ROUND_OFF * Math.max(Math.abs(plusSmall), Math.abs(minusSmall))) / small;
        closer = Math.max(0, Math.abs(backprop - (plusSmall - minusSmall) / (2 * small)) - smallRoundOff - (2 * truncation) / 100);
      }
      t.values[i] = original;
      if (kink) {
        kinked++;
        continue;
      }
      d += (backprop - numerical) ** 2;
      excess += Math.min(closer, Math.max(0, Math.abs(backprop - numerical) - roundOff - 2 * truncation)) ** 2;
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
    kinks += kinked;
    if (checked === 0 && kinked === 0) continue;
    diffSquares += d;
    excessSquares += excess;
    analyticSquares += a;
    numericSquares += n;
    const denominator = Math.sqrt(a) + Math.sqrt(n);
    const difference = denominator === 0 ? 0 : Math.sqrt(d) / denominator;
    const beyondRoundOff = denominator === 0 ? 0 : Math.sqrt(excess) / denominator;
    // (NaN in a gradient is never "within the round-off"; a tensor whose every entry crossed a kink is not measured)
    const size = Math.max(Math.sqrt(a), Math.sqrt(n));
    let resolved = checked > 0 && !(size <= RESOLVABLE * Math.sqrt(noise));
    const measuredVerdict = verdictFor(beyondRoundOff, passBelow, failFrom);
    // A round-off allowance above half of failFrom of the gradient's size could hide most of a bug of
    // failFrom or more: a 1% error in a custom layer's dA "passed" at epsilon 1e-13, where the allowance was
    // 2% of each entry. Such a tensor is not called right (what lies beyond the allowance can still fail it).
    const coarse = resolved && measuredVerdict === "pass" && !(size * failFrom > 2 * Math.sqrt(noise));
    if (coarse) {
      resolved = false;
      coarseTensors.push({ name: `d${t.name}`, share: Math.sqrt(noise) / size });
    }
    entries.sort(byDifference);
    allEntries.push(...entries.slice(0, keep));
    perTensor.push({
      name: `d${t.name}`,
      difference,
      beyondRoundOff,
      resolved,
      verdict: resolved ? measuredVerdict : "suspect",
      checked,
      kinks: kinked,
      size: t.values.length,
      worst: entries.slice(0, keep),
      ...(checked > 0 && a === 0 && n === 0 ? { zero: true } : {}),
    });
  }
  const denominator = Math.sqrt(analyticSquares) + Math.sqrt(numericSquares);
  const difference = denominator === 0 ? 0 : Math.sqrt(diffSquares) / denominator;
  const beyondRoundOff = denominator === 0 ? 0 : Math.sqrt(excessSquares) / denominator;
  const unresolved = perTensor.filter((t) => !t.resolved).map((t) => t.name);
  const measured = verdictFor(beyondRoundOff, passBelow, failFrom);
  // The whole theta's difference averages a tensor's disagreement with the others' agreement (a custom
  // layer's 1% error read 8.8e-4 overall): the verdict is at least the worst of the tensors that could be
  // measured, whose own verdicts already allow for the round-off, the truncation and the kinks.
  const worstTensor = perTensor.reduce<Verdict>((w, t) => (t.resolved && SEVERITY[t.verdict] > SEVERITY[w] ? t.verdict : w), "pass");
  const headline: Verdict = SEVERITY[worstTensor] > SEVERITY[measured] ? worstTensor : measured;
  // a tensor too small to check is never called correct: a bug in it would pass as well
  const verdict: Verdict = headline === "pass" && unresolved.length ? "suspect" : headline;
  const failing = perTensor.filter((t) => t.resolved && t.verdict === "fail");
  const disagreeingTensors = failing.length ? failing : perTensor.filter((t) => t.resolved && t.verdict === "suspect");
  const disagreeing = disagreeingTensors.map((t) => t.name);
  const shown = difference.toExponential(3);
  const sci = (v: number) => Number(v.toPrecision(2)).toExponential().replace(".0e", "e");
  // the figure the verdict reads: the difference itself, or what of it lies beyond the round-off
  const measuredText =
    beyondRoundOff >= difference
      ? `difference ${shown}`
      : beyondRoundOff === 0
        ? `difference ${shown}, all of it within the finite differences' own error (round-off, and truncation where measured)`
        : `difference ${shown}, of which ${beyondRoundOff.toExponential(1)} beyond the finite differences' own error`;
  const figure = beyondRoundOff >= difference ? shown : beyondRoundOff === 0 ? "0" : beyondRoundOff.toExponential(1);
  // each disagreeing tensor with its own difference (and what of it lies beyond the round-off, which its verdict reads)
  const tensorText = (t: TensorComparison) => {
    const own = t.difference.toExponential(1);
    const beyond = t.beyondRoundOff.toExponential(1);
    return `${t.name} (difference ${own === beyond || t.beyondRoundOff >= t.difference ? own : `${own}, of which ${beyond} beyond the finite differences' own error`})`;
  };
  const named = disagreeingTensors.map(tensorText).join(", ");
  const larger = `check again with a larger epsilon${epsilon < 1e-3 ? ` (e.g. ${sci(Math.min(1e-3, epsilon * 100))})` : ""}`;
  // every entry of a tensor at a kink: a larger epsilon would cross more of them, a smaller one fewer
  const allKinked = perTensor.filter((t) => t.checked === 0 && t.kinks > 0).map((t) => t.name);
  // every entry checked exactly 0 both ways (ReLU units that never activate): a larger epsilon, which the
  // round-off message advises, changes nothing there (dW3 of a deep ReLU network at epsilon 0.5: an audit)
  const zero = unresolved.filter((name) => perTensor.some((t) => t.name === name && t.zero));
  const small = unresolved.filter((name) => !coarseTensors.some((c) => c.name === name) && !allKinked.includes(name) && !zero.includes(name));
  const tooSmall =
    (zero.length
      ? ` Every entry of ${zero.join(", ")} checked is exactly 0, by backpropagation and by finite differences alike (units that never activate, or whose output nothing downstream reads): nothing to compare, so not checked at any epsilon; check after some training.`
      : "") +
    (small.length
      ? ` ${small.join(", ")} ${small.length > 1 ? "are" : "is"} too small for finite differences at epsilon ${sci(epsilon)} (the gradient within the cost's round-off): not checked; ${larger}.`
      : "") +
    (allKinked.length
      ? ` Every entry of ${allKinked.join(", ")} checked crossed a kink at epsilon ${sci(epsilon)}: not checked; ${epsilon > 1e-6 ? `check again with a smaller epsilon (e.g. ${sci(Math.max(1e-6, epsilon / 100))})` : "they sit at a kink or within epsilon of one (a weight or a unit's input at 0, as a zeros initialization leaves them), where a smaller epsilon would meet the round-off: check after some training"}.`
      : "") +
    (coarseTensors.length
      ? ` At epsilon ${sci(epsilon)} the finite differences' round-off is ${coarseTensors.map((c) => `${(100 * c.share).toPrecision(2)}% of ${c.name}`).join(", ")}: a disagreement that size could be a bug, so ${coarseTensors.length > 1 ? "they are" : "it is"} not called right; ${larger}.`
      : "");
  const kinkText = kinks
    ? ` ${kinks} of the ${kinks + perTensor.reduce((c, t) => c + t.checked, 0)} entries were left out: ${options.kinkWhat ?? "a ReLU unit's input"} changed sign between J(theta + epsilon) and J(theta - epsilon) (a kink), where a finite difference is not the derivative.`
    : "";
  // a kink crossed by +/-epsilon can also give a small disagreement, where the cost has kinks nobody watches
  const kinkHint = crossed
    ? ""
    : options.kinkSource === "none"
      ? ""
      : options.kinkSource === "relu"
        ? " (a ReLU kink crossed by +/-epsilon can also cause this)"
        : options.kinkSource === "customLayer"
          ? " (a kink in a custom layer, a point where its slope jumps, crossed by +/-epsilon can also cause this)"
          : " (a kink in the cost, a point where its slope jumps, crossed by +/-epsilon can also cause this)";
  // the whole theta's figure beside the tensors', when a tensor's verdict is the worse one
  const whole = beyondRoundOff >= difference ? shown : beyondRoundOff === 0 ? `${shown}, all of it within the finite differences' own error` : `${shown}, of which ${figure} beyond the finite differences' own error`;
  const hidden = `which the whole theta's difference (${whole}) hides below ${SEVERITY[measured] === 0 ? passBelow : failFrom} by averaging ${disagreeing.length > 1 ? "them" : "it"} with the tensors that agree`;
  const nothingMeasured = perTensor.length > 0 && unresolved.length === perTensor.length;
  const message = nothingMeasured
    ? `Nothing could be checked, so nothing is called right or wrong:${tooSmall}${kinkText}`
    : headline === "pass"
      ? `Backpropagation agrees with the numerical gradient ${unresolved.length ? "where it can be measured " : ""}(${measuredText}; ${figure} < ${passBelow}).${tooSmall}${kinkText}`
      : headline === "suspect"
        ? measured === "suspect"
          ? `Look closer: ${measuredText}; ${figure} is between ${passBelow} and ${failFrom}; largest in ${disagreeing.join(", ") || "no single tensor"}${kinkHint}.${tooSmall}${kinkText}`
          : `Look closer: ${named} ${disagreeing.length > 1 ? "are" : "is"} between ${passBelow} and ${failFrom}, ${hidden}${kinkHint}.${tooSmall}${kinkText}`
        : measured === "fail"
          ? `Backpropagation is almost surely wrong (${measuredText}; ${figure} >= ${failFrom})${named ? ` in ${named}` : ""}.${tooSmall}${kinkText}`
          : `Backpropagation is almost surely wrong in ${named}: ${failFrom} or more, ${hidden}.${tooSmall}${kinkText}`;
  allEntries.sort(byDifference);
  return {
    difference,
    beyondRoundOff,
    unresolved,
    kinks,
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
