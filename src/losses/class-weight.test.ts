/**
 * Class weights in the cross-entropies (the spec's classWeight): hand-worked values and gradients, the
 * "balanced" weights of scikit-learn, the float64 gradient check of the loss and of a whole model, and
 * a check that can fail (a weight left out of the gradient).
 */
import { describe, expect, it } from "vitest";
import { checkGradients, checkLoss, Dense, Sequential, Tensor, type Loss } from "../index.js";
import { classWeights } from "../metrics/class-weights.js";
import { binaryCrossEntropy } from "./binary-cross-entropy.js";
import { constantPredictorCost } from "./constant-cost.js";
import { softmaxCrossEntropy } from "./softmax-cross-entropy.js";

describe("class weights: 'balanced' is n / (k * count_c)", () => {
  it("labels [0, 0, 0, 1]: n = 4, k = 2, counts 3 and 1 -> w0 = 4/6 = 2/3, w1 = 4/2 = 2 (mean weight over the rows: 1)", () => {
    expect(classWeights("balanced", [0, 0, 0, 1], 2)).toEqual([4 / 6, 2]);
  });
  it("3 classes with counts 5, 3, 2 (n = 10): 10/15, 10/9, 10/6; a class absent from training gets 1, k counting present classes", () => {
    expect(classWeights("balanced", [0, 0, 0, 0, 0, 1, 1, 1, 2, 2], 3)).toEqual([10 / 15, 10 / 9, 10 / 6]);
    expect(classWeights("balanced", [0, 0, 0, 2], 3)).toEqual([4 / 6, 1, 2]); // k = 2 present
  });
  it("a list is taken as given, one per class", () => {
    expect(classWeights([1, 5], [0, 1], 2)).toEqual([1, 5]);
    expect(() => classWeights([1, 5, 2], [0, 1], 2)).toThrow("classWeight: expected 2 weights (one per class); received 3");
  });
});

describe("weighted binary cross-entropy, by hand", () => {
  // p = [0.8, 0.3], y = [1, 0], weights w0 = 0.5, w1 = 2:
  //   unweighted terms: -ln 0.8 = 0.2231435513, -ln 0.7 = 0.3566749439
  //   cost = (2 * 0.2231435513 + 0.5 * 0.3566749439) / 2 = (0.4462871026 + 0.1783374720) / 2 = 0.3123122873
  //   d cost / d z = w (p - y) / m = [2 * (0.8 - 1) / 2, 0.5 * 0.3 / 2] = [-0.2, 0.075]
  const bce = binaryCrossEntropy({ classWeight: [0.5, 2] });
  it("the cost is sum w_i l_i / m", () => {
    expect(bce.value(Tensor.column([0.8, 0.3]), Tensor.column([1, 0]))).toBeCloseTo(0.3123122873, 10);
  });
  it("from logits: the same cost; the logits gradient is w (p - y) / m", () => {
    const z = Tensor.column([Math.log(0.8 / 0.2), Math.log(0.3 / 0.7)]);
    expect(bce.valueFromLogits!(z, Tensor.column([1, 0]))).toBeCloseTo(0.3123122873, 10);
    const into = Tensor.zeros(2, 1);
    bce.logitsGradient!(Tensor.column([0.8, 0.3]), Tensor.column([1, 0]), into);
    expect(into.data[0]).toBeCloseTo(-0.2, 15);
    expect(into.data[1]).toBeCloseTo(0.075, 15);
  });
  it("weights [1, 1] give the unweighted cost, and no weights are the unweighted loss itself", () => {
    const p = Tensor.column([0.8, 0.3, 0.55]);
    const y = Tensor.column([1, 0, 0]);
    expect(binaryCrossEntropy({ classWeight: [1, 1] }).value(p, y)).toBe(binaryCrossEntropy().value(p, y));
    expect(binaryCrossEntropy().classWeight).toBeUndefined();
  });
  it("refuses weights that are not two, finite and >= 0", () => {
    expect(() => binaryCrossEntropy({ classWeight: [1, 2, 3] })).toThrow("binaryCrossEntropy: expected 2 class weights (one per class); received 3");
    expect(() => binaryCrossEntropy({ classWeight: [1, -2] })).toThrow("binaryCrossEntropy: class weights must be finite and >= 0; received -2 for class 1");
  });
});

