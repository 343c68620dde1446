import { fail, failReceived } from "../errors.js";
import type { Param } from "../layers/layer.js";
import { allocate, type TypedArray } from "../tensor/tensor.js";

/**
 * What an optimizer carries from one step to the next, as plain data, so that training can stop and
 * resume with the same bits: its learning rate (a schedule may have changed it), its counters (Adam's
 * step count) and its per-parameter buffers (velocities, moments) in the order of the parameters it was
 * given, in their dtype, null for a parameter not stepped yet.
 */
export interface OptimizerState {
  /** The optimizer's name ("sgd", "momentum", "adam"): a state loads only into its own kind. */
  name: string;
  learningRate: number;
  counters: Record<string, number>;
  buffers: Record<string, Array<TypedArray | null>>;
}

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
  /**
   * A copy of the state carried between steps, for `params` (the ones `step` is given, in that order).
   * Optional for custom optimizers; a checkpoint of their training needs it.
   */
  getState?(params: readonly Param[]): OptimizerState;
  /** Puts back a state from getState, for the same parameters in the same order. */
  setState?(params: readonly Param[], state: OptimizerState): void;
}

/** getState's per-parameter buffers: a copy of each, null where `of` has none. */
export function copyBuffers(params: readonly Param[], of: (p: Param) => TypedArray | undefined): Array<TypedArray | null> {
  return params.map((p) => of(p)?.slice() ?? null);
}

/**
 * Checks a state for setState (its kind, and one buffer of each parameter's size and dtype or null per
 * parameter) and returns it.
 */
export function checkState(where: string, name: string, params: readonly Param[], state: OptimizerState, buffers: readonly string[]): OptimizerState {
  if (!state || typeof state !== "object" || state.name !== name) fail(where, `a state from ${name}'s getState`, state?.name ?? state);
  if (typeof state.learningRate !== "number" || !Number.isFinite(state.learningRate) || state.learningRate <= 0) fail(where, "learningRate, a finite number > 0", state.learningRate);
  for (const key of buffers) {
    const list = state.buffers?.[key];
    if (!Array.isArray(list) || list.length !== params.length) fail(where, `buffers.${key} with one entry per parameter (${params.length})`, list);
    list.forEach((b, i) => {
      const p = params[i]!;
      const dtypeOk = b === null || (p.value.dtype === "float64" ? b instanceof Float64Array : b instanceof Float32Array);
      if (!dtypeOk || (b !== null && b.length !== p.value.size)) fail(where, `buffers.${key}[${i}] (${p.name}): null or a ${p.value.dtype} array of ${p.value.size} values`, b);
    });
  }
  return state;
}

/** setState's per-parameter buffers: a copy of each saved one, in a map keyed by the parameter. */
export function loadBuffers(params: readonly Param[], saved: Array<TypedArray | null>, into: Map<Param, TypedArray>): void {
  into.clear();
  params.forEach((p, i) => {
    const b = saved[i];
    if (!b) return;
    const copy = allocate(p.value.dtype, p.value.size);
    copy.set(b);
    into.set(p, copy);
  });
}

/**
 * Decoupled weight decay (Loshchilov & Hutter, "AdamW"): w <- w - learningRate * weightDecay * w, as
 * w <- w * (1 - learningRate * weightDecay), on weights only, applied before the gradient step (the
 * fused updates in src/tensor/kernels.ts take this factor; 1 for biases and without decay). It is not
 * the same as L2 for adaptive optimizers.
 */
export function decayFactor(p: Param, learningRate: number, weightDecay: number): number {
  return weightDecay === 0 || p.role !== "weight" ? 1 : 1 - learningRate * weightDecay;
}

/** Decoupled decay multiplies the weights by 1 - learningRate * weightDecay a step: it must stay in (0, 1]. */
export function checkDecay(where: string, learningRate: number, weightDecay: number): number {
  if (learningRate * weightDecay >= 1) failReceived(where, "learningRate x weightDecay must be below 1 (each step multiplies the weights by 1 - learningRate x weightDecay)", `${learningRate} x ${weightDecay} = ${learningRate * weightDecay}`);
  return weightDecay;
}
