/**
 * Optional native matrix products for Node: native/gemm.cc, compiled on this machine at install time
 * (`npm run build:native`, run by `npm ci` through the install script; it gives up quietly where there is
 * no C++ compiler). `useNative()` switches the products to it; everything else, and every other engine,
 * keeps the WebAssembly kernels. Same packed kernel and summation order as WebAssembly; float32 fuses its
 * multiply-adds (one rounding where the other paths round twice), so float32 results agree with the other
 * paths to rounding, while float64 gives their bits; either is the same bits for any thread count (tested). SGD's update and ReLU's backward run here
 * too, in place (bit-identical to the TypeScript loops).
 *
 * Why: WebAssembly SIMD is 128 bits wide and V8 emits separate multiply and add, which caps the float32
 * product near 40 GFLOP/s here (see bench/README.md); the CPU's own 512-bit FMA reaches ~95 of its
 * measured 115 GFLOP/s peak per core in this kernel.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { fail, NnlabError } from "../errors.js";
import { coreWasmGemm, fastKernels, setUpdateKernels, setWasmGemm, type UpdateKernels } from "../tensor/kernels.js";
import type { Tensor, TypedArray } from "../tensor/tensor.js";
import type { Form } from "../tensor/wasm/gemm.js";
import { stopThreads, threadsInUse, useThreads } from "./threads.js";

interface Addon {
  product(form: number, m: number, n: number, k: number, a: unknown, b: unknown, c: unknown, bias: unknown, reluOut: unknown, sums: unknown, threads: number): void;
  subtractScaled(w: unknown, g: unknown, alpha: number, threads: number): void;
  reluBackward(z: unknown, g: unknown, out: unknown): void;
  // native/update.cc: the optimizers' fused updates, in place
  sgd(w: TypedArray, g: TypedArray, lr: number, decay: number, threads: number): void;
  momentum(w: TypedArray, g: TypedArray, v: TypedArray, lr: number, beta: number, oneMinusBeta: number, decay: number, threads: number): void;
  adam(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, lr: number, b1: number, omb1: number, b2: number, omb2: number, eps: number, c1: number, c2: number, decay: number, threads: number): void;
  vectorBits: number;
  abiVersion?: number;
}

/**
 * The functions and rounding this file expects of the addon (native/gemm.cc sets the same number): an
 * addon built from older sources (float64 products with fused multiply-adds, no fused updates) is not
 * used until `npm run build:native` rebuilds it.
 */
const NATIVE_ABI = 2;

/** Where the install step puts the addon (the same from src/node and dist/node). */
export const nativeAddonPath = fileURLToPath(new URL("../../build/nnlab_native.node", import.meta.url));

let addon: Addon | null | undefined;

function load(): Addon | null {
  if (addon !== undefined) return addon;
  try {
    const loaded = existsSync(nativeAddonPath) ? (createRequire(import.meta.url)(nativeAddonPath) as Addon) : null;
    addon = loaded?.abiVersion === NATIVE_ABI ? loaded : null;
  } catch {
    addon = null;
  }
  return addon;
}

/**
 * Smaller products stay in WebAssembly: the native tile is 8 rows by 32 (float32) or 16 (float64) columns,
 * mostly padding on the football network's 211x20x3 (measured slower there, 2x faster at 128x784x256).
 */
const NATIVE_MIN_MULTIPLY_ADDS = 1 << 16;
/** Products this large use the threads asked for (a parallel region costs some microseconds). */
const THREADED_MIN_MULTIPLY_ADDS = 1 << 20;
let threadCount = 1;

const native = {
  product(form: Form, a: Tensor, b: Tensor, out: Tensor, bias: Tensor | null = null, reluOut: Tensor | null = null, sums: Tensor | null = null): void {
    const k = form === 1 ? a.rows : a.cols;
    if (out.rows * out.cols * k < NATIVE_MIN_MULTIPLY_ADDS) return coreWasmGemm()!.product(form, a, b, out, bias, reluOut, sums);
    const threads = out.rows * out.cols * k >= THREADED_MIN_MULTIPLY_ADDS ? threadCount : 1;
    addon!.product(form, out.rows, out.cols, k, a.data, b.data, out.data, bias?.data, reluOut?.data, sums?.data, threads);
  },
  // in place on the typed arrays: WebAssembly's versions spend most of their time copying in and out
  reluBackward(z: Tensor, g: Tensor, out: Tensor): void {
    addon!.reluBackward(z.data, g.data, out.data);
  },
  subtractScaled(w: Tensor, g: Tensor, alpha: number): void {
    addon!.subtractScaled(w.data, g.data, alpha, threadCount);
  },
};

/** The optimizers' updates in place (native/update.cc): the TypeScript loops' bits, float32 and float64. */
const nativeUpdates: UpdateKernels = {
  // below this a call into the addon costs more than the TypeScript loop
  minElements: 256,
  sgd(w, g, lr, decay) {
    addon!.sgd(w, g, lr, decay, threadCount);
  },
  momentum(w, g, v, lr, beta, oneMinusBeta, decay) {
    addon!.momentum(w, g, v, lr, beta, oneMinusBeta, decay, threadCount);
  },
  adam(w, g, m, v, s, decay) {
    addon!.adam(w, g, m, v, s.learningRate, s.beta1, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.epsilon, s.correction1, s.correction2, decay, threadCount);
  },
};

/**
 * Runs matrix products in the native addon if it was built; returns whether it is in use. `threads` > 1
 * splits large products by column panels (OpenMP; same bits for any count).
 */
