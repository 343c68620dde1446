/**
 * Adam at twenty times its usual top on a regression that still fits (a doctor audit, session 26): the
 * learning-rate rule looked only at runs whose train R^2 was below 0.9, so a run at 0.2 with R^2 0.93-0.98
 * whose cost jumped up and down by 17-29% a step was called healthy, at 3.6 to 7 times the dev MSE of a
 * tenth of that rate. A rate ten times the usual top with a wobbling cost is named now; the usual rate on
 * the same data, whose cost wobbles too, stays healthy.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { writeUnitreg } from "./unitreg.js";

const unitreg = writeUnitreg();

const run = (learningRate: number, seed: number) =>
  runExperiment(
    parseSpec({
      seed,
      data: { source: unitreg, label: "y" },
      model: { hidden: [{ units: 32, activation: "relu" }, { units: 16, activation: "relu" }] },
      optimizer: { name: "adam", learningRate },
      training: { epochs: 200, batchSize: 32 },
    }),
    { loadData: fileDataLoader(), recordFlow: false },
  );

describe("Adam at 0.2 on a regression that still fits", () => {
  it("is learning-rate-too-high with the wobble as evidence, where the usual 0.01 stays healthy", async () => {
    const wild = await run(0.2, 2);
    // the premise: the fit is above R^2 0.9, where the rule did not look
    expect(1 - wild.evidence.errors.trainUnexplained!).toBeGreaterThan(0.9);
    const first = wild.diagnosis.causes[0]!;
    expect(first.id).toBe("learning-rate-too-high");
    expect(first.evidence.join("\n")).toMatch(/the cost jumped up and down by [\d.]+% of its level a step, turning direction at [\d.]+% of the steps/);
    expect(first.advice[0]).toMatch(/^lower the learning rate: try 0\.02 \(a tenth of 0\.2\)/);
    for (const seed of [1, 2]) expect((await run(0.01, seed)).diagnosis.healthy).toBe(true);
  });
});
