import { spawnSync } from "node:child_process";
import { lstat, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { Sequential } from "../model/sequential.js";
import { Standardization } from "../data/standardization.js";
import { loadModelFile, saveModelFile, writeFileAtomic } from "../node/save-file.js";
import { l2 } from "../regularizers/l2.js";
import { fit } from "../train/fit.js";
import { type DType, Tensor } from "../tensor/tensor.js";
import { cloneModel, loadModel, MODEL_FORMAT_VERSION, saveModel } from "./model-file.js";

function trained(dtype: DType): Sequential {
  const model = new Sequential({
    inputSize: 2,
    dtype,
    seed: 5,
    layers: [
      new Dense({ units: 8, activation: "relu", kernelRegularizer: l2(0.1) }),
      new Dropout({ rate: 0.1 }),
      new Dense({ units: 1, activation: "sigmoid" }),
    ],
  });
  model.compile({ loss: "binaryCrossEntropy", optimizer: "adam" });
  const { x, y } = noisyCircle(64, 1);
  model.normalization = Standardization.fit(x);
  fit(model, x, y, { epochs: 5, batchSize: 16 });
  return model;
}

describe("model file", () => {
  for (const dtype of ["float32", "float64"] as const) {
    it(`load(save(m)) predicts bit-identically from raw inputs (${dtype})`, () => {
      const model = trained(dtype);
      const copy = loadModel(saveModel(model));
      const { x } = noisyCircle(50, 2);
      expect(copy.dtype).toBe(dtype);
      expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
      expect(copy.normalization!.toJSON()).toEqual(model.normalization!.toJSON());
      expect(copy.getWeights()).toEqual(model.getWeights());
      expect(copy.layers.map((l) => l.getConfig())).toEqual(model.layers.map((l) => l.getConfig()));
      expect(copy.trainingExamples).toBe(64);
    });
  }

  it("cloneModel converts float32 to float64", () => {
    const model = trained("float32");
    const copy = cloneModel(model, "float64");
    expect(copy.dtype).toBe("float64");
    expect(copy.getWeights()).toEqual(model.getWeights());
  });

  it("a corrupt, truncated, newer-version or mismatched file gets a clear error", () => {
    const text = saveModel(trained("float64"));
    expect(() => loadModel(text.slice(0, text.length / 2))).toThrow(/not valid JSON \(truncated or corrupt\?\)/);
    expect(() => loadModel("{]")).toThrow(/not valid JSON/);
    const file = JSON.parse(text);
    expect(() => loadModel({ ...file, version: MODEL_FORMAT_VERSION + 1 })).toThrow(
      `loadModel: the model file has format version ${MODEL_FORMAT_VERSION + 1}, newer than this nnlab reads (${MODEL_FORMAT_VERSION}); upgrade nnlab to load it`,
    );
    expect(() => loadModel({ ...file, format: "keras" })).toThrow('loadModel: format must be "nnlab-model"; received "keras"');
    expect(() => loadModel({ ...file, layers: [{ type: "conv2d", config: {} }] })).toThrow(/layers\[0\]\.type must be a known layer type .*; received "conv2d"/);
    const short = { ...file, weights: { ...file.weights, W1: { shape: [2, 8], values: [1, 2] } } };
    expect(() => loadModel(short)).toThrow("loadModel: weights.W1.values must be an array of 16 numbers; received 2");
    const nan = { ...file, weights: { ...file.weights, b2: { shape: [1, 1], values: [null] } } };
    expect(() => loadModel(nan)).toThrow("loadModel: weights.b2.values[0] must be a finite number; received null");
  });

  it("refuses a classifier with one class (or too few labels for its output): its predictions would have no label", () => {
    const file = JSON.parse(saveModel(trained("float64")));
    expect(loadModel({ ...file, classes: ["ham", "spam"] }).classes).toEqual(["ham", "spam"]);
    expect(() => loadModel({ ...file, classes: [0] })).toThrow(
      "loadModel: classes must be 2 distinct labels, one per class of the 1-unit output (P(class 1)); received [0]",
    );
    expect(() => loadModel({ ...file, classes: ["spam", "spam"] })).toThrow(/loadModel: classes must be 2 distinct labels/);
    expect(() => loadModel({ ...file, classes: [{}, 1] })).toThrow("loadModel: classes must be an array of labels (strings or numbers) or null; received [{},1]");
  });

  it("refuses a zero or negative standard deviation in the normalization, naming the entry", () => {
    const file = JSON.parse(saveModel(trained("float64")));
    const withStd = (std: unknown[]) => ({ ...file, normalization: { mean: file.normalization.mean, std } });
    expect(() => loadModel(withStd([file.normalization.std[0], 0]))).toThrow(
      "loadModel: normalization.std[1] must be a finite number > 0 (a feature constant in training is saved with std 1); received 0",
    );
    expect(() => loadModel(withStd([-1, 1]))).toThrow(/normalization\.std\[0\] must be a finite number > 0 .*; received -1/);
    expect(() => loadModel(withStd([1]))).toThrow(/loadModel: normalization must be \{ mean, std \} with 2 values each/);
    expect(() => loadModel({ ...file, normalization: { mean: [0, null], std: [1, 1] } })).toThrow("loadModel: normalization.mean[1] must be a finite number; received null");
  });

  it("refuses feature names that are not distinct strings, and weights the architecture has no place for (found by an audit helper)", () => {
    const file = JSON.parse(saveModel(trained("float64")));
    expect(() => loadModel({ ...file, featureNames: [1, 2] })).toThrow('loadModel: featureNames[0] must be a column name (a string), each name once; received 1');
    expect(() => loadModel({ ...file, featureNames: ["a", "a"] })).toThrow('loadModel: featureNames[1] must be a column name (a string), each name once; received "a"');
    expect(loadModel({ ...file, featureNames: ["a", "b"] }).featureNames).toEqual(["a", "b"]);
    // a first layer without its bias, in a file that still holds b1: predicting without it changed classes silently
    const noBias = { ...file, layers: file.layers.map((l: { type: string; config: Record<string, unknown> }, i: number) => (i === 0 ? { ...l, config: { ...l.config, useBias: false } } : l)) };
    expect(() => loadModel(noBias)).toThrow(/^loadModel: weights must be the architecture's weights alone \(W1, W2, b2\), not b1; received \["W1","b1","W2","b2"\]$/);
  });

  it("keeps what the outputs are after the loss is gone: a sigmoid regression is read back as one (it became a classifier)", () => {
    const model = new Sequential({ inputSize: 2, seed: 2, layers: [new Dense({ units: 3, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "meanSquaredError", optimizer: "sgd" });
    expect(model.predictsClasses()).toBe(false);
    const copy = loadModel(saveModel(model));
    expect(copy.outputKind).toBe("values");
    expect(copy.predictsClasses()).toBe(false);
    expect(loadModel(saveModel(trained("float64"))).predictsClasses()).toBe(true); // a sigmoid classifier stays one
    const file = JSON.parse(saveModel(model));
    expect(() => loadModel({ ...file, outputs: "labels" })).toThrow('loadModel: outputs must be "classes" or "values"; received "labels"');
  });

  it("keeps a target normalization per output (a two-output model saved, then refused at load)", () => {
    const model = new Sequential({ inputSize: 2, seed: 2, layers: [new Dense({ units: 3, activation: "tanh" }), new Dense({ units: 2 })] });
    model.targetNormalization = new Standardization([100, 200], [10, 20]);
    const { x } = noisyCircle(20, 3);
    const copy = loadModel(saveModel(model));
    expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    const file = JSON.parse(saveModel(model));
    expect(() => loadModel({ ...file, targetNormalization: { mean: [100], std: [10] } })).toThrow("loadModel: targetNormalization must be { mean, std } with 2 values each (one per output)");
  });

  it("a feature constant in training is saved with std 1 (centred, not scaled) and the model loads back", () => {
    const x = Tensor.from2D([[1, 0.1], [3, 0.1], [5, 0.1]]);
    const model = new Sequential({ inputSize: 2, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
    model.normalization = Standardization.fit(x);
    expect(Array.from(model.normalization.std)).toEqual([Math.sqrt(8 / 3), 1]);
    // The mean of three 0.1s is a few ulps off 0.1: centred, the column stays within rounding of 0 (not +-1).
    for (const row of model.normalization.transform(x).toArray()) expect(Math.abs(row[1]!)).toBeLessThan(1e-15);
    const copy = loadModel(saveModel(model));
    expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });

  it("writes atomically and loads back; a failed write leaves no file behind", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-"));
    const path = join(dir, "model.json");
    const model = trained("float64");
    await saveModelFile(model, path);
    expect(await readdir(dir)).toEqual(["model.json"]); // no temporary file left
    const copy = await loadModelFile(path);
    const { x } = noisyCircle(10, 3);
    expect(Array.from(copy.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    await writeFile(path, "{ truncated");
    await expect(loadModelFile(path)).rejects.toThrow(`${path}: loadModel: the model file is not valid JSON`);
    await expect(writeFileAtomic(join(dir, "missing", "m.json"), "x")).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(["model.json"]);
    // an overwrite replaces the whole file
    await writeFileAtomic(path, "new");
    expect(await readFile(path, "utf8")).toBe("new");
  });

  it("writes through a symbolic link to its file, and refuses a pipe or device (which a rename would replace)", async () => {
    // the link was replaced by a plain file and its target left as it was; /dev/full became a file, exit 0
    const dir = await mkdtemp(join(tmpdir(), "nnlab-link-"));
    await writeFile(join(dir, "real.onnx"), "old");
    await symlink(join(dir, "real.onnx"), join(dir, "link.onnx"));
    await writeFileAtomic(join(dir, "link.onnx"), "new");
    expect((await lstat(join(dir, "link.onnx"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "real.onnx"), "utf8")).toBe("new");
    // a named pipe of its own (a test must never aim at /dev: as root, a regression would replace a device)
    const pipe = join(dir, "pipe");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    await expect(writeFileAtomic(pipe, "x")).rejects.toThrow(`${pipe}: expected a file to write; received a named pipe (writing through a temporary file would replace it)`);
    expect((await lstat(pipe)).isFIFO()).toBe(true);
  });
});

describe("loadModel refuses a tampered file", () => {
  const file = () => JSON.parse(saveModel(trained("float64")));

  it("trainingExamples that is not a positive integer (m of the penalty lambda / (2m))", () => {
    for (const value of [0, -5, 1.5, "many"]) {
      expect(() => loadModel({ ...file(), trainingExamples: value })).toThrow(
        `loadModel: trainingExamples must be a positive integer (the training set's size) or null; received ${JSON.stringify(value)}`,
      );
    }
    expect(loadModel({ ...file(), trainingExamples: null }).trainingExamples).toBeNull();
  });

  it("a classifier's file with a target normalization (its probabilities would leave [0, 1])", () => {
    expect(() => loadModel({ ...file(), version: 2, targetNormalization: { mean: [5], std: [2] } })).toThrow(
      'loadModel: targetNormalization must be null for a classifier (only a regression\'s target is standardized); received {"mean":[5],"std":[2]}',
    );
  });

  it("useBias that is not a boolean, naming the layer", () => {
    const f = file();
    f.layers[0].config.useBias = "no";
    expect(() => loadModel(f)).toThrow('loadModel: layers[0] (dense): Dense: useBias must be true or false; received "no"');
  });

  it("a regularizer config without its strength (read as 0 before)", () => {
    const f = file();
    f.layers[0].config.kernelRegularizer = { type: "l2", lambda: 1 };
    expect(() => loadModel(f)).toThrow('loadModel: layers[0] (dense): regularizer: the "l2" config needs l2, a number >= 0, as saveModel writes it; received undefined');
    f.layers[0].config.kernelRegularizer = { type: "l1l2", l1: 0.1 };
    expect(() => loadModel(f)).toThrow('regularizer: the "l1l2" config needs l2');
  });

  it("a layer's bad config, naming loadModel and the layer", () => {
    const f = file();
    f.layers[1].config = null;
    expect(() => loadModel(f)).toThrow("loadModel: layers[1] (dropout): Dropout: rate must be in [0, 1); received undefined");
    f.layers[1].config = "rate 0.1";
    expect(() => loadModel(f)).toThrow('loadModel: layers[1].config must be an object (the layer\'s options); received "rate 0.1"');
  });
});
