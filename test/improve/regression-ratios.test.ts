/**
 * improve judges a regression's candidates by the ratio of their dev costs, seed for seed (compareDev):
 * judged by differences, a start whose seeds ended far apart set a margin no candidate could pass. Inputs
 * in the thousands beside inputs near 0.01, not standardized: standardizing them lowered every seed's dev
 * cost 50 to 1600-fold, and improve kept the spec as it was on 6 of 10 seeds, then said "inputs
 * standardized ... none better beyond noise" (an audit helper, session 18).
 */
import { describe, expect, it } from "vitest";
import { compareDev, csvTextLoader, improve, parseSpec, stepLine } from "../../src/index.js";
import { Rng } from "../../src/tensor/rng.js";

/** 600 rows: a in 1000..5000, b in 0..0.05, c in 1..1.5; y = sin(a / 700) + 40 b + c^2 + noise of std 0.05. */
function csv(): string {
  const rng = new Rng(7);
  const rows = ["a,b,c,y"];
  for (let i = 0; i < 600; i++) {
    const a = 1000 + 4000 * rng.uniform();
    const b = 0.05 * rng.uniform();
    const c = 1 + 0.5 * rng.uniform();
    rows.push(`${a.toFixed(2)},${b.toFixed(6)},${c.toFixed(5)},${(Math.sin(a / 700) + 40 * b + c * c + 0.05 * rng.normal()).toFixed(6)}`);
  }
  return rows.join("\n");
}

describe("improve on a regression whose inputs are not standardized", () => {
  it.each([1, 6])("seed %i: keeps the standardized inputs and ends healthy", async (seed) => {
    const spec = parseSpec({ name: "unnorm", seed, data: { source: "unnorm.csv", label: "y" }, normalize: false, model: { hidden: [{ units: 32, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } });
    const result = await improve(spec, { trials: 8, loadData: csvTextLoader(csv(), "unnorm.csv") });
    const first = result.steps[0]!;
    expect(first.cause).toBe("inputs-not-normalized");
    expect(first.kept).toBe(true);
    expect(result.finalSpec.normalize).toBe(true);
    // every seed's dev cost fell many-fold
    first.before.devBySeed.forEach((before, i) => expect(before / first.best!.scores.devBySeed[i]!).toBeGreaterThan(10));
    expect(result.end).toBe("healthy");
  });

  it("compareDev, worked by hand: the audit's seed 6, dev costs 79.8, 2.61, 1.50 against 0.0144, 0.0182, 0.0181", () => {
    const current = [79.8, 2.61, 1.5];
    const candidate = [0.0144, 0.0182, 0.0181];
    const c = compareDev(current, candidate, 120, false, 0.3);
    // log ratios 8.620, 4.966, 4.417: mean 6.001, sd 2.285; Student's t for 2 degrees of freedom 4.303 -> margin 5.676
    const logs = current.map((v, i) => Math.log(v / candidate[i]!));
    expect(logs.reduce((s, v) => s + v, 0) / 3).toBeCloseTo(6.001, 3);
    expect(Math.log(c.noiseRatio!)).toBeCloseTo(5.676, 3);
    expect(Math.log(c.ratio!)).toBeCloseTo(6.001, 3);
    expect(c.better).toBe(true);
    // in cost units: the gain is the mean difference, the noise the fall a ratio at the margin would give
    expect(c.gain).toBeCloseTo((79.8 - 0.0144 + 2.61 - 0.0182 + 1.5 - 0.0181) / 3, 12);
    expect(c.noise).toBeCloseTo((83.91 / 3) * (1 - Math.exp(-Math.log(c.noiseRatio!))), 10);
    // (by differences: a gain of 27.95 against Student's t x 44.9 / sqrt(3) = 111.5, not kept)
    // a candidate no better on the ratios is not kept, however large one seed's difference
    expect(compareDev([79.8, 2.61, 1.5], [40, 2.9, 1.6], 120, false, 0.3).better).toBe(false);
    // a current dev cost of exactly 0 cannot be beaten, and the step line says why, not "Infinity-fold" (a review)
    const perfect = compareDev([0, 0, 0], [1, 1, 1], 120, false, 0.01);
    expect(perfect.better).toBe(false);
    const scores = (dev: number[]) => ({ train: 0, dev: dev[0]!, devBySeed: dev, devCostBySeed: dev });
    const line = stepLine("high-bias", "network size", scores([0, 0, 0]), { label: "wider", change: {}, scores: scores([1, 1, 1]) }, [{ label: "wider", change: {}, scores: scores([1, 1, 1]) }], perfect, "cost");
    expect(line).toContain("none better beyond noise (the current spec's dev cost is already 0)");
    expect(line).not.toContain("Infinity");
  });
});
