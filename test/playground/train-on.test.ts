/**
 * "Train on" (a page audit): the run went on to twice its epochs, but the page's spec, link and exports
 * still asked for the old epochs, whose `nnlab train` gave another model than the page showed. The session's
 * spec now asks for the epochs trained, and the run is the bits of one that asked for them from the start.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";
import { TrainingSession } from "../../web/src/session.js";

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
