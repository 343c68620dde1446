/**
 * A run of few gradient steps in all (a doctor audit, session 27, LOW 13): 20 full-batch epochs of SGD at 0.3
 * on 400 moons, 20 steps, sat on the plateau of a linear boundary (the last fifth, 4 steps, fell 1.6%) and
 * was told "high bias: a bigger network"; 2x64 for 20 epochs changed nothing (16.2% dev error), and 1000
 * epochs of the same network reached 2.5-3.7%. Such a run is undertrained, and 3 times its epochs (60) is
 * still a plateau: the advice names the steps.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const moons = (seed: number, epochs: number, hidden = [{ units: 16, activation: "relu" }], batchSize: number | "full" = "full") =>
  parseSpec({
    seed,
    data: { source: "moons", n: 400, noise: 0.2, seed: 7 },
    split: { ratios: "auto", seed: 0 },
    model: { hidden },
    optimizer: { name: "sgd", learningRate: 0.3 },
    training: { epochs, batchSize, earlyStopping: { patience: 100 } },
  });
const devError = (r: { dev: { accuracy?: number } | null }) => 1 - r.dev!.accuracy!;

describe("20 full-batch epochs of SGD: 20 gradient steps", () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: undertrained, told the steps and about 1000 epochs, which help where a bigger network does not`, async () => {
      const r = await runExperiment(moons(seed, 20));
      expect(r.evidence.epochs.stepsPerEpoch).toBe(1);
      const first = r.diagnosis.causes[0]!;
      expect(first.id).toBe("undertrained");
      expect(first.advice[0]).toBe("train longer: about 1000 epochs (the run took 20 gradient steps in all, too few to tell a plateau from a pause; about 1000), or with a faster optimizer (Adam, or momentum)");
      const bigger = await runExperiment(moons(seed, 20, [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }]));
      expect(devError(bigger)).toBeGreaterThanOrEqual(devError(r) - 0.02);
      const longer = await runExperiment(moons(seed, 1000));
      expect(devError(longer)).toBeLessThan(devError(r) - 0.08);
    });
  }

  it("a run of enough steps keeps the usual 3 times its epochs (20 epochs of batches of 16: 300 steps)", async () => {
    const r = await runExperiment(parseSpec({ ...moons(1, 20), optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 20, batchSize: 16 } }));
    expect(r.evidence.epochs.stepsPerEpoch).toBe(15); // 240 training rows
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("undertrained");
    expect(first.advice.join("\n")).not.toContain("gradient steps in all");
    expect(first.advice.join("\n")).toMatch(/train longer: about 60 epochs \(3 times as many\)/);
  });
});
