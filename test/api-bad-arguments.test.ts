/**
 * Bad arguments at the library's public entry points (an audit of the API): each gets an NnlabError that
 * says what was expected and what was received, never a TypeError from deep inside nor a silent wrong
 * result. Each case failed before its fix.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildExperiment,
  checkLayer,
  checkSameDistribution,
  cloneModel,
  crossValidate,
  Dense,
  Dropout,
  fit,
  generate,
  jitter,
  kFold,
  l2,
  loadModel,
  makeDataset,
  modelMetrics,
  NnlabError,
  parseSpec,
  runExperiment,
  saveModel,
  Sequential,
  SGD,
  split,
  Standardization,
  Tensor,
} from "../src/index.js";
import { loadCsv, loadCsvFile, useKernels } from "../src/node/index.js";
import { nnlabError } from "./support/refuses.js";

const x = Tensor.from2D([[0.1, 0.2], [0.5, -0.3], [-0.4, 0.8], [0.9, 0.1]]);
const y = Tensor.column([0, 1, 0, 1]);
const rows = [[0.1, 0.2], [0.5, -0.3], [-0.4, 0.8], [0.9, 0.1]];

function model(): Sequential {
  const m = new Sequential({ inputSize: 2, seed: 1, dtype: "float64", layers: [new Dense({ units: 3, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
  return m.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
}


async function nnlabRejection(f: () => Promise<unknown>): Promise<NnlabError> {
  let error: unknown;
  try {
    await f();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(NnlabError);
  return error as NnlabError;
}

const bad = <T>(value: unknown): T => value as T;

describe("a layer object belongs to one model", () => {
  it("refuses the same layer twice in one model (its gradients were wrong)", () => {
    const d = new Dense({ units: 2, activation: "tanh" });
    expect(nnlabError(() => new Sequential({ inputSize: 2, layers: [d, d, new Dense({ units: 1 })] })).message).toBe(
      "Sequential: layers[1] is the same layer object as layers[0]; create a new one (a layer holds its own weights)",
    );
  });

  it("refuses a Dropout after the output layer (an audit helper: it dropped outputs, and cross-entropy 'diverged' blaming the learning rate)", () => {
    const layers = () => [new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" }), new Dropout({ rate: 0.5 })];
    expect(nnlabError(() => new Sequential({ inputSize: 2, layers: layers() })).message).toBe(
      "Sequential: expected the output layer last (dropout drops hidden units, never outputs); received a dropout layer as layers[2], after the output layer: put it before the output layer, or remove it",
    );
    // between hidden layers it is what the notes use
    const [hidden, output, dropout] = layers();
    expect(() => new Sequential({ inputSize: 2, layers: [hidden!, dropout!, output!] })).not.toThrow();
  });

  it("refuses a layer of another model, which leaves that model's predictions as they were", () => {
    const hidden = new Dense({ units: 4, activation: "tanh" });
    const a = new Sequential({ inputSize: 2, seed: 1, dtype: "float64", layers: [hidden, new Dense({ units: 1, activation: "sigmoid" })] });
    const before = a.predict(x).toArray();
    expect(nnlabError(() => new Sequential({ inputSize: 2, seed: 5, dtype: "float64", layers: [new Dense({ units: 3 }), hidden] })).message).toBe(
      "Sequential: layers[1] already belongs to another model; create a new one (building it here would overwrite that model's weights)",
    );
    expect(a.predict(x).toArray()).toEqual(before);
  });

  it("saveModel and cloneModel name a missing model", () => {
    expect(nnlabError(() => saveModel(null as never)).message).toBe("saveModel: model must be a Sequential model; received null");
    expect(nnlabError(() => saveModel({} as never)).message).toBe("saveModel: model must be a Sequential model; received an object (Object)");
    expect(nnlabError(() => cloneModel(null as never)).message).toBe("cloneModel: model must be a Sequential model; received null");
  });

  it("cloneModel, loadModel and the experiment builder still build models of fresh layers", () => {
    const m = model();
    fit(m, x, y, { epochs: 2 });
    expect(cloneModel(m).predict(x).toArray()).toEqual(m.predict(x).toArray());
    expect(loadModel(saveModel(m)).predict(x).toArray()).toEqual(m.predict(x).toArray());
    const spec = parseSpec({ data: { source: "moons" }, model: { hidden: [{ units: 3, activation: "relu" }] }, training: { epochs: 1 } });
    const loaded = { data: generate("moons", { n: 60, seed: 1 }), source: "moons", dropped: 0 };
    const first = buildExperiment(spec, loaded);
    const second = buildExperiment(spec, loaded);
    expect(second.model.predict(first.test.x).toArray()).toEqual(first.model.predict(first.test.x).toArray());
  });
});

describe("Dense regularizers are checked when the layer is made (fit said 'p.regularizer.penalty is not a function')", () => {
  it.each([
    [0.7, "0.7"],
    ["l2", '"l2"'],
    [{ l2: 0.7 }, "an object (Object)"],
  ])("kernelRegularizer %j", (value, shown) => {
    expect(nnlabError(() => new Dense({ units: 3, kernelRegularizer: bad(value) })).message).toBe(
      `Dense: kernelRegularizer must be a Regularizer such as l2(0.7), l1(0.01) or l1l2({ l1, l2 }); received ${shown}`,
    );
  });

  it("biasRegularizer too; l2(0.7) is accepted", () => {
    expect(nnlabError(() => new Dense({ units: 3, biasRegularizer: bad(0.1) })).message).toBe(
      "Dense: biasRegularizer must be a Regularizer such as l2(0.7), l1(0.01) or l1l2({ l1, l2 }); received 0.1",
    );
    expect(() => new Dense({ units: 3, kernelRegularizer: l2(0.7), biasRegularizer: l2(0.1) })).not.toThrow();
  });
});

describe("NnlabErrors, not TypeErrors, at the entry points", () => {
  it("predict, predictLabels, evaluate", () => {
    const m = model();
    expect(nnlabError(() => m.predict(bad(undefined))).message).toBe("predict: x must be a Tensor; received undefined");
    expect(nnlabError(() => m.predict(bad(null))).message).toBe("predict: x must be a Tensor; received null");
    expect(nnlabError(() => m.predictLabels(bad(undefined))).message).toBe("predictLabels: x must be a Tensor; received undefined");
    expect(nnlabError(() => m.evaluate(bad(rows), y)).message).toBe(
      "evaluate: x must be a Tensor (Tensor.from2D(rows) or Tensor.column(values) makes one); received an array of length 4",
    );
  });

  it("fit: the model, callbacks and augment", () => {
    expect(nnlabError(() => fit(bad(undefined), x, y, { epochs: 1 })).message).toBe("fit: model must be a Sequential model; received undefined");
    expect(nnlabError(() => fit(model(), x, y, { epochs: 1, callbacks: bad({ onEpochEnd() {} }) })).message).toBe(
      "fit: callbacks must be an array of callbacks, e.g. [new EarlyStopping({ patience: 10 })]; received an object (Object)",
    );
    expect(nnlabError(() => fit(model(), x, y, { epochs: 1, callbacks: [bad(null)] })).message).toBe(
      "fit: callbacks[0] must be a callback (an object with onEpochEnd, ...); received null",
    );
    expect(nnlabError(() => fit(model(), x, y, { epochs: 1, callbacks: [bad({ onEpochEnd: 1 })] })).message).toBe(
      "fit: callbacks[0].onEpochEnd must be a function; received 1",
    );
    expect(nnlabError(() => fit(model(), x, y, { epochs: 1, augment: bad("jitter") })).message).toBe(
      'fit: augment must be an Augmentation such as jitter({ std: 0.1 }) or randomFlip({ height, width }); received "jitter"',
    );
    // what was accepted still is
    expect(fit(model(), x, y, { epochs: 2, callbacks: [{}], augment: jitter({ std: 0.01 }) }).get("loss")).toHaveLength(2);
  });

  it("split, Standardization, makeDataset", () => {
    const dataset = "split: data must be a Dataset { x, y, ... } (makeDataset(x, y) makes one); received";
    expect(nnlabError(() => split(bad(null))).message).toBe(`${dataset} null`);
    expect(nnlabError(() => split(bad(rows))).message).toBe(`${dataset} an array of length 4`);
    const source = "source must be a Tensor (the training inputs; Tensor.from2D(rows) makes one) or a Dataset (makeDataset(x, y)); received";
    expect(nnlabError(() => Standardization.fit(bad(rows))).message).toBe(`Standardization.fit: ${source} an array of length 4`);
    expect(nnlabError(() => Standardization.fit(bad(null))).message).toBe(`Standardization.fit: ${source} null`);
    expect(nnlabError(() => Standardization.fit(x).transform(bad(rows))).message).toBe(
      "Standardization.transform: x must be a Tensor (Tensor.from2D(rows) or Tensor.column(values) makes one); received an array of length 4",
    );
    expect(nnlabError(() => makeDataset(bad(rows), bad([[0], [1], [0], [1]]))).message).toBe(
      "makeDataset: x must be a Tensor (Tensor.from2D(rows) or Tensor.column(values) makes one); received an array of length 4",
    );
    expect(nnlabError(() => makeDataset(bad({ x, y }), bad(undefined))).message).toBe(
      "makeDataset: (x, y): two Tensors, not one object { x, y }; received an object (Object)",
    );
  });

  it("crossValidate, kFold, checkSameDistribution", () => {
    const moons = generate("moons", { n: 40, seed: 1 });
    expect(nnlabError(() => crossValidate(() => model(), bad(x), { k: 2, fit: { epochs: 1 } })).message).toBe(
      "crossValidate: data must be a Dataset { x, y, ... } (makeDataset(x, y) makes one); received an object (Tensor)",
    );
    expect(nnlabError(() => crossValidate(() => bad(undefined), moons, { k: 2, fit: { epochs: 1 } })).message).toBe(
      "crossValidate: build(0)'s result must be a Sequential model; received undefined",
    );
    expect(nnlabError(() => kFold(-1, 2)).message).toBe("kFold: n (the number of examples) must be an integer >= 2; received -1");
    expect(nnlabError(() => checkSameDistribution(bad(null), moons)).message).toBe(
      "checkSameDistribution: a must be a Dataset { x, y, ... } (makeDataset(x, y) makes one); received null",
    );
  });

  it("checkLayer, Dropout.setFixedMask", () => {
    expect(nnlabError(() => checkLayer(bad(null), { inputSize: 2 })).message).toBe(
      "checkLayer: layer must be a Layer (build, forward, backward, params), e.g. new Dense({ units: 3 }); received null",
    );
    expect(nnlabError(() => checkLayer(new Dense({ units: 2 }), bad({}))).message).toBe(
      "checkLayer: options.inputSize (the layer's input features) must be a positive integer; received undefined",
    );
    // a model's own layer: checking it rebuilt it, and the trained model's predictions changed silently
    const m = model();
    fit(m, x, y, { epochs: 5 });
    const before = m.predict(x).toArray();
    expect(nnlabError(() => checkLayer(m.layers[0]!, { inputSize: 2 })).message).toMatch(/^checkLayer: expected an unbuilt layer; received one that belongs to a model/);
    expect(m.predict(x).toArray()).toEqual(before);
    expect(nnlabError(() => new Dropout({ rate: 0.5 }).setFixedMask(bad(rows))).message).toBe(
      "Dropout.setFixedMask: mask must be a Tensor (Tensor.from2D(rows) or Tensor.column(values) makes one); received an array of length 4",
    );
  });

  it("modelMetrics says y has the wrong number of rows itself (confusionMatrix said it)", () => {
    expect(nnlabError(() => modelMetrics(model(), x, Tensor.column([1]))).message).toBe(
      "modelMetrics: y must have one row per example of x (4); received 1 rows",
    );
  });

  it("runExperiment and buildExperiment say what they expect (\"reading 'ratios'\", \"reading 'part'\")", async () => {
    expect((await nnlabRejection(() => runExperiment(bad({ data: { source: "moons" } })))).message).toBe(
      'runExperiment: spec must be a spec from parseSpec, e.g. parseSpec({ data: { source: "moons" } }), which fills in the defaults; received an object (Object)',
    );
    const spec = parseSpec({ data: { source: "moons" } });
    expect(nnlabError(() => buildExperiment(spec, bad(generate("moons", { n: 40, seed: 1 })))).message).toBe(
      'buildExperiment: loaded must be the spec\'s loaded data { data: Dataset, source } (from loadExperimentData(spec)), not a Dataset: wrap it as { data: dataset, source: "my data", dropped: 0 }; received an object (Object)',
    );
  });
});

describe("nnlab/node", () => {
  const folder = mkdtempSync(join(tmpdir(), "nnlab-api-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("loadCsv words a missing file and a folder as loadCsvFile does (raw ENOENT / EISDIR before)", async () => {
    const missing = join(folder, "nope.csv");
    expect((await nnlabRejection(() => loadCsv(missing))).message).toBe(`${missing}: no such data file`);
    expect((await nnlabRejection(() => loadCsv(folder))).message).toBe(`${folder}: expected a CSV file; received a folder`);
  });

  it("loadCsv refuses a binary file as loadCsvFile does (it read the NULs as text: 'expected at least 2 columns')", async () => {
    const binary = join(folder, "image.csv");
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const message = `${binary}:3: not a CSV file: a NUL byte at byte 8 (binary data, or text not saved as UTF-8)`;
    expect((await nnlabRejection(() => loadCsv(binary))).message).toBe(message);
    expect((await nnlabRejection(() => loadCsvFile(binary))).message).toBe(message);
  });

  it('useKernels refuses a choice other than "auto", "native" or "portable" ("gpu" ran as "auto")', () => {
    expect(nnlabError(() => useKernels(bad("gpu"))).message).toBe('useKernels: kernels must be "auto", "native" or "portable"; received "gpu"');
  });
});

describe("onNonFinite, as its documentation says", () => {
  it("puts back the weights of the lowest-cost epoch, not those at the start of the epoch that blew up", () => {
    const m = new Sequential({ inputSize: 2, seed: 1, dtype: "float64", layers: [new Dense({ units: 1 })] });
    m.compile({ loss: "meanSquaredError", optimizer: new SGD({ learningRate: 0.05 }) });
    const starts: number[][][] = [];
    const record = { onEpochBegin: (s: { epoch: number }) => void (starts[s.epoch] = m.params().map((p) => Array.from(p.value.data))) };
    const history = fit(m, Tensor.from2D([[1, 2], [2, 1], [3, 4], [4, 3], [5, 5]]), Tensor.column([1, 2, 3, 4, 5]), {
      epochs: 2000,
      batchSize: "full",
      onNonFinite: "stop",
      stopOnDivergence: false,
      callbacks: [record],
    });
    const losses = history.get("loss");
    const lowest = losses.reduce((best, v, i) => (v < losses[best]! ? i : best), 0);
    expect(history.stop?.reason).toBe("nonFiniteCost");
    expect(history.stop?.restoredEpoch).toBe(lowest);
    const weights = m.params().map((p) => Array.from(p.value.data));
    expect(weights).toEqual(starts[lowest]);
    expect(weights).not.toEqual(starts[history.stop!.epoch]);
  });
});
