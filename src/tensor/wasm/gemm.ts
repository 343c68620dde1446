/**
 * The WebAssembly SIMD matrix products (see scripts/wasm/gemm-wat.ts for the kernels themselves).
 *
 * Tensors live in ordinary typed arrays, so each product copies its operands into the module's memory
 * (one memcpy-speed `set` each), packs B into column panels there, runs the register-tiled kernel and
 * copies C back. The copies cost O(mk + kn + mn) against the product's O(mkn), which is why
 * src/tensor/kernels.ts sends only products above a measured size here.
 *
 * The module is compiled synchronously (it is under the 4 KB that browsers allow on the main thread);
 * where that or SIMD is unavailable, `wasmGemm` is null and the portable kernels run instead.
 */
import type { Tensor } from "../tensor.js";
import { gemmWasmBase64 } from "./gemm-bytes.js";

/** Rows of the register tile; must match scripts/wasm/gemm-wat.ts (A is read that far past m). */
const MR = 4;
const SCRATCH_BYTES = 256;

interface Exports {
  memory: WebAssembly.Memory;
  pack_f32(b: number, rs: number, cs: number, k: number, n: number, dst: number): void;
  gemm_f32(m: number, n: number, k: number, a: number, rs: number, cs: number, bp: number, c: number): void;
  pack_f64(b: number, rs: number, cs: number, k: number, n: number, dst: number): void;
  gemm_f64(m: number, n: number, k: number, a: number, rs: number, cs: number, bp: number, c: number): void;
}

/** Which product: C = A*B, A^T*B or A*B^T. */
export type Form = 0 | 1 | 2;
export const AB: Form = 0;
export const ATB: Form = 1;
export const ABT: Form = 2;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    value = (value << 6) | alphabet.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

function instantiate(): Exports | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    const bytes = decodeBase64(gemmWasmBase64);
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this engine
    return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
  } catch {
    return null;
  }
}

const align = (bytes: number) => (bytes + 15) & ~15;

/** Runs products in the module's memory; holds the typed views and re-creates them when memory grows. */
class WasmGemm {
  private heap32: Float32Array;
  private heap64: Float64Array;
  /** Views of C (at a fixed address) by length, so copying a result out allocates nothing per step. */
  private views32 = new Map<number, Float32Array>();
  private views64 = new Map<number, Float64Array>();

  constructor(private readonly x: Exports) {
    this.heap32 = new Float32Array(x.memory.buffer);
    this.heap64 = new Float64Array(x.memory.buffer);
  }

  private reserve(bytes: number): void {
    const buffer = this.x.memory.buffer;
    if (bytes <= buffer.byteLength) return;
    this.x.memory.grow(Math.ceil((bytes - buffer.byteLength) / 65536));
    this.heap32 = new Float32Array(this.x.memory.buffer);
    this.heap64 = new Float64Array(this.x.memory.buffer);
    this.views32.clear();
    this.views64.clear();
  }

  /** out = the product `form` of a and b; all three float32 or all three float64 (checked by the caller). */
  product(form: Form, a: Tensor, b: Tensor, out: Tensor): void {
    const f64 = a.data instanceof Float64Array;
    const s = f64 ? 8 : 4;
    const m = out.rows;
    const n = out.cols;
    const k = form === ATB ? a.rows : a.cols;
    const cAt = SCRATCH_BYTES;
    const aAt = align(cAt + m * n * s);
    const bAt = align(aAt + ((m + MR) * k + MR) * s);
    const pAt = align(bAt + k * n * s);
    const nr = f64 ? 4 : 8;
    this.reserve(pAt + Math.ceil(n / nr) * nr * k * s);
    // A(i, p) = a[i*rs + p*cs]; B(p, j) = b[p*brs + j*bcs] (byte strides)
    const rs = form === ATB ? s : k * s;
    const cs = form === ATB ? m * s : s;
    const brs = form === ABT ? s : n * s;
    const bcs = form === ABT ? k * s : s;
    const x = this.x;
    if (f64) {
      this.heap64.set(a.data, aAt / 8);
      this.heap64.set(b.data, bAt / 8);
      x.pack_f64(bAt, brs, bcs, k, n, pAt);
      x.gemm_f64(m, n, k, aAt, rs, cs, pAt, cAt);
      (out.data as Float64Array).set(this.view64(m * n));
    } else {
      this.heap32.set(a.data, aAt / 4);
      this.heap32.set(b.data, bAt / 4);
      x.pack_f32(bAt, brs, bcs, k, n, pAt);
      x.gemm_f32(m, n, k, aAt, rs, cs, pAt, cAt);
      (out.data as Float32Array).set(this.view32(m * n));
    }
  }

  private view32(length: number): Float32Array {
    let v = this.views32.get(length);
    if (!v) this.views32.set(length, (v = new Float32Array(this.x.memory.buffer, SCRATCH_BYTES, length)));
    return v;
  }

  private view64(length: number): Float64Array {
    let v = this.views64.get(length);
    if (!v) this.views64.set(length, (v = new Float64Array(this.x.memory.buffer, SCRATCH_BYTES, length)));
    return v;
  }
}

const exports = instantiate();

/** The WebAssembly products, or null where this engine cannot run them. */
export const wasmGemm: WasmGemm | null = exports ? new WasmGemm(exports) : null;
