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
 * With `classWeight` each class's term counts w_j times: row r's loss is sum_j w_j y_rj (lse - z_rj), so a
 * class index's (or a one-hot row's) loss counts w_{c_r} times, and a row of soft labels weighs each class
 * by its share (PyTorch's weighted cross-entropy with probability targets; the argmax's weight alone gave
 * [0.5, 0.5] the first class's, an audit helper). cost = sum_r l_r / m, divided by m and not by the
 * weights' sum, for the reasons given in binary-cross-entropy.ts.
 */
/**
 * Row r's loss given its log-sum-exp: w_y (lse - z_y) (class index), or sum_j w_j y_j (lse - z_j)
 * (one-hot or soft labels); without weights every w is 1, exactly.
 */
function rowLoss(Z: ArrayLike<number>, target: Tensor, r: number, k: number, lse: number, weights: number[] | null): number {
  const Y = target.data;
  const o = r * k;
  if (target.cols === 1) return (weights ? weights[Y[r]!]! : 1) * (lse - Z[o + Y[r]!]!);
  let sum = 0;
  for (let j = 0; j < k; j++) if (Y[o + j] !== 0) sum += (weights ? weights[j]! * Y[o + j]! : Y[o + j]!) * (lse - Z[o + j]!);
  return sum;
}

export function softmaxCrossEntropy(options: CrossEntropyOptions = {}): Loss {
  const weights = options.classWeight ? options.classWeight.slice() : null;
  if (weights) checkClassWeight("softmaxCrossEntropy", weights, weights.length);
  // Without class weights every weight is 1, and the products and quotients below with 1 are exact: the
  // unweighted bits. With them, a class index's or a one-hot row's figures are those of its class's weight.
  const fromLogits = (logits: Tensor, target: Tensor): number => {
    const k = logits.cols;
    let sum = 0;
    for (let r = 0; r < logits.rows; r++) sum += rowLoss(logits.data, target, r, k, logSumExp(logits.data, r * k, k), weights);
    return sum / logits.rows;
  };
  // d cost / d z_rj = (W_r softmax(z_r)_j - w_j y_rj) / m, W_r = sum_c w_c y_rc (y_r sums to 1: W_r = 1 unweighted)
  const gradFromProbabilities = (P: ArrayLike<number>, target: Tensor, into: Tensor): void => {
    const k = into.cols;
    const m = into.rows;
    const Y = target.data;
    const G = into.data;
    for (let r = 0; r < m; r++) {
      const o = r * k;
      if (target.cols === 1) {
        const w = weights ? weights[Y[r]!]! : 1;
        for (let j = 0; j < k; j++) G[o + j] = (w * P[o + j]!) / m;
        G[o + Y[r]!] -= w / m;
      } else if (!weights) {
        for (let j = 0; j < k; j++) G[o + j] = P[o + j]! / m;
        for (let j = 0; j < k; j++) G[o + j] -= Y[o + j]! / m;
      } else {
        let w = 0;
        for (let j = 0; j < k; j++) if (Y[o + j] !== 0) w += weights[j]! * Y[o + j]!;
        for (let j = 0; j < k; j++) G[o + j] = (w * P[o + j]!) / m;
        for (let j = 0; j < k; j++) G[o + j] -= (weights[j]! * Y[o + j]!) / m;
      }
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
        total += rowLoss(logits.data, target, r, k, lse, weights);
      }
      return total / logits.rows;
    },
    logitsGradient(output, target, into) {
      gradFromProbabilities(output.data, target, into);
    },
  };
}

export { targetClass };
