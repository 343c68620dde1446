/**
 * Every fast kernel against the portable reference (portable-kernels.ts): the WebAssembly products in all
 * three forms, the per-dtype TypeScript kernels and the dispatcher, on random shapes, odd sizes, 1xN, Nx1
 * and empty, in both element types. Float64 must match bit for bit (same summation order); float32 to
 * rounding (the reference accumulates in double precision, the SIMD kernel in single).
 */
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as kernels from "./kernels.js";
import * as portable from "./portable-kernels.js";
import { Rng } from "./rng.js";
import { type DType, Tensor } from "./tensor.js";
import { gemmFusedWasmBase64 } from "./wasm/gemm-bytes.js";
import { AB, ABT, ATB, decodeBase64, type Form, fusedWasmGemm, instantiateGemm, strictWasmGemm, type WasmGemm, wasmGemm } from "./wasm/gemm.js";

function random(rows: number, cols: number, rng: Rng, dtype: DType): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.int(4) === 0 ? 0 : rng.normal(); // zeros like ReLU's
  return t;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 9, 1], [1, 1, 17], [17, 1, 1], [1, 33, 5], [33, 5, 1], [5, 1, 3], [7, 13, 5], [3, 5, 9],
  [8, 8, 8], [4, 16, 8], [9, 17, 11], [31, 3, 29], [211, 2, 20], [211, 20, 3], [20, 211, 3], [64, 100, 70],
  [0, 3, 2], [3, 0, 2], [3, 2, 0], [0, 0, 0],
  // around the row blocks of the 6-row fused float32 tile (and the 4-row one): full, partial, and with
  // the row of column sums (matmulTransAAndSumRows) starting a block of its own
  [6, 7, 8], [11, 3, 9], [12, 5, 8], [13, 2, 7], [23, 6, 12], [35, 9, 8], [36, 4, 16],
];

/** Operands laid out for `form`, and the reference product. */
function operands(form: Form, m: number, k: number, n: number, rng: Rng, dtype: DType) {
  const a = form === ATB ? random(k, m, rng, dtype) : random(m, k, rng, dtype);
  const b = form === ABT ? random(n, k, rng, dtype) : random(k, n, rng, dtype);
  const want = Tensor.zeros(m, n, dtype);
  if (form === AB) portable.matmul(a, b, want);
  else if (form === ATB) portable.matmulTransA(a, b, want);
  else portable.matmulTransB(a, b, want);
  // |a| * |b| in the same form bounds the rounding error of float32 sums
  const absA = new Tensor(a.rows, a.cols, a.data.map(Math.abs));
  const absB = new Tensor(b.rows, b.cols, b.data.map(Math.abs));
  const scale = Tensor.zeros(m, n, "float64");
  const [a64, b64] = [absA.clone("float64"), absB.clone("float64")];
  if (form === AB) portable.matmul(a64, b64, scale);
  else if (form === ATB) portable.matmulTransA(a64, b64, scale);
  else portable.matmulTransB(a64, b64, scale);
  return { a, b, want, scale };
}

/** Float64: identical. Float32: within the classic bound (k + 2) u sum|a_ip b_pj| of a k-term sum. */
function expectAgrees(got: Tensor, want: Tensor, scale: Tensor, dtype: DType, k: number, what: string): void {
  expect([got.rows, got.cols], what).toEqual([want.rows, want.cols]);
  for (let i = 0; i < want.size; i++) {
    const g = got.data[i]!;
    const w = want.data[i]!;
    if (dtype === "float64") {
      if (g !== w) expect(g, `${what} at ${i}`).toBe(w); // === : +0 and -0 count as equal
    } else {
      const tol = (k + 2) * 2 ** -23 * scale.data[i]! + 1e-30;
      if (Math.abs(g - w) > tol) expect(Math.abs(g - w), `${what} at ${i}`).toBeLessThanOrEqual(tol);
    }
  }
}

