/**
 * Every built-in differentiable piece under a float64 gradient check: each layer on its parameters and
 * its input, each loss on its input (and on the logits it pairs with), each regularizer — with default
 * and non-default settings (dropout 0.2 with a fixed mask, leaky slope 0.2, l1l2, a model trained with
 * momentum). A check that cannot fail is no check, so the last tests break a layer on purpose.
 */
import { describe, expect, it } from "vitest";
import {
  Activation,
  binaryCrossEntropy,
  checkGradients,
  checkLayer,
  checkLoss,
  checkRegularizer,
  Dense,
  Dropout,
  fit,
  l1,
  l1l2,
  l2,
  type Layer,
  meanSquaredError,
  Momentum,
  Rng,
  Sequential,
  softmaxCrossEntropy,
  Tensor,
} from "../src/index.js";

const PASS = 1e-7;

function random(rows: number, cols: number, seed: number, transform = (v: number) => v): Tensor {
  const rng = new Rng(seed);
  const t = Tensor.zeros(rows, cols, "float64");
  for (let i = 0; i < t.size; i++) t.data[i] = transform(rng.normal());
  return t;
}

function dropoutWithMask(rate: number, rows: number, cols: number): Dropout {
  const d = new Dropout({ rate });
  const rng = new Rng(4);
  const mask = Tensor.zeros(rows, cols, "float64");
  for (let i = 0; i < mask.size; i++) mask.data[i] = rng.uniform() < 1 - rate ? 1 : 0;
  d.setFixedMask(mask);
  return d;
}

describe("layer-level gradient checks (parameters and inputs)", () => {
  const cases: Array<[string, () => Layer]> = [
    ["Dense linear", () => new Dense({ units: 4 })],
    ["Dense relu", () => new Dense({ units: 4, activation: "relu" })],
    ["Dense leakyRelu alpha 0.2", () => new Dense({ units: 4, activation: "leakyRelu", alpha: 0.2 })],
    ["Dense tanh", () => new Dense({ units: 4, activation: "tanh" })],
    ["Dense sigmoid", () => new Dense({ units: 4, activation: "sigmoid" })],
    ["Dense softmax", () => new Dense({ units: 4, activation: "softmax" })],
    ["Dense without bias", () => new Dense({ units: 4, useBias: false, activation: "tanh" })],
    ["ReLU layer", () => new Activation("relu")],
    ["leaky ReLU layer, alpha 0.2", () => new Activation("leakyRelu", { alpha: 0.2 })],
    ["tanh layer", () => new Activation("tanh")],
    ["sigmoid layer", () => new Activation("sigmoid")],
    ["softmax layer", () => new Activation("softmax")],
    ["Dropout 0.2, fixed mask", () => dropoutWithMask(0.2, 4, 5)],
    ["Dropout 0.5, fixed mask", () => dropoutWithMask(0.5, 4, 5)],
  ];
  it.each(cases)("%s", (_name, make) => {
    const report = checkLayer(make(), { inputSize: 5, rows: 4, seed: 3 });
    expect(report.verdict).toBe("pass");
    expect(report.difference).toBeLessThan(PASS);
    expect(report.perTensor.map((t) => t.name)).toContain("dinput");
    expect(report.checked).toBe(report.total);
  });

  it("Dropout drawing fresh masks is refused, not called wrong: each finite difference would meet another mask (an audit helper)", () => {
    // it read "fail 0.99999" with numerical gradients near 1e5
    expect(() => checkLayer(new Dropout({ rate: 0.3 }), { inputSize: 3 })).toThrow(
      /^checkLayer: expected a layer whose forward gives the same output for the same input in mode "train"; received one that gave .* \(random, as a Dropout drawing fresh masks is: set one with setFixedMask, or check it in mode "eval"\)$/,
    );
  });

  it("Dropout in eval mode is the identity, and its gradient too", () => {
    const report = checkLayer(new Dropout({ rate: 0.3 }), { inputSize: 3, mode: "eval" });
    expect(report.difference).toBeLessThan(PASS);
    expect(report.perTensor[0]!.worst[0]!.backprop).toBeDefined();
  });
});

