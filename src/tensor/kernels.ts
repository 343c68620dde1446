/**
 * The numeric kernels the layers use, and the one place that decides which implementation runs: layers
 * call these and never know. Every kernel writes into a destination the caller owns, so the training loop
 * allocates nothing per step.
 *
 * Products run in the WebAssembly SIMD kernels (src/tensor/wasm/) where the engine has them; where it
 * does not (or below `wasmMinMultiplyAdds`) in per-element-type TypeScript (small-kernels-f32/f64.ts);
 * mixed element types in the generic portable kernels. Every path sums each output in the same order,
 * so float64 results are identical whichever runs; float32 results agree to rounding (the TypeScript
 * paths accumulate in double precision).
 *
 * Shapes follow the example-major layout: a batch X is [examples, inputs], Dense weights W are
 * [inputs, outputs].
 */
import { NnlabError } from "../errors.js";
import * as portable from "./portable-kernels.js";
import * as f32 from "./small-kernels-f32.js";
import * as f64 from "./small-kernels-f64.js";
import type { Tensor, TypedArray } from "./tensor.js";
import * as updates from "./update-kernels.js";
import type { AdamStep } from "./update-kernels.js";
import { wasmUpdate } from "./wasm/update.js";
import { AB, ABT, ATB, type Form, fusedWasmGemm, outOfModuleMemory, strictWasmGemm, type WasmGemm, wasmGemm as defaultGemm } from "./wasm/gemm.js";

/** What the fast paths need: the WebAssembly kernels, or another implementation of the same calls. */
export type FastKernels = Pick<WasmGemm, "product" | "reluBackward" | "subtractScaled"> & Partial<Pick<WasmGemm, "denseBackward">>;

/** The core's WebAssembly kernels: fused float32 multiply-adds where the engine has relaxed SIMD. */
let coreGemm: WasmGemm | null = defaultGemm;
/** The fast kernels in use: the core's WebAssembly, or what src/node (threads, native) installs. */
let wasmGemm: FastKernels | null = coreGemm;

/** The fast kernels in use (for src/node/native.ts, which reports which path runs). */
export function fastKernels(): FastKernels | null {
  return wasmGemm;
}

/** Installs other fast kernels (null: back to the core's WebAssembly). For src/node/threads.ts and native.ts. */
export function setWasmGemm(gemm: FastKernels | null): void {
  wasmGemm = gemm ?? coreGemm;
}

/**
 * Float32 products fuse each multiply-add into one rounding where the engine has WebAssembly's relaxed
 * SIMD (browsers, Node 22+; Node 20 with --experimental-wasm-relaxed-simd): 1.3-1.5x faster on large
 * products, and results that agree with the strict kernels to rounding, not bit for bit (the engine may
 * fuse or not; on one machine and engine, the same bits every run). `useFusedMultiplyAdd(false)` keeps
 * one rounding per multiply and per add everywhere. Float64 is never fused. Returns whether fused
 * products are in use; call it before useThreads/useNative, which take the choice from here.
 */
export function useFusedMultiplyAdd(on = true): boolean {
  const wasCore = wasmGemm === coreGemm;
  const next = on && fusedWasmGemm ? fusedWasmGemm : strictWasmGemm;
  if (!wasCore && next !== coreGemm) {
    // threads compiled their helper's kernels with the old choice, and native ones keep theirs: the
    // products would go on as before while this reported the new choice
    throw new NnlabError(
      `useFusedMultiplyAdd(${on}): expected a call before useThreads, useWorkerThreads or useNative, which keep the choice made before them; received one while they run: stop them first (stopThreads, stopWorkerThreads or useNative(false)), then call it and start them again`,
    );
  }
  coreGemm = next;
  if (wasCore) wasmGemm = coreGemm;
  return fusedMultiplyAddInUse();
}

/** Whether float32 products fuse their multiply-adds (see useFusedMultiplyAdd). */
export function fusedMultiplyAddInUse(): boolean {
  return coreGemm !== null && coreGemm === fusedWasmGemm;
}

/** The core's WebAssembly kernels in use (for src/node, which falls back to them on small products). */
export function coreWasmGemm(): WasmGemm | null {
  return coreGemm;
}

/**
 * Products with at least this many multiply-adds (m*k*n) go to WebAssembly. Measured (bench/kernel-sizes.ts):
 * even an 8x8x8 product, or the football network's 211x3x1, is faster
 * there, copies included (0.17 us against 1.5 us in TypeScript), so every non-empty product goes.
 */
export let wasmMinMultiplyAdds = 1;

/**
 * Element-wise kernels with at least this many elements go to WebAssembly. ReLU's branch on the sign
 * mispredicts about half the time on real activations (~1.7 ns per element in TypeScript against ~0.2
 * in WebAssembly with the copies, measured at 211x20), so even small ones go.
 */
export const wasmMinElementwise = 64;

/** "auto" picks by size; "portable" forces the generic TypeScript kernels (tests compare the two). */
export type KernelMode = "auto" | "portable";
let mode: KernelMode = "auto";

