/**
 * The native kernels (built by `npm run build:native`, or here if missing) against the portable ones:
 * products plain and fused on odd shapes equal to rounding (the tile's multiply-adds are fused), the
 * same bits for any thread count; the element-wise kernels bit for bit; a training run that ends with
 * the same weights to rounding. Skipped where no addon can be built.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Dense, fit, Sequential } from "../index.js";
import * as kernels from "../tensor/kernels.js";
import { Rng } from "../tensor/rng.js";
import { type DType, Tensor } from "../tensor/tensor.js";
import { nativeAddonPath, useNative } from "./native.js";

if (!existsSync(nativeAddonPath)) {
  try {
    execFileSync(process.execPath, [new URL("../../scripts/native/build.mjs", import.meta.url).pathname], { stdio: "ignore" });
  } catch {
    // no compiler: the tests below are skipped
  }
}
const available = useNative();
useNative(false);

afterEach(() => useNative(false));

function random(rows: number, cols: number, rng: Rng, dtype: DType): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.int(4) === 0 ? 0 : rng.normal();
  return t;
}

/** Every product the layers use, with its outputs, on one set of operands. */
function run(m: number, k: number, n: number, dtype: DType, seed: number): number[][] {
  const rng = new Rng(seed);
  const [a, b, at, bt, bias] = [random(m, k, rng, dtype), random(k, n, rng, dtype), random(k, m, rng, dtype), random(n, k, rng, dtype), random(1, n, rng, dtype)];
  const outs = [0, 1, 2, 3, 4, 5].map(() => Tensor.zeros(m, n, dtype));
  const sums = Tensor.zeros(1, n, dtype);
  kernels.matmul(a, b, outs[0]!);
  kernels.matmulTransA(at, b, outs[1]!);
  kernels.matmulTransB(a, bt, outs[2]!);
  kernels.matmulAddBiasRelu(a, b, bias, outs[3]!, outs[4]!);
  kernels.matmulTransAAndSumRows(at, b, outs[5]!, sums);
  return [...outs, sums].map((t) => Array.from(t.data));
}

// small ones go to WebAssembly by design; the large ones (odd, past the native threshold) test the addon
const SHAPES: (readonly [number, number, number])[] = [[1, 1, 1], [7, 13, 5], [0, 3, 2], [3, 0, 2], [3, 2, 0], [67, 100, 70], [33, 65, 71], [1, 700, 97], [97, 700, 1], [129, 513, 9], [130, 300, 77]];
// and random ones past the native threshold (m*k*n >= 65536), seeded
const shapeRng = new Rng(21);
for (let i = 0; i < 4; i++) SHAPES.push([40 + shapeRng.int(120), 40 + shapeRng.int(300), 40 + shapeRng.int(120)]);

/** Equal to rounding: the native tile fuses each multiply-add (one rounding where the others round twice). */
function expectClose(got: number[][], want: number[][], dtype: DType, what: string): void {
  const tolerance = dtype === "float64" ? 1e-12 : 1e-5;
  got.forEach((g, t) =>
    g.forEach((v, i) => {
      const w = want[t]![i]!;
      if (!(Math.abs(v - w) <= tolerance * (1 + Math.abs(w)))) expect(v, `${what}: output ${t}, element ${i}`).toBe(w);
    }),
  );
  expect(got.map((g) => g.length)).toEqual(want.map((w) => w.length));
}

describe.skipIf(!available)("native kernels", () => {
  for (const dtype of ["float64", "float32"] as const) {
    it(`${dtype}: products equal the portable kernels to rounding, and the same bits on 2 threads`, () => {
      SHAPES.forEach(([m, k, n], i) => {
        kernels.setKernelMode("portable");
        const want = run(m, k, n, dtype, i);
        kernels.setKernelMode("auto");
        useNative();
        const one = run(m, k, n, dtype, i);
        expectClose(one, want, dtype, `${m}x${k}x${n}`);
        useNative(true, { threads: 2 }); // threads split by panels: each sum in the same order
        expect(run(m, k, n, dtype, i), `${m}x${k}x${n} on 2 threads`).toEqual(one);
        useNative(false);
      });
    });

    it(`${dtype}: SGD's update and ReLU's backward are bit-identical to the TypeScript loops`, () => {
      const rng = new Rng(5);
      const [w, g, z] = [random(300, 70, rng, dtype), random(300, 70, rng, dtype), random(300, 70, rng, dtype)];
      const [w1, out0, out1] = [w.clone(), Tensor.zeros(300, 70, dtype), Tensor.zeros(300, 70, dtype)];
      kernels.setKernelMode("portable");
      kernels.subtractScaled(w, g, 0.037);
      kernels.reluBackward(z, g, out0);
      kernels.setKernelMode("auto");
      useNative(true, { threads: 2 });
      kernels.subtractScaled(w1, g, 0.037);
      kernels.reluBackward(z, g, out1);
      expect(Array.from(w1.data)).toEqual(Array.from(w.data));
      expect(Array.from(out1.data)).toEqual(Array.from(out0.data));
    });

    it(`${dtype}: training ends with the same weights to rounding (and the same bits on 2 threads)`, () => {
      const train = () => {
        const rng = new Rng(2);
        const x = random(64, 50, rng, dtype);
        const y = Tensor.zeros(64, 1, dtype);
        for (let i = 0; i < 64; i++) y.data[i] = i % 3;
        const model = new Sequential({
          inputSize: 50,
          dtype,
          layers: [new Dense({ units: 37, activation: "relu" }), new Dense({ units: 3, activation: "softmax" })],
        }).compile({ loss: "softmaxCrossEntropy", optimizer: "sgd" });
        fit(model, x, y, { epochs: 3, batchSize: 64 }); // 64x50x37: past the native threshold
        return model.getWeights();
      };
      const flat = (ws: ReturnType<typeof train>) => [Object.values(ws).flatMap((rows) => rows.flat())];
      const plain = train();
      useNative();
      const native = train();
      expectClose(flat(native), flat(plain), dtype, "weights");
      useNative(true, { threads: 2 });
      expect(train()).toEqual(native);
    });
  }
});
