import { NnlabError } from "../errors.js";
import { portableExp, portableLog, portableLog1p } from "../tensor/portable-math.js";
import { checkShape, type Tensor } from "../tensor/tensor.js";
import type { Loss } from "./loss.js";

/**
 * Binary cross-entropy, -[y log p + (1 - y) log(1 - p)], averaged over the batch (and over the columns
 * for several independent outputs). A term with weight 0 counts as 0, so 0 * log 0 = 0.
 *
 * Paired with a sigmoid output it is computed from the logit z as max(z, 0) - z y + log(1 + e^-|z|),
 * finite even where the sigmoid rounds to exactly 0 or 1.
 */
export function binaryCrossEntropy(): Loss {
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
