/**
 * What a learning curve (train and dev figures against the training-set size) says about more data, in
 * the notes' terms, with the dev set's own noise as the yardstick: every point is measured on the same
 * dev rows, so a fall or a gap smaller than the dev error's standard error says nothing. (The rule used
 * to compare the last two points against 0.5 points: on a 20-row dev set, where one row is 5 points, its
 * verdict flipped with the seed on one problem.) Regression reads the costs, against the dev targets'
 * variance (a constant prediction's cost) for scale.
 *
 * "Still falling" is read from the trend over the larger half of the sizes: a least-squares line of the
 * dev figure against log(size), its fall compared against that fall's standard error. Two points (the
 * last and one near half its size) let one noisy end point decide, and the verdict changed with which
 * other sizes were measured; a line through several points, whose scatter enters its standard error, does
 * neither. A curve of one size has no trend and gets no verdict on one.
 */

import { errorRateSe } from "./rank.js";

export interface LearningCurvePoint {
  /** Training examples. */
  size: number;
  /** 1 - accuracy; null for a regression. */
  trainError: number | null;
  devError: number | null;
  /** Data costs. */
  trainLoss: number;
  devLoss: number;
}

export interface LearningCurveContext {
  /** Examples in the dev set that every point is measured on. */
  devExamples: number;
  /** The best error the data allows, where known (classification); 0 otherwise. */
  baseline: number;
  /** Whether `baseline` was given (the spec's baselineError): a bias measured from 0% is a claim only if 0% is possible. */
  baselineGiven?: boolean;
  /** Regression: a constant prediction's cost on the dev set (the targets' variance): the costs' scale. */
  constantCost?: number;
  /** Regression: a constant prediction's cost on the last point's training rows, for its train R^2 (default: the dev set's). */
  trainConstantCost?: number;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => String(Number(v.toPrecision(3)));

/**
 * The curve's recent course: the points from half the largest size up (0.6, 0.8 and 1 of the default
 * sizes), or the largest three where fewer lie there (--sizes 0.1,1 has two in all; 0.2,0.4,1 has one
 * there), so that which smaller sizes were measured does not change the verdict.
 */
function largerHalf(points: readonly LearningCurvePoint[]): LearningCurvePoint[] {
  const last = points[points.length - 1]!;
  const upper = points.filter((p) => p.size >= last.size / 2);
  if (upper.length >= 3) return upper;
  // a third point from far below half the size decided the trend (--sizes 0.05,0.5,1: a 30-example point's
  // 24% said "still falling, more data would help" where 300 -> 600 examples fell 1.5 points, inside the
  // noise; --sizes 0.001,0.5,1 did it with 2 examples): it joins only from a quarter of the size up
  const three = points.slice(-3);
  if (three.length === 3 && three[0]!.size >= last.size / 4) return three;
  return upper.length >= 2 ? upper : points.slice(-2);
}

interface Trend {
  points: LearningCurvePoint[];
  /** How much the fitted line falls from the first of those sizes to the last (negative: it rises). */
  fall: number;
  /** That fall's standard error. */
  se: number;
}

/**
 * The least-squares line of `value` against log(size) over the larger half of the sizes (log: a learning
 * curve flattens as the size grows, and the default sizes crowd its large end). The noise of each point is
 * the larger of the dev set's standard error (`pointSe`) and the line's own scatter about it (with three
 * or more points): one wild point then widens the standard error instead of deciding the verdict. Null
 * for a curve of one size, which shows no trend.
 */
function trend(points: readonly LearningCurvePoint[], value: (p: LearningCurvePoint) => number, pointSe: number): Trend | null {
  if (points.length < 2) return null;
  const half = largerHalf(points);
  const x = half.map((p) => Math.log(p.size));
  const y = half.map(value);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  const sxx = x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
  const slope = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / sxx;
  const residuals = y.map((yi, i) => yi - (my + slope * (x[i]! - mx)));
  const scatter = half.length > 2 ? Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / (half.length - 2)) : 0;
  const span = x[x.length - 1]! - x[0]!;
  return { points: half, fall: -slope * span, se: (Math.max(pointSe, scatter) * span) / Math.sqrt(sxx) };
}

/** "the least-squares line through them fell 2.0%, within twice its standard error of 2.5%" (or rose, or stayed level). */
function lineText(t: Trend, fmt: (v: number) => string): string {
  const amount = fmt(Math.abs(t.fall));
  // a fall that rounds to nothing read "rose 0.0%"
  const moved = amount === fmt(0) ? "stayed level" : t.fall > 0 ? `fell ${amount}` : `rose ${amount}`;
  return `the least-squares line through them ${moved}, ${Math.abs(t.fall) > 2 * t.se ? "more than twice" : "within twice"} its standard error of ${fmt(t.se)}`;
}

