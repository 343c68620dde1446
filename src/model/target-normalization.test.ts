/**
 * A regression target standardized while the network learns it (Sequential.targetNormalization): the
 * optimized cost is the standardized problem's, everything reported is in the target's units.
 */
import { describe, expect, it } from "vitest";
import {
  checkGradients,
  Dense,
  fit,
  l2,
  loadModel,
  parseSpec,
  runExperiment,
  saveModel,
  Sequential,
  SGD,
  Standardization,
  Tensor,
} from "../index.js";
import { Rng } from "../tensor/rng.js";
import { csvTextLoader } from "../experiment/data-source.js";

/** One input, one linear output: out = 0.5 x + 0.1, on a target with mean 10 and std 2. */
function tiny(l2Lambda = 0): Sequential {
  const model = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1, kernelRegularizer: l2Lambda ? l2(l2Lambda) : undefined })] });
  model.setWeights({ W1: [[0.5]], b1: [[0.1]] });
  model.compile({ loss: "meanSquaredError", optimizer: new SGD({ learningRate: 0.1 }) });
  model.targetNormalization = new Standardization([10], [2]);
  return model;
}

const x = Tensor.from2D([[1], [3]], "float64");
const y = Tensor.from2D([[12], [8]], "float64");

describe("target normalization, worked by hand", () => {
  // Standardized targets y' = (y - 10) / 2 = [1, -1]; outputs [0.6, 1.6]; errors [-0.4, 2.6].
  it("reports the cost in the target's units: the standardized MSE (3.46) times std^2 (4), which is the raw MSE", () => {
    const model = tiny();
    expect(model.costScale).toBe(4);
    expect(model.cost(x, y, { m: 2 })).toBeCloseTo(((-0.4) ** 2 + 2.6 ** 2) / 2 * 4, 14); // 13.84
    // the same figure from the raw predictions [11.2, 13.2] against [12, 8]: (0.64 + 27.04) / 2
    expect(Array.from(model.predict(x).data)).toEqual([expect.closeTo(11.2, 14), expect.closeTo(13.2, 14)]);
    expect(model.evaluate(x, y, { m: 2 }).dataLoss).toBeCloseTo((0.8 ** 2 + 5.2 ** 2) / 2, 12);
  });

  it("fills the standardized problem's gradients: dW = (2/m) sum(e x) = 7.4, db = 2.2; L2 0.3 adds (lambda/m) W = 0.075", () => {
    const plain = tiny();
    plain.computeGradients(x, y, { m: 2 });
    const [w, b] = plain.params();
    expect(w!.grad.data[0]).toBeCloseTo(-0.4 * 1 + 2.6 * 3, 14);
    expect(b!.grad.data[0]).toBeCloseTo(-0.4 + 2.6, 14);

    const penalized = tiny(0.3);
    const cost = penalized.computeGradients(x, y, { m: 2 });
    // penalty lambda / (2m) W^2 = 0.3 / 4 * 0.25 = 0.01875, reported times 4
    expect(penalized.lastRegularizationLoss).toBeCloseTo(0.075, 14);
    expect(cost).toBeCloseTo(13.84 + 0.075, 12);
    expect(penalized.params()[0]!.grad.data[0]).toBeCloseTo(7.4 + 0.075, 14);
  });

  it("one SGD step moves the weights by the standardized gradient, not by std^2 times it", () => {
    const model = tiny();
    fit(model, x, y, { epochs: 1, batchSize: "full", shuffle: false });
    expect(model.getWeights().W1![0]![0]).toBeCloseTo(0.5 - 0.1 * 7.4, 14);
    expect(model.getWeights().b1![0]![0]).toBeCloseTo(0.1 - 0.1 * 2.2, 14);
  });
});

describe("target normalization under the gradient check", () => {
  function network(): { model: Sequential; x: Tensor; y: Tensor } {
    const rng = new Rng(5);
    const model = new Sequential({
      inputSize: 3,
      dtype: "float64",
      seed: 3,
      layers: [new Dense({ units: 6, activation: "tanh", kernelRegularizer: l2(0.7) }), new Dense({ units: 1, kernelRegularizer: l2(0.7) })],
    });
    model.compile({ loss: "meanSquaredError", optimizer: new SGD({ learningRate: 0.01 }) });
    const x = Tensor.zeros(9, 3, "float64");
    for (let i = 0; i < x.size; i++) x.data[i] = rng.normal();
    const y = Tensor.zeros(9, 1, "float64");
    for (let i = 0; i < 9; i++) y.data[i] = 293 + 6 * Math.sin(x.data[3 * i]!) + rng.normal();
    model.targetNormalization = Standardization.fit(y);
    return { model, x, y };
  }

  it("passes: the gradients are those of the reported cost over costScale", () => {
    const { model, x, y } = network();
    const report = checkGradients(model, x, y);
    expect(model.costScale).toBeGreaterThan(1);
    expect(report.verdict).toBe("pass");
    expect(report.difference).toBeLessThan(1e-7);
  });

  it("differs from the reported cost's own derivative by exactly costScale (so the check is not vacuous)", () => {
    const { model, x, y } = network();
    model.computeGradients(x, y);
    const w = model.params()[2]!; // W2
    const analytic = w.grad.data[0]!;
    const eps = 1e-6;
    const at = w.value.data[0]!;
    w.value.data[0] = at + eps;
    const up = model.cost(x, y);
    w.value.data[0] = at - eps;
    const down = model.cost(x, y);
    w.value.data[0] = at;
    const numeric = (up - down) / (2 * eps);
    expect(numeric / analytic).toBeCloseTo(model.costScale, 4);
  });
});

