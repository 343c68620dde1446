import type { Evidence, LayerEvidence } from "./evidence.js";

/** Judgements several causes share, each from measured numbers. */

/** An avoidable bias (train error over the baseline) beyond this counts as high. */
export const BIAS_TOLERANCE = 0.02;

export const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
/** A number as people read it: 0.693, 1.2e-5, 3.4e+6. */
export const num = (v: number) =>
  !Number.isFinite(v) ? String(v) : v === 0 ? "0" : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(3));

/** High avoidable bias: the training set is not fitted (classification by error, regression by R^2). */
export function highBias(e: Evidence): boolean {
  if (e.errors.train !== null) return e.errors.train - e.errors.baseline > BIAS_TOLERANCE;
  return e.errors.trainUnexplained !== null && e.errors.trainUnexplained > 0.5;
}

/** "train error 17.1% against a baseline of 0.0%" or the regression equivalent. */
export function biasText(e: Evidence): string {
  if (e.errors.train !== null) return `train error ${percent(e.errors.train)} against a baseline of ${percent(e.errors.baseline)}`;
  return `the training cost is ${percent(e.errors.trainUnexplained ?? NaN)} of a constant prediction's (R^2 ${num(1 - (e.errors.trainUnexplained ?? NaN))})`;
}

/** The run did not get anywhere: its cost ended no better than a constant prediction's, or barely below the start. */
export function learnedLittle(e: Evidence): boolean {
  return e.cost.shape.learned < 0.2 || e.cost.shape.fallen < 0.2;
}

/** Training stopped because it diverged (NaN, a blow-up, an oscillation, a dead layer). */
export function diverged(e: Evidence): boolean {
  return e.stop.reason === "nonFiniteCost" || e.stop.reason === "diverged";
}

/** Something is wrong enough to look for a cause: high bias, little learned, or a divergence. */
export function harmed(e: Evidence): boolean {
  return highBias(e) || learnedLittle(e) || diverged(e);
}

/** The cost is still falling at the end of the budget (by more than `by`, relative, over the last fifth). */
export function stillFalling(e: Evidence, by = 0.02): boolean {
  return !diverged(e) && e.cost.shape.recentFall > by;
}

export const hiddenLayers = (e: Evidence): LayerEvidence[] => e.layers.filter((l) => l.hidden);

/** "the cost went from 0.693 to 0.512 (a constant prediction costs 0.693)" */
export function costText(e: Evidence): string {
  return `the training cost went from ${num(e.cost.initial)} to ${num(e.cost.shape.end)} (a constant prediction costs ${num(e.cost.constant)})`;
}
