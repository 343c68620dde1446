/**
 * The doctor's learning-rate probe takes the range test's suggestion: it ran its own, longer test (up to
 * 100 in 300 steps), which warmed the network up for rates a fresh run cannot take. On wine at SGD 3e-4 it
 * suggested 10, the probe "diverged too (diverged at epoch 2)", and the cause it had named went unconfirmed
 * (an audit helper, session 18: 9 of 99 of its suggestions diverged; none of `nnlab lr-find`'s).
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runDoctor, runExperiment } from "../../src/index.js";

describe("the doctor's learning-rate probe", () => {
  it("wine, SGD at 3e-4: the rate the range test suggests trains, and confirms 'learning rate too low'", async () => {
    const spec = parseSpec({
      name: "wine-sgd-low",
      seed: 1,
      data: { source: "wine" },
      split: { ratios: "auto", seed: 0 },
      model: { hidden: [{ units: 100, activation: "relu" }] },
      l2: 0.01,
      optimizer: { name: "sgd", learningRate: 0.0003 },
      training: { epochs: 300, batchSize: 32, earlyStopping: { patience: 30 } },
    });
    const doctor = await runDoctor(spec);
    expect(doctor.result.diagnosis.causes[0]?.id).toBe("learning-rate-too-low");
    expect(doctor.lrRange).not.toBeNull();
    expect(doctor.lrRange!.suggestion).toBeLessThan(1); // it was 10
    const probe = doctor.outcomes.find((o) => o.probe.cause === "learning-rate-too-low")!;
    expect(probe.finding).not.toContain("diverged");
    expect(probe.confirmed).toBe(true);
    expect(doctor.confirmed?.cause).toBe("learning-rate-too-low");
    // the suggested spec trains, to a dev error no worse than the slow start's
    const start = await runExperiment(spec, { recordFlow: false });
    const fixed = await runExperiment(doctor.suggestedSpec!, { recordFlow: false });
    expect(fixed.history.stop.reason).not.toBe("diverged");
    expect(1 - fixed.dev!.accuracy!).toBeLessThanOrEqual(1 - start.dev!.accuracy!);
  });
});