describe("weighted softmax cross-entropy, by hand", () => {
  // row 0: logits [0, 0, 0], class 2: softmax [1/3, 1/3, 1/3], loss ln 3 = 1.0986122887
  // row 1: logits [ln 2, 0, 0], class 0: softmax [1/2, 1/4, 1/4], loss ln 2 = 0.6931471806
  // weights [1, 1, 3]: cost = (3 ln 3 + 1 ln 2) / 2 = (3.2958368660 + 0.6931471806) / 2 = 1.9944920233
  // gradient w (softmax - y) / m: row 0: 3 * [1/3, 1/3, -2/3] / 2 = [0.5, 0.5, -1]; row 1: 1 * [-1/2, 1/4, 1/4] / 2 = [-0.25, 0.125, 0.125]
  const sce = softmaxCrossEntropy({ classWeight: [1, 1, 3] });
  const z = Tensor.from2D([[0, 0, 0], [Math.log(2), 0, 0]]);
  it("sparse and one-hot targets give the same cost", () => {
    expect(sce.value(z, Tensor.column([2, 0]))).toBeCloseTo(1.9944920233, 10);
    expect(sce.value(z, Tensor.from2D([[0, 0, 1], [1, 0, 0]]))).toBeCloseTo(1.9944920233, 10);
  });
  it("the gradient with respect to the logits", () => {
    for (const y of [Tensor.column([2, 0]), Tensor.from2D([[0, 0, 1], [1, 0, 0]])]) {
      const into = Tensor.zeros(2, 3);
      sce.gradient(z, y, into);
      const want = [0.5, 0.5, -1, -0.25, 0.125, 0.125];
      want.forEach((w, i) => expect(into.data[i]).toBeCloseTo(w, 14));
    }
  });
  it("soft labels weigh each class by its share (an audit helper: [0.5, 0.5] took the first class's weight alone)", () => {
    // logits [0, 0], labels [0.5, 0.5], weights [1, 3]: loss = (0.5 * 1 + 0.5 * 3) ln 2 = 2 ln 2 = 1.3862943611
    // gradient (W softmax - w y) / m, W = 0.5 + 1.5 = 2: [2 * 0.5 - 0.5, 2 * 0.5 - 1.5] = [0.5, -0.5]
    const two = softmaxCrossEntropy({ classWeight: [1, 3] });
    const soft = Tensor.from2D([[0.5, 0.5]]);
    expect(two.value(Tensor.from2D([[0, 0]]), soft)).toBeCloseTo(2 * Math.log(2), 14);
    const into = Tensor.zeros(1, 2);
    two.gradient(Tensor.from2D([[0, 0]]), soft, into);
    expect(Array.from(into.data)).toEqual([0.5, -0.5]);
    // and under the gradient check, on soft rows of three classes
    const z = Tensor.from2D([[0.3, -1.2, 0.8], [1.5, 0.1, -0.4]]);
    const y = Tensor.from2D([[0.2, 0.5, 0.3], [0.6, 0, 0.4]]);
    expect(checkLoss(softmaxCrossEntropy({ classWeight: [0.5, 2, 4] }), z, y).difference).toBeLessThan(1e-7);
  });

  it("checkTargets refuses a weight list of the wrong length for the network", () => {
    expect(() => sce.checkTargets(Tensor.column([0, 1]), 4)).toThrow("softmaxCrossEntropy: expected 4 class weights (one per class); received 3");
  });
});

