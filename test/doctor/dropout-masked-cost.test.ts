/**
 * Dropout 0.9 on a regression (a doctor audit, session 26): the masked batches' squared error is 50 to 150
 * times the same weights' cost without masks (150.8 beside 1.37), so a run whose cost fell every epoch was
 * stopped as "diverged" against its unmasked start, its initial weights were put back, and the doctor said
 * "learning rate too high"; a tenth of the rate "diverged" again. The trainer now scores and watches the
 * weights by their unmasked cost (fullLoss), and the doctor names the dropout.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { writeUnitreg } from "./unitreg.js";

const unitreg = writeUnitreg();

const run = (dropout: number, seed: number) =>
  runExperiment(
    parseSpec({
      seed,
      data: { source: unitreg, label: "y" },
      dropout,
      model: { hidden: [{ units: 32, activation: "relu" }, { units: 16, activation: "relu" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { epochs: 200, batchSize: 32 },
    }),
    { loadData: fileDataLoader(), recordFlow: false },
  );

describe("dropout 0.9 on a regression", () => {
  it("is not stopped as diverged while its unmasked cost falls, keeps its trained weights, and is over-regularized", async () => {
    for (const seed of [1, 2]) {
      const r = await run(0.9, seed);
      const masked = r.history.get("loss");
      const unmasked = r.history.get("fullLoss");
      const start = r.history.initial!.loss;
      // the premise: the masked cost is many times the start's while the unmasked one is below it
      expect(Math.max(...masked.slice(0, 3))).toBeGreaterThan(4 * start);
      expect(unmasked[2]!).toBeLessThan(start);
      expect(r.history.stop.reason).toBe("completed");
      expect(r.train.dataLoss).toBeLessThan(start); // trained weights, not the initial ones put back
      expect(r.diagnosis.causes[0]!.id).toBe("over-regularized");
      expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("learning-rate-too-high");
    }
  });

  it("at 0.6 is over-regularized, not 'high bias: a bigger network', though its dev cost wobbles (an audit: dev MSE 0.21 bigger, 0.03 at dropout 0.1)", async () => {
    for (const seed of [1, 2, 3]) {
      const r = await run(0.6, seed);
      const { trainUnexplained, devUnexplained, devCostRise } = r.evidence.errors;
      // the premise: the dev cost ended above its minimum, while the dev-train gap is under the bias
      expect(devCostRise).toBeGreaterThan(0.1);
      expect(devUnexplained! - trainUnexplained!).toBeLessThan(trainUnexplained!);
      const first = r.diagnosis.causes[0]!;
      expect(first.id).toBe("over-regularized");
      expect(first.advice).toContain("lower the dropout rate (to about 0.3), or drop it on the small layers");
    }
  });
});
