/**
 * The WebAssembly SIMD matrix products (see scripts/wasm/gemm-wat.ts for the kernels themselves).
 *
 * Tensors live in ordinary typed arrays, so each product copies its operands into the module's memory
 * (one memcpy-speed `set` each), packs A into row blocks and B into column panels there (which turns all
 * three product forms into one contiguous inner loop), runs the register-tiled kernel and copies C back. The copies cost O(mk + kn + mn) against the product's O(mkn), which is why
 * src/tensor/kernels.ts sends only products above a measured size here.
 *
 * The module is compiled synchronously (it is under the 4 KB that browsers allow on the main thread);
 * where that or SIMD is unavailable, `wasmGemm` is null and the portable kernels run instead. Where the
 * engine has relaxed SIMD, a second build of it fuses float32 multiply-adds (see `fusedWasmGemm`).
 */
import type { Tensor } from "../tensor.js";
import { gemmFusedWasmBase64, gemmWasmBase64 } from "./gemm-bytes.js";

/** Where operands start in module memory (the first bytes are left unused). */
const BASE = 256;

/** One call of the packed product: columns [j0, j1) (j0 a multiple of NR). */
export type PackedGemm = (m: number, n: number, k: number, ap: number, bp: number, c: number, j0: number, j1: number, bias: number, relu: number) => void;

/**
 * Other threads that share this memory and help with a product (installed by src/node/threads.ts, or in
 * a browser by worker-threads.ts). Each
 * column panel of C is computed whole by one thread, in the one summation order: same bits.
 */
export interface GemmHelper {
  /** Products with fewer multiply-adds than this stay on the calling thread. */
  readonly minMultiplyAdds: number;
  /** Computes columns [0, jend) (whole panels of NR = nr columns), sharing them out; `gemm` runs on this thread. */
  product(gemm: PackedGemm, f64: boolean, m: number, n: number, k: number, ap: number, bp: number, c: number, nr: number, bias: number, relu: number, jend: number): void;
}

export interface Exports {
  memory: WebAssembly.Memory;
  /** Rows of the register tile (A is packed in blocks of this many rows), per element type. */
  tile_rows_f32: WebAssembly.Global;
  tile_rows_f64: WebAssembly.Global;
  /** 128-bit vectors per tile row (B is packed in panels of this many vectors), per element type. */
  tile_vectors_f32: WebAssembly.Global;
  tile_vectors_f64: WebAssembly.Global;
  packa_f32(a: number, rs: number, cs: number, m: number, k: number, dst: number, ones: number): void;
  packa_f64(a: number, rs: number, cs: number, m: number, k: number, dst: number, ones: number): void;
  pack_f32(b: number, rs: number, cs: number, k: number, n: number, dst: number): void;
  gemm_f32: PackedGemm;
  sub_scaled_f32(w: number, g: number, count: number, alpha: number): void;
  sub_scaled_f64(w: number, g: number, count: number, alpha: number): void;
  relu_backward_f32(z: number, g: number, out: number, count: number): void;
  relu_backward_f64(z: number, g: number, out: number, count: number): void;
  pack_f64(b: number, rs: number, cs: number, k: number, n: number, dst: number): void;
  gemm_f64: PackedGemm;
}

/** Which product: C = A*B, A^T*B or A*B^T. */
export type Form = 0 | 1 | 2;
export const AB: Form = 0;
export const ATB: Form = 1;
export const ABT: Form = 2;

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
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

/** Compiles the kernels synchronously; null where the engine lacks WebAssembly or its SIMD. */
export function instantiateGemm(
  bytes: Uint8Array<ArrayBuffer> = decodeBase64(gemmWasmBase64),
  memory?: WebAssembly.Memory,
): WasmGemm | null {
  try {
    if (typeof WebAssembly !== "object") return null;
    if (!WebAssembly.validate(bytes)) return null; // no SIMD in this engine
    const imports: WebAssembly.Imports = memory ? { env: { memory } } : {};
    const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as unknown as Exports;
    return new WasmGemm(x, memory ?? x.memory);
  } catch {
    return null;
  }
}

/**
 * `bytes` rounded up to a multiple of 16. Arithmetic, not `& ~15`: bitwise operators work on int32, which
 * turned every address from 2 GiB up negative, so products needing 2-4 GiB never ran here.
 */
export const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * Bytes for a product's C of m rows and n columns: tiles store whole (scripts/wasm/gemm-wat.ts gemm()),
 * so up to MR - 1 rows and NR columns more than C are written.
 */
const cBytes = (m: number, n: number, mr: number, nr: number, s: number) => align((Math.ceil(m / mr) * mr * n + nr) * s);

