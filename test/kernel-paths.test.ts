/**
 * Training gives the same model whichever kernels run: the fast path (WebAssembly products, per-dtype
 * TypeScript) against the portable reference kernels, and the fast path against itself (same seed, same
 * bits). Float64 must agree bit for bit (every path sums in the same order); float32 to rounding.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Dense, Dropout, type DType, fit, Sequential, Tensor } from "../src/index.js";
import { setKernelMode } from "../src/tensor/kernels.js";
import { noisyCircle } from "./support/toy-data.js";

afterEach(() => setKernelMode("auto"));

function train(dtype: DType, kernels: "auto" | "portable"): Record<string, number[][]> {
  setKernelMode(kernels);
  const { x, y } = noisyCircle(150, 5);
  const model = new Sequential({
    inputSize: 2,
    dtype,
    seed: 3,
    layers: [
      new Dense({ units: 24, activation: "relu" }),
      new Dropout({ rate: 0.1 }),
      new Dense({ units: 7, activation: "tanh" }),
      new Dense({ units: 1, activation: "sigmoid" }),
    ],
  }).compile({ loss: "binaryCrossEntropy", optimizer: "adam" });
  fit(model, x.clone(dtype), y.clone(dtype), { epochs: 40, batchSize: 32 });
  return model.getWeights();
}

function softmaxTrain(dtype: DType, kernels: "auto" | "portable"): Record<string, number[][]> {
  setKernelMode(kernels);
  const { x } = noisyCircle(96, 9);
  const wide = Tensor.zeros(96, 37, dtype); // odd widths: partial tiles everywhere
  for (let i = 0; i < 96; i++) for (let j = 0; j < 37; j++) wide.set(i, j, Math.sin(x.get(i, 0) * (j + 1)) + x.get(i, 1) * j * 0.01);
  const y = Tensor.zeros(96, 1, dtype);
  for (let i = 0; i < 96; i++) y.data[i] = (i * 7) % 5;
  const model = new Sequential({
    inputSize: 37,
    dtype,
    seed: 1,
    layers: [new Dense({ units: 33, activation: "relu" }), new Dense({ units: 5, activation: "softmax" })],
  }).compile({ loss: "softmaxCrossEntropy", optimizer: "sgd" });
  fit(model, wide, y, { epochs: 15, batchSize: 16 });
  return model.getWeights();
}

function maxRelativeDifference(a: Record<string, number[][]>, b: Record<string, number[][]>): number {
  let worst = 0;
  for (const name of Object.keys(a)) {
    a[name]!.flat().forEach((v, i) => {
      const w = b[name]!.flat()[i]!;
      worst = Math.max(worst, Math.abs(v - w) / Math.max(1e-3, Math.abs(w)));
    });
  }
  return worst;
}

describe("training agrees across kernel paths", () => {
  for (const run of [train, softmaxTrain]) {
    it(`${run.name}: float64 bit for bit, fast vs portable`, () => {
      expect(run("float64", "auto")).toEqual(run("float64", "portable"));
    });

    it(`${run.name}: float32 to rounding, fast vs portable`, () => {
      expect(maxRelativeDifference(run("float32", "auto"), run("float32", "portable"))).toBeLessThan(1e-3);
    });

    it(`${run.name}: same seed, same bits (float32 fast path twice)`, () => {
      expect(run("float32", "auto")).toEqual(run("float32", "auto"));
    });
  }
});
