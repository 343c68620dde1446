/**
 * The optimizers' updates, one pass per parameter tensor, in TypeScript: the reference that the
 * WebAssembly (src/tensor/wasm/update.ts) and native (native/update.cc) versions round exactly like.
 * Arithmetic is in double precision with each stored value rounded to the tensor's type and read back
 * rounded (what a Float32Array element assignment does), in the order written here; `decay` is
 * decoupled weight decay's factor 1 - learningRate * weightDecay (1 for none), applied within the step
 * with one rounding: w <- round(w * decay - step). A separate pass (PyTorch's w.mul_(1 - lr wd)) rounds
 * w * decay to float32 first, which loses a decay below half a float32 unit every step: at
 * lr x wd = 1e-8 none of it was applied, at 1e-6 it was 6% off (an audit helper). Rounded once, the
 * decay moves where the step's rounding falls, and adds up over steps. (1 * w is exact: no decay, same bits.)
 */
import type { TypedArray } from "./tensor.js";

/** Adam's per-step constants (see src/optim/adam.ts); the complements are computed once, by the caller. */
export interface AdamStep {
  learningRate: number;
  beta1: number;
  /** 1 - beta1 */
  oneMinusBeta1: number;
  beta2: number;
  /** 1 - beta2 */
  oneMinusBeta2: number;
  epsilon: number;
  /** 1 - beta1^t */
  correction1: number;
  /** 1 - beta2^t */
  correction2: number;
}

/** w <- w * decay - learningRate * g. */
export function sgdUpdate(w: TypedArray, g: TypedArray, learningRate: number, decay: number): void {
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * decay - learningRate * g[i]!;
}

/** v <- beta v + (1 - beta) g; w <- w * decay - learningRate * v (the course's momentum). */
export function momentumUpdate(w: TypedArray, g: TypedArray, v: TypedArray, learningRate: number, beta: number, oneMinusBeta: number, decay: number): void {
  for (let i = 0; i < w.length; i++) {
    v[i] = beta * v[i]! + oneMinusBeta * g[i]!;
    w[i] = w[i]! * decay - learningRate * v[i]!;
  }
}

/**
 * m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2;
 * w <- w * decay - lr (m / c1) / (sqrt(v / c2) + epsilon).
 */
export function adamUpdate(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, s: AdamStep, decay: number): void {
  const { learningRate, beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon, correction1, correction2 } = s;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    m[i] = beta1 * m[i]! + oneMinusBeta1 * gi;
    v[i] = beta2 * v[i]! + oneMinusBeta2 * gi * gi;
    w[i] = w[i]! * decay - (learningRate * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + epsilon);
  }
}
