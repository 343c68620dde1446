/**
 * Augmentation that hides the rows' classes, with the cost still falling (digits shifted by up to 4 pixels, 40
 * epochs): the doctor said "undertrained: train longer", and the high bias it folded in took its "weaker
 * augmentation first" with it. Three times the epochs took the dev error from 33.2% to 18.1% (seed 1), shift 2
 * to 10.9%, none to 2.2% (a doctor audit, session 27). Undertrained now says so itself.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const run = (shift: number, epochs: number) =>
  runExperiment(
    parseSpec({
      seed: 1,
      data: { source: "digits" },
      split: { ratios: "auto", seed: 0 },
      model: { hidden: [{ units: 64, activation: "relu" }] },
      optimizer: { name: "adam", learningRate: 0.003 },
      training: { epochs, batchSize: 32, earlyStopping: { patience: 15 } },
      augment: { shift },
    }),
    { recordFlow: false },
  );

describe("an undertrained run on augmented batches", () => {
  it("advises weaker augmentation before more epochs, which the measurements order the same way", async () => {
    const r = await run(4, 40);
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("undertrained"); // the premise: the cost still falling when the epochs ran out
    expect(first.evidence).toContain("the training batches are augmented (shift 4): the network trains on rows it may not be able to fit, while the train error is measured on the clean ones");
    expect(first.advice[0]).toBe("weaker augmentation first (now shift 4; try shift 2): more epochs would have to fit the augmented rows too");
    expect(first.advice[1]).toMatch(/^train longer: about 120 epochs/);
    const [weaker, longer] = [await run(2, 40), await run(4, 120)];
    expect(weaker.dev!.accuracy!).toBeGreaterThan(longer.dev!.accuracy! + 0.03);
  });
});
