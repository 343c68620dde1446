/**
 * The range test's suggestion for Adam, checked by training at it: where the test never blew up (Adam's
 * squared-gradient average, still holding the early gradients, shortened its late steps), a tenth of the
 * minimum was a tenth of the top of the range, and a fresh run there diverged (an audit helper, session 14).
 * Session 18 dropped the Adam rule (the steepest fall, 3-35x too low on 7 of 11 audited tests) for one rule
 * read from a centred average of the batch costs, which does not lag: it must train here too.
 */
import { describe, expect, it } from "vitest";
import { buildModel, fitNormalizations, loadExperimentData, lrRangeTest, parseSpec, runExperiment, splitData } from "../../src/index.js";

const diverged = (reason: string) => reason === "diverged" || reason === "nonFiniteCost";

describe("lr-find with Adam", () => {
  it("blobs, two ReLU layers of 64, batches of 16: the suggestion trains, where the old one (1) diverged", async () => {
    const specAt = (learningRate: number) =>
      parseSpec({ seed: 1, data: { source: "blobs", n: 2000 }, normalize: true, model: { hidden: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }] }, optimizer: { name: "adam", learningRate }, training: { epochs: 8, batchSize: 16, earlyStopping: false } });
    const base = specAt(0.01);
    const loaded = await loadExperimentData(base);
    const { train } = splitData(base, loaded.data);
    const model = buildModel(base, loaded.data, { trainSplit: train });
    fitNormalizations(model, base, train);
    const range = lrRangeTest(model, train.x, train.y, { seed: base.seed, batchSize: 16 });
    expect(range.divergedAt).toBeNull(); // the case: the smoothed cost never blew up up to 10
    // the old rule read the moving average, whose minimum lagged past 1
    const smoothedMinimum = range.points.reduce((a, p) => (p.smoothed < a.smoothed ? p : a)).learningRate;
    expect(smoothedMinimum).toBeGreaterThan(1);
    const at = await runExperiment(specAt(range.suggestion), { data: loaded, recordFlow: false });
    expect(diverged(at.history.stop.reason)).toBe(false);
    expect(at.train.dataLoss).toBeLessThan(0.05);
    // the old rule's rate, a tenth of the moving average's minimum, diverges here
    const old = await runExperiment(specAt(smoothedMinimum / 10), { data: loaded, recordFlow: false });
    expect(diverged(old.history.stop.reason) || !(old.train.dataLoss < 0.5)).toBe(true);
  });
});