/** Runs products in the module's memory; holds the typed views and re-creates them when memory grows. */
export class WasmGemm {
  private heap32: Float32Array;
  private heap64: Float64Array;
  /** Views of results (at addresses fixed by their length), so copying out allocates nothing per step. */
  private views32 = new Map<number, Map<number, Float32Array>>();
  private views64 = new Map<number, Map<number, Float64Array>>();

  /** The register tile per element type (the fused float32 kernels have more rows): rows, columns. */
  private readonly mr32: number;
  private readonly nr32: number;
  private readonly mr64: number;
  private readonly nr64: number;

  /** Set where other threads share this memory: src/node/threads.ts (Node), worker-threads.ts (browsers). */
  helper: GemmHelper | null = null;

  constructor(
    private readonly x: Exports,
    readonly memory: WebAssembly.Memory,
  ) {
    this.mr32 = x.tile_rows_f32.value as number;
    this.nr32 = (x.tile_vectors_f32.value as number) * 4;
    this.mr64 = x.tile_rows_f64.value as number;
    this.nr64 = (x.tile_vectors_f64.value as number) * 2;
    this.heap32 = new Float32Array(memory.buffer);
    this.heap64 = new Float64Array(memory.buffer);
  }

  private reserve(bytes: number): void {
    const buffer = this.memory.buffer;
    if (bytes <= buffer.byteLength) return;
    this.memory.grow(Math.ceil((bytes - buffer.byteLength) / 65536));
    this.heap32 = new Float32Array(this.memory.buffer);
    this.heap64 = new Float64Array(this.memory.buffer);
    this.views32.clear();
    this.views64.clear();
  }

  /**
   * out = the product `form` of a and b, plus `bias` (a [1, n] row) on every row if given, and
   * reluOut = max(out, 0) if given (a Dense layer's forward in one pass); sums = the column sums of b
   * if given (a Dense layer's bias gradient, with its weight gradient A^T*B). All float32 or all
   * float64 (checked by the caller).
   */
  product(
    form: Form, a: Tensor, b: Tensor, out: Tensor, bias: Tensor | null = null, reluOut: Tensor | null = null, sums: Tensor | null = null,
  ): void {
    const f64 = a.data instanceof Float64Array;
    const s = f64 ? 8 : 4;
    const ones = sums ? 1 : 0;
    const mOut = out.rows;
    const m = mOut + ones; // the row of column sums is computed as row m of C
    const n = out.cols;
    const k = form === ATB ? a.rows : a.cols;
    const mA = form === ATB ? a.cols : a.rows; // rows of A proper
    const mr = f64 ? this.mr64 : this.mr32;
    const nr = f64 ? this.nr64 : this.nr32;
    const np = Math.ceil(n / nr) * nr;
    const cSize = cBytes(m, n, mr, nr, s);
    const cAt = BASE;
    const reluAt = cAt + cSize; // a function of the shape only: see view()
    const aAt = reluAt + cSize;
    const bAt = align(aAt + mA * k * s);
    const paAt = align(bAt + k * n * s);
    const pbAt = align(paAt + Math.ceil(m / mr) * mr * k * s);
    const biasAt = align(pbAt + np * k * s);
    this.reserve(biasAt + np * s);
    // A(i, p) = a[i*rs + p*cs]; B(p, j) = b[p*brs + j*bcs] (byte strides)
    const rs = form === ATB ? s : k * s;
    const cs = form === ATB ? mA * s : s;
    const brs = form === ABT ? s : n * s;
    const bcs = form === ABT ? k * s : s;
    const x = this.x;
    const relu = reluOut ? reluAt - cAt : 0;
    if (f64) {
      this.heap64.set(a.data, aAt / 8);
      this.heap64.set(b.data, bAt / 8);
      if (bias) this.heap64.fill(0, biasAt / 8 + n, biasAt / 8 + np).set(bias.data, biasAt / 8);
      x.packa_f64(aAt, rs, cs, mA, k, paAt, ones);
      x.pack_f64(bAt, brs, bcs, k, n, pbAt);
      this.run(true, m, n, k, paAt, pbAt, cAt, nr, bias ? biasAt : 0, relu);
      (out.data as Float64Array).set(this.view64(cAt, mOut * n));
      if (reluOut) (reluOut.data as Float64Array).set(this.view64(reluAt, mOut * n));
      if (sums) (sums.data as Float64Array).set(this.view64(cAt + mOut * n * 8, n));
    } else {
      this.heap32.set(a.data, aAt / 4);
      this.heap32.set(b.data, bAt / 4);
      if (bias) this.heap32.fill(0, biasAt / 4 + n, biasAt / 4 + np).set(bias.data, biasAt / 4);
      x.packa_f32(aAt, rs, cs, mA, k, paAt, ones);
      x.pack_f32(bAt, brs, bcs, k, n, pbAt);
      this.run(false, m, n, k, paAt, pbAt, cAt, nr, bias ? biasAt : 0, relu);
      (out.data as Float32Array).set(this.view32(cAt, mOut * n));
      if (reluOut) (reluOut.data as Float32Array).set(this.view32(reluAt, mOut * n));
      if (sums) (sums.data as Float32Array).set(this.view32(cAt + mOut * n * 4, n));
    }
  }