export function setKernelMode(next: KernelMode, minMultiplyAdds = 1): void {
  mode = next;
  wasmMinMultiplyAdds = minMultiplyAdds;
}

/**
 * The product `form` into out; with `bias`, out += bias on every row afterwards; with `reluOut`,
 * reluOut = max(out, 0) after that. WebAssembly does all three in one pass.
 */
function product(
  form: Form, a: Tensor, b: Tensor, out: Tensor, m: number, k: number, n: number, bias: Tensor | null = null, reluOut: Tensor | null = null,
  sums: Tensor | null = null,
): void {
  const A = a.data;
  const B = b.data;
  const C = out.data;
  const sameType =
    A.constructor === C.constructor && B.constructor === C.constructor && (!bias || bias.data.constructor === C.constructor) && (!reluOut || reluOut.data.constructor === C.constructor) && (!sums || sums.data.constructor === C.constructor);
  if (mode === "auto" && sameType && wasmGemm && m * k * n >= wasmMinMultiplyAdds) {
    try {
      return wasmGemm.product(form, a, b, out, bias, reluOut, sums);
    } catch (error) {
      // WebAssembly memory is at most 4 GiB: a product too large to copy in runs in TypeScript instead
      if (!outOfModuleMemory(error)) throw error;
    }
  }
  if (mode === "auto" && A instanceof Float64Array && B instanceof Float64Array && C instanceof Float64Array) {
    if (form === AB) f64.matmul(A, B, C, m, k, n);
    else if (form === ATB) f64.matmulTransA(A, B, C, m, k, n);
    else f64.matmulTransB(A, B, C, m, k, n);
  } else if (mode === "auto" && A instanceof Float32Array && B instanceof Float32Array && C instanceof Float32Array) {
    if (form === AB) f32.matmul(A, B, C, m, k, n);
    else if (form === ATB) f32.matmulTransA(A, B, C, m, k, n);
    else f32.matmulTransB(A, B, C, m, k, n);
  } else if (form === AB) portable.matmul(a, b, out);
  else if (form === ATB) portable.matmulTransA(a, b, out);
  else portable.matmulTransB(a, b, out);
  if (bias) addRowVector(out, bias);
  if (reluOut) portable.relu(out, reluOut);
  if (sums) sumRows(b, sums);
}

/** out = a^T * b and sums[0,j] = sum over rows of b: a Dense layer's weight and bias gradients together. */
export function matmulTransAAndSumRows(a: Tensor, b: Tensor, out: Tensor, sums: Tensor): void {
  product(ATB, a, b, out, a.cols, a.rows, b.cols, null, null, sums);
}

/** out[m,n] = a[m,k] * b[k,n] + bias[0,n] on every row: a Dense layer's Z = X W + b in one pass. */
export function matmulAddBias(a: Tensor, b: Tensor, bias: Tensor, out: Tensor): void {
  product(AB, a, b, out, a.rows, a.cols, b.cols, bias);
}

/** z = a * b + bias on every row, and out = max(z, 0): a Dense ReLU layer's forward pass, fused. */
export function matmulAddBiasRelu(a: Tensor, b: Tensor, bias: Tensor, z: Tensor, out: Tensor): void {
  product(AB, a, b, z, a.rows, a.cols, b.cols, bias, out);
}

/** out = z > 0 ? g : 0 element-wise: ReLU's backward pass (0 where z is 0, as the course has it). */
export function reluBackward(z: Tensor, g: Tensor, out: Tensor): void {
  const same = z.data.constructor === out.data.constructor && g.data.constructor === out.data.constructor;
  if (mode === "auto" && same && wasmGemm && z.size >= wasmMinElementwise) wasmGemm.reluBackward(z, g, out);
  else portable.reluBackward(z, g, out);
}

/**
 * A Dense layer's backward with a bias: gradZ = z > 0 ? g : 0 (ReLU's backward; with z null, gradZ = g),
 * dW = x^T gradZ, db = the column sums of gradZ, and dX = gradZ w^T unless dX is null. WebAssembly does
 * it in one call and keeps gradZ in its memory (then `gradZ`, the caller's scratch, is left unwritten);
 * the other paths write gradZ and make the separate calls. Same bits either way.
 */
export function denseBackward(
  x: Tensor, z: Tensor | null, g: Tensor, w: Tensor, gradZ: Tensor, dW: Tensor, db: Tensor, dX: Tensor | null,
): void {
  const fused = wasmGemm?.denseBackward;
  const T = x.data.constructor;
  const sameType =
    g.data.constructor === T && w.data.constructor === T && dW.data.constructor === T && db.data.constructor === T &&
    (!z || z.data.constructor === T) && (!dX || dX.data.constructor === T);
  if (mode === "auto" && fused && sameType && x.rows * x.cols * g.cols >= wasmMinMultiplyAdds) {
    try {
      return fused.call(wasmGemm, x, z, g, w, dW, db, dX);
    } catch (error) {
      if (!outOfModuleMemory(error)) throw error; // too large for WebAssembly memory: below
    }
  }
  let gz = g;
  if (z) reluBackward(z, g, (gz = gradZ));
  matmulTransAAndSumRows(x, gz, dW, db);
  if (dX) matmulTransB(gz, w, dX);
}