export function learningCurveVerdict(points: readonly LearningCurvePoint[], context: LearningCurveContext): string {
  const n = Math.max(1, context.devExamples);
  if (points.every((p) => p.trainError !== null && p.devError !== null)) return classification(points, n, context.baseline, context.baselineGiven ?? true);
  return regression(points, n, context.constantCost, context.trainConstantCost, context.baseline, context.baselineGiven ?? true);
}

function classification(points: readonly LearningCurvePoint[], n: number, baseline: number, baselineGiven: boolean): string {
  const last = points[points.length - 1]!;
  const train = last.trainError!;
  const dev = last.devError!;
  // the binomial standard error of the dev error (at least one row's worth of error, so a 0% is not exact)
  const se = errorRateSe(dev, n);
  const gapNoise = Math.max(0.02, se);
  const gap = dev - train;
  const t = trend(points, (q) => q.devError!, se);
  // twice the standard error: at once, a flat curve read "still falling ... more data would help" 13-15% of the time
  const falling = t !== null && t.fall > Math.max(0.005, 2 * t.se);
  const course = t ? `${t.points.map((q) => `${pct(q.devError!)} at ${q.size}`).join(", ")} examples` : "";
  const line = t ? lineText(t, pct) : "";
  const coarse = se >= 0.05 ? ` The dev set's ${n} examples move its error ${pct(1 / n)} per example (standard error ${pct(se)}): a coarse measure; a larger dev set would tell more.` : "";
  const bias = train - baseline;
  // with no baselineError the bias is measured from 0%, which overlapping classes or noisy labels never
  // reach: a 3-class set whose best possible error was 16.2% was told "a bigger network ... will" (an audit)
  const fromZero = baselineGiven
    ? ""
    : ` (No baselineError was given, so the bias is measured from 0%: if about ${pct(train)} is the best any model can do here, as with overlapping classes or noisy labels, give that as baselineError; the bias is then not avoidable, and a bigger network only fits the noise.)`;
  const baselineText = `${pct(baseline)}${baselineGiven ? "" : ", none given"}`;
  if (bias > 0.02 && gap <= gapNoise) {
    return `train and dev error have met (${pct(train)} and ${pct(dev)}) well above the baseline (${baselineText}): high bias. More data will not help; a bigger network or longer training ${baselineGiven ? "will" : "may"}.${fromZero}${coarse}`;
  }
  // A gap beside a training set not fitted: the bias comes first, as the notes' recipe and the doctor have it
  // (the doctor's high bias gives way only to a gap over twice the avoidable bias and four standard errors:
  // overfitsClearly). A linear model on circles, train 47.4% and dev 51.1% on 800 dev rows, was told "more
  // data of the same kind helps little now; try regularization", which raises the train error further (an audit).
  if (bias > 0.02 && !(gap > 2 * bias && gap > 4 * se)) {
    const both = `the train error (${pct(train)}) is well above the baseline (${baselineText}), and the dev error (${pct(dev)}) sits ${pct(gap)} above it: high bias first, some variance beside it.`;
    const grow = `a bigger network or longer training ${baselineGiven ? "will" : "may"} help`;
    if (falling) {
      return `${both} The dev error is still falling as the training set grows (${course}: ${line}), so more data would narrow the gap, but it will not lower the train error: ${grow} first; regularization would raise the train error further.${fromZero}${coarse}`;
    }
    return `${both} More data will not help while the training set is not fitted${t ? ` (over the larger half of the sizes: ${course}: ${line})` : ""}, and regularization would raise the train error further: ${grow}; then measure the curve again.${fromZero}${coarse}`;
  }
  if (gap > gapNoise && !t) {
    return `a train-dev gap of ${pct(gap)} remains: high variance. Whether more data would close it, a curve of one training-set size cannot tell (it has no trend; measure several sizes). Regularization addresses the gap either way.${coarse}`;
  }
  if (gap > gapNoise && falling) {
    return `the dev error is still falling as the training set grows (${course}: ${line}) and sits above the train error by ${pct(gap)}: high variance. More data would help (so would regularization).${coarse}`;
  }
  if (gap > gapNoise && coarse) {
    // a flat curve on a coarse dev set is no evidence that more data would not help
    return `a train-dev gap of ${pct(gap)} remains: high variance. Whether more data would close it, this dev set cannot tell: over the larger half of the sizes (${course}), ${line}. Regularization addresses the gap either way.${coarse}`;
  }
  if (gap > gapNoise) {
    return `a train-dev gap of ${pct(gap)} remains, but the dev error has not fallen beyond its standard error over the larger half of the sizes (${course}: ${line}): more data of the same kind helps little now; try regularization.`;
  }
  return `train and dev error are close (${pct(train)} and ${pct(dev)}, within the dev set's noise): more data is not needed.${coarse}`;
}

