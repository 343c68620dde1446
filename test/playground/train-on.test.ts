/**
 * "Train on" (a page audit): the run went on to twice its epochs, but the page's spec, link and exports
 * still asked for the old epochs, whose `nnlab train` gave another model than the page showed. The session's
 * spec now asks for the epochs trained, and the run is the bits of one that asked for them from the start.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { POINT_FIELDS, POINT_SIZE, TrainingSession } from "../../web/src/session.js";

const SPEC = parseSpec({ seed: 4, data: { source: "moons", n: 200, noise: 0.2 }, model: { dtype: "float64", hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 20, batchSize: 32 } });

describe("Train on", () => {
  it("goes on to the epochs asked for, which the session's spec then says, to the bits of a run that asked for them from the start", async () => {
    const session = await TrainingSession.open(SPEC);
    while (session.step());
    expect(session.epoch).toBe(20);
    expect(session.canTrainOn).toBe(true);
    expect(session.trainOn(40)).toBe(true);
    expect(session.spec.training.epochs).toBe(40);
    expect(session.epochBudget).toBe(40);
    while (session.step());
    expect(session.epoch).toBe(40);
    const whole = await runExperiment(session.spec, { recordFlow: false });
    expect(whole.history.length).toBe(40);
    expect(session.model.getWeights()).toEqual(whole.model.getWeights());
    // and its "as many again" default still holds for a caller that gives no epochs
    expect(session.trainOn()).toBe(true);
    expect(session.spec.training.epochs).toBe(80);
  });
});

describe("the epoch shown after a divergence", () => {
  it("counts the epoch the run diverged in, as nnlab train's 'Trained N epochs' does", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "circles", n: 400, noise: 0.1 }, model: { dtype: "float64", hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 10 }, training: { epochs: 300, batchSize: 32 } });
    const session = await TrainingSession.open(spec);
    while (session.step());
    expect(session.stopped?.reason).toBe("diverged");
    const cli = await runExperiment(spec, { recordFlow: false });
    // the premise: it diverged inside an epoch, which the trainer's count of completed epochs leaves out
    expect(session.epoch).toBe(cli.history.length - 1);
    expect(session.epochsShown).toBe(cli.history.length);
  });
});

describe("the cost chart's parts with dropout (a page audit: the penalty curve sat above the cost it is part of)", () => {
  it("plots the whole network's cost as its data loss plus its penalty, at each epoch's end", async () => {
    const spec = parseSpec({ seed: 2, data: { source: "moons", n: 40 }, model: { dtype: "float64", hidden: [{ units: 4, activation: "relu", dropout: 0.5 }] }, l2: 30, optimizer: { name: "sgd", learningRate: 1 }, training: { epochs: 30, batchSize: 1 } });
    const session = await TrainingSession.open(spec);
    while (session.step());
    const points = session.takePoints();
    const [trainLoss, trainDataLoss, penalty] = [1, 2, 3].map((k) => POINT_FIELDS[k]!);
    expect([trainLoss, trainDataLoss, penalty]).toEqual(["trainLoss", "trainDataLoss", "regularizationLoss"]);
    let apart = 0;
    for (let p = 0; p < points.length; p += POINT_SIZE) {
      expect(points[p + 1]!).toBeCloseTo(points[p + 2]! + points[p + 3]!, 10);
      // the batches' mean penalty, which was plotted, differs from the epoch-end one (the premise)
      apart = Math.max(apart, Math.abs(points[p + 3]! - session.history.get("regularizationLoss")[p / POINT_SIZE]!));
    }
    expect(apart).toBeGreaterThan(0.01);
  });
});
