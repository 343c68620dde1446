import { checkPositive, fail } from "../../errors.js";
import { cloneModel } from "../../io/model-file.js";
import type { Sequential } from "../../model/sequential.js";
import { Adam } from "../../optim/adam.js";
import { Momentum } from "../../optim/momentum.js";
import type { Optimizer } from "../../optim/optimizer.js";
import { SGD } from "../../optim/sgd.js";
import { Rng } from "../../tensor/rng.js";
import { gatherRowsInto, Tensor } from "../../tensor/tensor.js";
import { portablePow, portablePowInt } from "../../tensor/portable-math.js";

export interface LrRangeOptions {
  /** The first (smallest) learning rate tried, > 0. Default 1e-5. */
  minLr?: number;
  /** The last (largest) learning rate tried, > minLr; 100 is a fine choice for a wide search. Default 10. */
  maxLr?: number;
  /** Gradient steps, one per learning rate, the rates spaced evenly on a log scale; an integer from 10 to 100000. Default 100. */
  steps?: number;
  /**
   * Rows per step, drawn without replacement from a reshuffled order (a fresh pass when the rows run
   * out). Default: the whole set ("full") when it has at most 1024 rows, else 128.
   */
  batchSize?: number | "full";
  /** Seed of the minibatch draws (unused with full batches). Default 1. */
  seed?: number;
  /**
   * beta of the exponential moving average of the batch cost (bias-corrected, as in fastai) that the stop
   * rule watches as the test runs, in [0, 1). Default 0.98 with minibatches, whose costs are noisy; 0 (no
   * smoothing) with full batches, whose cost is exact. The suggestion reads the centred average instead
   * (LrRangePoint.averaged), which does not lag.
   */
  smoothing?: number;
  /** Stop once the smoothed cost exceeds this many times its minimum so far; > 1. Default 4. */
  stopFactor?: number;
}

/** One step of the range test: its rate, the batch cost before the step, and that cost averaged. */
export interface LrRangePoint {
  learningRate: number;
  cost: number;
  /** The moving average the stop rule watched, as it stood at this step (it lags the rate). */
  smoothed: number;
  /**
   * The batch costs of the steps within a quarter decade of rate either side, averaged (the cost itself
   * with full batches): the curve the suggestion is read from.
   */
  averaged: number;
}

export interface LrRangeResult {
  /** One per step taken, in order of increasing rate (the step that tripped the stop rule included when finite). */
  points: LrRangePoint[];
  /**
   * The suggested learning rate, clamped to the tested range: with minibatches a third of `minimumAt`, or a
   * tenth of `blowUpAt` where that is lower; with full batches a tenth of `minimumAt` (see lrRangeTest).
   */
  suggestion: number;
  /** How `suggestion` was chosen: a tenth of `minimumAt` (full batches), a third of it, a tenth of `blowUpAt`, or the range's bottom (the rule's rate lay below it). */
  rule: "tenthOfMinimum" | "thirdOfMinimum" | "tenthOfBlowUp" | "bottomOfRange";
  /** The rule whose rate was taken before clamping: `rule` itself, or where that is bottomOfRange, the rule whose rate lay below the range. */
  ruleRate: "tenthOfMinimum" | "thirdOfMinimum" | "tenthOfBlowUp";
  /** The rate at the lowest averaged cost (LrRangePoint.averaged). */
  minimumAt: number;
  /** The rate where the averaged cost fell fastest against log(rate), before the minimum; null with under 3 points there. */
  steepestAt: number | null;
  /**
   * The first rate past the minimum where the averaged cost rose above its start or stopFactor x its
   * minimum; where it never did, the rate the test stopped at, or the largest tested.
   */
  blowUpAt: number;
  /** The first rate at which the stop rule fired (cost above stopFactor x its minimum, or not finite); null if it never did. */
  divergedAt: number | null;
  /**
   * Whether the test found where the rate becomes too high (the cost rose again, or blew up). Without it a
   * suggestion from the top of the range is a guess: Adam at 1e-4 on moons never blew up up to 10, and its
   * "a tenth of the largest rate", 1, killed 62% of the ReLU units by epoch 2.
   */
  limitFound: boolean;
  /** Rows per step and smoothing actually used. */
  batchSize: number;
  smoothing: number;
  /** One sentence with the numbers: where the cost fell fastest, its minimum, the blow-up, the suggestion and why. */
  reason: string;
}

const WHERE = "lrRangeTest";