  /**
   * A Dense layer's backward in one call: gradZ = z > 0 ? g : 0 (ReLU's backward; without z, gradZ = g),
   * dW = x^T gradZ, db = the column sums of gradZ, and dX = gradZ w^T if dX is given. Separate calls
   * copied gradZ out and back in twice, which on the football network's small shapes cost more than
   * the arithmetic; here it never leaves module memory (the caller's gradZ buffer is not written). Same
   * kernels in the same order as the separate calls: same bits. All float32 or all float64.
   */
  denseBackward(x: Tensor, z: Tensor | null, g: Tensor, w: Tensor, dW: Tensor, db: Tensor, dX: Tensor | null): void {
    const f64 = x.data instanceof Float64Array;
    const s = f64 ? 8 : 4;
    const e = x.rows; // examples
    const i = x.cols; // inputs
    const u = g.cols; // units
    const mr = f64 ? this.mr64 : this.mr32;
    const nr = f64 ? this.nr64 : this.nr32;
    const cAt = BASE; // dW and, as row i, db
    const gzAt = cAt + cBytes(i + 1, u, mr, nr, s);
    const zAt = align(gzAt + e * u * s);
    const gAt = align(zAt + (z ? e * u * s : 0));
    const xAt = align(gAt + (z ? e * u * s : 0));
    const wAt = align(xAt + e * i * s);
    const paAt = align(wAt + i * u * s); // packed x^T (then gradZ), packed gradZ (then w^T)
    const pbAt = align(paAt + Math.max(Math.ceil((i + 1) / mr) * mr * e, Math.ceil(e / mr) * mr * u) * s);
    const dxAt = align(pbAt + Math.max(Math.ceil(u / nr) * nr * e, Math.ceil(i / nr) * nr * u) * s);
    this.reserve(dxAt + cBytes(e, i, mr, nr, s));
    const x_ = this.x;
    const heap = f64 ? this.heap64 : this.heap32;
    if (z) {
      heap.set(z.data, zAt / s);
      heap.set(g.data, gAt / s);
      (f64 ? x_.relu_backward_f64 : x_.relu_backward_f32)(zAt, gAt, gzAt, e * u);
    } else heap.set(g.data, gzAt / s);
    heap.set(x.data, xAt / s);
    const packa = f64 ? x_.packa_f64 : x_.packa_f32;
    const pack = f64 ? x_.pack_f64 : x_.pack_f32;
    // dW, db: A = x^T with a row of ones (A(r, p) = x[p*i + r]), B = gradZ [e, u]
    packa(xAt, s, i * s, i, e, paAt, 1);
    pack(gzAt, u * s, s, e, u, pbAt);
    this.run(f64, i + 1, u, e, paAt, pbAt, cAt, nr, 0, 0);
    if (dX) {
      // dX: A = gradZ [e, u], B = w^T (B(p, j) = w[j*u + p])
      heap.set(w.data, wAt / s);
      packa(gzAt, u * s, s, e, u, paAt, 0);
      pack(wAt, s, u * s, u, i, pbAt);
      this.run(f64, e, i, u, paAt, pbAt, dxAt, nr, 0, 0);
    }
    if (f64) {
      (dW.data as Float64Array).set(this.view64(cAt, i * u));
      (db.data as Float64Array).set(this.view64(cAt + i * u * 8, u));
      if (dX) (dX.data as Float64Array).set(this.view64(dxAt, e * i));
    } else {
      (dW.data as Float32Array).set(this.view32(cAt, i * u));
      (db.data as Float32Array).set(this.view32(cAt + i * u * 4, u));
      if (dX) (dX.data as Float32Array).set(this.view32(dxAt, e * i));
    }
  }

  /** out = z > 0 ? g : 0, element-wise (ReLU's backward pass); all float32 or all float64. */
  reluBackward(z: Tensor, g: Tensor, out: Tensor): void {
    const length = z.data.length;
    const s = z.data instanceof Float64Array ? 8 : 4;
    const zAt = BASE;
    const gAt = align(zAt + length * s);
    const outAt = align(gAt + length * s); // a function of the length only: see view()
    this.reserve(outAt + length * s);
    if (s === 8) {
      this.heap64.set(z.data, zAt / 8);
      this.heap64.set(g.data, gAt / 8);
      this.x.relu_backward_f64(zAt, gAt, outAt, length);
      (out.data as Float64Array).set(this.view64(outAt, length));
    } else {
      this.heap32.set(z.data, zAt / 4);
      this.heap32.set(g.data, gAt / 4);
      this.x.relu_backward_f32(zAt, gAt, outAt, length);
      (out.data as Float32Array).set(this.view32(outAt, length));
    }
  }

