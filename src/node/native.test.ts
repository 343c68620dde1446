/**
 * The native kernels (built by `npm run build:native`, or here if missing) against the portable ones:
 * products plain and fused on odd shapes, float64 bit for bit and float32 equal to rounding (its tile's
 * multiply-adds are fused), the same bits for any thread count; the element-wise kernels and the
 * optimizers' fused updates bit for bit; training with every layer, loss and optimizer ends with the
 * portable path's weights, float64 bit for bit and float32 to rounding. Skipped where no addon can be built.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { Adam, Dense, Dropout, fit, l2, Momentum, type Optimizer, Sequential, SGD } from "../index.js";
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

/**
 * Float64: the same bits. Float32: equal to rounding (the native tile fuses each multiply-add: one
 * rounding where the others round twice).
 */
function expectClose(got: number[][], want: number[][], dtype: DType, what: string): void {
  if (dtype === "float64") return void expect(got, what).toEqual(want);
  const tolerance = 1e-5;
  got.forEach((g, t) =>
    g.forEach((v, i) => {
      const w = want[t]![i]!;
      if (!(Math.abs(v - w) <= tolerance * (1 + Math.abs(w)))) expect(v, `${what}: output ${t}, element ${i}`).toBe(w);
    }),
  );
  expect(got.map((g) => g.length)).toEqual(want.map((w) => w.length));
}

/** The first element where two lists of arrays differ (Object.is: -0 is not 0), or null. */
function firstDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): string | null {
  if (a.length !== b.length) return `${a.length} arrays against ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    if (a[k]!.length !== b[k]!.length) return `array ${k}: ${a[k]!.length} elements against ${b[k]!.length}`;
    for (let i = 0; i < a[k]!.length; i++) if (!Object.is(a[k]![i], b[k]![i])) return `array ${k}, element ${i}: ${a[k]![i]} against ${b[k]![i]}`;
  }
  return null;
}

describe.skipIf(!available)("native kernels", () => {
  for (const dtype of ["float64", "float32"] as const) {
    it(`${dtype}: products equal the portable kernels (${dtype === "float64" ? "bit for bit" : "to rounding"}), and the same bits on 2 threads`, () => {
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

    it(`${dtype}: the optimizers' fused updates: the TypeScript loops' bits (float32 Adam to rounding: single precision), on 1 and 2 threads`, () => {
      const optimizers: Array<[string, () => Optimizer]> = [
        ["sgd", () => new SGD({ learningRate: 0.1, weightDecay: 0.01 })],
        ["momentum", () => new Momentum({ learningRate: 0.1, weightDecay: 0.02 })],
        ["adamw", () => new Adam({ learningRate: 0.01, weightDecay: 0.1 })],
        ["adam", () => new Adam()],
      ];
      for (const threads of [1, 2]) {
        for (const [name, make] of optimizers) {
          const run = (native: boolean) => {
            const rng = new Rng(9);
            // past the threaded size (65536), odd, with a weight (decayed) and a bias (not)
            const params = [["weight", 70001], ["bias", 301]].map(([role, n]) => ({
              name: String(role), role: role as "weight" | "bias", value: random(1, n as number, rng, dtype), grad: Tensor.zeros(1, n as number, dtype),
            }));
            const optimizer = make();
            if (native) useNative(true, { threads });
            for (let t = 0; t < 4; t++) {
              for (const p of params) for (let i = 0; i < p.grad.size; i++) p.grad.data[i] = rng.normal() * (t + 1);
              optimizer.step(params);
            }
            const state = optimizer.getState!(params);
            useNative(false);
            return [...params.map((p) => p.value.data), ...Object.values(state.buffers).flatMap((list) => list.map((b) => b!))];
          };
          const [native, portable] = [run(true), run(false)];
          const what = `${name}, ${threads} thread(s)`;
          if (dtype === "float32" && name.startsWith("adam")) expectClose(native.map((a) => Array.from(a)), portable.map((a) => Array.from(a)), dtype, what);
          else expect(firstDifference(native, portable), what).toBe(null);
        }
      }
    });

    it(`${dtype}: Adam's weight decay alone (zero gradients) gives the portable path's bits (an audit helper: native float32 rounded the factor to float32 and decayed 0.063% less a step)`, () => {
      const run = (native: boolean) => {
        const rng = new Rng(4);
        const p = { name: "W", role: "weight" as const, value: random(1, 1001, rng, dtype), grad: Tensor.zeros(1, 1001, dtype) };
        const optimizer = new Adam({ learningRate: 0.003, weightDecay: 0.01 });
        if (native) useNative(true);
        for (let t = 0; t < 50; t++) optimizer.step([p]); // m and v stay 0: the step is the decay alone
        useNative(false);
        return p.value.data;
      };
      expect(firstDifference([run(true)], [run(false)])).toBe(null);
    });

    it(`${dtype}: training with every layer, loss and optimizer ends with the portable path's weights (${dtype === "float64" ? "bit for bit" : "to rounding"}), the same bits on 2 threads`, () => {
      const optimizers: Array<() => Optimizer> = [
        () => new SGD({ learningRate: 0.01 }),
        () => new SGD({ learningRate: 0.01, weightDecay: 0.01 }),
        () => new Momentum({ learningRate: 0.01, weightDecay: 0.01 }),
        () => new Adam({ learningRate: 0.003 }),
        () => new Adam({ learningRate: 0.003, weightDecay: 0.05 }),
      ];
      // the products past the native threshold (64 x 120 x 90 and more), every activation, dropout, L2
      const networks = [
        { loss: "softmaxCrossEntropy" as const, classes: 3, layers: () => [new Dense({ units: 90, activation: "relu", kernelRegularizer: l2(0.01) }), new Dropout({ rate: 0.2 }), new Dense({ units: 70, activation: "tanh" }), new Dense({ units: 3, activation: "softmax" })] },
        { loss: "binaryCrossEntropy" as const, classes: 2, layers: () => [new Dense({ units: 90, activation: "leakyRelu" }), new Dense({ units: 60, activation: "sigmoid" }), new Dense({ units: 1, activation: "sigmoid" })] },
        { loss: "meanSquaredError" as const, classes: 0, layers: () => [new Dense({ units: 90, activation: "relu" }), new Dense({ units: 50 }), new Dense({ units: 1 })] },
      ];
      for (const network of networks) {
        for (const [o, optimizer] of optimizers.entries()) {
          const train = () => {
            const rng = new Rng(2);
            const x = random(64, 120, rng, dtype);
            const y = Tensor.zeros(64, 1, dtype);
            for (let i = 0; i < 64; i++) y.data[i] = network.classes ? i % network.classes : x.data[i * 120]! * 0.5;
            const model = new Sequential({ inputSize: 120, dtype, seed: 4, layers: network.layers() }).compile({ loss: network.loss, optimizer: optimizer() });
            fit(model, x, y, { epochs: 3, batchSize: 32 });
            return model.getWeights();
          };
          const what = `${network.loss}, optimizer ${o}`;
          const flat = (ws: ReturnType<typeof train>) => [Object.values(ws).flatMap((rows) => rows.flat())];
          const portable = train();
          // a run that diverged would amplify rounding without bound: these must train sanely
          expect(flat(portable)[0]!.every((v) => Math.abs(v) < 100), `${what}: weights stay moderate`).toBe(true);
          useNative();
          const native = train();
          expectClose(flat(native), flat(portable), dtype, what);
          useNative(true, { threads: 2 });
          expect(train(), `${what}, 2 threads`).toEqual(native);
          useNative(false);
        }
      }
    });
  }
});
