/**
 * Optional native matrix products for Node: native/gemm.cc, compiled on this machine at install time
 * (`npm run build:native`, run by `npm ci` through the install script; it gives up quietly where there is
 * no C++ compiler). `useNative()` switches the products to it; everything else, and every other engine,
 * keeps the WebAssembly kernels. Same packed kernel and summation order as WebAssembly, but with fused
 * multiply-adds (one rounding where the other paths round twice): results agree with the other paths to
 * rounding and are the same bits for any thread count (tested). SGD's update and ReLU's backward run here
 * too, in place (bit-identical to the TypeScript loops).
 *
 * Why: WebAssembly SIMD is 128 bits wide and V8 emits separate multiply and add, which caps the float32
 * product near 40 GFLOP/s here (see bench/README.md); the CPU's own 512-bit FMA reaches ~95 of its
 * measured 115 GFLOP/s peak per core in this kernel.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { coreWasmGemm, setWasmGemm } from "../tensor/kernels.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Form } from "../tensor/wasm/gemm.js";

interface Addon {
  product(form: number, m: number, n: number, k: number, a: unknown, b: unknown, c: unknown, bias: unknown, reluOut: unknown, sums: unknown, threads: number): void;
  subtractScaled(w: unknown, g: unknown, alpha: number, threads: number): void;
  reluBackward(z: unknown, g: unknown, out: unknown): void;
  vectorBits: number;
}

/** Where the install step puts the addon (the same from src/node and dist/node). */
export const nativeAddonPath = fileURLToPath(new URL("../../build/nnlab_native.node", import.meta.url));

let addon: Addon | null | undefined;

function load(): Addon | null {
  if (addon !== undefined) return addon;
  try {
    addon = existsSync(nativeAddonPath) ? (createRequire(import.meta.url)(nativeAddonPath) as Addon) : null;
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

/**
 * Runs matrix products in the native addon if it was built; returns whether it is in use. `threads` > 1
 * splits large products by column panels (OpenMP; same bits for any count).
 */
export function useNative(on = true, options: { threads?: number } = {}): boolean {
  threadCount = Math.max(1, Math.floor(options.threads ?? 1));
  if (!on || !load() || !coreWasmGemm()) {
    setWasmGemm(null);
    return false;
  }
  setWasmGemm(native);
  return true;
}

/** The addon's vector width in bits (512 with AVX-512), or 0 when it is not built. */
export function nativeVectorBits(): number {
  return load()?.vectorBits ?? 0;
}
