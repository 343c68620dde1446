/**
 * The core at its edges (an audit of the library API, session 14): targets a loss cannot read, an output
 * layer a loss cannot read, a prediction of exactly 0 or 1, and early stopping after a mid-epoch blow-up.
 * Each case failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { binaryCrossEntropy, Dense, EarlyStopping, fit, parseSpec, runExperiment, SGD, Sequential, softmaxCrossEntropy, Tensor } from "../src/index.js";

describe("losses and the targets or outputs they are given", () => {
  it("softmaxCrossEntropy refuses one-hot rows that are not distributions (its gradient is the cost's only for those)", () => {
    const loss = softmaxCrossEntropy();
    expect(() => loss.checkTargets(Tensor.from2D([[0, 1, 0], [0, 0, 0]]), 3)).toThrow("softmaxCrossEntropy: each one-hot target row must be non-negative and sum to 1 (a class's 1, or soft labels); received [0, 0, 0] at row 1");
    expect(() => loss.checkTargets(Tensor.from2D([[1, 1, 0]]), 3)).toThrow("received [1, 1, 0] at row 0");
    expect(() => loss.checkTargets(Tensor.from2D([[-1, 2]]), 2)).toThrow("received [-1, 2] at row 0");
    // one-hot rows and soft labels that sum to 1 are as before
    expect(() => loss.checkTargets(Tensor.from2D([[0, 1, 0], [0.2, 0.3, 0.5]]), 3)).not.toThrow();
  });

  it("binaryCrossEntropy's gradient on probabilities is finite where the prediction is exactly the target (0/0 before)", () => {
    const loss = binaryCrossEntropy();
    const into = Tensor.zeros(1, 2);
    loss.gradient(Tensor.from2D([[0, 1]]), Tensor.from2D([[0, 1]]), into);
    // d/dp of -(y log p + (1 - y) log(1 - p)) at p = y: 1/(1 - p) = 1 for y = 0, -1/p = -1 for y = 1; over n = 2
    expect(Array.from(into.data)).toEqual([0.5, -0.5]);
    // elsewhere the bits are the formula's as before: (p - y) / (p (1 - p)) / n
    loss.gradient(Tensor.from2D([[0.25, 0.5]]), Tensor.from2D([[1, 0]]), into);
    expect(Array.from(into.data)).toEqual([(0.25 - 1) / (0.25 * 0.75) / 2, 0.5 / (0.5 * 0.5) / 2]);
  });

  it("compile refuses a cross-entropy loss after a linear output layer, in one line (fit said 'training diverged ... NaN at epoch 0')", () => {
    const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "relu" }), new Dense({ units: 1 })] });
    expect(() => model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) })).toThrow(
      'compile: binaryCrossEntropy needs outputs in [0, 1] (a "sigmoid" output layer); received a "linear" output layer (give the last Dense activation: "sigmoid")',
    );
    const tanh = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 3, activation: "tanh" })] });
    expect(() => tanh.compile({ loss: "softmaxCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) })).toThrow('received a "tanh" output layer');
    const right = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    expect(() => right.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) })).not.toThrow();
  });
});

describe("early stopping after a blow-up in the middle of an epoch", () => {
  it("keeps the best epoch's weights, not the start of the trainer's lowest-cost epoch", () => {
    const n = 64;
    const x = Tensor.from2D(Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), (i % 7) / 7]));
    const y = Tensor.column(Array.from({ length: n }, (_, i) => Math.sin(i) * 2 + Math.cos(i * 0.7)));
    const model = new Sequential({ inputSize: 3, seed: 1, layers: [new Dense({ units: 16, activation: "tanh" }), new Dense({ units: 1 })] });
    model.compile({ loss: "meanSquaredError", optimizer: new SGD({ learningRate: 0.05 }) });
    const weightsAtEnd: string[] = [];
    // the rate blows up at epoch 6: its first batches turn the cost non-finite
    const blowUp = { onEpochBegin: (s: { epoch: number; model: Sequential }) => void (s.epoch === 6 && (s.model.optimizer!.learningRate = 1e200)), onEpochEnd: (s: { model: Sequential }) => void weightsAtEnd.push(JSON.stringify(s.model.getWeights())) };
    const history = fit(model, x, y, { epochs: 20, batchSize: 8, validationData: { x, y }, callbacks: [blowUp, new EarlyStopping({ patience: 3 })], onNonFinite: "stop", stopOnDivergence: false });
    expect(history.stop.reason).toBe("nonFiniteCost");
    const best = history.earlyStopping!.bestEpoch;
    expect(best).toBe(history.epochs.at(-1)); // the case: the best epoch is the last one recorded
    expect(history.earlyStopping!.restoredBest).toBe(true);
    expect(JSON.stringify(model.getWeights())).toBe(weightsAtEnd[best]);
    expect(model.evaluate(x, y).loss).toBeCloseTo(history.earlyStopping!.bestValue, 8);
    expect(history.stop.message).toContain(`Early stopping then put back the weights at the end of epoch ${best}, its best valLoss`);
  });

  it("does not put back a best epoch that had blown up already: the trainer's healthy weights stay (a real-data audit, session 16)", async () => {
    // plain gradient descent at 30 on moons: the cost blows up from the first epoch, so the best valLoss is
    // epoch 0's end, whose training cost is in the millions; restored, it replaced the weights the message
    // said were put back
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 300 }, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 30 }, training: { epochs: 100, batchSize: 32, earlyStopping: { patience: 30 } } });
    const r = await runExperiment(spec, { recordFlow: false });
    expect(r.history.stop.reason).toBe("diverged");
    expect(r.history.earlyStopping).toMatchObject({ bestEpoch: 0, restoredBest: false });
    expect(r.history.get("valLoss")[0]!).toBeGreaterThan(1000); // the premise: the best epoch had blown up
    expect(r.train.loss).toBeLessThan(r.history.initial!.loss); // the weights kept are the healthy ones
    expect(r.history.stop.message).not.toContain("Early stopping then put back");
  });

  it("puts back the initial weights when the run blew up within its first epoch (an epoch's mean cost includes its blow-up; session 25)", async () => {
    // SGD at 50 on moons: epoch 0's mean batch cost already held the blow-up, epoch 1's was lower (5.2e47),
    // and the weights at the start of epoch 1 (W1 std 8.8e54) were put back over the initial ones (0.627)
    const spec = parseSpec({
      seed: 1,
      data: { source: "moons", n: 1000, noise: 0.2 },
      model: { hidden: [{ units: 32, activation: "relu" }, { units: 32, activation: "relu" }] },
      optimizer: { name: "sgd", learningRate: 50 },
      training: { epochs: 100, batchSize: 32 },
    });
    const r = await runExperiment(spec, { recordFlow: false });
    const losses = r.history.get("loss");
    expect(r.history.stop.reason).toBe("diverged");
    expect(Math.min(...losses)).toBeGreaterThan(1e6); // the premise: every epoch's mean cost held a blow-up
    expect(losses[1]!).toBeLessThan(losses[0]!); // and epoch 1's was the lowest of them
    expect(r.history.stop.restoredEpoch).toBe(0);
    expect(r.train.loss).toBeCloseTo(r.history.initial!.loss, 12); // moons has fewer than 4096 rows: the same measure
    expect(r.history.stop.message).toMatch(/; the initial weights were put back \(no epoch's training cost over its batches was below theirs, 0\.6\d+\)\./);
  });

  it("puts back a later epoch's start once its training cost fell below the initial weights' (a healthy run that then blew up)", () => {
    // full batches: an epoch's cost is exactly its starting weights' cost; the learning rate is raised mid-run
    const x = Tensor.from2D(Array.from({ length: 40 }, (_, i) => [i / 40, ((i * 7) % 40) / 40]));
    const y = Tensor.column(Array.from({ length: 40 }, (_, i) => 3 * (i / 40) - ((i * 7) % 40) / 40));
    const m = new Sequential({ inputSize: 2, seed: 3, dtype: "float64", layers: [new Dense({ units: 1 })] });
    const sgd = new SGD({ learningRate: 0.1 });
    m.compile({ loss: "meanSquaredError", optimizer: sgd });
    const raise = { onEpochEnd: (s: { epoch: number }) => void (s.epoch === 20 && (sgd.learningRate = 50)) };
    const history = fit(m, x, y, { epochs: 200, batchSize: "full", onNonFinite: "stop", callbacks: [raise] });
    expect(history.stop.reason).toMatch(/diverged|nonFiniteCost/);
    const losses = history.get("loss");
    expect(history.stop.restoredEpoch).toBeGreaterThan(0);
    expect(losses[history.stop.restoredEpoch!]!).toBeLessThan(history.initial!.loss);
    expect(history.stop.message).toContain(`the weights at the start of epoch ${history.stop.restoredEpoch} were put back`);
    expect(history.stop.message).toContain(`the initial weights cost ${history.initial!.loss.toPrecision(4)}`);
  });
});

describe("metrics of a model read back from its file", () => {
  it("a regression model loaded with loadModel scores MSE, MAE and R^2 (it threw 'class indices must be integers'), and one example's R^2 is undefined", async () => {
    const { loadModel, modelMetrics, saveModel, regressionMetrics } = await import("../src/index.js");
    const x = Tensor.from2D(Array.from({ length: 40 }, (_, i) => [i / 40, (i % 5) / 5]));
    const y = Tensor.column(Array.from({ length: 40 }, (_, i) => 10 * (i / 40) + 0.2));
    const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 1 })] });
    model.compile({ loss: "meanSquaredError", optimizer: new SGD({ learningRate: 0.05 }) });
    fit(model, x, y, { epochs: 5, batchSize: 8 });
    const loaded = loadModel(saveModel(model));
    expect(loaded.loss).toBeNull();
    expect(modelMetrics(loaded, x, y)).toEqual(modelMetrics(model, x, y));
    expect(modelMetrics(loaded, x, y).task).toBe("regression");
    // 0/1 targets on a regression model are still regression figures
    expect(modelMetrics(loaded, x, Tensor.column(Array.from({ length: 40 }, (_, i) => i % 2))).task).toBe("regression");
    expect(regressionMetrics([3], [2.5]).r2).toBeNaN();
    expect(regressionMetrics([3, 3], [3, 3]).r2).toBe(1); // a constant target predicted exactly, as before
  });
});

describe("the library's entry points given what they do not take", () => {
  it("fitAsync takes a Dataset as fit does", async () => {
    const { fitAsync } = await import("../src/index.js");
    const x = Tensor.from2D([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = Tensor.column([0, 1, 1, 0]);
    const dataset = { x, y, task: "binary" as const, classes: ["no", "yes"], featureNames: ["a", "b"] };
    const make = () => {
      const m = new Sequential({ inputSize: 2, seed: 3, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] });
      return m.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.5 }) });
    };
    const a = make();
    const b = make();
    const h1 = fit(a, dataset as never, { epochs: 5, batchSize: "full" });
    const h2 = await fitAsync(b, dataset as never, { epochs: 5, batchSize: "full" });
    expect(h2.get("loss")).toEqual(h1.get("loss"));
    expect(b.classes).toEqual(["no", "yes"]);
  });

  it("shapes and configs that cannot be are one clear error", async () => {
    const { l1l2, loadModel, saveModel } = await import("../src/index.js");
    expect(() => Tensor.zeros(2.5, 2)).toThrow("Tensor.zeros: rows and cols must be non-negative integers; received 2.5 and 2");
    expect(() => Tensor.zeros(-1, 2)).toThrow("received -1 and 2");
    expect(() => Tensor.from2D(null as never)).toThrow("Tensor.from2D: an array of rows (arrays of numbers)");
    expect(() => l1l2(undefined as never)).toThrow("l1l2: options { l1, l2 }");
    const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 1, activation: "sigmoid", kernelRegularizer: l1l2({ l1: 0.1, l2: 0.1 }) })] });
    const file = JSON.parse(saveModel(model));
    const text = JSON.stringify(file).replace('"type":"l1l2"', '"type":"dropconnect"');
    expect(text).toContain("dropconnect");
    expect(() => loadModel(text)).toThrow(/regularizer: type "l1", "l2" or "l1l2".*dropconnect/);
  });
});

describe("checkGradients on a float32 model", () => {
  it("keeps the dropout layers' fixed masks on its float64 copy (a float32 model with its masks set was refused)", async () => {
    const { checkGradients, Dropout } = await import("../src/index.js");
    const x = Tensor.from2D(Array.from({ length: 12 }, (_, i) => [Math.sin(i), Math.cos(i), i / 12]));
    const y = Tensor.column(Array.from({ length: 12 }, (_, i) => i % 2));
    const mask = Tensor.from2D(Array.from({ length: 12 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i + j) % 3 === 0 ? 0 : 1))));
    const reports = (["float64", "float32"] as const).map((dtype) => {
      const m = new Sequential({ inputSize: 3, dtype, seed: 3, layers: [new Dense({ units: 6, activation: "sigmoid" }), new Dropout({ rate: 0.5 }), new Dense({ units: 1, activation: "sigmoid" })] });
      m.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
      (m.layers[1] as InstanceType<typeof Dropout>).setFixedMask(mask);
      return checkGradients(m, x, y, { mode: "train" });
    });
    for (const r of reports) expect(r.verdict).toBe("pass");
    // the float32 model's copy ran with the mask: its cost is the float64 model's, to float32's rounding of the weights
    expect(reports[1]!.cost).toBeCloseTo(reports[0]!.cost, 5);
  });
});
