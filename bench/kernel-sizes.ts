// Which kernel is faster at each size: per-dtype TypeScript or WebAssembly (interleaved rounds, medians).
// Sets src/tensor/kernels.ts wasmMinMultiplyAdds. Run: npx tsx bench/kernel-sizes.ts
import { wasmGemm, AB, ATB, ABT } from "../src/tensor/wasm/gemm.js";
import * as f32 from "../src/tensor/small-kernels-f32.js";
import * as f64 from "../src/tensor/small-kernels-f64.js";
import { Tensor } from "../src/tensor/tensor.js";
function rnd(r: number, c: number, dt: any) { const t = Tensor.zeros(r, c, dt); for (let i = 0; i < t.size; i++) t.data[i] = Math.random() - 0.5; return t; }
const shapes = [[211,2,20],[211,20,3],[211,3,1],[20,211,3],[2,211,20],[3,211,1],[211,3,20],[211,1,3],[64,64,64],[32,32,32],[16,16,16],[128,128,10],[128,10,128],[8,8,8]];
const res = new Map<string, number[]>();
for (let round = 0; round < 5; round++) for (const dt of ["float32", "float64"]) for (const [m, k, n] of shapes) {
  const js = dt === "float32" ? f32 : f64;
  const A = rnd(m, k, dt), B = rnd(k, n, dt), C = rnd(m, n, dt), At = A.transpose(), Bt = B.transpose();
  const cases: [string, () => void][] = [
    ["AB js", () => js.matmul(A.data as any, B.data as any, C.data as any, m, k, n)],
    ["AB wasm", () => wasmGemm!.product(AB, A, B, C)],
    ["ATB js", () => js.matmulTransA(At.data as any, B.data as any, C.data as any, m, k, n)],
    ["ATB wasm", () => wasmGemm!.product(ATB, At, B, C)],
    ["ABT js", () => js.matmulTransB(A.data as any, Bt.data as any, C.data as any, m, k, n)],
    ["ABT wasm", () => wasmGemm!.product(ABT, A, Bt, C)],
  ];
  for (const [name, f] of cases) {
    for (let i = 0; i < 50; i++) f();
    const N = Math.max(20, Math.floor(2e5 / (m * n * k + 100)));
    const t0 = performance.now(); for (let i = 0; i < N; i++) f(); const us = (performance.now() - t0) * 1000 / N;
    const key = `${dt} ${m}x${k}x${n} ${name}`; (res.get(key) ?? res.set(key, []).get(key)!).push(us);
  }
}
const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
const keys = [...res.keys()];
for (let i = 0; i < keys.length; i += 2) console.log(keys[i]!.padEnd(32), med(res.get(keys[i]!)!).toFixed(2).padStart(8), med(res.get(keys[i + 1]!)!).toFixed(2).padStart(8), "us (js, wasm)");
