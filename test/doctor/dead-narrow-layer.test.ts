/**
 * A hidden ReLU layer of one unit that died: the network learned nothing, and the doctor said "which more
 * units will not change: try a learning rate from lr-find". No rate from 0.001 to 0.03 moved it off 50%
 * train error; eight units fitted it (session 18).
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const moons = (units: number, learningRate = 0.01) =>
  parseSpec({ name: "dead", seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: [{ units, activation: "relu" }] }, optimizer: { name: "adam", learningRate }, training: { epochs: 200, batchSize: 32 } });

describe("a narrow ReLU layer that died whole", () => {
  it("is told to widen the layer, not to look for a learning rate; and the advice holds", async () => {
    const run = await runExperiment(moons(1), { recordFlow: true });
    expect(run.train.accuracy).toBe(0.5);
    const cause = run.diagnosis.causes[0]!;
    expect(cause.id).toBe("high-bias");
    const advice = cause.advice.join("\n");
    expect(advice).toContain("W1's single ReLU unit is dead (0 for every example");
    expect(advice).toContain("no learning rate will help; a wider layer (16 to start)");
    expect(advice).not.toContain("more units will not change");
    // the premise, measured: other rates leave it where it is, more units fit it
    for (const rate of [0.001, 0.03]) expect((await runExperiment(moons(1, rate), { recordFlow: false })).train.accuracy).toBeLessThan(0.55);
    expect((await runExperiment(moons(8), { recordFlow: false })).train.accuracy).toBeGreaterThan(0.95);
  });

  it("a wide layer that learned nothing is still sent to the learning rate first (the rule is for a few units)", async () => {
    // five sigmoid layers on SGD at 0.01 learn nothing, and no layer is a dead ReLU one
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: Array.from({ length: 5 }, () => ({ units: 10, activation: "sigmoid" })) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 80, batchSize: 32 } });
    const advice = (await runExperiment(spec)).diagnosis.causes.find((c) => c.id === "high-bias")!.advice.join("\n");
    expect(advice).toContain("which more units will not change");
    expect(advice).not.toContain("is dead");
  });
});
