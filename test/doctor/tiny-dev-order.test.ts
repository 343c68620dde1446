/**
 * A dev set of 20-24 examples ranked first over faults measured on the training set (a doctor audit,
 * session 26): a divergence (SGD at 50) and a high bias (one tanh unit, 15% train error; 16 units reach
 * 0%) came second to "give the dev set a few hundred examples", and improve acts on the first cause. The
 * tiny dev set now comes after them, and still before the high variance it hides.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const ids = (r: { diagnosis: { causes: Array<{ id: string }> } }) => r.diagnosis.causes.map((c) => c.id);

describe("a tiny dev set beside faults measured on the training set", () => {
  it("comes after a divergence and after a high bias, as a second cause", async () => {
    for (const seed of [1, 2]) {
      const diverged = await runExperiment(
        parseSpec({ seed, data: { source: "circles", n: 100 }, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 50 }, training: { epochs: 300, batchSize: "full" } }),
        { recordFlow: false },
      );
      expect(diverged.split.sizes.dev).toBeLessThan(30); // the premise
      expect(ids(diverged).slice(0, 2)).toEqual(["learning-rate-too-high", "data-problem"]);
      const small = await runExperiment(
        parseSpec({ seed, data: { source: "moons", n: 120, noise: 0.1 }, model: { hidden: [{ units: 1, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 400, batchSize: 32 } }),
        { recordFlow: false },
      );
      expect(ids(small).slice(0, 2)).toEqual(["high-bias", "data-problem"]);
      expect(small.diagnosis.causes[1]!.evidence[0]).toMatch(/^the dev set has \d+ examples/);
    }
  });
});