const FORMS: [string, Form][] = [["A*B", AB], ["A^T*B", ATB], ["A*B^T", ABT]];
const call = (form: Form, a: Tensor, b: Tensor, out: Tensor) =>
  form === AB ? kernels.matmul(a, b, out) : form === ATB ? kernels.matmulTransA(a, b, out) : kernels.matmulTransB(a, b, out);

/**
 * The fused float32 kernels (relaxed SIMD, which browsers run), whatever flags this Node was started
 * with: Node 20 validates relaxed SIMD only behind --experimental-wasm-relaxed-simd, and vitest 3.2 does
 * not pass a project's poolOptions.forks.execArgv to its workers, so the flag is set here, at run time,
 * and the module instantiated afresh (gemm.ts's own instance was made at import, before the flag).
 */
function freshFusedGemm(): WasmGemm | null {
  setFlagsFromString("--experimental-wasm-relaxed-simd");
  return instantiateGemm(decodeBase64(gemmFusedWasmBase64));
}

it("WebAssembly SIMD is available in this Node (otherwise the tests below prove only the fallback)", () => {
  expect(strictWasmGemm).not.toBeNull();
  // vitest.config.ts runs this file twice: plainly (strict kernels on Node 20) and in the project
  // "relaxed-simd", whose first setup file turns the engine flag on: there the fused float32 kernels are the default
  if ((globalThis as { nnlabRelaxedSimdProject?: boolean }).nnlabRelaxedSimdProject) {
    expect(fusedWasmGemm).not.toBeNull();
    expect(kernels.fusedMultiplyAddInUse()).toBe(true);
  }
  expect(wasmGemm).toBe(fusedWasmGemm ?? strictWasmGemm);
});

