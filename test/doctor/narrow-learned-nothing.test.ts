/**
 * A network too narrow to fit any of a hard boundary learns nothing, and more units do change that (a
 * doctor audit, session 27, MEDIUM 9): 3-class spirals, one ReLU layer of 4 units on Adam 0.01, ended at a
 * constant prediction's cost on 2 of 5 seeds and was told "the network learned nothing, which more units
 * will not change: try a learning rate from lr-find" (the range test's rate: 62.2% dev error; two layers of
 * 64 at the same rate: 34.4%). That claim was measured on sigmoid stacks (five layers of 10 on SGD), whose
 * test stays in advice-audit.test.ts and dead-narrow-layer.test.ts.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const spirals = (seed: number, hidden: Array<{ units: number; activation: string }>) =>
  parseSpec({
    seed,
    data: { source: "spirals", n: 450, classes: 3, seed: 3 },
    split: { ratios: "auto", seed: 0 },
    model: { hidden },
    optimizer: { name: "adam", learningRate: 0.01 },
    training: { epochs: 600, batchSize: "full", earlyStopping: { patience: 100 } },
  });

describe("a layer of 4 ReLU units on 3-class spirals that learned nothing", () => {
  for (const seed of [2, 3]) {
    it(`seed ${seed}: is told its layer may be too narrow and to widen it, not that more units will not change it; two layers of 64 do`, async () => {
      const r = await runExperiment(spirals(seed, [{ units: 4, activation: "relu" }]));
      expect(r.evidence.cost.shape.learned).toBeLessThan(0.05); // the premise: it learned nothing
      const first = r.diagnosis.causes[0]!;
      expect(first.id).toBe("high-bias");
      const advice = first.advice.join("\n");
      expect(advice).not.toContain("which more units will not change");
      expect(first.advice[0]).toMatch(/^the network learned nothing \(its cost ended within 5% of a constant prediction's\), and W1's 4 units may be too few to fit any of this boundary: a wider network \(16 to 64 units a layer, or another layer\)/);
      expect(first.advice[1]).toBe("if a wider network learns nothing either, try a learning rate from `nnlab lr-find`");
      // the advice is right: wider layers learn at the same rate (dev error 66.7% -> 33.3% on seed 2, 70.0% ->
      // 56.7% on seed 3; 16.7% there at Adam 0.03, where the 4 units stay at 73.3%)
      const wide = await runExperiment(spirals(seed, [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }]));
      expect(1 - wide.dev!.accuracy!).toBeLessThan(1 - r.dev!.accuracy! - 0.1);
    });
  }
});
