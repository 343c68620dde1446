import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { Sequential } from "../model/sequential.js";
import { Adam } from "../optim/adam.js";
import { SGD } from "../optim/sgd.js";
import { l2 } from "../regularizers/l2.js";
import { Tensor, type DType } from "../tensor/tensor.js";
import { EarlyStopping } from "./callbacks/early-stopping.js";
import { Progress, type ProgressReport } from "./callbacks/progress.js";
import { fit } from "./fit.js";
import { TrainingDivergedError } from "./non-finite.js";

function classifier(dtype: DType, seed: number, withDropout = true): Sequential {
  const model = new Sequential({
    inputSize: 2,
    dtype,
    seed,
    layers: [
      new Dense({ units: 16, activation: "relu", kernelRegularizer: l2(0.01) }),
      ...(withDropout ? [new Dropout({ rate: 0.2 })] : []),
      new Dense({ units: 8, activation: "tanh" }),
      new Dense({ units: 1, activation: "sigmoid" }),
    ],
  });
  return model.compile({ loss: "binaryCrossEntropy", optimizer: new Adam({ learningRate: 0.01 }) });
}

describe("fit", () => {
  const train = noisyCircle(200, 1, 0.05);
  const dev = noisyCircle(100, 2, 0.05);

  for (const dtype of ["float32", "float64"] as const) {
    it(`two runs with the same seed give bitwise-identical weights (${dtype}), another seed does not`, () => {
      const run = (seed: number) => {
        const model = classifier(dtype, seed);
        fit(model, train.x, train.y, { epochs: 5, batchSize: 32, seed });
        return model.params().map((p) => Array.from(p.value.data));
      };
      const a = run(7);
      expect(run(7)).toEqual(a);
      expect(run(8)).not.toEqual(a);
      expect(a.flat().every(Number.isFinite)).toBe(true);
    });
  }

  it("records train and dev data loss, regularization loss, accuracy and the dropout-off cost", () => {
    const model = classifier("float64", 1);
    const history = fit(model, train.x, train.y, { epochs: 3, batchSize: 50, validationData: dev });
    expect(Object.keys(history.values).sort()).toEqual(
      ["accuracy", "dataLoss", "fullAccuracy", "fullDataLoss", "fullLoss", "loss", "regularizationLoss", "valAccuracy", "valDataLoss", "valLoss"].sort(),
    );
    expect(history.epochs).toEqual([0, 1, 2]);
    for (let i = 0; i < 3; i++) {
      expect(history.get("loss")[i]).toBeCloseTo(history.get("dataLoss")[i]! + history.get("regularizationLoss")[i]!, 12);
      expect(history.get("regularizationLoss")[i]!).toBeGreaterThan(0);
    }
    // The last epoch's dev cost is the model's dev cost now.
    const e = model.evaluate(dev.x, dev.y);
    expect(history.last("valLoss")).toBe(e.loss);
    expect(history.last("valAccuracy")).toBe(e.accuracy);
    expect(history.stop.reason).toBe("completed");
    expect(history.toRecords()[2]!.epoch).toBe(2);
  });

  it("the hot path reuses its buffers: the same output and gradient tensors every step", () => {
    const model = classifier("float32", 1);
    const grads = model.params().map((p) => p.grad);
    model.computeGradients(train.x, train.y, { mode: "train" });
    const output = model.output;
    for (let i = 0; i < 3; i++) model.computeGradients(train.x, train.y, { mode: "train" });
    expect(model.output).toBe(output);
    expect(model.params().map((p) => p.grad)).toEqual(grads);
    model.params().forEach((p, i) => expect(p.grad).toBe(grads[i]));
  });

  it("early stopping on a task built to overfit: stops early, keeps the best weights, records both epochs", () => {
    // 30 noisy examples, a wide network and Adam: the dev cost turns up after a while.
    const small = noisyCircle(30, 3, 0.2);
    const model = new Sequential({
      inputSize: 2,
      dtype: "float64",
      seed: 1,
      layers: [new Dense({ units: 64, activation: "relu" }), new Dense({ units: 64, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })],
    }).compile({ loss: "binaryCrossEntropy", optimizer: new Adam({ learningRate: 0.01 }) });
    const stopper = new EarlyStopping({ monitor: "valLoss", patience: 20 });
    const history = fit(model, small.x, small.y, { epochs: 2000, batchSize: "full", validationData: dev, callbacks: [stopper] });
    const record = history.earlyStopping!;
    expect(record.stoppedEpoch).not.toBeNull();
    expect(record.stoppedEpoch!).toBeLessThan(1999);
    expect(record.stoppedEpoch).toBe(record.bestEpoch + 21);
    expect(history.length).toBe(record.stoppedEpoch! + 1);
    expect(history.stop.reason).toBe("earlyStopping");
    const valLoss = history.get("valLoss");
    expect(Math.min(...valLoss)).toBe(record.bestValue);
    expect(valLoss[record.bestEpoch]).toBe(record.bestValue);
    expect(valLoss.at(-1)!).toBeGreaterThan(record.bestValue); // it did overfit
    expect(record.restoredBest).toBe(true);
    expect(model.evaluate(dev.x, dev.y).loss).toBe(record.bestValue); // ends with the best weights
  });

  it("early stopping says what it can monitor when the key is missing", () => {
    const model = classifier("float64", 1, false);
    expect(() => fit(model, train.x, train.y, { epochs: 2, callbacks: [new EarlyStopping()] })).toThrow(
      /monitor "valLoss" must be one of the logged values \(loss, dataLoss, regularizationLoss, accuracy\); received none \(pass validationData to fit\)/,
    );
  });

  it("a diverging run stops with a diagnosis and keeps its last finite weights", () => {
    // Unnormalized inputs (x1 in the thousands) and a large learning rate on a linear regression.
    const x = Tensor.from2D(Array.from({ length: 20 }, (_, i) => [1000 * i, i / 20]));
    const y = Tensor.column(Array.from({ length: 20 }, (_, i) => i));
    const make = () =>
      new Sequential({ inputSize: 2, dtype: "float64", layers: [new Dense({ units: 1 })] }).compile({
        loss: "meanSquaredError",
        optimizer: new SGD({ learningRate: 1 }),
      });
    const model = make();
    const initial = model.params().map((p) => Array.from(p.value.data));
    let error: unknown;
    try {
      fit(model, x, y, { epochs: 500, batchSize: "full", stopOnDivergence: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.message).toMatch(/the cost became (not a number|infinite) at epoch \d+/);
    expect(diverged.facts.join("\n")).toMatch(/^learning rate 1 \(sgd\)$/m);
    expect(diverged.facts.join("\n")).toMatch(/feature stds from 0\.288 to 5770 \(largest \|x\| 1\.90e\+4\)/);
    expect(diverged.history.stop.reason).toBe("nonFiniteCost");
    // the weights put back are those of the lowest training cost (here the initial ones), never blown-up ones
    expect(diverged.history.stop.restoredEpoch).toBe(0);
    expect(model.params().map((p) => Array.from(p.value.data))).toEqual(initial);
    // and the message says so (it said "the weights of epoch 0 (the lowest training cost, 7.008e+30)")
    expect(diverged.message).toMatch(/; the initial weights were put back \((epoch 0, which began with them, had the lowest training cost, \S+, over its batches|no epoch's training cost over its batches was below theirs, \S+)\)\. Measured at the stop:/);
    // "stop" returns instead of throwing
    const history = fit(make(), x, y, { epochs: 500, batchSize: "full", onNonFinite: "stop", stopOnDivergence: false });
    expect(history.stop.reason).toBe("nonFiniteCost");
    expect(history.stop.message).toMatch(/Measured at the stop:/);
    expect(history.length).toBe(diverged.epoch);
  });

  it("a finite cost far above its start is divergence too: stopped early, the healthy weights kept", () => {
    const x = Tensor.from2D(Array.from({ length: 20 }, (_, i) => [1000 * i, i / 20]));
    const y = Tensor.column(Array.from({ length: 20 }, (_, i) => i));
    const model = new Sequential({ inputSize: 2, dtype: "float64", layers: [new Dense({ units: 1 })] }).compile({
      loss: "meanSquaredError",
      optimizer: new SGD({ learningRate: 1 }),
    });
    const initial = model.params().map((p) => Array.from(p.value.data));
    const history = fit(model, x, y, { epochs: 500, batchSize: "full", onNonFinite: "stop" });
    expect(history.stop.reason).toBe("diverged");
    expect(history.stop.divergence).toBe("cost-blow-up");
    expect(history.stop.message).toMatch(/the cost stayed above 4 times its starting value for 3 epochs: \S+ at epoch 3, \S+ times its starting value/);
    expect(history.length).toBe(4); // stopped after three epochs above, not 500 epochs of overflow later
    expect(history.initial!.loss).toBeCloseTo(history.get("loss")[0]!, 9);
    expect(model.params().map((p) => Array.from(p.value.data))).toEqual(initial);
  });

  it("a cost that oscillates without trend stops the run; one that falls with noise does not", async () => {
    const { DivergenceWatch } = await import("./divergence.js");
    const model = classifier("float64", 1);
    const watch = new DivergenceWatch(model, train.x, 0.7, 0.69, 1000, { deadLayers: false });
    let stopped = null;
    for (let e = 0; e < 100 && !stopped; e++) stopped = watch.check(e, e % 2 ? 0.5 : 1.5);
    expect(stopped?.kind).toBe("oscillation");
    const calm = new DivergenceWatch(model, train.x, 0.7, 0.69, 1000, { deadLayers: false });
    const noisy = Array.from({ length: 200 }, (_, e) => 0.7 * Math.exp(-e / 50) + 0.05 + (e % 2 ? 0.02 : -0.02));
    expect(noisy.map((c, e) => calm.check(e, c)).filter(Boolean)).toEqual([]);
  });

  it("reports progress with the time left, every n epochs and at the end", () => {
    const reports: ProgressReport[] = [];
    fit(classifier("float32", 1), train.x, train.y, {
      epochs: 7,
      callbacks: [new Progress((p) => reports.push({ ...p }), 3)],
    });
    expect(reports.map((r) => r.epoch)).toEqual([2, 5, 6]);
    expect(reports.at(-1)!.remainingMs).toBe(0);
    expect(reports[0]!.logs.loss).toBeGreaterThan(0);
  });

  it("Monte Carlo dropout: predictions vary with monteCarlo and not without", () => {
    const model = classifier("float64", 3);
    fit(model, train.x, train.y, { epochs: 2 });
    const x = dev.x;
    expect(Array.from(model.predict(x).data)).toEqual(Array.from(model.predict(x).data));
    expect(Array.from(model.predict(x, { monteCarlo: true }).data)).not.toEqual(Array.from(model.predict(x, { monteCarlo: true }).data));
  });
});
