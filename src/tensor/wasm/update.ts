/**
 * The optimizers' fused updates in WebAssembly SIMD (kernels in scripts/wasm/update-wat.ts): each
 * parameter tensor's arrays are copied into the module's memory, updated in one vectorized pass and
 * copied back. Same bits as the TypeScript loops (src/tensor/update-kernels.ts), which run instead where
 * the engine lacks WebAssembly SIMD (then `wasmUpdate` is null).
 */
import type { TypedArray } from "../tensor.js";
import type { AdamStep } from "../update-kernels.js";
import { align, decodeBase64 } from "./gemm.js";
import { updateWasmBase64 } from "./update-bytes.js";

interface Exports {
  memory: WebAssembly.Memory;
  sgd_f32(w: number, g: number, count: number, lr: number, decay: number): void;
  sgd_f64(w: number, g: number, count: number, lr: number, decay: number): void;
  momentum_f32(w: number, g: number, v: number, count: number, lr: number, beta: number, oneMinusBeta: number, decay: number): void;
  momentum_f64(w: number, g: number, v: number, count: number, lr: number, beta: number, oneMinusBeta: number, decay: number): void;
  adam_f32(w: number, g: number, m: number, v: number, count: number, lr: number, b1: number, omb1: number, b2: number, omb2: number, eps: number, c1: number, c2: number, decay: number): void;
  adam_f64(w: number, g: number, m: number, v: number, count: number, lr: number, b1: number, omb1: number, b2: number, omb2: number, eps: number, c1: number, c2: number, decay: number): void;
}

const BASE = 256;

/** The update kernels on the arrays of one element type (all float32 or all float64; checked by the caller). */
export class WasmUpdate {
  /**
   * Below this many elements the TypeScript loops are as fast (the copies in and out cost what the
   * vectors save): at 128 float32 elements Adam took 2.7 us in TypeScript and 3.4 here, at 512 9.0 and
   * 3.4 (a busy machine, best of two).
   */
  readonly minElements = 512;
  private heap32: Float32Array;
  private heap64: Float64Array;

  constructor(private readonly x: Exports) {
    this.heap32 = new Float32Array(x.memory.buffer);
    this.heap64 = new Float64Array(x.memory.buffer);
  }

  /** Copies the arrays in, one after another from BASE; returns their byte addresses. */
  private copyIn(arrays: TypedArray[]): number[] {
    const s = arrays[0]!.BYTES_PER_ELEMENT;
    const bytes = align(arrays[0]!.length * s);
    const end = BASE + bytes * arrays.length;
    const memory = this.x.memory;
    if (end > memory.buffer.byteLength) {
      memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536));
      this.heap32 = new Float32Array(memory.buffer);
      this.heap64 = new Float64Array(memory.buffer);
    }
    const heap = s === 8 ? this.heap64 : this.heap32;
    return arrays.map((a, k) => {
      const at = BASE + k * bytes;
      heap.set(a, at / s);
      return at;
    });
  }

  /** Copies the updated arrays back out of module memory. */
  private copyOut(arrays: TypedArray[], addresses: number[]): void {
    const s = arrays[0]!.BYTES_PER_ELEMENT;
    const heap = s === 8 ? this.heap64 : this.heap32;
    arrays.forEach((a, k) => a.set(heap.subarray(addresses[k]! / s, addresses[k]! / s + a.length)));
  }

  sgd(w: TypedArray, g: TypedArray, learningRate: number, decay: number): void {
    const at = this.copyIn([w, g]);
    (w instanceof Float64Array ? this.x.sgd_f64 : this.x.sgd_f32)(at[0]!, at[1]!, w.length, learningRate, decay);
    this.copyOut([w], at);
  }

  momentum(w: TypedArray, g: TypedArray, v: TypedArray, learningRate: number, beta: number, oneMinusBeta: number, decay: number): void {
    const at = this.copyIn([w, g, v]);
    (w instanceof Float64Array ? this.x.momentum_f64 : this.x.momentum_f32)(at[0]!, at[1]!, at[2]!, w.length, learningRate, beta, oneMinusBeta, decay);
    this.copyOut([w, v], [at[0]!, at[2]!]);
  }

  adam(w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, s: AdamStep, decay: number): void {
    const at = this.copyIn([w, g, m, v]);
    (w instanceof Float64Array ? this.x.adam_f64 : this.x.adam_f32)(
      at[0]!, at[1]!, at[2]!, at[3]!, w.length, s.learningRate, s.beta1, s.oneMinusBeta1, s.beta2, s.oneMinusBeta2, s.epsilon, s.correction1, s.correction2, decay,
    );
    this.copyOut([w, m, v], [at[0]!, at[2]!, at[3]!]);
  }
}

function instantiate(): WasmUpdate | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = decodeBase64(updateWasmBase64);
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this engine
    return new WasmUpdate(new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports);
  } catch {
    return null;
  }
}

/** The update kernels, or null where the engine lacks WebAssembly SIMD. */
export const wasmUpdate: WasmUpdate | null = instantiate();
