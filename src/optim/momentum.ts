import { checkInRange, checkNonNegative, checkOptions, checkPositive } from "../errors.js";
import type { Param } from "../layers/layer.js";
import type { TypedArray } from "../tensor/tensor.js";
import { allocate } from "../tensor/tensor.js";
import { momentumUpdate } from "../tensor/kernels.js";
import { checkDecay, checkState, decayFactor, copyBuffers, loadBuffers, type Optimizer, type OptimizerState } from "./optimizer.js";

export interface MomentumOptions {
  /** Step size alpha. Default 0.01. */
  learningRate?: number;
  /** beta, the weight of the past in the moving average of gradients, in [0, 1). Default 0.9. */
  momentum?: number;
  /** Decoupled weight decay per unit learning rate. Default 0. */
  weightDecay?: number;
}

/**
 * Gradient descent with momentum, in the course's form: v <- beta v + (1 - beta) dw; w <- w - alpha v.
 * (PyTorch's v <- beta v + dw is the same with alpha scaled by 1 / (1 - beta).) v starts at 0.
 */
export class Momentum implements Optimizer {
  readonly name = "momentum";
  /** Validated here; writable for schedules and the range test (see Optimizer.learningRate). */
  learningRate: number;
  readonly momentum: number;
  readonly weightDecay: number;
  private velocity = new Map<Param, TypedArray>();

  constructor(given: MomentumOptions = {}) {
    const options = checkOptions("Momentum", given, ["learningRate", "momentum", "weightDecay"]);
    this.learningRate = checkPositive("Momentum", "learningRate", options.learningRate ?? 0.01);
    this.momentum = checkInRange("Momentum", "momentum", options.momentum ?? 0.9, 0, 1);
    this.weightDecay = checkDecay("Momentum", this.learningRate, checkNonNegative("Momentum", "weightDecay", options.weightDecay ?? 0));
  }

  step(params: readonly Param[]): void {
    const lr = this.learningRate;
    for (const p of params) {
      let v = this.velocity.get(p);
      if (!v) {
        v = allocate(p.value.dtype, p.value.size);
        this.velocity.set(p, v);
      }
      // one fused pass per tensor (decay, velocity, step): src/tensor/kernels.ts picks the implementation
      momentumUpdate(p.value.data, p.grad.data, v, lr, this.momentum, decayFactor(p, lr, this.weightDecay));
    }
  }

  reset(): void {
    this.velocity.clear();
  }

  getState(params: readonly Param[]): OptimizerState {
    return { name: this.name, learningRate: this.learningRate, counters: {}, buffers: { velocity: copyBuffers(params, (p) => this.velocity.get(p)) } };
  }

  setState(params: readonly Param[], state: OptimizerState): void {
    checkState("Momentum.setState", this.name, params, state, ["velocity"]);
    loadBuffers(params, state.buffers.velocity!, this.velocity);
    this.learningRate = state.learningRate;
  }
}
