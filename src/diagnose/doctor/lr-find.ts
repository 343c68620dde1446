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
   * beta of the exponential moving average of the batch cost (bias-corrected, as in fastai), in [0, 1).
   * Default 0.98 with minibatches, whose costs are noisy; 0 (no smoothing) with full batches, whose
   * cost is exact.
   */
  smoothing?: number;
  /** Stop once the smoothed cost exceeds this many times its minimum so far; > 1. Default 4. */
  stopFactor?: number;
}

/** One step of the range test: its rate, the batch cost before the step, and that cost smoothed. */
export interface LrRangePoint {
  learningRate: number;
  cost: number;
  smoothed: number;
}

export interface LrRangeResult {
  /** One per step taken, in order of increasing rate (the step that tripped the stop rule included when finite). */
  points: LrRangePoint[];
  /**
   * The suggested learning rate, clamped to the tested range: a tenth of `minimumAt`; for Adam where the
   * cost never blew up, `steepestAt` (the minimum then does not mark Adam's limit; see lrRangeTest).
   */
  suggestion: number;
  /** How `suggestion` was chosen: a tenth of `minimumAt`, the steepest fall (Adam unbroken), or the range's bottom (a tenth lay below it). */
  rule: "tenthOfMinimum" | "steepestFall" | "bottomOfRange";
  /** The rate at the lowest smoothed cost. */
  minimumAt: number;
  /** The rate where the smoothed cost fell fastest against log(rate), before the minimum; null with under 3 points there. */
  steepestAt: number | null;
  /** The first rate at which the stop rule fired (cost above stopFactor x its minimum, or not finite); null if it never did. */
  divergedAt: number | null;
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
 * The suggestion is the classic rule: a tenth of the rate at the lowest cost. At the minimum the rate is
 * already at the edge of stability (a step further and the cost rises), and during the test it has only
 * just reached that rate; a rate ten times smaller sits on the falling part of the curve, where training
 * at a fixed rate is both fast and stable. The steepest-descent rate is reported too, as a second opinion.
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
    points.push({ learningRate, cost, smoothed });
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

  let best = 0;
  for (let i = 1; i < points.length; i++) if (points[i]!.smoothed < points[best]!.smoothed) best = i;
  const minimumAt = points[best]!.learningRate;
  // Rates are evenly spaced in log(rate), so the slope against log(rate) is a plain central difference.
  let steepest = -1;
  let steepestSlope = 0;
  // On minibatches the first points average few batches, and their slope is batch noise (a dip at 2.7e-5,
  // where the smoothed cost only began to fall near 1e-2): the steepest fall is looked for once the average
  // spans half its window (at most a quarter of the points), and where the cost has begun to fall from there
  // (by a tenth of the rest of its fall).
  const warm = fullBatch ? 1 : Math.max(1, Math.min(Math.floor(points.length / 4), Math.round(0.5 / (1 - beta))));
  const begun = warm < points.length ? points[warm]!.smoothed - 0.1 * (points[warm]!.smoothed - points[best]!.smoothed) : -Infinity;
  for (let i = warm; i < best; i++) {
    if (!fullBatch && points[i]!.smoothed > begun) continue;
    const slope = points[i + 1]!.smoothed - points[i - 1]!.smoothed;
    if (slope < steepestSlope) {
      steepestSlope = slope;
      steepest = i;
    }
  }
  const steepestAt = steepest >= 0 ? points[steepest]!.learningRate : null;
  const tenth = minimumAt / 10;
  // Adam's steps are scaled by its average of squared gradients, which over the test's few hundred steps
  // (beta2 0.999 remembers about a thousand) still holds the large early gradients: at the top of the range
  // its steps were a small fraction of the rate (0.007 of it at 10, measured), so the cost never blew up
  // and its minimum sat at the largest rate, where a fresh run, whose first steps are the full rate,
  // diverges (blobs, 64-64 ReLU, batches of 16: "1", and 1 diverged by epoch 2; 0.01 trained best). A test
  // that never blew up did not find Adam's limit: the steepest fall is the suggestion then (within 3-30x
  // below the best rate of a short grid on moons, blobs and digits, and never one that diverged).
  const adamUnbroken = optimizer instanceof Adam && divergedAt === null && steepestAt !== null;
  const suggestion = Math.min(maxLr, Math.max(minLr, adamUnbroken ? steepestAt : tenth));
  const rule: LrRangeResult["rule"] = adamUnbroken ? "steepestFall" : suggestion === tenth ? "tenthOfMinimum" : "bottomOfRange";

  const first = points[0]!.smoothed;
  const lowestCost = points[best]!.smoothed;
  // The moving average lags some 50 steps (about two decades of rate at the default 100 steps): single
  // batches can blow up where the smoothed cost has not ("never blew up" beside batch costs 6x the minimum).
  const batchBlowUp = divergedAt === null ? points.find((p, i) => i > best && p.cost > stopFactor * lowestCost) ?? null : null;
  const parts = [
    steepestAt !== null
      ? `The cost fell fastest near ${short(steepestAt)} and was lowest (${short(lowestCost)}, from ${short(first)}) at ${short(minimumAt)}`
      : `The cost was lowest (${short(lowestCost)}, from ${short(first)}) at ${short(minimumAt)}`,
    divergedAt !== null
      ? `it blew up at ${short(divergedAt)}`
      : batchBlowUp
        ? `the smoothed cost never blew up (tested up to ${short(points[points.length - 1]!.learningRate)}), but single batches did from ${short(batchBlowUp.learningRate)} (cost ${short(batchBlowUp.cost)}, over ${stopFactor} times the lowest): the average lags, so rates near the minimum are already too high`
        : `it never blew up (tested up to ${short(points[points.length - 1]!.learningRate)})`,
    rule === "steepestFall"
      ? `suggested ${short(suggestion)}, where the cost fell fastest: Adam never blew up because its average of squared gradients still held the early, larger ones, which shortened its steps at high rates far below what a fresh run takes, so the minimum does not mark its limit`
      : rule === "tenthOfMinimum"
        ? `suggested ${short(suggestion)}, a tenth of the rate at the minimum`
        : `suggested ${short(suggestion)}, the smallest rate tested (a tenth of the rate at the minimum lies below the range; lower minLr)`,
  ];
  if (best === points.length - 1 && divergedAt === null && !adamUnbroken) parts.push("the cost was still falling at the largest rate, so raise maxLr");
  if (lowestCost > 0.9 * first) parts.push("the cost barely fell, so the range may be too low or the model may not be learning at all");
  return {
    points,
    suggestion,
    rule,
    minimumAt,
    steepestAt,
    divergedAt,
    batchSize,
    smoothing: beta,
    reason: parts.join("; ") + ".",
  };
}
