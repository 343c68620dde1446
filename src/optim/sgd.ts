import { checkNonNegative, checkOptions, checkPositive } from "../errors.js";
import type { Param } from "../layers/layer.js";
import { sgdUpdate } from "../tensor/kernels.js";
import { checkDecay, checkState, decayFactor, type Optimizer, type OptimizerState } from "./optimizer.js";

export interface SGDOptions {
  /** Step size alpha. Default 0.01. */
  learningRate?: number;
  /** Decoupled weight decay per unit learning rate. Default 0. */
  weightDecay?: number;
}

/** Gradient descent: w <- w - learningRate * dw. Full-batch gradient descent when the batch is the whole set. */
export class SGD implements Optimizer {
  readonly name = "sgd";
  /** Validated here; writable for schedules and the range test (see Optimizer.learningRate). */
  learningRate: number;
  readonly weightDecay: number;

  constructor(given: SGDOptions = {}) {
    const options = checkOptions("SGD", given, ["learningRate", "weightDecay"]);
    this.learningRate = checkPositive("SGD", "learningRate", options.learningRate ?? 0.01);
    this.weightDecay = checkDecay("SGD", this.learningRate, checkNonNegative("SGD", "weightDecay", options.weightDecay ?? 0));
  }

  step(params: readonly Param[]): void {
    // one fused pass per tensor (decay, then the step): src/tensor/kernels.ts picks WebAssembly, native or TypeScript
    for (const p of params) sgdUpdate(p.value.data, p.grad.data, this.learningRate, decayFactor(p, this.learningRate, this.weightDecay));
  }

  reset(): void {}

  /** Plain SGD carries nothing between steps but its learning rate. */
  getState(): OptimizerState {
    return { name: this.name, learningRate: this.learningRate, counters: {}, buffers: {} };
  }

  setState(params: readonly Param[], state: OptimizerState): void {
    this.learningRate = checkState("SGD.setState", this.name, params, state, []).learningRate;
  }
}