export function useNative(on = true, options: { threads?: number } = {}): boolean {
  threadCount = Math.max(1, Math.floor(options.threads ?? 1));
  if (!on || !load() || !coreWasmGemm()) {
    setWasmGemm(null);
    setUpdateKernels(null);
    return false;
  }
  setWasmGemm(native);
  setUpdateKernels(nativeUpdates);
  return true;
}

/** The addon's vector width in bits (512 with AVX-512), or 0 when it is not built. */
export function nativeVectorBits(): number {
  return load()?.vectorBits ?? 0;
}

/**
 * Which kernels run: "native" (native/, built at install where a C++ compiler was found) or "portable"
 * (WebAssembly SIMD, as in the browser; TypeScript where an engine lacks it). Float64 results are the
 * same bits on both; float32 products agree to rounding (native fuses its multiply-adds).
 */
export type KernelPath = "native" | "portable";

/** "auto": native where it was built, else portable. */
export type KernelChoice = "auto" | KernelPath;

/** Whether the native kernels were built on this machine (and from these sources), so can run. */
export function nativeAvailable(): boolean {
  return load() !== null && coreWasmGemm() !== null;
}

/** The kernels running now. */
export function kernelsInUse(): KernelPath {
  return fastKernels() === native ? "native" : "portable";
}

/**
 * Chooses the kernels for this process: "auto" (the fastest built here: native, else portable),
 * "native" (an NnlabError where it was not built) or "portable"; `threads` > 1 splits large products
 * (and large updates, natively) across that many threads, with the same bits as one. Returns the path
 * now in use and a function that puts back the kernels in use before (the CLI runs commands in process).
 */
export function useKernels(choice: KernelChoice, options: { threads?: number } = {}): { path: KernelPath; restore(): void } {
  // anything else ran as "auto" ("gpu" gave the native kernels without a word)
  if (choice !== "auto" && choice !== "native" && choice !== "portable") fail("useKernels", 'kernels must be "auto", "native" or "portable"', choice);
  const path0 = kernelsInUse();
  // the portable path's threads too: restoring it dropped a helper the caller had started
  const before = { path: path0, threads: path0 === "native" ? threadCount : threadsInUse() };
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  if (choice === "native" && !nativeAvailable()) {
    throw new NnlabError(
      `kernels "native": expected the native kernels built on this machine (build/nnlab_native.node, from native/ by npm run build:native); received none: ${existsSync(nativeAddonPath) ? "the one there was built from older sources: run npm run build:native" : "it needs a C++ compiler and Node's headers at install; use the portable kernels"}`,
    );
  }
  stopThreads();
  let path: KernelPath = "portable";
  if (choice !== "portable" && useNative(true, { threads })) path = "native";
  else {
    useNative(false);
    if (threads > 1) useThreads(threads);
  }
  const restore = () => {
    if (before.path === "native") return void useNative(true, { threads: before.threads });
    stopThreads();
    useNative(false);
    if (before.threads > 1) useThreads(before.threads);
  };
  return { path, restore };
}

/**
 * The fastest kernels this machine has, for library users in Node: the native ones where they were
 * built at install, else WebAssembly. Returns the path in use. (The browser-safe library always runs
 * the portable kernels; `nnlab` on the command line chooses with --kernels, "auto" by default.)
 */
export function useFastestKernels(options: { threads?: number } = {}): KernelPath {
  return useKernels("auto", options).path;
}

/**
 * The kernels to go on with work computed on `recorded` (a run's checkpoint, a sweep's or improve's finished
 * trials), given the kernels asked for now. Float32 results differ between the paths in their last bits
 * (native fuses its multiply-adds), so an `exact` continuation takes the recorded path under "auto" and
 * refuses another path asked for explicitly, or the native path where it is not built here: either would
 * give a hybrid matching neither uninterrupted run. Float64 results are the same bits on both paths: the
 * recorded path where it can run, else any. Nothing recorded (work saved before nnlab recorded it): `choice`.
 * `what` names the work in the refusal ("run 2026...-b32").
 */
export function kernelsToContinue(recorded: KernelPath | null | undefined, choice: KernelChoice, options: { exact: boolean; what: string }): KernelChoice {
  if (recorded !== "native" && recorded !== "portable") return choice;
  if (!options.exact) return choice !== "auto" ? choice : recorded === "native" && !nativeAvailable() ? "auto" : recorded;
  if (choice !== "auto" && choice !== recorded) {
    throw new NnlabError(
      `${options.what} computed on the ${recorded} kernels; --kernels ${choice} would go on with its float32 figures on the ${choice} ones, which round differently (a hybrid of two runs): leave --kernels out, or give --kernels ${recorded}`,
    );
  }
  if (recorded === "native" && !nativeAvailable()) {
    throw new NnlabError(
      `${options.what} computed on the native kernels, which are not built on this machine (build/nnlab_native.node, from npm run build:native): its float32 figures cannot go on to the same bits here; go on where they are built, or start again with --kernels portable`,
    );
  }
  return recorded;
}

/**
 * Switches to the kernels `kernelsToContinue` gives, when they are not the ones in use; returns the path now
 * in use and a function that puts back the kernels in use before (a no-op when nothing was switched).
 */
export function continueOnKernels(
  recorded: KernelPath | null | undefined,
  choice: KernelChoice,
  options: { exact: boolean; what: string; threads?: number },
): { path: KernelPath; restore(): void } {
  const wanted = kernelsToContinue(recorded, choice, options);
  const now = kernelsInUse();
  if (wanted === now || (wanted === "auto" && now === (nativeAvailable() ? "native" : "portable"))) return { path: now, restore: () => undefined };
  return useKernels(wanted, { threads: options.threads });
}
