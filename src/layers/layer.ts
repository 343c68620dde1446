import type { Regularizer } from "../regularizers/regularizer.js";
import type { Rng } from "../tensor/rng.js";
import type { DType, Tensor } from "../tensor/tensor.js";

/** "train" switches dropout on; "eval" is the network as it predicts. */
export type Mode = "train" | "eval";

/** A trainable tensor with its gradient. The gradient is written by the layer's backward. */
export interface Param {
  /** "W" or "b" inside a layer; a model numbers them like the course: W1, b1, W2, ... */
  name: string;
  /** Weights are decayed and regularized; biases are not, unless a bias regularizer is asked for. */
  role: "weight" | "bias";
  value: Tensor;
  grad: Tensor;
  regularizer?: Regularizer;
}

/** Sizes a layer learns when it joins a model. */
export interface BuildContext {
  inputSize: number;
  dtype: DType;
  /** This layer's own random stream (initial weights, dropout masks). */
  rng: Rng;
}

/**
 * The contract every layer keeps, built-in or custom. Forward and backward sit side by side: forward
 * caches exactly what backward needs; backward writes (overwrites) the parameter gradients for the batch
 * it was given and returns the gradient with respect to its input.
 *
 * Tensors a layer returns are its own reused buffers: valid until its next call, not to be kept.
 */
export interface Layer {
  /** The name this layer is saved under ("dense", "relu", ...); custom layers pick their own. */
  readonly type: string;
  /** Allocates parameters for `context.inputSize` inputs; returns the output size. */
  build(context: BuildContext): number;
  forward(input: Tensor, mode: Mode): Tensor;
  backward(outputGrad: Tensor): Tensor;
  params(): Param[];
  /** Options needed to rebuild the layer (without its weights), for saving. */
  getConfig(): Record<string, unknown>;
  /**
   * Set to false by a model for its first layer, whose input gradient nobody reads; the layer may then
   * skip computing it and return any tensor.
   */
  inputGradientNeeded?: boolean;
}

/**
 * A layer whose last step is an activation that a loss can pair with (sigmoid with binary cross-entropy,
 * softmax with softmax cross-entropy): the model then computes the loss from the logits, which is stable
 * for saturated outputs, and starts backprop from the logits.
 */
export interface OutputActivationLayer extends Layer {
  readonly activationName: string;
  /** The pre-activation of the last forward pass. */
  logits(): Tensor;
  /** Backward pass given the gradient with respect to the logits. */
  backwardFromLogits(logitsGrad: Tensor): Tensor;
  /**
   * The forward pass up to the logits, which it returns; the activation's output buffer (activationOutput())
   * is left for the paired loss to fill (Loss.valueAndOutputFromLogits). Optional: without it the model
   * runs forward() and the loss's valueFromLogits.
   */
  forwardToLogits?(input: Tensor, mode: Mode): Tensor;
  /** The buffer forwardToLogits prepared for the activation's output. */
  activationOutput?(): Tensor;
}

export function isOutputActivationLayer(layer: Layer): layer is OutputActivationLayer {
  return typeof (layer as OutputActivationLayer).backwardFromLogits === "function";
}
