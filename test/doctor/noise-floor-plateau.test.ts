/**
 * A run at the data's noise floor with no baselineError (a doctor audit): 2000 moons at noise 0.3 (Bayes
 * error about 8.5%), two ReLU layers of 32, Adam 0.001 on batches of 32 for 50 epochs: train 9.6% and 9.2%,
 * dev 10.5% and 9.5% (seeds 1, 3), the training cost still falling 2.6% and 2.4% over the last fifth while
 * the dev cost fell 0.2% and 0.7%. It was told "train longer: 150 epochs", which gave dev 11.3% and 10.3%;
 * 2x128 gave 11.0% and 10.0%; with baselineError 0.085 the run is healthy. The doctor now asks whether this
 * is the noise floor first. A run whose dev cost falls with its training cost keeps "train longer" (400 moons
 * at noise 0.2 on SGD 0.1, 200 full-batch epochs: dev 11.3%, 2.5% at 600 epochs).
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const hidden = [{ units: 32, activation: "relu" }, { units: 32, activation: "relu" }];
const floor = (seed: number, more: Record<string, unknown> = {}) =>
  parseSpec({ seed, data: { source: "moons", n: 2000, noise: 0.3, seed: 4 }, model: { hidden }, optimizer: { name: "adam", learningRate: 0.001 }, training: { epochs: 50, batchSize: 32 }, ...more });
const devError = (r: { dev: { accuracy?: number } | null }) => 1 - r.dev!.accuracy!;

describe("a plateau at the noise floor, no baselineError given", () => {
  for (const seed of [1, 3]) {
    it(`seed ${seed}: not told to train longer; asked first whether this is the noise floor, which more epochs do not get under`, async () => {
      const r = await runExperiment(floor(seed));
      const ids = r.diagnosis.causes.map((c) => c.id);
      expect(ids).not.toContain("undertrained");
      expect(r.evidence.cost.shape.recentFall).toBeGreaterThan(0.02);
      expect(r.evidence.dev!.recentFall!).toBeLessThan(0.01);
      const first = r.diagnosis.causes[0]!;
      expect(first.id).toBe("high-bias");
      expect(first.advice[0]).toMatch(/^first, whether this is the data's noise floor: the training cost still fell \([\d.]+% over the last fifth of the run\) while the dev cost fell only [\d.]+%, .* if about [\d.]+% is the best any model can do here, give that as baselineError/);
      expect(first.advice.join("\n")).not.toMatch(/train longer/);
      const before = devError(r);
      expect(devError(await runExperiment(floor(seed, { training: { epochs: 150, batchSize: 32 } })))).toBeGreaterThanOrEqual(before);
      expect((await runExperiment(floor(seed, { baselineError: 0.085 }))).diagnosis.healthy).toBe(true);
    });
  }

  it("a dev cost that falls with the training cost keeps 'train longer', which helps", async () => {
    const spec = (epochs: number) => parseSpec({ seed: 2, data: { source: "moons", n: 400, noise: 0.2, seed: 4 }, model: { hidden }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs, batchSize: "full" } });
    const r = await runExperiment(spec(200));
    expect(r.diagnosis.causes[0]!.id).toBe("undertrained");
    expect(devError(await runExperiment(spec(600)))).toBeLessThan(devError(r) - 0.05);
    expect(r.evidence.dev!.recentFall!).toBeGreaterThan(0.02);
  });
});
