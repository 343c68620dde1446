import { NnlabError } from "../errors.js";
import { portableExp, portableLog, portableLog1p } from "../tensor/portable-math.js";
import { checkShape, type Tensor } from "../tensor/tensor.js";
import { checkClassWeight, type CrossEntropyOptions, type Loss } from "./loss.js";

// Called per element: read through module-level vars, not the imports (src/tensor/portable-math.ts says why).
var exp = portableExp, log = portableLog, log1p = portableLog1p;

/**
 * Binary cross-entropy, -[y log p + (1 - y) log(1 - p)], averaged over the batch (and over the columns
 * for several independent outputs). A term with weight 0 counts as 0, so 0 * log 0 = 0.
 *
 * Paired with a sigmoid output it is computed from the logit z as max(z, 0) - z y + log(1 + e^-|z|),
 * finite even where the sigmoid rounds to exactly 0 or 1.
 *
 * With `classWeight: [w0, w1]` each example's loss counts w_y times: cost = sum_i w_{y_i} l_i / n, n the
 * number of terms. Divided by n, not by sum_i w_{y_i} (as Keras' class_weight and scikit-learn's sample
 * weights; PyTorch's weighted "mean" divides by the weights' sum): with "balanced" weights the weights
 * average 1 over the training set, so the cost keeps the unweighted scale (the learning rate and L2's
 * lambda/(2m) keep their meaning), and a minibatch's gradient stays an unbiased estimate of the full
 * batch's. Without weights each is 1, and the bits are the unweighted loss's.
 */
export function binaryCrossEntropy(options: CrossEntropyOptions = {}): Loss {
  if (options.classWeight) checkClassWeight("binaryCrossEntropy", options.classWeight, 2);
  // Without class weights every weight is 1, and a product with 1 is exact: the unweighted bits.
  const w0 = options.classWeight?.[0] ?? 1;
  const w1 = options.classWeight?.[1] ?? 1;
  const weight = (y: number) => (y === 1 ? w1 : w0);
  return {
    name: "binaryCrossEntropy",
    task: "binary",
    pairedActivation: "sigmoid",
    ...(options.classWeight ? { classWeight: [w0, w1] } : {}),
    checkTargets: checkBinaryTargets,
    value(output, target) {
      const P = output.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < P.length; i++) {
        const y = Y[i]!;
        const w = weight(y);
        if (y !== 0) sum -= w * (y * log(P[i]!));
        if (y !== 1) sum -= w * ((1 - y) * log(1 - P[i]!));
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
        const y = Y[i]!;
        // (p - y) / (p (1 - p)) is 0/0 at a prediction of exactly 0 or 1 (a float32 sigmoid past z = 17):
        // there, the two terms of -y/p + (1 - y)/(1 - p) apart, each only where its coefficient is not 0
        if (p === 0 || p === 1) G[i] = (weight(y) * ((y !== 0 ? -y / p : 0) + (y !== 1 ? (1 - y) / (1 - p) : 0))) / n;
        else G[i] = (weight(y) * (p - y)) / (p * (1 - p)) / n;
      }
    },
    valueFromLogits(logits, target) {
      const Z = logits.data;
      const Y = target.data;
      let sum = 0;
      for (let i = 0; i < Z.length; i++) {
        const z = Z[i]!;
        sum += weight(Y[i]!) * ((z > 0 ? z : 0) - z * Y[i]! + log1p(exp(-Math.abs(z))));
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
        const e = exp(-Math.abs(z)); // the sigmoid's and the loss's one exponential
        A[i] = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        sum += weight(Y[i]!) * ((z > 0 ? z : 0) - z * Y[i]! + log1p(e));
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

function checkBinaryTargets(target: Tensor, outputSize: number): void {
  checkShape("binaryCrossEntropy", "targets", target, null, outputSize);
  const d = target.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== 0 && d[i] !== 1) {
      throw new NnlabError(`binaryCrossEntropy: targets must be 0 or 1; received ${d[i]} at row ${Math.floor(i / target.cols)}`);
    }
  }
}
