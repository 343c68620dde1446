/**
 * The end of a curve that the doctor quotes is the mean of its last twentieth (one epoch's noise
 * steadied), not the last epoch a reader finds in the history: the sentence says so, and the figure is
 * that mean (an examiner compared "went from ... to" with the last epoch, and it did not match).
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

describe("quoted curve ends", () => {
  it("'the training cost went from A to B' names B as the mean of the last twentieth, and B is that mean", async () => {
    const spec = { seed: 1, data: { source: "moons", n: 200, noise: 0.1 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 0.0001 }, training: { epochs: 200, batchSize: "full" } };
    const r = await runExperiment(parseSpec(spec, "slow"), { recordFlow: false });
    const low = r.diagnosis.causes.find((c) => c.id === "learning-rate-too-low")!;
    const quoted = /the training cost went from (\S+) to (\S+) \(the mean of its last (\d+) recorded epochs; a constant prediction costs/.exec(low.evidence[0]!);
    expect(quoted, low.evidence[0]).not.toBeNull();
    const curve = r.history.get("dataLoss");
    expect(Number(quoted![3])).toBe(10); // 200 epochs / 20
    const tail = curve.slice(-10);
    expect(Number(quoted![2])).toBe(Number((tail.reduce((a, b) => a + b, 0) / 10).toPrecision(3)));
  });

  it("a run of under 40 epochs quotes its last epoch, without the words", async () => {
    const spec = { seed: 1, data: { source: "moons", n: 200, noise: 0.1 }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 0.0001 }, training: { epochs: 30, batchSize: "full" } };
    const r = await runExperiment(parseSpec(spec, "short"), { recordFlow: false });
    const text = r.diagnosis.causes.flatMap((c) => c.evidence).find((t) => t.includes("the training cost went from"))!;
    expect(text).toBeDefined();
    expect(text).not.toContain("recorded epochs");
    expect(text).toContain(`to ${Number(r.history.get("dataLoss").at(-1)!.toPrecision(3))} (a constant prediction costs`);
  });
});
