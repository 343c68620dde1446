import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { jitter } from "../data/augment.js";
import { Standardization } from "../data/standardization.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { Sequential } from "../model/sequential.js";
import { Adam } from "../optim/adam.js";
import { Momentum } from "../optim/momentum.js";
import type { Optimizer } from "../optim/optimizer.js";
import { SGD } from "../optim/sgd.js";
import { l2 } from "../regularizers/l2.js";
import type { DType, TypedArray } from "../tensor/tensor.js";
import { EarlyStopping } from "./callbacks/early-stopping.js";
import { Trainer } from "./trainer.js";
import type { TrainerSnapshot } from "./trainer-snapshot.js";

const train = noisyCircle(150, 1, 0.05);
const dev = noisyCircle(60, 2, 0.05);

function network(dtype: DType, seed: number, optimizer: () => Optimizer): Sequential {
  const model = new Sequential({
    inputSize: 2,
    dtype,
    seed,
    layers: [
      new Dense({ units: 12, activation: "relu", kernelRegularizer: l2(0.01) }),
      new Dropout({ rate: 0.2 }),
      new Dense({ units: 6, activation: "tanh" }),
      new Dropout({ rate: 0.1 }),
      new Dense({ units: 1, activation: "sigmoid" }),
    ],
  });
  model.normalization = Standardization.fit(train.x);
  return model.compile({ loss: "binaryCrossEntropy", optimizer: optimizer() });
}

/** Minibatches of 32 (the last one short), reshuffled each epoch, jittered inputs, early stopping that keeps the best weights. */
function trainer(model: Sequential): Trainer {
  return new Trainer(model, train.x, train.y, {
    epochs: 12,
    batchSize: 32,
    seed: 9,
    validationData: dev,
    augment: jitter({ std: 0.05 }),
    callbacks: [new EarlyStopping({ monitor: "valLoss", patience: 100 })],
  });
}

const bits = (arrays: readonly TypedArray[]) => arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex"));
const weightsOf = (model: Sequential) => bits(model.params().map((p) => p.value.data));

const optimizers: Array<[string, () => Optimizer]> = [
  ["momentum", () => new Momentum({ learningRate: 0.05, momentum: 0.9 })],
  ["adam", () => new Adam({ learningRate: 0.01 })],
  ["sgd with weight decay", () => new SGD({ learningRate: 0.1, weightDecay: 0.01 })],
];

describe("Trainer snapshot and restore", () => {
  for (const dtype of ["float64", "float32"] as const) {
    for (const [name, optimizer] of optimizers) {
      it(`${dtype}, ${name}: restored into a fresh trainer, training ends with the same bits`, () => {
        // Train 4 epochs and 2 batches (mid-epoch), snapshot, train on to the end.
        const model = network(dtype, 1, optimizer);
        const first = trainer(model);
        for (let e = 0; e < 4; e++) first.runEpoch();
        first.step();
        first.step();
        // A copy with nothing shared, as a file would give back.
        const snapshot = structuredClone(first.snapshot()) as TrainerSnapshot;
        expect(snapshot.batch).toBe(2);
        const finalFirst = first.run();

        // Another seed: other initial weights, dropout streams and shuffling stream, all replaced by restore.
        const other = network(dtype, 77, optimizer);
        const second = trainer(other);
        second.restore(snapshot);
        expect(second.epoch).toBe(4);
        expect(second.iteration).toBe(first.iteration - (12 - 4) * 5 + 2);
        const finalSecond = second.run();

        expect(weightsOf(other)).toEqual(weightsOf(model));
        expect(finalSecond.toRecords()).toEqual(finalFirst.toRecords());
        expect(finalSecond.initial).toEqual(finalFirst.initial);
        expect(finalSecond.earlyStopping).toEqual(finalFirst.earlyStopping);
        expect(finalSecond.stop).toEqual(finalFirst.stop);
        expect(second.iteration).toBe(first.iteration);

        // And taking snapshots changes nothing: the same as a run never snapshotted.
        const plain = network(dtype, 1, optimizer);
        trainer(plain).run();
        expect(weightsOf(plain)).toEqual(weightsOf(model));
      });
    }
  }

  it("a snapshot between epochs, and one whose history values are put back from elsewhere", () => {
    const model = network("float64", 3, () => new Adam({ learningRate: 0.02 }));
    const first = trainer(model);
    for (let e = 0; e < 5; e++) first.runEpoch();
    const full = first.snapshot();
    const lean = first.snapshot({ history: false });
    expect(lean.history.values).toBeUndefined();
    expect(lean.history.length).toBe(5);
    first.run();

    const other = network("float64", 3, () => new Adam({ learningRate: 0.02 }));
    const second = trainer(other);
    expect(() => second.restore(lean)).toThrow(/History.setState: a state with its epochs and values/);
    const third = trainer(network("float64", 3, () => new Adam({ learningRate: 0.02 })));
    third.restore({ ...lean, history: { ...lean.history, epochs: full.history.epochs, values: full.history.values } });
    third.run();
    expect(weightsOf(third.model)).toEqual(weightsOf(model));
  });

  it("refuses a snapshot that does not fit: another batch size, another dtype, another optimizer, after finish", () => {
    const model = network("float64", 1, () => new Adam());
    const t = trainer(model);
    t.runEpoch();
    const snapshot = t.snapshot();
    const otherBatch = new Trainer(network("float64", 1, () => new Adam()), train.x, train.y, { epochs: 3, batchSize: 16 });
    expect(() => otherBatch.restore(snapshot)).toThrow("Trainer.restore: a snapshot with batch size 16; received 32");
    expect(() => trainer(network("float32", 1, () => new Adam())).restore(snapshot)).toThrow(/weights\[0\]: a Float32Array of 24 values/);
    expect(() => trainer(network("float64", 1, () => new Momentum())).restore(snapshot)).toThrow(/Momentum\.setState: a state from momentum's getState; received "adam"/);
    // early stopping's best weights of another length (a damaged checkpoint): refused now, not a RangeError
    // after the whole run, nor a model that mixes two epochs (an audit helper)
    const cut = structuredClone(snapshot);
    const best = (cut.callbacks[0] as { weights: Float64Array[] }).weights;
    best[2] = best[2]!.slice(0, best[2]!.length - 3);
    expect(() => trainer(network("float64", 1, () => new Adam())).restore(cut)).toThrow(
      "EarlyStopping.setState: best weights of the model's shapes (24 float64, 12 float64, 72 float64, 6 float64, 6 float64, 1 float64); received 24 float64, 12 float64, 69 float64, 6 float64, 6 float64, 1 float64",
    );
    t.finish();
    expect(() => t.snapshot()).toThrow("Trainer.snapshot: training has ended (finish() ran); take snapshots before finish()");
  });

  it("requestStop ends training at the end of the epoch, or at once between epochs", () => {
    const t = trainer(network("float64", 1, () => new Adam()));
    t.step();
    t.requestStop();
    expect(t.done).toBe(false);
    t.runEpoch();
    expect(t.done).toBe(true);
    expect(t.history.length).toBe(1);
    expect(t.history.stop).toEqual({ reason: "callback", epoch: 0 });
    const between = trainer(network("float64", 1, () => new Adam()));
    between.runEpoch();
    between.requestStop();
    expect(between.done).toBe(true);
    expect(between.history.stop).toEqual({ reason: "callback", epoch: 0 });
  });
});
