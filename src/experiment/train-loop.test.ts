/**
 * The training loop under Ctrl-C (found by an audit helper): the stop is heard before a step, so that the
 * checkpoint it saves never covers an epoch whose history line is not written yet (a second Ctrl-C in that
 * window left a full-batch run that could not be resumed), and it stops there, not one epoch later.
 */
import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { SGD } from "../optim/sgd.js";
import { Trainer } from "../train/trainer.js";
import type { RunJournal } from "./journal.js";
import { trainLoop } from "./train-loop.js";

const data = noisyCircle(96, 1, 0.05);

function trainer(batchSize: number): Trainer {
  const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
  model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
  return new Trainer(model, data.x, data.y, { epochs: 50, batchSize, seed: 2 });
}

/** A journal that records, at each save, the epochs its history lines cover and the trainer's position. */
function recordingJournal(): RunJournal & { lines: number; saves: Array<{ lines: number; epoch: number; batch: number; interrupted: boolean }> } {
  const journal = {
    lines: 0,
    saves: [] as Array<{ lines: number; epoch: number; batch: number; interrupted: boolean }>,
    bindData() {},
    restore: () => null,
    resumedElapsedMs: 0,
    epochEnded() {
      journal.lines++;
    },
    due: () => true,
    async save(t: Trainer, _flow: unknown, options?: { interrupted?: boolean }) {
      const s = t.snapshot({ history: false });
      journal.saves.push({ lines: journal.lines, epoch: s.epoch, batch: s.batch, interrupted: options?.interrupted ?? false });
    },
  };
  return journal;
}

describe("trainLoop and Ctrl-C", () => {
  it("full batch: the stop checkpoint covers only epochs the history already has", async () => {
    const t = trainer(96);
    const journal = recordingJournal();
    let steps = 0;
    const { interrupted } = await trainLoop(t, { checkpoints: journal, shouldStop: () => ++steps > 7 });
    expect(interrupted).toBe(true);
    const stop = journal.saves.find((s) => s.interrupted)!;
    expect(stop.epoch).toBe(7); // seven epochs of one step each, all in the history
    expect(stop.lines).toBe(7);
    expect(t.history.length).toBe(7);
  });

  it("minibatches: stops at the next step, mid-epoch, not at the end of the next epoch", async () => {
    const t = trainer(8); // 12 steps an epoch
    const journal = recordingJournal();
    let steps = 0;
    await trainLoop(t, { checkpoints: journal, shouldStop: () => ++steps > 12 * 3 + 5 });
    const stop = journal.saves.find((s) => s.interrupted)!;
    expect([stop.epoch, stop.batch, stop.lines]).toEqual([3, 5, 3]);
    expect(t.done).toBe(true);
    expect(t.history.length).toBe(3); // the epoch under way is left out
    expect(t.history.stop).toMatchObject({ reason: "callback", epoch: 2 });
    // the weights are the last recorded epoch's (early stopping, whose best may be that epoch, then restores nothing)
    const three = trainer(8);
    for (let e = 0; e < 3; e++) three.runEpoch();
    expect(t.model.getWeights()).toEqual(three.model.getWeights());
  });

  it("in the first epoch, finishes that epoch so that the run has one to report", async () => {
    const t = trainer(8);
    let steps = 0;
    const { interrupted } = await trainLoop(t, { checkpoints: recordingJournal(), shouldStop: () => ++steps > 3 });
    expect(interrupted).toBe(true);
    expect(t.history.length).toBe(1);
  });

  it("hands the event loop back mid-epoch too, so a Ctrl-C handler runs before the epoch ends", async () => {
    const t = trainer(8);
    t.runEpoch(); // past the first epoch
    const journal = recordingJournal();
    let heard = false;
    setTimeout(() => (heard = true), 0); // as a SIGINT handler would run, once the loop yields
    await trainLoop(t, { checkpoints: journal, shouldStop: () => heard, yieldEveryMs: 0 });
    const stop = journal.saves.find((s) => s.interrupted)!;
    expect([stop.epoch, stop.batch]).toEqual([1, 1]); // after the first step's yield (it waited for the epoch's end)
  });
});