/** A regression's points: its costs are the data costs (MSE, the penalty left out), each set's R^2 against its own variance. */
function regression(points: readonly LearningCurvePoint[], n: number, constantCost: number | undefined, trainConstantCost: number | undefined, baseline: number, baselineGiven: boolean): string {
  const last = points[points.length - 1]!;
  const train = last.trainLoss;
  const dev = last.devLoss;
  // a mean of n squared residuals: standard error about its value times sqrt(2 / n) (normal residuals)
  const se = dev * Math.sqrt(2 / n);
  const scale = constantCost !== undefined && constantCost > 0 ? constantCost : null;
  const gap = dev - train;
  const gapNoise = Math.max(se, 0.02 * (scale ?? dev));
  const t = trend(points, (q) => q.devLoss, se);
  const falling = t !== null && t.fall > Math.max(2 * t.se, 0.005 * (scale ?? dev));
  const course = t ? `dev cost ${t.points.map((q) => `${num(q.devLoss)} at ${q.size}`).join(", ")} examples` : "";
  const line = t ? lineText(t, num) : "";
  const trainScale = trainConstantCost !== undefined && trainConstantCost > 0 ? trainConstantCost : scale;
  const r2 = scale && trainScale ? `R^2 ${num(1 - train / trainScale)} on train, ${num(1 - dev / scale)} on dev` : "";
  const explained = r2 ? ` (${r2})` : "";
  // the tolerance said as what it is: the dev cost's noise, or where larger a fiftieth of the targets' variance
  // (a gap of 0.052 over a noise of 0.035 was "within the dev set's noise", inside the 0.118 of the variance)
  const within = gapNoise === se ? "within the dev set's noise" : `within a fiftieth of the targets' variance (${num(gapNoise)}; the dev set's noise is ${num(se)})`;
  const close = `${num(train)} and ${num(dev)}, ${within}${r2 ? `; ${r2}` : ""}`;
  // a training set not fitted (over a tenth of its targets' variance unexplained beyond the baseline: the
  // doctor's high bias) comes first beside a gap, as for a classifier: a linear model of 3 sin(x1) + x2^2,
  // train R^2 0.714, was told "try regularization" (an audit); not where the gap is over twice the avoidable
  // part of the train cost and four standard errors
  const avoidable = trainScale !== null ? train - baseline * trainScale : 0;
  const unfitted = trainScale !== null && avoidable > 0.1 * trainScale;
  if (unfitted && gap > gapNoise && !(gap > 2 * avoidable && gap > 4 * se)) {
    const fromZero = baselineGiven ? "" : " (No baselineError was given, so all of the unexplained variance counts as avoidable: if the targets' own noise leaves about this much, give that share as baselineError.)";
    return `the training set is not fitted (${r2 ? `${r2}` : `train cost ${num(train)}`}), and the dev cost sits ${num(gap)} above the train cost: high bias first, some variance beside it. More data will not help while the training set is not fitted, and regularization would fit it less: a bigger network or longer training ${baselineGiven ? "will" : "may"} help; then measure the curve again.${fromZero}`;
  }
  if (gap > gapNoise && !t) {
    return `a train-dev gap of ${num(gap)} remains${explained}: high variance. Whether more data would close it, a curve of one training-set size cannot tell (it has no trend; measure several sizes). Regularization addresses the gap either way.`;
  }
  if (gap > gapNoise && falling) {
    return `the dev cost is still falling as the training set grows (${course}: ${line}) and sits above the train cost by ${num(gap)}${explained}: high variance. More data would help (so would regularization).`;
  }
  if (gap > gapNoise) {
    return `a train-dev gap of ${num(gap)} remains${explained}, but the dev cost has not fallen beyond its standard error over the larger half of the sizes (${course}: ${line}): more data of the same kind helps little now; try regularization.`;
  }
  if (scale && train / scale > 0.1) {
    return `train and dev cost have met (${close}): more data will not help. If the targets' own noise allows a better fit, a bigger network or longer training will.`;
  }
  return `train and dev cost are close (${close}): more data is not needed.`;
}
