import type { Param } from "../layers/layer.js";

/** Updates parameters from their gradients. State (velocities, moments) is kept per parameter. */
export interface Optimizer {
  readonly name: string;
  /**
   * The step size. Writable so that a schedule or the learning-rate range test can change it between
   * steps; the constructors validate it, and whoever sets it later must keep it finite and > 0.
   */
  learningRate: number;
  step(params: readonly Param[]): void;
  /** Forgets all state (velocities, moments, step count). */
  reset(): void;
}

/**
 * Decoupled weight decay (Loshchilov & Hutter, "AdamW"): w <- w - learningRate * weightDecay * w,
 * on weights only, applied before the gradient step. It is not the same as L2 for adaptive optimizers.
 */
export function applyWeightDecay(params: readonly Param[], learningRate: number, weightDecay: number): void {
  if (weightDecay === 0) return;
  const factor = 1 - learningRate * weightDecay;
  for (const p of params) {
    if (p.role !== "weight") continue;
    const w = p.value.data;
    for (let i = 0; i < w.length; i++) w[i] *= factor;
  }
}