/** A new optimizer of the same kind and settings, without the original's state. */
function freshOptimizer(optimizer: Optimizer | null): Optimizer {
  if (optimizer instanceof SGD) return new SGD({ learningRate: optimizer.learningRate, weightDecay: optimizer.weightDecay });
  if (optimizer instanceof Momentum) {
    return new Momentum({ learningRate: optimizer.learningRate, momentum: optimizer.momentum, weightDecay: optimizer.weightDecay });
  }
  if (optimizer instanceof Adam) {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = optimizer;
    return new Adam({ learningRate, beta1, beta2, epsilon, weightDecay });
  }
  return fail(WHERE, "a model compiled with an SGD, Momentum or Adam optimizer (a fresh copy is needed)", optimizer);
}

/** Three significant digits, without trailing zeros: 0.000312, 3.1, 12. */
function short(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/**
 * The learning-rate range test (Leslie Smith, "Cyclical learning rates", 2017; fastai's lr_find): take
 * `steps` gradient steps while the learning rate grows geometrically from `minLr` to `maxLr`, recording
 * the cost of each batch before its step, until the cost blows up. The curve is flat where the rate is
 * too small to move the weights, falls where it is useful, and shoots up where it is too large.
 *
 * The suggestion is read from the curve averaged over a quarter decade either side: a third of the rate at
 * its lowest cost, and at most a tenth of the rate where it rose again; with full batches, whose cost is
 * exact, a tenth of the rate at its lowest (a long full-batch run cannot take the rates a short test does). At the minimum the rate is already
 * at the edge of stability (a step further and the cost rises), and during the test it has only just
 * reached that rate; a smaller one sits on the falling part of the curve, where training at a fixed rate is
 * both fast and stable. (fastai's classic "a tenth of the minimum" reads a moving average whose minimum
 * lags past the true one.) The steepest-descent rate is reported too, as a second opinion.
 *
 * The test sees how fast the training cost falls, not early stopping or the number of epochs: with a long
 * run and no early stopping the best fixed rate can be far lower (moons, 300 epochs: 0.002 for Adam).
 *
 * `x` are raw inputs (normalized here with the model's stored normalization, as fit does) and `y` the
 * targets. The test runs on a copy of the compiled model with a fresh optimizer of the same kind and
 * settings: the caller's weights and optimizer state are untouched. Regularization uses m = x.rows.
 */
export function lrRangeTest(model: Sequential, x: Tensor, y: Tensor, options: LrRangeOptions = {}): LrRangeResult {
  const steps = rangeSteps(model, x, y, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * lrRangeTest, handing the event loop back at least every `yieldEveryMs` (default 50) so that a signal's
 * handler can run (the test is one synchronous loop otherwise: Ctrl-C waited for its end), and ending early,
 * with null, once `shouldStop` says so. The same steps, so the same result as lrRangeTest.
 */
export async function lrRangeTestAsync(
  model: Sequential,
  x: Tensor,
  y: Tensor,
  options: LrRangeOptions & { shouldStop?: () => boolean; yieldEveryMs?: number } = {},
): Promise<LrRangeResult | null> {
  const { shouldStop, yieldEveryMs = 50, ...rest } = options;
  const steps = rangeSteps(model, x, y, rest);
  let handedBack = Date.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (Date.now() - handedBack >= yieldEveryMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      handedBack = Date.now();
    }
    if (shouldStop?.()) return null;
  }
}

/** The range test, one step per `next()` (yields after each step's update), returning the result. */
function* rangeSteps(model: Sequential, x: Tensor, y: Tensor, options: LrRangeOptions): Generator<void, LrRangeResult> {
  if (!options || typeof options !== "object") fail(WHERE, "options { minLr, maxLr, steps, ... }", options);
  const minLr = checkPositive(WHERE, "minLr", options.minLr ?? 1e-5);
  const maxLr = options.maxLr ?? 10;
  if (typeof maxLr !== "number" || !Number.isFinite(maxLr) || maxLr <= minLr) fail(WHERE, `maxLr must be a finite number > minLr (${minLr})`, maxLr);
  // the rates are minLr * (maxLr / minLr)^(i / steps): a ratio that overflows made every rate NaN
  if (!Number.isFinite(maxLr / minLr)) fail(WHERE, `maxLr / minLr must be a finite ratio (a range of at most about 300 decades); minLr ${minLr} and maxLr`, maxLr);
  const steps = options.steps ?? 100;
  if (typeof steps !== "number" || !Number.isInteger(steps) || steps < 10 || steps > 100_000) fail(WHERE, "steps must be an integer from 10 to 100000", steps);
  const stopFactor = options.stopFactor ?? 4;
  if (typeof stopFactor !== "number" || !Number.isFinite(stopFactor) || stopFactor <= 1) fail(WHERE, "stopFactor must be a finite number > 1", stopFactor);
  const seed = options.seed ?? 1;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed)) fail(WHERE, "seed must be a safe integer", seed);

  const loss = model.requireLoss(WHERE);
  const input = model.prepareInputs(x, WHERE);
  model.checkTargets(y, x.rows, WHERE);
  const m = x.rows;
  if (m === 0) fail(WHERE, "at least one example", "0 rows");
  const requested = options.batchSize ?? (m <= 1024 ? "full" : 128);
  if (requested !== "full" && (typeof requested !== "number" || !Number.isInteger(requested) || requested <= 0)) {
    fail(WHERE, 'batchSize must be a positive integer or "full"', requested);
  }
  const batchSize = requested === "full" ? m : Math.min(requested, m);
  const fullBatch = batchSize === m;
  const beta = options.smoothing ?? (fullBatch ? 0 : 0.98);
  if (typeof beta !== "number" || !(beta >= 0 && beta < 1)) fail(WHERE, "smoothing must be in [0, 1)", beta);

  const copy = cloneModel(model);
  const optimizer = freshOptimizer(model.optimizer);
  copy.compile({ loss, optimizer });
  copy.trainingExamples = m;
  const params = copy.params();
  const target = y.dtype === copy.dtype ? y : y.clone(copy.dtype);

  const rng = new Rng(seed);
  const order = Int32Array.from({ length: m }, (_, i) => i);
  let next = m; // forces a shuffle before the first minibatch
  const batch = fullBatch
    ? { x: input, y: target }
    : { x: Tensor.zeros(batchSize, input.cols, copy.dtype), y: Tensor.zeros(batchSize, target.cols, copy.dtype) };
  const stepOptions = { mode: "train" as const, m };

  const ratio = maxLr / minLr;
  const points: LrRangePoint[] = [];
  let average = 0;
  let lowest = Infinity;
  let divergedAt: number | null = null;
  for (let i = 0; i < steps; i++) {
    const learningRate = i === steps - 1 ? maxLr : minLr * portablePow(ratio, i / (steps - 1));
    if (!fullBatch) {
      if (next + batchSize > m) {
        rng.shuffle(order);
        next = 0;
      }
      gatherRowsInto(input, order, next, next + batchSize, batch.x);
      gatherRowsInto(target, order, next, next + batchSize, batch.y);
      next += batchSize;
    }
    const cost = copy.computeGradients(batch.x, batch.y, stepOptions);
    if (!Number.isFinite(cost)) {
      divergedAt = learningRate;
      break;
    }
    // fastai's bias-corrected moving average: without the correction the first values lean towards 0
    average = beta * average + (1 - beta) * cost;
    const smoothed = average / (1 - portablePowInt(beta, i + 1));
    points.push({ learningRate, cost, smoothed, averaged: NaN });
    lowest = Math.min(lowest, smoothed);
    if (smoothed > stopFactor * lowest) {
      divergedAt = learningRate;
      break;
    }
    optimizer.learningRate = learningRate;
    optimizer.step(params);
    yield;
  }
  if (points.length === 0) {
    fail(WHERE, "a finite cost at the first step (check the inputs and the initial weights)", copy.lastDataLoss + copy.lastRegularizationLoss);
  }

  // The suggestion reads a centred average of the batch costs (the costs themselves with full batches,
  // which are exact): the moving average above lags the rate by up to three decades at 100 steps (a median
  // 0.4 decade, up to 1.9, over 99 audited tests), so where its minimum fell depended on the step count.
  const perDecade = (steps - 1) / Math.log10(ratio);
  const averaged = fullBatch ? points.map((p) => p.cost) : centredMean(points.map((p) => p.cost), Math.max(1, Math.round(perDecade / 4)));
  for (let i = 0; i < points.length; i++) points[i]!.averaged = averaged[i]!;
  let best = 0;
  for (let i = 1; i < points.length; i++) if (averaged[i]! < averaged[best]!) best = i;
  const minimumAt = points[best]!.learningRate;
  // Rates are evenly spaced in log(rate), so the slope against log(rate) is a plain central difference.
  let steepest = -1;
  let steepestSlope = 0;
  // the first points of a minibatch curve are batch noise: the steepest fall is looked for where the cost
  // has begun to fall (by a tenth of its whole fall)
  const begun = fullBatch ? Infinity : averaged[0]! - 0.1 * (averaged[0]! - averaged[best]!);
  for (let i = 1; i < best; i++) {
    if (averaged[i]! > begun) continue;
    const slope = averaged[i + 1]! - averaged[i - 1]!;
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  const steepestAt = steepest >= 0 ? points[steepest]!.learningRate : null;
  // Where the cost rose past the minimum: above its start (a classifier's collapsed cost, about ln k, is
  // rarely 4x its minimum) or 4x its minimum; else where the test stopped, or the top of the range.
  const rose = points.findIndex((p, i) => i > best && averaged[i]! > Math.min(averaged[0]!, stopFactor * averaged[best]!));
  const blowUpAt = rose >= 0 ? points[rose]!.learningRate : (divergedAt ?? points[points.length - 1]!.learningRate);
  // Minibatches: a third of the minimum's rate, and at most a tenth of the blow-up's. The classic tenth of
  // the minimum suited the lagging average (its minimum sat past the true one); on the centred curve a third
  // sits on the falling part. The same rule for every optimizer: an Adam-only steepest fall was 3-35x below
  // the best rate on 7 of 11 audited tests.
  // Full batches: the classic tenth of the minimum, on the exact cost. Full-batch gradient descent sharpens
  // the cost's curvature as it trains until the rate sits at the edge of stability (Cohen et al., 2021), so
  // a long run cannot take the rates a short test does: football, SGD, 3000 epochs, at a third of the
  // minimum capped by a tenth of the blow-up (0.5) blew up to 2.3 times its starting cost at epoch 2314;
  // at a tenth of the minimum (0.285) it did not.
  // Measured (two audits, 11 problems x SGD, momentum, Adam x 3 seeds, each suggestion trained with the
  // spec's epochs and early stopping): within 3x of a fixed-rate grid's best rate 42% (the lagging tenth
  // with Adam's steepest fall: 35%), within 1.25x of the best dev cost 73% (66%), none diverged, seeds at
  // most 0.8 decade apart (1.6). The full-batch tenth is a trade: a capped third would be within 3x on 67%
  // of the 36 full-batch tests against 44%, in band on 83% against 86%; it loses spirals on SGD (rates under
  // the 0.2 below which the run stalls) and wins spirals and iris on Adam.
  const third = minimumAt / 3;
  const tenthOfBlowUp = blowUpAt / 10;
  const chosen = fullBatch ? minimumAt / 10 : Math.min(third, tenthOfBlowUp);
  const suggestion = Math.min(maxLr, Math.max(minLr, chosen));
  const ruleRate: LrRangeResult["ruleRate"] = fullBatch ? "tenthOfMinimum" : chosen === third ? "thirdOfMinimum" : "tenthOfBlowUp";
  const rule: LrRangeResult["rule"] = chosen < minLr ? "bottomOfRange" : ruleRate;

  const first = averaged[0]!;
  const lowestCost = averaged[best]!;
  const parts = [
    steepestAt !== null
      ? `The cost fell fastest near ${short(steepestAt)} and was lowest (${short(lowestCost)}, from ${short(first)}) at ${short(minimumAt)}`
      : `The cost was lowest (${short(lowestCost)}, from ${short(first)}) at ${short(minimumAt)}`,
    rose >= 0
      ? `it rose to ${short(averaged[rose]!)} by ${short(blowUpAt)}${divergedAt !== null ? ` and the test stopped at ${short(divergedAt)}` : ""}`
      : divergedAt !== null
        ? `it blew up at ${short(divergedAt)}`
        : `it never blew up (tested up to ${short(blowUpAt)})`,
    rule === "tenthOfMinimum"
      ? `suggested ${short(suggestion)}, a tenth of the rate at the minimum (full batches: a long run sharpens the cost until it cannot take the rates a short test does)`
      : rule === "thirdOfMinimum"
      ? `suggested ${short(suggestion)}, a third of the rate at the minimum`
      : rule === "tenthOfBlowUp"
        ? rose >= 0 || divergedAt !== null
          ? `suggested ${short(suggestion)}, a tenth of the rate where it rose again (a third of the minimum's would lie closer to that)`
          : `suggested ${short(suggestion)}, a tenth of the largest rate tested (where the cost's limit lies was not reached)`
        : `suggested ${short(suggestion)}, the smallest rate tested (${{ tenthOfMinimum: "a tenth of the rate at the minimum", thirdOfMinimum: "a third of the rate at the minimum", tenthOfBlowUp: "a tenth of the rate where it rose" }[ruleRate]}, ${short(chosen)}, lies below the range; lower minLr)`,
  ];
  if (best === points.length - 1 && divergedAt === null) parts.push("the cost was still falling at the largest rate, so raise maxLr");
  if (lowestCost > 0.9 * first) parts.push("the cost barely fell, so the range may be too low or the model may not be learning at all");
  return {
    points,
    suggestion,
    rule,
    ruleRate,
    minimumAt,
    steepestAt,
    blowUpAt,
    divergedAt,
    limitFound: rose >= 0 || divergedAt !== null,
    batchSize,
    smoothing: beta,
    reason: parts.join("; ") + ".",
  };
}

/** Each value averaged with the `half` values either side (fewer at the ends). */
function centredMean(values: readonly number[], half: number): number[] {
  const sums = [0];
  for (const v of values) sums.push(sums[sums.length - 1]! + v);
  return values.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length, i + half + 1);
    return (sums[to]! - sums[from]!) / (to - from);
  });
}