/** Element-wise updates with at least this many elements go to WebAssembly (copies in and out included). */
export const wasmMinUpdate = 4096;

/** w = w - alpha * g element-wise (gradient descent's step), rounded exactly as the TypeScript loop. */
export function subtractScaled(w: Tensor, g: Tensor, alpha: number): void {
  if (mode === "auto" && wasmGemm && w.size >= wasmMinUpdate && w.data.constructor === g.data.constructor) {
    wasmGemm.subtractScaled(w, g, alpha);
  } else portable.subtractScaled(w, g, alpha);
}

/**
 * The optimizers' fused updates (one pass per parameter tensor): the WebAssembly ones by default, the
 * native ones where src/node/native.ts installs them; the TypeScript loops (update-kernels.ts) below
 * `minElements` or in "portable" mode. The WebAssembly updates round exactly as the loops do.
 */
export interface UpdateKernels {
  /** Tensors with fewer elements use the TypeScript loops (the call and copies cost more there). */
  readonly minElements: number;
  sgd(w: TypedArray, g: TypedArray, learningRate: number, decay: number): void;
  momentum(w: TypedArray, g: TypedArray, v: TypedArray, learningRate: number, beta: number, oneMinusBeta: number, decay: number): void;
  adam(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, step: AdamStep, decay: number): void;
}

const coreUpdates: UpdateKernels | null = wasmUpdate;
let updateKernels: UpdateKernels | null = coreUpdates;

/** Installs other update kernels (null: back to the core's WebAssembly). For src/node/native.ts. */
export function setUpdateKernels(kernels: UpdateKernels | null): void {
  updateKernels = kernels ?? coreUpdates;
}

/** The update kernels for this array, or null for the TypeScript loops. */
function updatesFor(w: TypedArray, ...others: TypedArray[]): UpdateKernels | null {
  const k = updateKernels;
  if (mode !== "auto" || !k || w.length < k.minElements) return null;
  return others.every((o) => o.constructor === w.constructor && o.length === w.length) ? k : null;
}

/** SGD's step with decoupled weight decay (`decay` = 1 - lr * weightDecay, 1 for none): w <- w decay - lr g. */
export function sgdUpdate(w: TypedArray, g: TypedArray, learningRate: number, decay = 1): void {
  const k = updatesFor(w, g);
  if (k) k.sgd(w, g, learningRate, decay);
  else updates.sgdUpdate(w, g, learningRate, decay);
}

/** Momentum's step (the course's form) with decoupled weight decay; v is updated in place. */
export function momentumUpdate(w: TypedArray, g: TypedArray, v: TypedArray, learningRate: number, beta: number, decay = 1): void {
  const k = updatesFor(w, g, v);
  if (k) k.momentum(w, g, v, learningRate, beta, 1 - beta, decay);
  else updates.momentumUpdate(w, g, v, learningRate, beta, 1 - beta, decay);
}

/** Adam's step with decoupled weight decay; the moments m and v are updated in place. */
export function adamUpdate(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, step: AdamStep, decay = 1): void {
  const k = updatesFor(w, g, m, v);
  if (k) k.adam(w, g, m, v, step, decay);
  else updates.adamUpdate(w, g, m, v, step, decay);
}

/** out[m,n] = a[m,k] * b[k,n]. */
export function matmul(a: Tensor, b: Tensor, out: Tensor): void {
  product(AB, a, b, out, a.rows, a.cols, b.cols);
}

/** out[m,n] = a[k,m]^T * b[k,n] (the weight gradient X^T * dZ). */
export function matmulTransA(a: Tensor, b: Tensor, out: Tensor): void {
  product(ATB, a, b, out, a.cols, a.rows, b.cols);
}

/** out[m,n] = a[m,k] * b[n,k]^T (the input gradient dZ * W^T). */
export function matmulTransB(a: Tensor, b: Tensor, out: Tensor): void {
  product(ABT, a, b, out, a.rows, a.cols, b.rows);
}

/** out[i,j] += bias[0,j] for every row i. */
export function addRowVector(out: Tensor, bias: Tensor): void {
  const O = out.data;
  const b = bias.data;
  if (mode === "auto" && O instanceof Float64Array && b instanceof Float64Array) f64.addRowVector(O, b, out.rows, out.cols);
  else if (mode === "auto" && O instanceof Float32Array && b instanceof Float32Array) f32.addRowVector(O, b, out.rows, out.cols);
  else portable.addRowVector(out, bias);
}

/** into[0,j] = sum over rows i of g[i,j] (the bias gradient). */
export function sumRows(g: Tensor, into: Tensor): void {
  const G = g.data;
  const I = into.data;
  if (mode === "auto" && G instanceof Float64Array && I instanceof Float64Array) f64.sumRows(G, I, g.rows, g.cols);
  else if (mode === "auto" && G instanceof Float32Array && I instanceof Float32Array) f32.sumRows(G, I, g.rows, g.cols);
  else portable.sumRows(g, into);
}
