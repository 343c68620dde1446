/**
 * improve keeps a regression's change only beyond noise (the statistics audit, session 15): with a relative
 * 1% for the dev set's noise and the every-seed sign test, a candidate no better than the spec was kept 12%
 * of the time, 34% as the best of six. A planted null with real trainings: 40 seeds of one spec are a pool
 * of equal-quality runs; the current spec and each candidate draw their three seeds from it.
 */
import { describe, expect, it } from "vitest";
import { chooseCandidate, compareDev, parseSpec } from "../../src/index.js";
import { runTrial } from "../../src/sweep/trial.js";
import { Rng } from "../../src/tensor/rng.js";

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

describe("improve's comparison of a regression's dev costs", () => {
  it("keeps a change no better than the spec rarely, even as the best of several (planted null, real trainings)", async () => {
    // the audit's "plane": seeds differ far more than the dev set's own noise
    const base = parseSpec({ seed: 1, data: { source: "plane", n: 300, noise: 0.3, seed: 4 }, split: { ratios: [0.6, 0.2, 0.2], seed: 0 }, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 60, batchSize: 32 } });
    const pool: Array<{ cost: number; se: number }> = [];
    for (let s = 0; s < 40; s++) {
      const r = await runTrial({ index: s, values: {}, spec: { ...base, seed: 100 + s } });
      pool.push({ cost: r.devDataLoss!, se: r.devDataLossSe! });
    }
    // the trials measure the dev cost's own standard error from its rows
    expect(pool.every((p) => p.se > 0 && p.se < p.cost)).toBe(true);
    const rng = new Rng(99);
    const draw = () => Array.from({ length: 3 }, () => pool[Math.floor(rng.uniform() * pool.length)]!);
    const keptShare = (candidates: number) => {
      let kept = 0;
      const reps = 2000;
      for (let r = 0; r < reps; r++) {
        const current = draw();
        const tried = Array.from({ length: candidates }, () => {
          const d = draw().map((p) => p.cost);
          return { label: "", change: {}, scores: { train: 0, dev: mean(d), devBySeed: d, devCostBySeed: d } };
        });
        // improve's own rule: the best of the candidates that beat the noise
        const currentCosts = current.map((p) => p.cost);
        const { comparison } = chooseCandidate(tried, { train: 0, dev: mean(currentCosts), devBySeed: currentCosts, devCostBySeed: currentCosts }, (t) => compareDev(current.map((p) => p.cost), t.scores.devBySeed, 60, false, mean(current.map((p) => p.se))));
        if (comparison.better) kept++;
      }
      return kept / reps;
    };
    // Judged by ratios (session 18) the single comparison keeps a null change 2.25% of the time, its nominal
    // one-sided 2.5%; by differences it kept 1.3%, over-cautious on costs whose seeds are skewed, the same
    // caution that kept unstandardized inputs over a 50-1600-fold better candidate (regression-ratios.test.ts).
    // The best of six, chosen on the same seeds, is kept 8.0% of the time (by differences 4.8%), under the
    // 14% of six independent chances at 2.5%; improve's rule, which also keeps another candidate that wins on
    // every seed by three times the margin, 8.2% (any of the six beyond the margin: 11-12%).
    expect(keptShare(1)).toBeLessThan(0.03); // was 12% with the sign test
    expect(keptShare(6)).toBeLessThan(0.1); // was 34% with the sign test
  });

  it("still keeps a real gain: every seed's cost halved", () => {
    expect(compareDev([0.5, 0.7, 0.6], [0.25, 0.33, 0.31], 60, false, 0.08).better).toBe(true);
  });
});