  /** w = w - alpha * g element-wise, rounded as the TypeScript loop rounds it; w and g of one type. */
  subtractScaled(w: Tensor, g: Tensor, alpha: number): void {
    const length = w.data.length;
    const s = w.data instanceof Float64Array ? 8 : 4;
    const wAt = BASE;
    const gAt = align(wAt + length * s);
    this.reserve(gAt + length * s);
    if (s === 8) {
      this.heap64.set(w.data, wAt / 8);
      this.heap64.set(g.data, gAt / 8);
      this.x.sub_scaled_f64(wAt, gAt, length, alpha);
      (w.data as Float64Array).set(this.view64(wAt, length));
    } else {
      this.heap32.set(w.data, wAt / 4);
      this.heap32.set(g.data, gAt / 4);
      this.x.sub_scaled_f32(wAt, gAt, length, alpha);
      (w.data as Float32Array).set(this.view32(wAt, length));
    }
  }

  /**
   * The packed product, shared with the helper threads when it is large enough. A partial last panel
   * runs first, alone: its whole-tile stores spill into the next rows' first columns, which the full
   * panels then overwrite (scripts/wasm/gemm-wat.ts gemm()).
   */
  private run(f64: boolean, m: number, n: number, k: number, ap: number, bp: number, c: number, nr: number, bias: number, relu: number): void {
    const gemm = f64 ? this.x.gemm_f64 : this.x.gemm_f32;
    const full = n - (n % nr); // columns in whole panels
    if (full < n) gemm(m, n, k, ap, bp, c, full, n, bias, relu);
    if (full === 0) return;
    if (!this.shares(f64, m, n, k)) return gemm(m, n, k, ap, bp, c, 0, full, bias, relu);
    this.helper!.product(gemm, f64, m, n, k, ap, bp, c, nr, bias, relu, full);
  }

  /**
   * Whether a product of m rows (a row of column sums counted), n columns and depth k is shared with
   * the helper: at least two whole column panels, and enough multiply-adds to pay for the hand-off.
   */
  shares(f64: boolean, m: number, n: number, k: number): boolean {
    const helper = this.helper;
    if (!helper) return false;
    const nr = f64 ? this.nr64 : this.nr32;
    return n - (n % nr) > nr && m * k * n >= helper.minMultiplyAdds;
  }

  /** A view of `length` elements at byte `at`; callers' addresses depend on the shapes alone, so few. */
  private view32(at: number, length: number): Float32Array {
    let byLength = this.views32.get(at);
    if (!byLength) this.views32.set(at, (byLength = new Map()));
    let v = byLength.get(length);
    if (!v) byLength.set(length, (v = new Float32Array(this.memory.buffer, at, length)));
    return v;
  }

  private view64(at: number, length: number): Float64Array {
    let byLength = this.views64.get(at);
    if (!byLength) this.views64.set(at, (byLength = new Map()));
    let v = byLength.get(length);
    if (!v) byLength.set(length, (v = new Float64Array(this.memory.buffer, at, length)));
    return v;
  }
}

/**
 * Whether a product failed because module memory cannot hold it: a RangeError from growing past its
 * maximum, thrown before anything is written, so the caller can run the product elsewhere. (A test in a
 * catch block, not a wrapper taking a closure: products run every step, and a closure each is garbage.)
 */
export function outOfModuleMemory(error: unknown): boolean {
  return error instanceof RangeError;
}

/** The WebAssembly products with one rounding per multiply and per add; null where SIMD is missing. */
export const strictWasmGemm: WasmGemm | null = instantiateGemm();

/**
 * The same with float32 multiply-adds fused (relaxed SIMD's relaxed_madd: one FMA instruction where the
 * CPU has it, instead of a multiply and an add); null where the engine lacks relaxed SIMD (Node 20
 * without --experimental-wasm-relaxed-simd). Float64 is the same code as strictWasmGemm's.
 */
export const fusedWasmGemm: WasmGemm | null = instantiateGemm(decodeBase64(gemmFusedWasmBase64));

/** The default: fused where the engine can (browsers, Node 22), else strict. See kernels.useFusedMultiplyAdd. */
export const wasmGemm: WasmGemm | null = fusedWasmGemm ?? strictWasmGemm;
