/**
 * The doctor's probes speak of a regression's costs, not of error rates it does not have (an examiner:
 * "(train error -, dev error -)" and "the train error is - against the original's final -").
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runDoctor } from "../../src/index.js";

describe("probe findings on a regression", () => {
  it("a learning rate 100x too high on plane: the probe's finding quotes the dev cost, no error rates", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "plane", n: 200 }, model: { hidden: [{ units: 16, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 3 }, training: { epochs: 200, batchSize: "full" } });
    const doctor = await runDoctor(spec, { budget: 1 });
    expect(doctor.outcomes.length).toBeGreaterThan(0);
    for (const o of doctor.outcomes) {
      expect(o.finding).not.toMatch(/error -|error \d/);
      if (o.probe.judge === "cost-falls-faster" && !o.finding.startsWith("the probe diverged")) expect(o.finding).toMatch(/\((dev|test) cost [\d.e+-]+\)/);
    }
  });

  it("a one-unit network on gauss-mixture: the wider probe compares training costs", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "gauss-mixture", n: 300 }, model: { hidden: [{ units: 1, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 200, batchSize: "full" } });
    const doctor = await runDoctor(spec, { budget: 2 });
    const wider = doctor.outcomes.find((o) => o.probe.judge === "fits-better-than-final")!;
    expect(wider).toBeDefined();
    expect(wider.finding).toMatch(/^twice as wide, in half the epochs, the training cost is [\d.e+-]+ against the original's final [\d.e+-]+$/);
  });
});
