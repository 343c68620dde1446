/**
 * The playground's logic without a browser: settings in the URL, the training session the worker
 * runs, and what it reports (early stopping, gradient check, the boundary).
 */
import { describe, expect, it } from "vitest";
import { boundary, gradientCheck, scores } from "../../web/src/observe.js";
import { TrainingSession } from "../../web/src/session.js";
import { copySettings, DEFAULTS, type Settings, settingsProblems } from "../../web/src/settings.js";
import { settingsFromQuery, settingsToQuery } from "../../web/src/url-state.js";

const settings = (changes: Partial<Settings>): Settings => ({ ...copySettings(DEFAULTS), ...changes });

function costAfter(s: Settings, iterations: number): number {
  const session = new TrainingSession(s);
  for (let i = 0; i < iterations; i++) session.step();
  return session.model.evaluatePrepared(session.data.trainX, session.data.train.y, session.trainingExamples).loss;
}

describe("settings in the URL", () => {
  it("round-trips every knob", () => {
    const s = settings({
      dataset: "moons", noise: 0.25, size: 350, split: [70, 15, 15], normalize: false, hidden: [5, 3, 2],
      activation: "relu", init: "random", initScale: 0.5, l2: 0.7, l1: 0.01, dropout: [0.2, 0, 0.5],
      learningRate: 0.3, optimizer: "momentum", batchSize: "full", earlyStopping: true, patience: 7, seed: 42,
    });
    expect(settingsProblems(s)).toEqual([]);
    expect(settingsFromQuery(settingsToQuery(s))).toEqual({ settings: s, problems: [] });
    const none = settings({ hidden: [], dropout: [] });
    expect(settingsFromQuery(settingsToQuery(none)).settings).toEqual(none);
  });

  it("ignores what it cannot use and says so", () => {
    const { settings: s, problems } = settingsFromQuery("data=nope&lr=abc&layers=4,4&dropout=0.1&seed=3");
    expect(s).toMatchObject({ dataset: DEFAULTS.dataset, learningRate: DEFAULTS.learningRate, hidden: [4, 4], dropout: [0, 0], seed: 3 });
    expect(problems).toEqual(['ignored data="nope" from the URL', 'ignored dropout="0.1" from the URL', 'ignored lr="abc" from the URL']);
    const outOfRange = settingsFromQuery("dropout=1.5,0");
    expect(outOfRange.settings).toEqual(DEFAULTS);
    expect(outOfRange.problems.join()).toContain("dropout rates must be in [0, 1)");
  });
});

describe("TrainingSession", () => {
  it("reproduces a run from its settings: same seed, same cost; another seed, another", () => {
    const s = settings({ hidden: [6], dropout: [0.2], l2: 0.1, batchSize: 16 });
    expect(costAfter(s, 40)).toBe(costAfter(copySettings(s), 40));
    expect(costAfter({ ...s, seed: 2 }, 40)).not.toBe(costAfter(s, 40));
  });

  it("trains circles with He initialization and L2 and records one curve point per epoch", () => {
    const session = new TrainingSession(settings({ activation: "relu", init: "he", l2: 0.01, hidden: [8, 8], dropout: [0, 0] }));
    const before = scores(session);
    for (let i = 0; i < 8 * 60; i++) session.step();
    const after = scores(session);
    expect(session.epoch).toBe(60); // 240 training examples in batches of 32: 8 per epoch
    const points = session.takePoints();
    expect(points.length).toBe(60 * 6);
    expect(points[3]).toBeGreaterThan(0); // the regularization part is recorded
    expect(after.trainLoss).toBeLessThan(before.trainLoss / 3);
    expect(after.trainError).toBeLessThan(0.05);
  });

  it("stops early at the dev cost's minimum and puts those weights back", () => {
    const session = new TrainingSession(
      settings({ dataset: "moons", noise: 0.35, size: 100, hidden: [64, 64], dropout: [0, 0], activation: "relu", init: "he", learningRate: 0.01, batchSize: "full", earlyStopping: true, patience: 5 }),
    );
    while (session.step() && session.iteration < 5000);
    expect(session.stopped?.reason).toBe("earlyStopping");
    const { bestEpoch, stoppedEpoch } = session.stopped!;
    expect(stoppedEpoch - bestEpoch!).toBe(6);
    const points = session.takePoints();
    const devAt = (epoch: number) => points[epoch * 6 + 4]!;
    expect(scores(session).devLoss).toBeCloseTo(devAt(bestEpoch!), 12);
    expect(Math.min(...Array.from({ length: stoppedEpoch + 1 }, (_, e) => devAt(e)))).toBe(devAt(bestEpoch!));
  });

  it("passes the gradient check with L2, L1 and dropout (switched off for the check)", () => {
    const session = new TrainingSession(settings({ l2: 0.5, l1: 0.01, dropout: [0.3, 0], hidden: [5, 4] }));
    for (let i = 0; i < 20; i++) session.step();
    const report = gradientCheck(session);
    expect(report.verdict).toBe("pass");
    expect(report.dropoutSwitchedOff).toBe(true);
    expect(report.perTensor.map((t) => t.name)).toEqual(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  });

  it("maps the model's predictions over the data's extent, and several classes as class + probability", () => {
    const binary = boundary(new TrainingSession(settings({})), 8)!;
    expect(binary.values.length).toBe(64);
    expect(binary.classes).toBe(2);
    expect(binary.values.every((v) => v > 0 && v < 1)).toBe(true);
    const blobs = boundary(new TrainingSession(settings({ dataset: "blobs" })), 8)!;
    expect(blobs.classes).toBe(3);
    expect(blobs.values.every((v) => v >= 0 && v < 3 && v - Math.floor(v) > 1 / 3 - 1e-6)).toBe(true);
  });
});
