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
