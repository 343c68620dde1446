/**
 * Models out, checked in the real runtimes: each exported model is loaded in ONNX Runtime (onnxruntime-web's
 * WebAssembly build, in Node) and in TensorFlow.js (tfjs-layers' loadLayersModel on the CPU backend), and
 * its predictions compared with nnlab's `model.predict` on raw (not normalized) inputs.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { loadLayersModel } from "@tensorflow/tfjs-layers";
import * as ort from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Activation, Dense, loadModel, NnlabError, parseSpec, runExperiment, saveModel, Sequential, Standardization, Tensor, toOnnx, toTfjs } from "../../src/index.js";
import { saveOnnxFile, saveTfjsFiles } from "../../src/node/index.js";
import { exportCases, maxRelativeDifference, maxScaledDifference } from "./models.js";

ort.env.wasm.numThreads = 1;

/** The ONNX file's outputs for raw inputs x. */
export async function runOnnx(bytes: Uint8Array, x: Tensor): Promise<Record<string, ort.Tensor>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const data = x.dtype === "float64" ? Float64Array.from(x.data) : Float32Array.from(x.data);
    return await session.run({ input: new ort.Tensor(x.dtype, data, [x.rows, x.cols]) });
  } finally {
    await session.release();
  }
}

/** A tfjs layers model from the model.json object and the weights.bin bytes, in memory. */
export async function loadTfjs(modelJson: { modelTopology: unknown; weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> }, weights: Uint8Array) {
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology as object, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData }));
}

const cases = exportCases();
const figures: string[] = [];
let folder: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  folder = await mkdtemp(join(tmpdir(), "nnlab-export-"));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  console.log(`export round trips (max relative difference to model.predict):\n  ${figures.join("\n  ")}`);
});

