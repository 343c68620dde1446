import { NnlabError } from "../errors.js";
import { softmaxRow } from "../layers/activation-functions.js";
import { portableExp, portableLog } from "../tensor/portable-math.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkClassWeight, type CrossEntropyOptions, type Loss } from "./loss.js";

// Called per element: read through module-level vars, not the imports (src/tensor/portable-math.ts says why).
var exp = portableExp, log = portableLog, softmaxOf = softmaxRow;

/** Targets are one-hot rows [m, k], or class indices [m, 1] ("sparse"). */
function targetClass(target: Tensor, row: number, k: number): number {
  if (target.cols === 1) return target.data[row]!;
  const o = row * k;
  let best = 0;
  for (let j = 1; j < k; j++) if (target.data[o + j]! > target.data[o + best]!) best = j;
  return best;
}

function logSumExp(Z: ArrayLike<number>, o: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < k; j++) if (Z[o + j]! > max) max = Z[o + j]!;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += exp(Z[o + j]! - max);
  return max + log(sum);
}

/**
 * Softmax cross-entropy over k classes: -sum_j y_j log softmax(z)_j, averaged over the batch.
 * It is computed from the logits z (log-sum-exp, stable): with a softmax output layer the model hands
 * it the logits under that layer; without one, the network's outputs are taken to be the logits.
 *
 * With `classWeight` example r's loss counts w_{c_r} times (c_r its class: the index, or the argmax of a
 * one-hot row): cost = sum_r w_{c_r} l_r / m, divided by m and not by the weights' sum, for the reasons
 * given in binary-cross-entropy.ts.
 */
/** Row r's loss given its log-sum-exp: lse - z_y (class index), or sum_j y_j (lse - z_j) (one-hot). */
function rowLoss(Z: ArrayLike<number>, target: Tensor, r: number, k: number, lse: number): number {
  const Y = target.data;
  const o = r * k;
  if (target.cols === 1) return lse - Z[o + Y[r]!]!;
  let sum = 0;
  for (let j = 0; j < k; j++) if (Y[o + j] !== 0) sum += Y[o + j]! * (lse - Z[o + j]!);
  return sum;
}

export function softmaxCrossEntropy(options: CrossEntropyOptions = {}): Loss {
  const weights = options.classWeight ? options.classWeight.slice() : null;
  if (weights) checkClassWeight("softmaxCrossEntropy", weights, weights.length);
  // Without class weights every weight is 1, and the products and quotients below with 1 are exact:
  // the unweighted bits (and no argmax of one-hot rows to find the class).
  const weightOf = (target: Tensor, r: number, k: number) => (weights ? weights[targetClass(target, r, k)]! : 1);
  const fromLogits = (logits: Tensor, target: Tensor): number => {
    const k = logits.cols;
    let sum = 0;
    for (let r = 0; r < logits.rows; r++) sum += weightOf(target, r, k) * rowLoss(logits.data, target, r, k, logSumExp(logits.data, r * k, k));
    return sum / logits.rows;
  };
  // d cost / d z_r = w_r (softmax(z_r) - y_r) / m
  const gradFromProbabilities = (P: ArrayLike<number>, target: Tensor, into: Tensor): void => {
    const k = into.cols;
    const m = into.rows;
    const Y = target.data;
    const G = into.data;
    for (let r = 0; r < m; r++) {
      const o = r * k;
      const w = weightOf(target, r, k);
      for (let j = 0; j < k; j++) G[o + j] = (w * P[o + j]!) / m;
      if (target.cols === 1) G[o + Y[r]!] -= w / m;
      else for (let j = 0; j < k; j++) G[o + j] -= (w * Y[o + j]!) / m;
    }
  };
  return {
    name: "softmaxCrossEntropy",
    task: "categorical",
    pairedActivation: "softmax",
    ...(weights ? { classWeight: weights } : {}),
    checkTargets(target, outputSize) {
      if (outputSize < 2) {
        throw new NnlabError(
          `softmaxCrossEntropy: the network needs at least 2 outputs (one per class); received ${outputSize} (use binaryCrossEntropy for one output)`,
        );
      }
      if (target.cols === 1) {
        for (let i = 0; i < target.rows; i++) {
          const c = target.data[i]!;
          if (!Number.isInteger(c) || c < 0 || c >= outputSize) {
            throw new NnlabError(
              `softmaxCrossEntropy: class indices must be integers in [0, ${outputSize - 1}]; received ${c} at row ${i}`,
            );
          }
        }
      } else if (target.cols !== outputSize) {
        throw new NnlabError(
          `softmaxCrossEntropy: targets must be one-hot [examples, ${outputSize}] or class indices [examples, 1]; received [${target.rows}, ${target.cols}]`,
        );
      } else {
        // The gradient softmax(z) - y is the cost's only where each row is a distribution (non-negative,
        // summing to 1: one-hot, or soft labels); a row of zeros or [1, 1, 0] was trained on a gradient
        // that the gradient check failed (relative difference 0.33)
        for (let i = 0; i < target.rows; i++) {
          let sum = 0;
          let negative = false;
          for (let j = 0; j < outputSize; j++) {
            const v = target.data[i * outputSize + j]!;
            sum += v;
            if (!(v >= 0)) negative = true;
          }
          if (negative || !(Math.abs(sum - 1) <= 1e-6)) {
            const row = Array.from(target.data.subarray(i * outputSize, Math.min((i + 1) * outputSize, i * outputSize + 8)));
            throw new NnlabError(
              `softmaxCrossEntropy: each one-hot target row must be non-negative and sum to 1 (a class's 1, or soft labels); received [${row.join(", ")}${outputSize > 8 ? ", ..." : ""}] at row ${i}`,
            );
          }
        }
      }
      if (weights) checkClassWeight("softmaxCrossEntropy", weights, outputSize);
    },
    value: fromLogits,
    gradient(output, target, into) {
      // output holds logits: softmax them row by row into `into`, then subtract the targets
      const k = output.cols;
      const Z = output.data;
      const G = into.data;
      for (let r = 0; r < output.rows; r++) {
        const o = r * k;
        const lse = logSumExp(Z, o, k);
        for (let j = 0; j < k; j++) G[o + j] = exp(Z[o + j]! - lse);
      }
      gradFromProbabilities(G, target, into);
    },
    valueFromLogits: fromLogits,
    valueAndOutputFromLogits(logits, target, output) {
      // the softmax activation's forward, whose log-sum-exp is logSumExp's (the same sums in the same order)
      const k = logits.cols;
      let total = 0;
      for (let r = 0; r < logits.rows; r++) {
        const lse = softmaxOf(logits.data, output.data, r * k, k);
        total += weightOf(target, r, k) * rowLoss(logits.data, target, r, k, lse);
      }
      return total / logits.rows;
    },
    logitsGradient(output, target, into) {
      gradFromProbabilities(output.data, target, into);
    },
  };
}

export { targetClass };
