/**
 * A healthy regression's summary quotes its R^2 (an examiner: "most of the targets' variance explained on
 * train and dev alike" was printed above a dev R^2 of -0.126, a target of pure noise with its baselineError
 * given), and says where the model does worse than the mean.
 */
import { describe, expect, it } from "vitest";
import { makeDataset, parseSpec, Rng, runExperiment, Tensor } from "../../src/index.js";

describe("a healthy regression's summary", () => {
  it("quotes R^2 on train and dev, and says what makes a low one healthy", async () => {
    const rng = new Rng(7);
    const x = Tensor.zeros(300, 4, "float64");
    x.data.forEach((_, i) => (x.data[i] = rng.normal()));
    const y = Tensor.column(Array.from({ length: 300 }, () => rng.normal()), "float64");
    const data = makeDataset(x, y, { task: "regression" });
    const spec = parseSpec({ seed: 1, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 150, batchSize: 32 }, baselineError: 0.95 });
    const r = await runExperiment(spec, { data: { data, source: "noise", dropped: 0 }, recordFlow: false });
    expect(r.diagnosis.healthy).toBe(true);
    const r2 = (u: number) => Number((1 - u).toPrecision(3));
    expect(r.diagnosis.summary).toContain(`R^2 ${r2(r.evidence.errors.trainUnexplained!)} on train, ${r2(r.evidence.errors.devUnexplained!)} on dev`);
    expect(r.diagnosis.summary).not.toContain("most of the targets' variance explained");
    expect(r.diagnosis.summary).toContain("the baseline given leaves 95.0% of the variance unexplained at best");
    if (r.evidence.errors.devUnexplained! > 1) expect(r.diagnosis.summary).toContain("on dev the model does worse than predicting the mean");
  });

  it("a good fit keeps 'most of the variance explained', with its figures", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "plane", n: 200 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: "full" } });
    const r = await runExperiment(spec, { recordFlow: false });
    expect(r.diagnosis.healthy).toBe(true);
    // the curve as it ended (an improve audit: "the cost fell and settled" was said of every healthy run; this
    // one's training cost fell 24% over its last fifth)
    const fall = r.evidence.cost.shape.recentFall;
    expect(fall).toBeGreaterThan(0.02);
    expect(r.diagnosis.summary).toMatch(/^healthy: no cause found \(R\^2 0\.9\d* on train, 0\.9\d* on dev: most of the targets' variance explained on train and dev alike; the training cost still falling \((\d+\.\d)% over the last fifth of the run\)\)$/);
    expect(r.diagnosis.summary).toContain(`still falling (${(100 * fall).toFixed(1)}% over`);
  });

  it("says the cost fell and settled only where it did, and that it rose where it rose", async () => {
    const rising = await runExperiment(parseSpec({ seed: 1, data: { source: "plane", n: 200 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.03 }, training: { epochs: 1000, batchSize: "full" } }), { recordFlow: false });
    expect(rising.diagnosis.healthy).toBe(true);
    expect(rising.evidence.cost.shape.recentFall).toBeLessThan(-0.02);
    expect(rising.diagnosis.summary).toMatch(/; the training cost up \d+\.\d% over the last fifth of the run\)$/);
    // a noisy target fitted as far as it goes: settled
    const rng = new Rng(3);
    const x = Tensor.zeros(400, 2, "float64");
    x.data.forEach((_, i) => (x.data[i] = rng.normal()));
    const y = Tensor.column(Array.from({ length: 400 }, (_, i) => x.data[2 * i]! + 0.5 * rng.normal()), "float64");
    const settled = await runExperiment(parseSpec({ seed: 1, model: { hidden: [{ units: 4, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400, batchSize: "full" }, baselineError: 0.2 }), { data: { data: makeDataset(x, y, { task: "regression" }), source: "noisy line", dropped: 0 }, recordFlow: false });
    expect(Math.abs(settled.evidence.cost.shape.recentFall)).toBeLessThanOrEqual(0.02);
    expect(settled.diagnosis.summary).toMatch(/; the cost fell and settled\)$/);
  });
});