describe("loss gradient checks", () => {
  const logits = random(6, 1, 1, (v) => 3 * v);
  const probabilities = random(6, 1, 2, (v) => 1 / (1 + Math.exp(-v)));
  const binary = Tensor.column([1, 0, 1, 1, 0, 0]);
  const sigmoid = (z: Tensor) => {
    const out = Tensor.zeros(z.rows, z.cols, "float64");
    for (let i = 0; i < z.size; i++) out.data[i] = 1 / (1 + Math.exp(-z.data[i]!));
    return out;
  };
  const softmax = (z: Tensor) => {
    const out = Tensor.zeros(z.rows, z.cols, "float64");
    new Activation("softmax").fn.forward(z, out);
    return out;
  };
  const classLogits = random(5, 4, 3, (v) => 2 * v);
  const sparse = Tensor.column([0, 3, 1, 2, 3]);
  const oneHot = Tensor.from2D([0, 3, 1, 2, 3].map((c) => [0, 1, 2, 3].map((j) => (j === c ? 1 : 0))));

  it("binary cross-entropy on probabilities", () => {
    expect(checkLoss(binaryCrossEntropy(), probabilities, binary).difference).toBeLessThan(PASS);
  });
  it("binary cross-entropy from logits, paired with sigmoid", () => {
    expect(checkLoss(binaryCrossEntropy(), logits, binary, { activation: sigmoid }).difference).toBeLessThan(PASS);
  });
  it("softmax cross-entropy from logits, sparse and one-hot targets", () => {
    expect(checkLoss(softmaxCrossEntropy(), classLogits, sparse).difference).toBeLessThan(PASS);
    expect(checkLoss(softmaxCrossEntropy(), classLogits, oneHot).difference).toBeLessThan(PASS);
  });
  it("softmax cross-entropy paired with a softmax output", () => {
    expect(checkLoss(softmaxCrossEntropy(), classLogits, sparse, { activation: softmax }).difference).toBeLessThan(PASS);
  });
  it("mean squared error, several outputs", () => {
    expect(checkLoss(meanSquaredError(), random(4, 3, 5), random(4, 3, 6)).difference).toBeLessThan(PASS);
  });
  it("class-weighted cross-entropies (classWeight): probabilities, logits, sparse and one-hot", () => {
    const bce = binaryCrossEntropy({ classWeight: [0.75, 1.5] });
    expect(checkLoss(bce, probabilities, binary).difference).toBeLessThan(PASS);
    expect(checkLoss(bce, logits, binary, { activation: sigmoid }).difference).toBeLessThan(PASS);
    const sce = softmaxCrossEntropy({ classWeight: [0.5, 2, 1, 3] });
    expect(checkLoss(sce, classLogits, sparse).difference).toBeLessThan(PASS);
    expect(checkLoss(sce, classLogits, oneHot).difference).toBeLessThan(PASS);
    expect(checkLoss(sce, classLogits, sparse, { activation: softmax }).difference).toBeLessThan(PASS);
  });
});

describe("regularizer gradient checks", () => {
  const w = random(5, 4, 8);
  it.each([
    ["l2(0.7)", l2(0.7)],
    ["l1(0.3)", l1(0.3)],
    ["l1l2(0.01, 0.5)", l1l2({ l1: 0.01, l2: 0.5 })],
  ])("%s", (_name, reg) => {
    expect(checkRegularizer(reg, w, 211).difference).toBeLessThan(PASS);
  });
});

describe("whole-model checks with non-default settings", () => {
  function model(): { model: Sequential; dropout: Dropout } {
    const dropout = new Dropout({ rate: 0.2 });
    const m = new Sequential({
      inputSize: 3,
      dtype: "float64",
      seed: 12,
      layers: [
        new Dense({ units: 6, activation: "tanh", kernelRegularizer: l1l2({ l1: 0.01, l2: 0.3 }) }),
        dropout,
        new Dense({ units: 4, activation: "leakyRelu", alpha: 0.1, kernelRegularizer: l2(0.5), biasRegularizer: l2(0.1) }),
        new Dense({ units: 3, activation: "softmax" }),
      ],
    });
    m.compile({ loss: "softmaxCrossEntropy", optimizer: new Momentum({ learningRate: 0.1, momentum: 0.8 }) });
    return { model: m, dropout };
  }
  const x = random(8, 3, 20);
  const y = Tensor.column([0, 1, 2, 1, 0, 2, 2, 1]);

  it("after training with momentum, l1l2 + dropout 0.2: passes with dropout off", () => {
    const { model: m } = model();
    fit(m, x, y, { epochs: 20, batchSize: 4, seed: 1 });
    const report = checkGradients(m, x, y);
    expect(report.dropoutSwitchedOff).toBe(true);
    expect(report.verdict).toBe("pass");
    expect(report.perTensor.map((t) => t.name)).toEqual(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  });

  it("passes in training mode with a fixed dropout mask, and refuses fresh masks", () => {
    const { model: m, dropout } = model();
    expect(() => checkGradients(m, x, y, { mode: "train" })).toThrow(/fixed mask/);
    dropout.setFixedMask(Tensor.from2D(Array.from({ length: 8 }, (_, i) => Array.from({ length: 6 }, (_, j) => ((i + j) % 5 === 0 ? 0 : 1)))));
    const report = checkGradients(m, x, y, { mode: "train" });
    expect(report.verdict).toBe("pass");
    expect(report.dropoutSwitchedOff).toBe(false);
  });

  it("a float32 model is checked on a float64 copy, a random sample of its parameters", () => {
    const m32 = new Sequential({ inputSize: 3, seed: 2, layers: [new Dense({ units: 5, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
    m32.compile({ loss: "binaryCrossEntropy", optimizer: "adam" });
    const before = m32.getWeights();
    const report = checkGradients(m32, x, Tensor.column([1, 0, 1, 0, 1, 1, 0, 0]), { sample: 10, rng: new Rng(1) });
    expect(report.checked).toBe(10);
    expect(report.total).toBe(26);
    expect(report.verdict).toBe("pass");
    expect(m32.getWeights()).toEqual(before);
  });

  it("a broken layer fails: the check can fail", () => {
    class BrokenTanh extends Activation {
      constructor() {
        super("tanh");
      }
      override backward(outputGrad: Tensor): Tensor {
        const g = super.backward(outputGrad);
        g.data[0] *= 1.5; // one wrong entry
        return g;
      }
    }
    const report = checkLayer(new BrokenTanh(), { inputSize: 3 });
    expect(report.verdict).not.toBe("pass");
    expect(report.worst[0]!.index).toEqual([0, 0]);
    expect(report.disagreeing).toEqual(["dinput"]);
  });
});
