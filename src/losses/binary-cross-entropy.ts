import { NnlabError } from "../errors.js";
import { portableExp, portableLog, portableLog1p } from "../tensor/portable-math.js";
import { checkShape, type Tensor } from "../tensor/tensor.js";
import { checkClassWeight, type CrossEntropyOptions, type Loss } from "./loss.js";

/**
 * Binary cross-entropy, -[y log p + (1 - y) log(1 - p)], averaged over the batch (and over the columns
 * for several independent outputs). A term with weight 0 counts as 0, so 0 * log 0 = 0.
 *
 * Paired with a sigmoid output it is computed from the logit z as max(z, 0) - z y + log(1 + e^-|z|),
 * finite even where the sigmoid rounds to exactly 0 or 1.
 *
 * With `classWeight: [w0, w1]` each example's loss counts w_y times (weightedBinaryCrossEntropy, below);
 * without it the code and its bits are the unweighted ones.
 */
export function binaryCrossEntropy(options: CrossEntropyOptions = {}): Loss {
  if (options.classWeight) return weightedBinaryCrossEntropy(options.classWeight);
  return {
    name: "binaryCrossEntropy",
    task: "binary",
    pairedActivation: "sigmoid",
    checkTargets(target, outputSize) {
      checkShape("binaryCrossEntropy", "targets", target, null, outputSize);
      const d = target.data;
      for (let i = 0; i < d.length; i++) {
        if (d[i] !== 0 && d[i] !== 1) {
          throw new NnlabError(
            `binaryCrossEntropy: targets must be 0 or 1; received ${d[i]} at row ${Math.floor(i / target.cols)}`,
          );
        }
      }
    },
    value(output, target) {
      const P = output.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < P.length; i++) {
        const y = Y[i]!;
        if (y !== 0) sum -= y * portableLog(P[i]!);
        if (y !== 1) sum -= (1 - y) * portableLog(1 - P[i]!);
      }
      return sum / P.length;
    },
    gradient(output, target, into) {
      const P = output.data;
      const Y = target.data;
      const G = into.data;
      const n = P.length;
      for (let i = 0; i < n; i++) {
        const p = P[i]!;
        G[i] = (p - Y[i]!) / (p * (1 - p)) / n;
      }
    },
    valueFromLogits(logits, target) {
      const Z = logits.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!;
        sum += (z > 0 ? z : 0) - z * Y[i]! + portableLog1p(portableExp(-Math.abs(z)));
      }
      return sum / Z.length;
    },
    valueAndOutputFromLogits(logits, target, output) {
      const Z = logits.data;
      const Y = target.data;
      const A = output.data;
      let sum = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!;
        const e = portableExp(-Math.abs(z)); // the sigmoid's and the loss's one exponential
        A[i] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        sum += (z > 0 ? z : 0) - z * Y[i]! + portableLog1p(e);
      }
      return sum / Z.length;
    },
    logitsGradient(output, target, into) {
      const P = output.data;
      const Y = target.data;
      const G = into.data;
      const n = P.length;
      for (let i = 0; i < n; i++) G[i] = (P[i]! - Y[i]!) / n;
    },
  };
}

function checkBinaryTargets(target: Tensor, outputSize: number): void {
  checkShape("binaryCrossEntropy", "targets", target, null, outputSize);
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 0 && d[i] !== 1) {
      throw new NnlabError(`binaryCrossEntropy: targets must be 0 or 1; received ${d[i]} at row ${Math.floor(i / target.cols)}`);
    }
  }
}

/**
 * Binary cross-entropy with class weights [w0, w1]: cost = sum_i w_{y_i} l_i / n, where l_i is the
 * unweighted term above and n the number of terms (examples times outputs).
 *
 * Normalisation: divided by n, not by sum_i w_{y_i} (Keras' class_weight and scikit-learn's sample
 * weights do the same; PyTorch's weighted "mean" divides by the weights' sum). Why: with "balanced"
 * weights the weights average exactly 1 over the training set, so the full-batch cost is on the
 * unweighted cost's scale and the learning rate and the L2 term lambda/(2m) keep their meaning; and a
 * minibatch's gradient stays an unbiased estimate of the full-batch one, which it would not be if each
 * batch were divided by its own class mix. Targets must be 0 or 1 (checkTargets), so w_{y_i} is w0 or w1.
 */
function weightedBinaryCrossEntropy(classWeight: readonly number[]): Loss {
  checkClassWeight("binaryCrossEntropy", classWeight, 2);
  const w0 = classWeight[0]!;
  const w1 = classWeight[1]!;
  const weight = (y: number) => (y === 1 ? w1 : w0);
  return {
    name: "binaryCrossEntropy",
    task: "binary",
    pairedActivation: "sigmoid",
    classWeight: [w0, w1],
    checkTargets: checkBinaryTargets,
    value(output, target) {
      const P = output.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < P.length; i++) {
        const y = Y[i]!;
        let l = 0;
        if (y !== 0) l -= y * portableLog(P[i]!);
        if (y !== 1) l -= (1 - y) * portableLog(1 - P[i]!);
        sum += weight(y) * l;
      }
      return sum / P.length;
    },
    gradient(output, target, into) {
      const P = output.data;
      const Y = target.data;
      const G = into.data;
      const n = P.length;
      for (let i = 0; i < n; i++) {
        const p = P[i]!;
        G[i] = (weight(Y[i]!) * (p - Y[i]!)) / (p * (1 - p)) / n;
      }
    },
    valueFromLogits(logits, target) {
      const Z = logits.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!;
        sum += weight(Y[i]!) * ((z > 0 ? z : 0) - z * Y[i]! + portableLog1p(portableExp(-Math.abs(z))));
      }
      return sum / Z.length;
    },
    valueAndOutputFromLogits(logits, target, output) {
      const Z = logits.data;
      const Y = target.data;
      const A = output.data;
      let sum = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!;
        const e = portableExp(-Math.abs(z));
        A[i] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        sum += weight(Y[i]!) * ((z > 0 ? z : 0) - z * Y[i]! + portableLog1p(e));
      }
      return sum / Z.length;
    },
    logitsGradient(output, target, into) {
      const P = output.data;
      const Y = target.data;
      const G = into.data;
      const n = P.length;
      // d/dz of w_y l(z) is w_y (sigmoid(z) - y): the weight is a constant per example
      for (let i = 0; i < n; i++) G[i] = (weight(Y[i]!) * (P[i]! - Y[i]!)) / n;
    },
  };
}