// Every test below runs on the default WebAssembly kernels and again on the fused ones, installed as the
// fast kernels for the duration (float64 is the same code in both modules: bit for bit in both runs).
for (const [label, gemmOf] of [["default", () => wasmGemm], ["fused float32", freshFusedGemm]] as const) {
  describe(`fast kernels agree with the portable reference (${label} WebAssembly)`, () => {
    let gemm: WasmGemm | null = null;
    beforeAll(() => {
      gemm = gemmOf();
      expect(gemm, "the fused kernels compile once relaxed SIMD is on").not.toBeNull();
      kernels.setWasmGemm(gemm);
    });
    afterAll(() => kernels.setWasmGemm(null));

    if (label === "fused float32") {
      it("the fused module is the one installed", () => {
        expect(kernels.fastKernels()).toBe(gemm);
        expect(gemm).not.toBe(strictWasmGemm);
      });
    }

    for (const dtype of ["float64", "float32"] as const) {
      for (const [name, form] of FORMS) {
        it(`${name}, ${dtype}: WebAssembly, per-dtype TypeScript and the dispatcher`, () => {
          const rng = new Rng(7);
          const shapes = [...SHAPES];
          for (let r = 0; r < 12; r++) shapes.push([1 + rng.int(40), 1 + rng.int(40), 1 + rng.int(40)]);
          for (const [m, k, n] of shapes) {
            const { a, b, want, scale } = operands(form, m, k, n, rng, dtype);
            const what = `${name} ${m}x${k}x${n} ${dtype}`;
            const out = Tensor.zeros(m, n, dtype);
            out.data.fill(99); // kernels must overwrite, not accumulate
            gemm!.product(form, a, b, out);
            expectAgrees(out, want, scale, dtype, k, `wasm ${what}`);
            for (const min of [1, Infinity]) {
              kernels.setKernelMode("auto", min); // Infinity: the per-dtype TypeScript kernels
              out.data.fill(99);
              call(form, a, b, out);
              expectAgrees(out, want, scale, dtype, k, `auto(min ${min}) ${what}`);
            }
            kernels.setKernelMode("auto");
          }
        });
      }

      it(`matmulAddBias equals matmul then addRowVector, ${dtype}`, () => {
        const rng = new Rng(8);
        for (const [m, k, n] of SHAPES) {
          const { a, b, want, scale } = operands(AB, m, k, n, rng, dtype);
          const bias = random(1, n, rng, dtype);
          portable.addRowVector(want, bias);
          for (let i = 0; i < scale.size; i++) scale.data[i] += Math.abs(bias.data[i % n]!);
          for (const min of [1, Infinity]) {
            kernels.setKernelMode("auto", min);
            const out = Tensor.zeros(m, n, dtype);
            out.data.fill(99);
            kernels.matmulAddBias(a, b, bias, out);
            expectAgrees(out, want, scale, dtype, k + 1, `matmulAddBias ${m}x${k}x${n} (min ${min})`);
          }
          kernels.setKernelMode("auto");
        }
      });

      it(`matmulAddBiasRelu (fused) equals matmul, addRowVector, relu; reluBackward, ${dtype}`, () => {
        const rng = new Rng(9);
        for (const [m, k, n] of SHAPES) {
          const { a, b, want, scale } = operands(AB, m, k, n, rng, dtype);
          const bias = random(1, n, rng, dtype);
          portable.addRowVector(want, bias);
          const wantRelu = Tensor.zeros(m, n, dtype);
          portable.relu(want, wantRelu);
          for (let i = 0; i < scale.size; i++) scale.data[i] += Math.abs(bias.data[i % n]!);
          for (const min of [1, Infinity]) {
            kernels.setKernelMode("auto", min);
            const [z, out] = [Tensor.zeros(m, n, dtype), Tensor.zeros(m, n, dtype)];
            out.data.fill(99);
            kernels.matmulAddBiasRelu(a, b, bias, z, out);
            expectAgrees(z, want, scale, dtype, k + 1, `fused z ${m}x${k}x${n} (min ${min})`);
            const reluOfZ = Tensor.zeros(m, n, dtype);
            portable.relu(z, reluOfZ);
            expect(Array.from(out.data), `fused relu ${m}x${k}x${n}`).toEqual(Array.from(reluOfZ.data));
            if (dtype === "float64") expect(Array.from(out.data)).toEqual(Array.from(wantRelu.data));
          }
          kernels.setKernelMode("auto");
        }
        for (const length of [0, 1, 3, 4, 5, 64, 67, 1000]) {
          const z = random(1, length, rng, dtype);
          if (length > 3) [z.data[0], z.data[1], z.data[2]] = [-0, Number.NaN, 0]; // edge values: all give 0
          const g = random(1, length, rng, dtype);
          const [got, want] = [Tensor.zeros(1, length, dtype), Tensor.zeros(1, length, dtype)];
          kernels.reluBackward(z, g, got);
          portable.reluBackward(z, g, want);
          expect(Array.from(got.data).map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual(
            Array.from(want.data).map((v) => (Object.is(v, -0) ? "-0" : v)),
          );
        }
      });

      it(`matmulTransAAndSumRows equals matmulTransA and sumRows, ${dtype}`, () => {
        const rng = new Rng(10);
        for (const [m, k, n] of SHAPES) {
          const { a, b, want, scale } = operands(ATB, m, k, n, rng, dtype);
          const wantSums = Tensor.zeros(1, n, dtype);
          portable.sumRows(b, wantSums);
          const sumScale = Tensor.zeros(1, n, "float64");
          portable.sumRows(new Tensor(b.rows, b.cols, Float64Array.from(b.data, Math.abs)), sumScale);
          for (const min of [1, Infinity]) {
            kernels.setKernelMode("auto", min);
            const [out, sums] = [Tensor.zeros(m, n, dtype), Tensor.zeros(1, n, dtype)];
            out.data.fill(99);
            sums.data.fill(99);
            kernels.matmulTransAAndSumRows(a, b, out, sums);
            expectAgrees(out, want, scale, dtype, k, `dW ${m}x${k}x${n} (min ${min})`);
            expectAgrees(sums, wantSums, sumScale, dtype, k, `db ${m}x${k}x${n} (min ${min})`);
          }
          kernels.setKernelMode("auto");
        }
      });

      it(`denseBackward (one call) equals reluBackward, matmulTransAAndSumRows and matmulTransB, ${dtype}`, () => {
        const rng = new Rng(13);
        for (const [e, i, u] of [[211, 2, 20], [211, 20, 3], [211, 3, 1], [7, 13, 5], [1, 1, 1], [33, 9, 17], [13, 11, 9], [12, 5, 24], [17, 6, 8]] as const) {
          const [x, z, g, w] = [random(e, i, rng, dtype), random(e, u, rng, dtype), random(e, u, rng, dtype), random(i, u, rng, dtype)];
          for (const relu of [true, false]) {
            const run = (mode: "auto" | "portable") => {
              kernels.setKernelMode(mode);
              const out = [Tensor.zeros(e, u, dtype), Tensor.zeros(i, u, dtype), Tensor.zeros(1, u, dtype), Tensor.zeros(e, i, dtype)] as const;
              kernels.denseBackward(x, relu ? z : null, g, w, out[0], out[1], out[2], out[3]);
              kernels.setKernelMode("auto");
              return out.slice(1);
            };
            const [got, want] = [run("auto"), run("portable")];
            got.forEach((t, j) => {
              for (let q = 0; q < t.size; q++) {
                const [a, b] = [t.data[q]!, want[j]!.data[q]!];
                if (dtype === "float64" ? a !== b : Math.abs(a - b) > 1e-4 * e * (1 + Math.abs(b))) {
                  expect(a, `${e}x${i}x${u} relu ${relu} output ${j} at ${q}`).toBe(b);
                }
              }
            });
          }
        }
      });

      it(`subtractScaled (gradient descent's update) is bit-identical to the TypeScript loop, ${dtype}`, () => {
        const rng = new Rng(12);
        for (const length of [0, 1, 3, 5, 4095, 4096, 4099, 10001]) {
          const w = random(1, length, rng, dtype);
          const g = random(1, length, rng, dtype);
          const want = w.clone();
          portable.subtractScaled(want, g, 0.01);
          kernels.subtractScaled(w, g, 0.01);
          expect(Array.from(w.data)).toEqual(Array.from(want.data));
        }
      });

      it(`addRowVector and sumRows, ${dtype}`, () => {
        const rng = new Rng(3);
        for (const [rows, cols] of [[1, 1], [1, 9], [9, 1], [211, 20], [0, 4], [4, 0]] as const) {
          const t = random(rows, cols, rng, dtype);
          const bias = random(1, cols, rng, dtype);
          const [fast, ref] = [t.clone(), t.clone()];
          kernels.addRowVector(fast, bias);
          portable.addRowVector(ref, bias);
          expect(Array.from(fast.data)).toEqual(Array.from(ref.data));
          const [s1, s2] = [Tensor.zeros(1, cols, dtype), Tensor.zeros(1, cols, dtype)];
          s1.data.fill(5);
          kernels.sumRows(t, s1);
          portable.sumRows(t, s2);
          const scale = Tensor.zeros(1, cols, "float64");
          portable.sumRows(new Tensor(rows, cols, Float64Array.from(t.data, Math.abs)), scale);
          expectAgrees(s1, s2, scale, dtype, rows, `sumRows ${rows}x${cols}`);
        }
      });
    }

    it("the float32 TypeScript kernels are the float64 ones with the type swapped", () => {
      const read = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), "utf8");
      expect(read("small-kernels-f32.ts")).toBe(read("small-kernels-f64.ts").replaceAll("Float64Array", "Float32Array"));
    });

    it("memory grows for a product larger than the module's first page, and results stay right after", () => {
      const rng = new Rng(11);
      for (const [m, k, n] of [[300, 200, 150], [3, 4, 5]] as const) {
        const { a, b, want, scale } = operands(AB, m, k, n, rng, "float64");
        const out = Tensor.zeros(m, n, "float64");
        gemm!.product(AB, a, b, out);
        expectAgrees(out, want, scale, "float64", k, `${m}x${k}x${n}`);
      }
    });
  });
}
