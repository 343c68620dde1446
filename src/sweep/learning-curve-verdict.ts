/**
 * What a learning curve (train and dev figures against the training-set size) says about more data, in
 * the notes' terms, with the dev set's own noise as the yardstick: every point is measured on the same
 * dev rows, so a fall or a gap smaller than the dev error's standard error says nothing. (The rule used
 * to compare the last two points against 0.5 points: on a 20-row dev set, where one row is 5 points, its
 * verdict flipped with the seed on one problem.) Regression reads the costs, against the dev targets'
 * variance (a constant prediction's cost) for scale.
 */

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
  /** Regression: a constant prediction's cost on the dev set (the targets' variance): the costs' scale. */
  constantCost?: number;
  /** Regression: a constant prediction's cost on the last point's training rows, for its train R^2 (default: the dev set's). */
  trainConstantCost?: number;
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const num = (v: number) => String(Number(v.toPrecision(3)));

/** The point at about half the largest size (the curve's recent course), or the first where there is no other. */
function halfway(points: readonly LearningCurvePoint[]): LearningCurvePoint {
  const last = points[points.length - 1]!;
  let best = points[0]!;
  for (const p of points.slice(0, -1)) if (Math.abs(p.size - last.size / 2) < Math.abs(best.size - last.size / 2)) best = p;
  return best;
}

export function learningCurveVerdict(points: readonly LearningCurvePoint[], context: LearningCurveContext): string {
  const last = points[points.length - 1]!;
  const mid = points.length > 1 ? halfway(points) : last;
  const n = Math.max(1, context.devExamples);
  if (last.trainError !== null && last.devError !== null && mid.devError !== null) return classification(last, mid, n, context.baseline);
  return regression(last, mid, n, context.constantCost, context.trainConstantCost);
}

function classification(last: LearningCurvePoint, mid: LearningCurvePoint, n: number, baseline: number): string {
  const train = last.trainError!;
  const dev = last.devError!;
  // the binomial standard error of the dev error (at least one row's worth of error, so a 0% is not exact)
  const p = Math.min(Math.max(dev, 1 / n), 1 - 1 / n);
  const se = Math.sqrt((p * (1 - p)) / n);
  const gapNoise = Math.max(0.02, se);
  const gap = dev - train;
  const fall = mid.devError! - dev;
  const falling = fall > Math.max(0.005, se);
  const course = `${pct(mid.devError!)} at ${mid.size} examples, ${pct(dev)} at ${last.size}`;
  const coarse = se >= 0.05 ? ` The dev set's ${n} examples move its error ${pct(1 / n)} per example (standard error ${pct(se)}): a coarse measure; a larger dev set would tell more.` : "";
  if (train - baseline > 0.02 && gap <= gapNoise) {
    return `train and dev error have met (${pct(train)} and ${pct(dev)}) well above the baseline (${pct(baseline)}): high bias. More data will not help; a bigger network or longer training will.${coarse}`;
  }
  if (gap > gapNoise && falling) {
    return `the dev error is still falling as the training set grows (${course}, more than its standard error of ${pct(se)}) and sits above the train error by ${pct(gap)}: high variance. More data would help (so would regularization).${coarse}`;
  }
  if (gap > gapNoise && coarse) {
    // a flat curve on a coarse dev set is no evidence that more data would not help
    return `a train-dev gap of ${pct(gap)} remains: high variance. Whether more data would close it, this dev set cannot tell: its error did not move beyond its standard error (${pct(se)}) over the larger half of the sizes (${course}). Regularization addresses the gap either way.${coarse}`;
  }
  if (gap > gapNoise) {
    return `a train-dev gap of ${pct(gap)} remains, but the dev error has not fallen beyond its standard error (${pct(se)}) over the larger half of the sizes (${course}): more data of the same kind helps little now; try regularization.`;
  }
  return `train and dev error are close (${pct(train)} and ${pct(dev)}, within the dev set's noise): more data is not needed.${coarse}`;
}

/** A regression's points: its costs are the data costs (MSE, the penalty left out), each set's R^2 against its own variance. */
function regression(last: LearningCurvePoint, mid: LearningCurvePoint, n: number, constantCost: number | undefined, trainConstantCost: number | undefined): string {
  const train = last.trainLoss;
  const dev = last.devLoss;
  // a mean of n squared residuals: standard error about its value times sqrt(2 / n) (normal residuals)
  const se = dev * Math.sqrt(2 / n);
  const scale = constantCost !== undefined && constantCost > 0 ? constantCost : null;
  const gap = dev - train;
  const gapNoise = Math.max(se, 0.02 * (scale ?? dev));
  const fall = mid.devLoss - dev;
  const falling = fall > Math.max(se, 0.005 * (scale ?? dev));
  const course = `dev cost ${num(mid.devLoss)} at ${mid.size} examples, ${num(dev)} at ${last.size}`;
  const trainScale = trainConstantCost !== undefined && trainConstantCost > 0 ? trainConstantCost : scale;
  const r2 = scale && trainScale ? `R^2 ${num(1 - train / trainScale)} on train, ${num(1 - dev / scale)} on dev` : "";
  const explained = r2 ? ` (${r2})` : "";
  const close = `${num(train)} and ${num(dev)}, within the dev set's noise${r2 ? `; ${r2}` : ""}`;
  if (gap > gapNoise && falling) {
    return `the dev cost is still falling as the training set grows (${course}, more than its standard error of ${num(se)}) and sits above the train cost by ${num(gap)}${explained}: high variance. More data would help (so would regularization).`;
  }
  if (gap > gapNoise) {
    return `a train-dev gap of ${num(gap)} remains${explained}, but the dev cost has not fallen beyond its standard error (${num(se)}) over the larger half of the sizes (${course}): more data of the same kind helps little now; try regularization.`;
  }
  if (scale && train / scale > 0.1) {
    return `train and dev cost have met (${close}): more data will not help. If the targets' own noise allows a better fit, a bigger network or longer training will.`;
  }
  return `train and dev cost are close (${close}): more data is not needed.`;
}
