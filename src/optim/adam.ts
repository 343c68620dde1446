import { checkInRange, checkNonNegative, checkOptions, checkPositive, fail } from "../errors.js";
import type { Param } from "../layers/layer.js";
import { allocate, type TypedArray } from "../tensor/tensor.js";
import { checkDecay, checkState, decayFactor, copyBuffers, loadBuffers, type Optimizer, type OptimizerState } from "./optimizer.js";
import { portablePowInt } from "../tensor/portable-math.js";
import { adamUpdate } from "../tensor/kernels.js";
import type { AdamStep } from "../tensor/update-kernels.js";

export interface AdamOptions {
  /** Step size alpha. Default 0.001. */
  learningRate?: number;
  /** Decay of the first-moment average, in [0, 1). Default 0.9. */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1). Default 0.999. */
  beta2?: number;
  /** Added to sqrt(v_hat) to avoid division by 0. Default 1e-8. */
  epsilon?: number;
  /** Decoupled weight decay per unit learning rate (AdamW when > 0). Default 0. */
  weightDecay?: number;
}

interface Moments {
  m: TypedArray;
  v: TypedArray;
}

/**
 * Adam (Kingma & Ba), as the course and PyTorch write it, at step t = 1, 2, ...:
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2; m_hat = m / (1 - b1^t); v_hat = v / (1 - b2^t);
 * w <- w - alpha m_hat / (sqrt(v_hat) + epsilon).
 */
export class Adam implements Optimizer {
  readonly name = "adam";
  /** Validated here; writable for schedules and the range test (see Optimizer.learningRate). */
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  private t = 0;
  private moments = new Map<Param, Moments>();

  constructor(given: AdamOptions = {}) {
    const options = checkOptions("Adam", given, ["learningRate", "beta1", "beta2", "epsilon", "weightDecay"]);
    this.learningRate = checkPositive("Adam", "learningRate", options.learningRate ?? 0.001);
    this.beta1 = checkInRange("Adam", "beta1", options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkInRange("Adam", "beta2", options.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkPositive("Adam", "epsilon", options.epsilon ?? 1e-8);
    this.weightDecay = checkDecay("Adam", this.learningRate, checkNonNegative("Adam", "weightDecay", options.weightDecay ?? 0));
  }

  /** Steps taken so far. */
  get iterations(): number {
    return this.t;
  }

  step(params: readonly Param[]): void {
    this.t += 1;
    const { beta1, beta2, epsilon, learningRate } = this;
    const step: AdamStep = {
      learningRate,
      beta1,
      oneMinusBeta1: 1 - beta1,
      beta2,
      oneMinusBeta2: 1 - beta2,
      epsilon,
      // beta ** t by multiplications only: ** differs between JavaScript engines in the last bit
      correction1: 1 - portablePowInt(beta1, this.t),
      correction2: 1 - portablePowInt(beta2, this.t),
    };
    for (const p of params) {
      let state = this.moments.get(p);
      if (!state) {
        state = { m: allocate(p.value.dtype, p.value.size), v: allocate(p.value.dtype, p.value.size) };
        this.moments.set(p, state);
      }
      // one fused pass per tensor (decay, both moments, step): src/tensor/kernels.ts picks the implementation
      adamUpdate(p.value.data, p.grad.data, state.m, state.v, step, decayFactor(p, learningRate, this.weightDecay));
    }
  }

  reset(): void {
    this.t = 0;
    this.moments.clear();
  }

  getState(params: readonly Param[]): OptimizerState {
    return {
      name: this.name,
      learningRate: this.learningRate,
      counters: { t: this.t },
      buffers: { m: copyBuffers(params, (p) => this.moments.get(p)?.m), v: copyBuffers(params, (p) => this.moments.get(p)?.v) },
    };
  }

  setState(params: readonly Param[], state: OptimizerState): void {
    checkState("Adam.setState", this.name, params, state, ["m", "v"]);
    const t = state.counters?.t;
    if (!Number.isInteger(t) || t! < 0) fail("Adam.setState", "counters.t, the step count (an integer >= 0)", t);
    const m = new Map<Param, TypedArray>();
    const v = new Map<Param, TypedArray>();
    loadBuffers(params, state.buffers.m!, m);
    loadBuffers(params, state.buffers.v!, v);
    this.moments.clear();
    for (const p of params) {
      const pm = m.get(p);
      const pv = v.get(p);
      if (!pm !== !pv) fail("Adam.setState", `both moments or neither for ${p.name}`, pm ? "m only" : "v only");
      if (pm && pv) this.moments.set(p, { m: pm, v: pv });
    }
    this.t = t!;
    this.learningRate = state.learningRate;
  }
}
