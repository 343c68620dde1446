/**
 * The page side of bench/browser-products.ts: each matrix product of the w2 step (784-256-128-10, batch
 * 128) timed alone through the kernels the layers call, and the packed WebAssembly kernel alone on the
 * same shapes (operands already in module memory and packed), so the copies and packing show apart from
 * the arithmetic.
 */
import { Tensor, useFusedMultiplyAdd } from "../src/index.js";
import { denseBackward, matmulAddBiasRelu, matmulAddBias } from "../src/tensor/kernels.js";
import { wasmGemm as defaultGemm, strictWasmGemm } from "../src/tensor/wasm/gemm.js";

type DType = "float32" | "float64";

function filled(rows: number, cols: number, dtype: DType, seed: number): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = (((i + seed) * 7919) % 1000) / 1000 - 0.5;
  return t;
}

function median(v: number[]) {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Microseconds per call: median and min of `reps` timed runs of enough calls for ~5 ms each. */
function time(f: () => void, reps: number) {
  for (let i = 0; i < 3; i++) f();
  const t0 = performance.now();
  f();
  const once = Math.max(performance.now() - t0, 0.005);
  const iters = Math.max(1, Math.round(5 / once));
  const per: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < iters; i++) f();
    per.push(((performance.now() - t) * 1000) / iters);
  }
  return { median: median(per), min: Math.min(...per) };
}

const run = (dtype: DType, reps: number, strict: boolean) => {
  if (strict) useFusedMultiplyAdd(false);
  const gemm = (strict ? strictWasmGemm : defaultGemm)!;
  const x = (gemm as any).x; // the module's exports, for the kernel-alone timings
  const s = dtype === "float32" ? 4 : 8;
  const e = 128;
  const rows: Record<string, unknown>[] = [];
  const add = (name: string, madds: number, t: { median: number; min: number }) =>
    rows.push({ name, madds, us_median: +t.median.toFixed(1), us_min: +t.min.toFixed(1), gflops_median: +((2 * madds) / t.median / 1e3).toFixed(1) });
  const dims = [784, 256, 128, 10];
  let total = 0;
  for (let l = 0; l < 3; l++) {
    const i = dims[l]!;
    const u = dims[l + 1]!;
    const inp = filled(e, i, dtype, 1);
    const w = filled(i, u, dtype, 2);
    const b = filled(1, u, dtype, 3);
    const z = Tensor.zeros(e, u, dtype);
    const a = Tensor.zeros(e, u, dtype);
    const g = filled(e, u, dtype, 4);
    const gz = Tensor.zeros(e, u, dtype);
    const dW = Tensor.zeros(i, u, dtype);
    const db = Tensor.zeros(1, u, dtype);
    const dX = Tensor.zeros(e, i, dtype);
    const relu = l < 2;
    const fwd = time(() => (relu ? matmulAddBiasRelu(inp, w, b, z, a) : matmulAddBias(inp, w, b, z)), reps);
    add(`L${l + 1} forward X W ${e}x${i}x${u}`, e * i * u, fwd);
    const dw = time(() => denseBackward(inp, relu ? z : null, g, w, gz, dW, db, null), reps);
    add(`L${l + 1} dW = X^T dZ ${i}x${e}x${u}`, i * e * u, dw);
    total += fwd.median + dw.median;
    if (l > 0) {
      const both = time(() => denseBackward(inp, relu ? z : null, g, w, gz, dW, db, dX), reps);
      add(`L${l + 1} dW+dX (dX = dZ W^T ${e}x${u}x${i})`, 2 * i * e * u, both);
      total += both.median - dw.median;
    }
    // the packed kernel alone, on the same three shapes (m, k, n)
    for (const [label, m, k, n] of [["fwd", e, i, u], ["dW", i + 1, e, u], ["dX", e, u, i]] as const) {
      if (label === "dX" && l === 0) continue;
      const t = s === 4 ? "f32" : "f64";
      const mr = x[`tile_rows_${t}`].value as number;
      const nr = (x[`tile_vectors_${t}`].value as number) * (16 / s);
      const ap = 1 << 20;
      const bp = ap + Math.ceil(m / mr) * mr * k * s + 64;
      const c = bp + Math.ceil(n / nr) * nr * k * s + 64;
      const need = c + (Math.ceil(m / mr) * mr * n + nr) * s + 64;
      if (x.memory.buffer.byteLength < need) x.memory.grow(Math.ceil((need - x.memory.buffer.byteLength) / 65536));
      const f = s === 4 ? x.gemm_f32 : x.gemm_f64;
      const full = n - (n % nr);
      add(`  kernel alone ${label} m${m} k${k} n${n}`, m * k * n, time(() => {
        if (full < n) f(m, n, k, ap, bp, c, full, n, 0, 0);
        if (full) f(m, n, k, ap, bp, c, 0, full, 0, 0);
      }, reps));
      const packa = s === 4 ? x.packa_f32 : x.packa_f64;
      const pack = s === 4 ? x.pack_f32 : x.pack_f64;
      const src = c + (Math.ceil(m / mr) * mr * n + nr) * s + 64;
      const need2 = src + (m * k + k * n) * s;
      if (x.memory.buffer.byteLength < need2) x.memory.grow(Math.ceil((need2 - x.memory.buffer.byteLength) / 65536));
      // the packing of the same shapes as the product's form has them (A^T for dW, B^T for dX)
      const [ars, acs] = label === "dW" ? [s, (m - 1) * s] : [k * s, s];
      const [brs, bcs] = label === "dX" ? [s, k * s] : [n * s, s];
      add(`  packing alone ${label}`, 0, time(() => {
        packa(src, ars, acs, label === "dW" ? m - 1 : m, k, ap, label === "dW" ? 1 : 0);
        pack(src, brs, bcs, k, n, bp);
      }, reps));
    }
  }
  return { dtype, strict, sum_of_products_us: +total.toFixed(1), rows };
};
(globalThis as unknown as { nnlabProducts: typeof run }).nnlabProducts = run;
