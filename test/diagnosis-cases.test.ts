/**
 * The bias/variance diagnosis on four constructed experiments, one per verdict of the notes, trained
 * for real (not errors typed in): a too-small network on hard data, a big unregularized network on
 * little noisy data, a small network on little hard data, and a fitting network on plenty of easy data.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../src/index.js";

const adam = { name: "adam", learningRate: 0.01 } as const;
const cases = [
  {
    verdict: "high bias",
    why: "4 tanh units cannot draw two interleaved spirals",
    spec: { data: { source: "spirals", n: 600, noise: 0.02 }, model: { hidden: [{ units: 4, activation: "tanh" }] }, optimizer: adam, training: { epochs: 200, batchSize: 64 } },
    advice: /bigger network/,
  },
  {
    verdict: "high variance",
    why: "a 32x32 network memorizes 180 noisy points (8% label noise, the baseline)",
    spec: { data: { source: "football", n: 300 }, baselineError: 0.08, model: { hidden: [{ units: 32 }, { units: 32 }] }, optimizer: adam, training: { epochs: 1000 } },
    advice: /more training data/,
  },
  {
    verdict: "high bias and high variance",
    why: "6 tanh units on 120 spiral points: fits neither the training set nor anything else",
    spec: { data: { source: "spirals", n: 200, noise: 0.1 }, model: { hidden: [{ units: 6, activation: "tanh" }] }, optimizer: adam, training: { epochs: 1000 } },
    advice: /^first, for bias: a bigger network/,
  },
  {
    verdict: "low bias and low variance",
    why: "a 16x16 network on 1,000 moons",
    spec: { data: { source: "moons", n: 1000, noise: 0.1 }, model: { hidden: [{ units: 16 }, { units: 16 }] }, optimizer: adam, training: { epochs: 300, batchSize: 64 } },
    advice: /nothing pressing/,
  },
] as const;

describe("diagnosis of four constructed experiments", () => {
  it.each(cases)("$verdict: $why", async ({ verdict, spec, advice }) => {
    const r = await runExperiment(parseSpec(spec), { recordFlow: false });
    expect(r.biasVariance!.verdict).toBe(verdict);
    expect(r.biasVariance!.advice[0]).toMatch(advice);
  });
});
