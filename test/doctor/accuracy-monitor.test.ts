/**
 * Early stopping on the dev accuracy stopped on a plateau of it while the dev cost went on falling, and the
 * doctor's advice said "the dev cost was still falling, by too little to count as an improvement" and "a
 * smaller minDelta" (minDelta was 0), never to watch the dev cost (a doctor audit, session 27, LOW-MEDIUM 15:
 * patience 15 on valAccuracy gave 11-12% dev error, patience 5 on valLoss 5-7%). The accuracy moves in steps
 * of one dev example; the advice now says so, with the dev cost's fall, and improve tries the dev cost.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { remedyFor } from "../../src/improve/remedies.js";

const moons = (seed: number, monitor: string, patience: number) =>
  parseSpec({
    seed,
    data: { source: "moons", n: 300, noise: 0.2, seed: 7 },
    model: { hidden: [{ units: 32, activation: "relu" }] },
    optimizer: { name: "adam", learningRate: 0.01 },
    training: { epochs: 400, batchSize: "full", earlyStopping: { patience, monitor } },
  });

describe("early stopping on the dev accuracy, stopped on its plateau", () => {
  it("is told to watch the dev cost, with the cost's fall after the kept epoch, and not of a minDelta it does not have", async () => {
    const r = await runExperiment(moons(2, "valAccuracy", 5));
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("undertrained");
    expect(first.advice[0]).toMatch(/^early stopping on the dev cost \(monitor valLoss\) rather than the dev accuracy, with more patience than 5 epochs: the accuracy moves in steps of one dev example and stayed level while the dev cost fell from [\d.]+ to [\d.]+ after epoch \d+$/);
    expect(first.advice.join("\n")).not.toContain("minDelta");
    // the advice, as improve tries it (patience 15 on valLoss), on this seed: 11.7% -> 3.3% dev error
    const remedy = remedyFor("undertrained", moons(2, "valAccuracy", 5), { keptTooEarly: true })!;
    expect(remedy.candidates[0]).toEqual({ label: "early stopping on the dev cost (valLoss), patience 15", change: { "training.earlyStopping.monitor": "valLoss", "training.earlyStopping.patience": 15 } });
    const watched = await runExperiment(moons(2, "valLoss", 15));
    expect(1 - watched.dev!.accuracy!).toBeLessThan(1 - r.dev!.accuracy! - 0.05);
  });

  it("a run that watches the dev cost keeps the old advice, and improve does not offer the monitor it has", async () => {
    const remedy = remedyFor("undertrained", moons(2, "valLoss", 5), { keptTooEarly: true })!;
    expect(remedy.candidates.map((c) => c.label)).toEqual(["early stopping patience 15", "no early stopping"]);
  });
});