describe("target normalization travels with the model", () => {
  it("is saved (format version 2) and loaded: the loaded model predicts in the target's units", () => {
    const model = tiny();
    const text = saveModel(model);
    const file = JSON.parse(text);
    expect(file.version).toBe(2);
    expect(file.targetNormalization).toEqual({ mean: [10], std: [2] });
    const loaded = loadModel(text);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    // a model without one stays version 1, readable by nnlab before it
    const plain = tiny();
    plain.targetNormalization = null;
    expect(JSON.parse(saveModel(plain)).version).toBe(1);
  });

  it("refuses a corrupt one in a model file in one line", () => {
    const file = JSON.parse(saveModel(tiny()));
    file.targetNormalization.std = [0];
    expect(() => loadModel(JSON.stringify(file))).toThrow(/^loadModel: targetNormalization\.std\[0\] must be a finite number > 0; received 0$/);
  });
});

describe("normalizeTarget in a spec", () => {
  // prices in dollars from two features: the case the option exists for
  const rows = ["size,rooms,price"];
  const rng = new Rng(8);
  for (let i = 0; i < 240; i++) {
    const size = 50 + 150 * rng.uniform();
    const rooms = 1 + Math.floor(5 * rng.uniform());
    rows.push(`${size.toFixed(1)},${rooms},${Math.round(40000 + 1500 * size + 8000 * rooms + 15000 * rng.normal())}`);
  }
  const csv = rows.join("\n");
  const spec = (normalizeTarget: boolean) =>
    parseSpec({ name: "prices", seed: 2, data: { source: "prices.csv", label: "price" }, normalizeTarget, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 60, batchSize: 32 } }, "test");

  it("trains prices in dollars with SGD 0.01 that blow up raw, and the doctor names the raw target", async () => {
    const raw = await runExperiment(spec(false), { loadData: csvTextLoader(csv, "prices.csv"), recordFlow: false });
    expect(raw.diagnosis.causes[0]?.id).toBe("target-not-normalized");
    expect(raw.diagnosis.causes[0]!.advice.join(" ")).toMatch(/"normalizeTarget": true/);

    const standardized = await runExperiment(spec(true), { loadData: csvTextLoader(csv, "prices.csv"), recordFlow: false });
    const r2 = (standardized.metrics.dev as { r2: number }).r2;
    expect(r2).toBeGreaterThan(0.8);
    expect(standardized.diagnosis.causes.map((c) => c.id)).not.toContain("target-not-normalized");
    // the dev cost is the raw MSE of the dev predictions (the target's units)
    const devPredictions = standardized.model.predict(standardized.split.dev!.x);
    const target = standardized.split.dev!.y.data;
    let sum = 0;
    for (let i = 0; i < target.length; i++) sum += (devPredictions.data[i]! - target[i]!) ** 2;
    expect(standardized.dev!.dataLoss).toBeCloseTo(sum / target.length, 6);
  });

  it("is not named the cause where the scale did no measured harm: a large spread around a small mean (outliers, where standardizing did not help)", async () => {
    // an audit helper's case: y = 3 x1 - 2 x2 + noise, 10 of 800 rows moved by +-500 (mean ~1, std ~69)
    const rng = new Rng(4);
    const lines = ["x1,x2,y"];
    for (let i = 0; i < 800; i++) {
      const [a, b] = [rng.normal(), rng.normal()];
      const outlier = i % 80 === 7 ? (i % 160 === 7 ? 500 : -500) : 0;
      lines.push(`${a.toFixed(4)},${b.toFixed(4)},${(3 * a - 2 * b + 0.5 * rng.normal() + outlier).toFixed(4)}`);
    }
    const outliers = parseSpec({ name: "o", seed: 1, data: { source: "o.csv", label: "y" }, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } }, "test");
    const r = await runExperiment(outliers, { loadData: csvTextLoader(lines.join("\n"), "o.csv"), recordFlow: false });
    expect(r.evidence.target!.std).toBeGreaterThan(30);
    expect(r.evidence.cost.initial).toBeLessThan(3 * r.evidence.cost.constant); // no measured harm of the scale
    expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("target-not-normalized");
    // a sine of amplitude 100 on one feature (mean ~0, std ~70): no measured harm of the scale either (the
    // initial cost near a constant prediction's); standardizing helps there, but that is for a probe to show
    const sine = ["x,y"];
    for (let i = 0; i < 800; i++) {
      const x = -3 + 6 * rng.uniform();
      sine.push(`${x.toFixed(4)},${(100 * Math.sin(x) + 5 * rng.normal()).toFixed(4)}`);
    }
    const one = await runExperiment({ ...outliers, data: { ...outliers.data, source: "one.csv" } }, { loadData: csvTextLoader(sine.join("\n"), "one.csv"), recordFlow: false });
    expect(one.evidence.cost.initial).toBeLessThan(3 * one.evidence.cost.constant);
    expect(one.diagnosis.causes.map((c) => c.id)).not.toContain("target-not-normalized");
  });

  it("is left unused on classification data, with a warning (one spec can move between tasks, as the page's does)", async () => {
    const labels = ["a,b,label", ...Array.from({ length: 40 }, (_, i) => `${i % 7},${i % 3},${i % 2 ? "yes" : "no"}`)].join("\n");
    const classification = parseSpec({ name: "c", data: { source: "c.csv", label: "label" }, normalizeTarget: true, model: { hidden: [] }, training: { epochs: 2 } }, "test");
    const result = await runExperiment(classification, { loadData: csvTextLoader(labels, "c.csv"), recordFlow: false });
    expect(result.model.targetNormalization).toBeNull();
    expect(result.split.warnings).toContain("normalizeTarget is for a regression target; this data has class labels (binary), which are not scaled: it is not used");
  });
});
