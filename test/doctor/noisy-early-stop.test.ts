/**
 * Early stopping with patience 1 on mini-batches of 8 (a doctor audit): 200 and 400 moons at noise 0.2, two
 * ReLU layers of 32, 15 and 30 steps an epoch. After each epoch's steps the dev cost swings by chance, and
 * patience 1 stopped the runs after 5-16 of 500 epochs, the training cost still falling; where the dev cost
 * had risen over a fifth past the kept epoch (1.23-1.61 times it), or the epoch means sat over 2% above the
 * kept weights' cost, the doctor read overfitting and called the runs high bias. Patience 10 took them from
 * 17.5/15.0/10.0/15.0% dev error to 7.5/10.0/2.5/7.5% (the four runs below); two layers of 128, the
 * high-bias advice, gave 17.5/15.0/15.0/12.5%.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const moons = (n: number, seed: number, optimizer: Record<string, unknown>, patience: number, units = 32) =>
  parseSpec({
    seed,
    data: { source: "moons", n, noise: 0.2, seed: 5 },
    optimizer,
    model: { hidden: [{ units, activation: "relu" }, { units, activation: "relu" }] },
    training: { epochs: 500, batchSize: 8, earlyStopping: { patience } },
  });
const devError = (r: { dev: { accuracy?: number } | null }) => 1 - r.dev!.accuracy!;

describe("patience 1 on mini-batches of 8, stopped in the first epochs", () => {
  const cases: [string, number, number, Record<string, unknown>][] = [
    ["a curve's lowest 4.7% above the kept weights' cost", 200, 1, { name: "sgd", learningRate: 0.3 }],
    ["the dev cost 1.61 times the kept epoch's", 200, 2, { name: "sgd", learningRate: 0.3 }],
    ["the dev cost 1.41 times the kept epoch's", 200, 6, { name: "sgd", learningRate: 0.3 }],
    ["the dev cost 1.23 times the kept epoch's, on Adam", 200, 2, { name: "adam", learningRate: 0.01 }],
  ];
  for (const [what, n, seed, optimizer] of cases) {
    it(`${what} (seed ${seed}): undertrained, more patience, which helps where a bigger network does not`, async () => {
      const r = await runExperiment(moons(n, seed, optimizer, 1));
      expect(r.evidence.epochs.stepsPerEpoch).toBe(15);
      expect(r.evidence.epochs.trained).toBeLessThan(10);
      const first = r.diagnosis.causes[0]!;
      expect(first.id).toBe("undertrained");
      expect(first.advice[0]).toMatch(/^more patience than 1 epoch for early stopping/);
      const before = devError(r);
      expect(devError(await runExperiment(moons(n, seed, optimizer, 10)))).toBeLessThan(before - 0.04);
      expect(devError(await runExperiment(moons(n, seed, optimizer, 1, 128)))).toBeGreaterThan(before - 0.03);
    });
  }

  it("a rise over a fifth is said to be within the swing of the epoch's mini-batch steps", async () => {
    const r = await runExperiment(moons(200, 2, { name: "adam", learningRate: 0.01 }, 1));
    expect(r.diagnosis.causes[0]!.advice[0]).toContain("too soon to tell it from the swing that each epoch's 15 mini-batch steps give it");
  });

  it("a modest bias stays healthy: 400 moons on Adam, train 4.2%, dev 2.5%, stopped after 11 epochs", async () => {
    const r = await runExperiment(moons(400, 1, { name: "adam", learningRate: 0.01 }, 1));
    expect(r.evidence.epochs.trained).toBeLessThan(20);
    expect(r.diagnosis.healthy).toBe(true);
  });
});
