import { describe, expect, it } from "vitest";
import { parseGridAxis, gridTrials } from "./grid.js";
import { combineFolds, foldTasks, trialKey } from "./folds.js";
import { rankTrials } from "./rank.js";
import { runTrial, type TrialResult } from "./trial.js";

const classification = { name: "c", seed: 5, data: { source: "moons", n: 90, noise: 0.25 }, model: { hidden: [{ units: 5 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 12 } };
const regression = { name: "r", seed: 2, data: { source: "plane", n: 70, noise: 0.1 }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 10 } };
const withoutTime = ({ ms: _, ...rest }: TrialResult) => rest;

describe("a cross-validated trial's folds as tasks of their own", () => {
  for (const [kind, spec] of [["classification", classification], ["regression", regression]] as const) {
    it(`put together give the whole cross-validation's result to the last digit (${kind})`, async () => {
      const [task] = gridTrials(spec, [parseGridAxis("lambda=0.01")!], { folds: 4 });
      const whole = await runTrial(task!);
      const tasks = foldTasks(task!);
      expect(tasks.map((t) => [t.index, t.fold, t.folds])).toEqual([0, 1, 2, 3].map((f) => [0, f, 4]));
      // Last fold first, each with data loaded afresh: as folds run on other threads or machines, in any order.
      const folds: TrialResult[] = [];
      for (const t of [...tasks].reverse()) folds.push(await runTrial(t));
      expect(folds.map((r) => r.fold?.index)).toEqual([3, 2, 1, 0]);
      const combined = combineFolds(folds);
      expect(withoutTime(combined)).toEqual(withoutTime(whole));
      expect(JSON.stringify(withoutTime(combined))).toBe(JSON.stringify(withoutTime(whole)));
      if (kind === "classification") expect(combined.devErrorStd).toBeGreaterThan(0);
      else expect(combined).toMatchObject({ trainError: null, devError: null, devErrorStd: undefined });
    });
  }

  it("refuses to put together a set of folds with one missing or twice", async () => {
    const fold = (index: number): TrialResult => ({ index: 7, values: {}, trainError: 0.1, devError: 0.2, trainLoss: 1, devLoss: 2, epochs: 3, ms: 1, fold: { index, k: 3, trainAccuracy: 0.875, devAccuracy: 0.75 } });
    expect(() => combineFolds([fold(0), fold(2)])).toThrow("expected folds 0..2 of trial 7, once each; received 7/fold-0, 7/fold-2");
    expect(() => combineFolds([fold(0), fold(1), fold(1)])).toThrow("once each");
    expect(() => combineFolds([])).toThrow("received none");
    expect(combineFolds([fold(2), fold(0), fold(1)])).toMatchObject({ index: 7, trainError: 0.125, devError: 0.25, devErrorStd: 0, epochs: 3, ms: 3 });
  });

  it("leaves a task without folds, or already one fold, as it is; keys folds apart from their trial", () => {
    const [plain] = gridTrials(classification, [parseGridAxis("lambda=0")!]);
    expect(foldTasks(plain!)).toEqual([plain]);
    const one = { ...plain!, folds: 3, fold: 1 };
    expect(foldTasks(one)).toEqual([one]);
    expect([trialKey(plain!), trialKey(one), trialKey({ index: 4, fold: { index: 2 } })]).toEqual(["0", "0/fold-1", "4/fold-2"]);
  });
});

describe("a cross-validated trial trains the spec's model, early stopping included", () => {
  it("stops each fold where the spec's early stopping stops it, watching the fold's held-out part", async () => {
    // two layers of 64 on 300 noisy moons overfit within 400 epochs: early stopping (patience 20) ends every
    // fold long before; the folds used to train all 400 epochs, another model than the spec's
    const spec = { name: "es", seed: 2, data: { source: "moons", n: 300, noise: 0.35 }, model: { hidden: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 400, batchSize: 32, earlyStopping: { patience: 20 } } };
    const [task] = gridTrials(spec, [parseGridAxis("lambda=0")!], { folds: 3 });
    const folds = await Promise.all(foldTasks(task!).map((t) => runTrial(t)));
    for (const f of folds) expect(f.epochs).toBeLessThan(400);
    // without early stopping in the spec, each fold trains every epoch
    const [plain] = gridTrials({ ...spec, training: { epochs: 60, batchSize: 32 } }, [parseGridAxis("lambda=0")!], { folds: 3 });
    expect((await runTrial({ ...foldTasks(plain!)[0]! })).epochs).toBe(60);
  });
});

describe("a cross-validated point whose folds diverge", () => {
  // the audit's swd.json: SGD at a learning rate of 22 on 200 moons blows up in every fold; without --folds
  // the same point read "diverged, ranked last", with them it was named "Best" (no fold said it diverged)
  const spec = { name: "swd", seed: 1, data: { source: "moons", n: 200, noise: 0.3 }, split: "auto", normalize: false, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 30, batchSize: "full" } };
  const grid = (training: object = {}) => gridTrials({ ...spec, training: { ...spec.training, ...training } }, [parseGridAxis("lr=0.0001,22")!], { folds: 3 });

  it("is marked diverged, by each fold, put together and as one whole cross-validation, and ranked last", async () => {
    const [calm, wild] = grid();
    const folds = await Promise.all(foldTasks(wild!).map((t) => runTrial(t)));
    expect(folds.map((f) => f.diverged)).toEqual([true, true, true]);
    const combined = combineFolds(folds);
    expect(combined.diverged).toBe(true);
    expect(withoutTime(await runTrial(wild!))).toEqual(withoutTime(combined));
    const sound = combineFolds(await Promise.all(foldTasks(calm!).map((t) => runTrial(t))));
    expect(sound.diverged).toBeUndefined();
    // its mean dev error is the lower of the two (44% against 49%): only the mark keeps it from "Best"
    expect(combined.devError!).toBeLessThan(sound.devError!);
    expect(rankTrials([combined, sound]).map((t) => t.values.lr)).toEqual([0.0001, 22]);
  });

  it("trains every epoch in each fold where the spec says stopOnDivergence: false, as its own run does", async () => {
    const [, wild] = grid({ stopOnDivergence: false });
    const folds = await Promise.all(foldTasks(wild!).map((t) => runTrial(t)));
    expect(folds.map((f) => f.epochs)).toEqual([30, 30, 30]);
    expect(folds.some((f) => f.diverged)).toBe(false);
  });

  it("is diverged when any one of its folds is (a point is as sound as its worst fold)", () => {
    const fold = (index: number, diverged?: boolean): TrialResult => ({ index: 2, values: {}, trainError: 0.1, devError: 0.2, trainLoss: 1, devLoss: 2, epochs: 3, ms: 1, ...(diverged ? { diverged } : {}), fold: { index, k: 3, trainAccuracy: 0.9, devAccuracy: 0.8 } });
    expect(combineFolds([fold(0), fold(1, true), fold(2)]).diverged).toBe(true);
    expect(combineFolds([fold(0), fold(1), fold(2)])).not.toHaveProperty("diverged");
  });
});