describe("ONNX export, run in ONNX Runtime", () => {
  for (const { name, model, x } of cases) {
    it(`${name}: the same probabilities or values, and labels`, async () => {
      const outputs = await runOnnx(toOnnx(model), x);
      const expected = model.predict(x);
      const classifier = model.classes !== null || name.startsWith("binary") || name.startsWith("softmax");
      const main = outputs[classifier ? "probabilities" : "predictions"]!;
      expect(main.dims).toEqual([x.rows, model.outputSize]);
      expect(main.type).toBe(model.dtype);
      const difference = maxRelativeDifference(main.data as Float32Array, expected.data);
      const scaled = maxScaledDifference(main.data as Float32Array, expected.data, model.outputSize);
      figures.push(`onnx ${name}: ${difference.toExponential(2)} (${scaled.toExponential(2)} of the column's largest value)`);
      if (model.dtype === "float64") expect(difference).toBeLessThan(1e-12);
      // float32: a regression value near 0 is a sum that cancels, and carries the rounding of its terms
      else expect(classifier ? difference : scaled).toBeLessThan(1e-6);
      if (classifier) {
        const labels = Array.from(outputs.label!.data as ArrayLike<string | number | bigint>, (v) => (typeof v === "bigint" ? Number(v) : v));
        expect(labels).toEqual(model.predictLabels(x));
        // the labels are not all one class: the comparison means something
        expect(new Set(labels).size).toBeGreaterThan(1);
      } else {
        expect(Object.keys(outputs)).toEqual(["predictions"]);
      }
    });
  }

  it("keeps the relative precision of small probabilities (logits from -30 to 30)", async () => {
    for (const dtype of ["float32", "float64"] as const) {
      const model = new Sequential({ inputSize: 1, dtype, layers: [new Dense({ units: 1, activation: "sigmoid" })] });
      model.setWeights({ W1: [[1]], b1: [[0]] });
      const x = Tensor.from2D(Array.from({ length: 61 }, (_, i) => [i - 30]), dtype);
      const outputs = await runOnnx(toOnnx(model), x);
      const difference = maxRelativeDifference(outputs.probabilities!.data as Float32Array, model.predict(x).data);
      figures.push(`onnx sigmoid tails ${dtype}: ${difference.toExponential(2)}`);
      expect(difference).toBeLessThan(dtype === "float64" ? 1e-12 : 1e-6);
    }
  });

  it("standardizes in double in a float32 graph: a year column's large mean costs no precision", async () => {
    // the float32 Sub of a float32 mean (2005.79 rounded by 1.1e-5) put ONNX 3.3e-6 off nnlab's predictions
    const model = new Sequential({ inputSize: 2, dtype: "float32", layers: [new Dense({ units: 6, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
    model.setWeights({
      W1: [[0.4, -0.3, 0.25, -0.35, 0.3, -0.2], [0.5, 0.2, -0.4, 0.3, -0.25, 0.35]],
      b1: [[0.1, -0.1, 0.05, 0, 0.2, -0.15]],
      W2: [[2], [-2], [1.5], [-1.5], [2], [-1]],
      b2: [[-3]],
    });
    model.normalization = new Standardization([2005.79, 20.13], [9.83, 3.07]);
    const rows = Array.from({ length: 300 }, (_, i) => [1990 + (i % 34), 14 + ((i * 7) % 13) * 0.97]);
    const x = Tensor.from2D(rows, "float32");
    const outputs = await runOnnx(toOnnx(model), x);
    const difference = maxRelativeDifference(outputs.probabilities!.data as Float32Array, model.predict(x).data);
    figures.push(`onnx float32 year column: ${difference.toExponential(2)}`);
    expect(difference).toBeLessThan(1e-6);
  });

  it("a trained float32 network: ONNX Runtime is as close to exact as nnlab's own float32 (the export audit, session 16)", async () => {
    // Trained weights push logits far from 0: two float32 evaluations that sum in different orders then
    // differ by a few 1e-6 relative (3.97e-6 in the audit), each as far from the exact result as the other.
    // The exact result: the same float32 weights evaluated in float64.
    const { model } = await runExperiment(parseSpec({ seed: 2, data: { source: "moons", n: 300, noise: 0.1 }, model: { dtype: "float32", hidden: [{ units: 32, activation: "tanh" }, { units: 32, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 200, batchSize: 32 } }), { recordFlow: false });
    const grid = Array.from({ length: 400 }, (_, i) => [-1.5 + 4 * ((i % 20) / 19), -1 + 2.5 * (Math.floor(i / 20) / 19)]);
    const x = Tensor.from2D(grid, "float32");
    const exact = loadModel(saveModel(model), { dtype: "float64" }).predict(Tensor.from2D(grid, "float64")).data;
    const onnx = (await runOnnx(toOnnx(model), x)).probabilities!.data as Float32Array;
    const ours = model.predict(x).data;
    const onnxError = maxRelativeDifference(onnx, exact);
    const oursError = maxRelativeDifference(ours, exact);
    figures.push(`onnx trained float32 against exact: ${onnxError.toExponential(2)} (nnlab's float32 ${oursError.toExponential(2)}; the two ${maxRelativeDifference(onnx, ours).toExponential(2)} apart)`);
    expect(Math.max(...Array.from(exact, (p) => Math.abs(Math.log(p / (1 - p)))))).toBeGreaterThan(10); // the premise: saturated
    expect(onnxError).toBeLessThan(Math.max(2 * oursError, 1e-6));
    expect(maxRelativeDifference(onnx, ours)).toBeLessThan(1e-5);
  });

  it("writes the file atomically from Node, and it loads from disk", async () => {
    const { model, x } = cases[2]!;
    const path = join(folder, "model.onnx");
    const written = await saveOnnxFile(model, path);
    const bytes = new Uint8Array(await readFile(path));
    expect(written.bytes).toBe(bytes.length);
    const outputs = await runOnnx(bytes, x);
    expect(Array.from(outputs.label!.data as string[])).toEqual(model.predictLabels(x));
  });
});

describe("TensorFlow.js export, loaded with loadLayersModel", () => {
  for (const { name, model, x } of cases) {
    it(`${name}: the same outputs, normalization folded into the first Dense layer`, async () => {
      const { modelJson, weights } = toTfjs(model);
      const loaded = await loadTfjs(modelJson, weights);
      const input = tf.tensor2d(Float32Array.from(x.data), [x.rows, x.cols]);
      const output = loaded.predict(input) as tf.Tensor;
      const expected = model.predict(x);
      expect(output.shape).toEqual([x.rows, model.outputSize]);
      const got = output.dataSync() as Float32Array;
      const difference = maxRelativeDifference(got, expected.data);
      const scaled = maxScaledDifference(got, expected.data, model.outputSize);
      figures.push(`tfjs ${name}: ${difference.toExponential(2)} (${scaled.toExponential(2)} of the column's largest value)`);
      tf.dispose([input, output]);
      loaded.dispose();
      // tfjs is float32 (a float64 model's weights and inputs are rounded) with the normalization folded in
      expect(model.classes !== null || !name.startsWith("regression") ? difference : scaled).toBeLessThan(1e-6);
    });
  }

  it("writes model.json and weights.bin into a folder that tfjs loads", async () => {
    const { model, x } = cases[0]!;
    const out = join(folder, "tfjs");
    const written = await saveTfjsFiles(model, out);
    expect(written.files).toEqual([join(out, "model.json"), join(out, "weights.bin")]);
    const modelJson = JSON.parse(await readFile(join(out, "model.json"), "utf8"));
    const loaded = await loadTfjs(modelJson, new Uint8Array(await readFile(join(out, "weights.bin"))));
    const output = loaded.predict(tf.tensor2d(Float32Array.from(x.data), [x.rows, x.cols])) as tf.Tensor;
    expect(maxRelativeDifference(output.dataSync() as Float32Array, model.predict(x).data)).toBeLessThan(1e-5);
  });
});

describe("what cannot be exported is refused with a reason", () => {
  it("a normalization before a nonlinearity cannot be folded for tfjs (ONNX keeps it in the graph)", () => {
    const model = new Sequential({ inputSize: 2, layers: [new Activation("tanh"), new Dense({ units: 1, activation: "sigmoid" })] });
    model.normalization = new Standardization([1, 2], [3, 4]);
    expect(() => toTfjs(model)).toThrow(/only be folded into a first Dense layer/);
    expect(toOnnx(model).length).toBeGreaterThan(0);
  });

  it("a custom layer type", () => {
    const model = new Sequential({ inputSize: 2, layers: [new Dense({ units: 1 })] });
    (model.layers as unknown as unknown[])[0] = { type: "custom", forward: () => null, build: () => 1, params: () => [] };
    expect(() => toOnnx(model)).toThrow(NnlabError);
    expect(() => toTfjs(model)).toThrow(/layers\[0\] \(type "custom"\) cannot be exported/);
  });
});
