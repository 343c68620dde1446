/**
 * How trials are scored and compared (sweeps, cross-validated points, improve, learning curves): a
 * regression by the data cost, in the target's units; a class-weighted classifier by the errors its loss
 * targets. Each case was found by an audit helper.
 */
import { describe, expect, it } from "vitest";
import { csvTextLoader, improve, learningCurveVerdict, parseSpec, rankTrials, runTrial, type TrialResult } from "../src/index.js";
import { Rng } from "../src/tensor/rng.js";

/** Prices in dollars from two features (a target far from unit scale). */
function pricesCsv(): string {
  const rng = new Rng(21);
  const rows = ["size,rooms,price"];
  for (let i = 0; i < 150; i++) {
    const size = 50 + 150 * rng.uniform();
    const rooms = 1 + Math.floor(5 * rng.uniform());
    rows.push(`${size.toFixed(1)},${rooms},${Math.round(40000 + 1500 * size + 8000 * rooms + 15000 * rng.normal())}`);
  }
  return rows.join("\n");
}

describe("regression trials", () => {
  it("are ranked by the dev data cost: a penalty in the score marked down the trials that regularize", () => {
    const trial = (index: number, devLoss: number, devDataLoss: number): TrialResult => ({ index, values: { lambda: index }, trainError: null, devError: null, trainLoss: devLoss, devLoss, trainDataLoss: devDataLoss, devDataLoss, epochs: 1, ms: 1 });
    // the audit's figures: L2 10 had a dev MSE of 5.07e8 plus a penalty of 3.38e8; no L2 had 6.46e8
    const ranked = rankTrials([trial(0, 6.46e8, 6.46e8), trial(1, 8.45e8, 5.07e8)]);
    expect(ranked.map((t) => t.index)).toEqual([1, 0]);
    // results saved before the data cost was kept are still ranked, by their whole cost
    const old = rankTrials([{ ...trial(0, 2, 2), devDataLoss: undefined }, { ...trial(1, 1, 1), devDataLoss: undefined }]);
    expect(old.map((t) => t.index)).toEqual([1, 0]);
  });

  it("cross-validated (--folds) standardize the target as the spec asks: it trained on the raw prices", async () => {
    const spec = (normalizeTarget: boolean) =>
      parseSpec({ name: "p", seed: 3, data: { source: "prices.csv", label: "price" }, normalizeTarget, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 40, batchSize: 32 } }, "test");
    const loader = csvTextLoader(pricesCsv(), "prices.csv");
    const standardized = await runTrial({ index: 0, values: {}, spec: spec(true), folds: 3 }, { loader });
    const raw = await runTrial({ index: 0, values: {}, spec: spec(false), folds: 3 }, { loader });
    // raw: Adam's steps of 0.03 leave the output near 0, far below prices of ~2.8e5 (an MSE near 1e11)
    expect(raw.devDataLoss!).toBeGreaterThan(1e10);
    expect(standardized.devDataLoss!).toBeLessThan(raw.devDataLoss! / 20);
    // and the same spec without folds is in the same units (a constant prediction costs the variance, ~2e9)
    expect(standardized.devDataLoss!).toBeLessThan(2e9);
  });

  it("learning curves give each set's R^2 against its own variance, from the data costs", () => {
    const points = [
      { size: 100, trainError: null, devError: null, trainLoss: 30, devLoss: 60 },
      { size: 200, trainError: null, devError: null, trainLoss: 40, devLoss: 50 },
      { size: 300, trainError: null, devError: null, trainLoss: 45, devLoss: 48 },
    ];
    // dev variance 1000, the last point's training rows' variance 900: R^2 0.95 on train, 0.952 on dev
    const verdict = learningCurveVerdict(points, { devExamples: 200, baseline: 0, constantCost: 1000, trainConstantCost: 900 });
    expect(verdict).toContain("R^2 0.95 on train, 0.952 on dev");
  });
});

/** 300 rows, about a tenth "yes" (a linear rule plus noise), and a spec with balanced class weights for them. */
function imbalanced() {
  const rng = new Rng(9);
  const rows = ["a,b,y"];
  for (let i = 0; i < 300; i++) {
    const [a, b] = [rng.normal(), rng.normal()];
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${a + 0.6 * b + 0.6 * rng.normal() > 1.6 ? "yes" : "no"}`);
  }
  const spec = parseSpec({ name: "imb", seed: 1, data: { source: "imb.csv", label: "y" }, classWeight: "balanced", model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 30, batchSize: 32 } }, "test");
  return { spec, loader: () => csvTextLoader(rows.join("\n"), "imb.csv") };
}

describe("class-weighted trials", () => {
  it("carry the balanced errors the weighted loss targets, which improve compares (it compared the plain ones)", async () => {
    const { spec, loader } = imbalanced();
    const r = await runTrial({ index: 0, values: {}, spec }, { loader: loader() });
    expect(r.targetErrors).toBeDefined();
    expect(r.targetErrors!.train).not.toBe(r.trainError);
    const plain = await runTrial({ index: 0, values: {}, spec: parseSpec({ ...spec, classWeight: undefined }, "test") }, { loader: loader() });
    expect(plain.targetErrors).toBeUndefined();
  });
});

describe("improve under class weights", () => {
  it("measures a step's noise on the examples the balanced error counts (the classes times the smallest), not on every dev row", async () => {
    const { spec, loader } = imbalanced();
    const result = await improve(spec, { loadData: loader(), trials: 8 });
    const step = result.steps[0];
    expect(step, result.end).toBeDefined();
    // the dev set's rows against the examples behind a balanced error: the noise figure is the latter's
    const devRows = 60; // 300 rows: auto split 60/20/20
    const plainNoise = Math.sqrt((Math.max(result.startScores.dev, 1 / devRows) * (1 - result.startScores.dev)) / devRows);
    expect(step!.noise).toBeGreaterThan(1.5 * plainNoise);
  });
});
