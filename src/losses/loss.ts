import { NnlabError } from "../errors.js";
import type { Tensor } from "../tensor/tensor.js";

export type LossName = "binaryCrossEntropy" | "softmaxCrossEntropy" | "meanSquaredError";

/**
 * A cost averaged over the examples of a batch. `gradient` writes d cost / d output into a buffer
 * the caller owns.
 *
 * A loss may pair with the network's last activation (`pairedActivation`): the model then calls
 * `valueFromLogits` and `logitsGradient` instead, which is both stabler (no log of a saturated sigmoid)
 * and cheaper (the product of the two Jacobians is just (output - target) / m).
 */
export interface Loss {
  readonly name: LossName | string;
  /** What accuracy means for this loss's outputs, if anything. */
  readonly task: "binary" | "categorical" | "regression";
  readonly pairedActivation?: "sigmoid" | "softmax";
  /**
   * Per-class weights of a weighted cross-entropy (index c weighs the examples of class c; binary: [w0, w1]),
   * absent when every example counts the same. See binaryCrossEntropy and softmaxCrossEntropy.
   */
  readonly classWeight?: readonly number[];
  /** Throws a readable error when targets cannot go with outputs of `outputSize` columns. */
  checkTargets(target: Tensor, outputSize: number): void;
  value(output: Tensor, target: Tensor): number;
  gradient(output: Tensor, target: Tensor, into: Tensor): void;
  valueFromLogits?(logits: Tensor, target: Tensor): number;
  /**
   * valueFromLogits, and the paired activation's output written into `output`, in one pass that shares
   * the exponentials (the model then skips the activation's own forward). Same loss bits as
   * valueFromLogits, same output bits as the activation's forward.
   */
  valueAndOutputFromLogits?(logits: Tensor, target: Tensor, output: Tensor): number;
  /** d cost / d logits, given the paired activation's output. */
  logitsGradient?(output: Tensor, target: Tensor, into: Tensor): void;
}

/** Options of the cross-entropy losses. */
export interface CrossEntropyOptions {
  /**
   * A weight per class (binary: [w0, w1]): example i's loss counts w_{y_i} times. The cost stays
   * divided by the number of examples m, not by the sum of the weights: cost = sum_i w_{y_i} l_i / m.
   */
  classWeight?: readonly number[];
}

/** Refuses class weights that are not finite and >= 0, or not one per class. */
export function checkClassWeight(where: string, weights: readonly number[], classes: number): void {
  if (weights.length !== classes) throw new NnlabError(`${where}: expected ${classes} class weights (one per class); received ${weights.length}`);
  weights.forEach((w, c) => {
    if (!Number.isFinite(w) || w < 0) throw new NnlabError(`${where}: class weights must be finite and >= 0; received ${w} for class ${c}`);
  });
}