describe("class-weighted losses under the float64 gradient check", () => {
  const z = Tensor.from2D([[0.3, -1.2, 0.8], [1.5, 0.1, -0.4], [-0.7, 0.9, 0.2], [0.05, 0.6, -1.1]]);
  const y = Tensor.column([2, 0, 1, 1]);
  it("the loss on its input passes; a weight left out of the gradient fails (the check can fail)", () => {
    const good = softmaxCrossEntropy({ classWeight: [0.5, 2, 4] });
    expect(checkLoss(good, z, y).difference).toBeLessThan(1e-7);
    // the unweighted gradient against the weighted cost: what forgetting w in the backward pass looks like
    const broken: Loss = { ...good, gradient: softmaxCrossEntropy().gradient };
    expect(checkLoss(broken, z, y).difference).toBeGreaterThan(1e-2);
  });
  it("a whole model compiled with balanced weights passes", () => {
    const x = Tensor.from2D([[0.1, 0.5], [-0.3, 0.8], [1.2, -0.4], [0.7, 0.7], [-1, -0.2], [0.4, -0.9]]);
    const labels = Tensor.column([0, 0, 0, 0, 1, 2]);
    const w = classWeights("balanced", labels.data, 3); // 6 / (3 * [4, 1, 1]) = [0.5, 2, 2]
    expect(w).toEqual([0.5, 2, 2]);
    const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 3, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: 3, activation: "softmax" })] });
    model.compile({ loss: softmaxCrossEntropy({ classWeight: w }), optimizer: "sgd" });
    const report = checkGradients(model, x, labels);
    expect(report.verdict).toBe("pass");
    expect(report.difference).toBeLessThan(1e-7);
    const binary = new Sequential({ inputSize: 2, dtype: "float64", seed: 4, layers: [new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
    binary.compile({ loss: binaryCrossEntropy({ classWeight: [0.25, 3] }), optimizer: "sgd" });
    expect(checkGradients(binary, x, Tensor.column([0, 1, 0, 0, 1, 0])).verdict).toBe("pass");
  });
});

describe("the constant predictor's cost under class weights (what the doctor compares a run with)", () => {
  it("binary, labels [0, 0, 0, 1] with balanced weights [2/3, 2]: the uniform prediction, ln 2", () => {
    // w_c f_c: class 0: 2/3 * 3/4 = 1/2, class 1: 2 * 1/4 = 1/2 -> p = [1/2, 1/2], cost -(1/2 ln 1/2 + 1/2 ln 1/2) = ln 2
    const loss = binaryCrossEntropy({ classWeight: [2 / 3, 2] });
    expect(constantPredictorCost(loss, Tensor.column([0, 0, 0, 1]))).toBeCloseTo(Math.log(2), 14);
    // and it is what the weighted loss gives that constant prediction
    expect(loss.value(Tensor.column([0.5, 0.5, 0.5, 0.5]), Tensor.column([0, 0, 0, 1]))).toBeCloseTo(Math.log(2), 14);
  });
  it("3 classes, counts 2, 1, 1 with weights [1, 1, 3]: w f = 1/2, 1/4, 3/4 (S = 3/2), p = 1/3, 1/6, 1/2", () => {
    // cost = -(1/2 ln 1/3 + 1/4 ln 1/6 + 3/4 ln 1/2) = 0.549306 + 0.447940 + 0.519860 = 1.517106
    const loss = softmaxCrossEntropy({ classWeight: [1, 1, 3] });
    const want = -(0.5 * Math.log(1 / 3) + 0.25 * Math.log(1 / 6) + 0.75 * Math.log(0.5));
    expect(want).toBeCloseTo(1.517106, 6);
    expect(constantPredictorCost(loss, Tensor.column([0, 1, 0, 2]))).toBeCloseTo(want, 14);
    expect(constantPredictorCost(loss, Tensor.from2D([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]))).toBeCloseTo(want, 14);
    const z = Tensor.from2D(Array.from({ length: 4 }, () => [Math.log(1 / 3), Math.log(1 / 6), Math.log(1 / 2)]));
    expect(loss.value(z, Tensor.column([0, 1, 0, 2]))).toBeCloseTo(want, 14);
  });
});
