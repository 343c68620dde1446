import type { Tensor } from "../tensor/tensor.js";

/** What a regularizer saves in a model file, enough to rebuild it. */
export interface RegularizerConfig {
  type: "l1" | "l2" | "l1l2";
  l1?: number;
  l2?: number;
}

/**
 * A penalty on one parameter tensor, added to the cost. `m` is the number of training examples (the
 * course's convention: the strength does not change with the minibatch size).
 */
export interface Regularizer {
  readonly config: RegularizerConfig;
  penalty(w: Tensor, m: number): number;
  /** into += d penalty / d w. */
  addGradient(w: Tensor, m: number, into: Tensor): void;
}
