import { describe, expect, it } from "vitest";
import { Dense, Sequential, Tensor } from "../index.js";
import { classificationMetrics, confusionMatrix, modelMetrics, regressionMetrics } from "./index.js";

describe("a hand-worked 3-class example", () => {
  //  i:          0  1  2  3  4  5  6  7  8  9
  //  true:       0  0  0  1  1  2  2  2  2  1
  //  predicted:  0  1  0  1  2  2  2  1  2  1
  const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
  const predicted = [0, 1, 0, 1, 2, 2, 2, 1, 2, 1];
  // Rows true, columns predicted:
  //   true 0: predicted 0 at i = 0, 2; 1 at i = 1            -> [2, 1, 0]  (support 3)
  //   true 1: predicted 1 at i = 3, 9; 2 at i = 4            -> [0, 2, 1]  (support 3)
  //   true 2: predicted 2 at i = 5, 6, 8; 1 at i = 7         -> [0, 1, 3]  (support 4)
  // Column sums (times predicted): 2, 4, 4.
  it("the confusion matrix", () => {
    expect(confusionMatrix(actual, predicted, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [0, 1, 3],
    ]);
  });
  it("precision, recall, F1 and support per class, macro and weighted averages, accuracy", () => {
    const m = classificationMetrics(actual, predicted, 3, ["cat", "dog", "bird"]);
    // class 0: tp 2; precision 2/2 = 1; recall 2/3; F1 = 2 * 1 * 2/3 / (1 + 2/3) = (4/3) / (5/3) = 0.8
    // class 1: tp 2; precision 2/4 = 0.5; recall 2/3; F1 = 2 * 0.5 * 2/3 / (0.5 + 2/3) = (2/3) / (7/6) = 4/7
    // class 2: tp 3; precision 3/4; recall 3/4; F1 = 0.75
    const want = [
      { label: "cat", precision: 1, recall: 2 / 3, f1: 0.8, support: 3 },
      { label: "dog", precision: 0.5, recall: 2 / 3, f1: 4 / 7, support: 3 },
      { label: "bird", precision: 0.75, recall: 0.75, f1: 0.75, support: 4 },
    ];
    m.classes.forEach((c, i) => {
      expect(c.label).toBe(want[i]!.label);
      expect(c.support).toBe(want[i]!.support);
      expect(c.precision).toBeCloseTo(want[i]!.precision, 15);
      expect(c.recall).toBeCloseTo(want[i]!.recall, 15);
      expect(c.f1).toBeCloseTo(want[i]!.f1, 15);
    });
    // accuracy: (2 + 2 + 3) / 10 = 0.7
    expect(m.accuracy).toBe(0.7);
    expect(m.examples).toBe(10);
    // macro: precision (1 + 0.5 + 0.75) / 3 = 0.75; recall (2/3 + 2/3 + 3/4) / 3 = 25/36 = 0.69444;
    //        F1 (0.8 + 0.571429 + 0.75) / 3 = 0.707143
    expect(m.macro.precision).toBeCloseTo(0.75, 15);
    expect(m.macro.recall).toBeCloseTo(25 / 36, 15);
    expect(m.macro.f1).toBeCloseTo(0.7071428571428571, 15);
    // weighted by support 3, 3, 4: precision (3 + 1.5 + 3) / 10 = 0.75; recall (2 + 2 + 3) / 10 = 0.7 (always the
    // accuracy); F1 (2.4 + 12/7 + 3) / 10 = 0.711429
    expect(m.weighted.precision).toBeCloseTo(0.75, 15);
    expect(m.weighted.recall).toBeCloseTo(0.7, 15);
    expect(m.weighted.f1).toBeCloseTo(0.7114285714285714, 15);
    expect(m.undefinedPrecision).toEqual([]);
    expect(m.undefinedRecall).toEqual([]);
  });
});

describe("0/0 is 0 (scikit-learn's zero_division=0)", () => {
  it("a class never predicted has precision 0, a class absent has recall 0, and both F1 0", () => {
    // true [0, 0, 1, 1], all predicted 0: class 0 precision 2/4, recall 2/2, F1 = 2 * 0.5 / 1.5 = 2/3;
    // class 1: never predicted (precision 0/0 -> 0), recall 0/2 = 0; class 2: neither (0/0 both -> 0)
    const m = classificationMetrics([0, 0, 1, 1], [0, 0, 0, 0], 3);
    expect(m.classes.map((c) => [c.precision, c.recall, c.support])).toEqual([[0.5, 1, 2], [0, 0, 2], [0, 0, 0]]);
    expect(m.classes[0]!.f1).toBeCloseTo(2 / 3, 15);
    // class 2, neither in the set nor predicted, is left out of the macro mean, as scikit-learn's default
    // labels (those in y_true or y_pred): (2/3 + 0) / 2
    expect(m.macro.f1).toBeCloseTo(1 / 3, 15);
    expect(m.weighted.f1).toBeCloseTo(1 / 3, 15); // (2 * 2/3 + 2 * 0 + 0 * 0) / 4
    expect(m.undefinedPrecision).toEqual([1, 2]);
    expect(m.undefinedRecall).toEqual([2]);
  });
  it("a perfect prediction of a set without one of the classes has macro F1 1", () => {
    // it was 0.667: the absent class counted as F1 0
    const m = classificationMetrics([0, 1, 0, 1], [0, 1, 0, 1], 3);
    expect(m.macro).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(m.weighted.f1).toBe(1);
  });
  it("an empty set has accuracy 0 and no NaN", () => {
    const m = classificationMetrics([], [], 2);
    expect(m.accuracy).toBe(0);
    expect(m.macro).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
  it("refuses class indices out of range and unequal lengths", () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow("confusionMatrix: class indices must be integers in [0, 2]; received 3 at position 1");
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/as many predicted classes as true ones \(2\); received 1/);
  });
});

describe("regression: MSE, MAE, R^2", () => {
  it("scikit-learn's documentation example", () => {
    // y = [3, -0.5, 2, 7], prediction [2.5, 0, 2, 8]: errors [-0.5, 0.5, 0, 1]
    // MSE = (0.25 + 0.25 + 0 + 1) / 4 = 0.375; MAE = (0.5 + 0.5 + 0 + 1) / 4 = 0.5
    // mean y = 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5
    // R^2 = 1 - 1.5 / 29.1875 = 0.948608137...
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);
    expect(m.mse).toBe(0.375);
    expect(m.mae).toBe(0.5);
    expect(m.r2).toBeCloseTo(0.9486081370449679, 15);
    expect(m.examples).toBe(4);
  });
  it("a constant target: R^2 is 1 when predicted exactly, else 0 (never NaN or -Infinity)", () => {
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionMetrics([2, 2], [2, 3]).r2).toBe(0);
  });
  it("several outputs: R^2 averaged over outputs", () => {
    // output 0: y [0, 2], prediction [0, 2] -> 1; output 1: y [1, 3], prediction [2, 2] -> 1 - 2 / 2 = 0
    expect(regressionMetrics([0, 1, 2, 3], [0, 2, 2, 2], 2).r2).toBe(0.5);
  });
});

describe("modelMetrics", () => {
  it("a fixed 2-class model: its predictions tabulated against the labels", () => {
    // one sigmoid unit, w = 1, b = 0: predicts class 1 where x > 0
    const model = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
    model.setWeights({ W1: [[1]], b1: [[0]] });
    model.classes = ["no", "yes"];
    const m = modelMetrics(model, Tensor.column([-2, -1, 0.5, 1, 2]), Tensor.column([0, 1, 0, 1, 1]));
    if (m.task !== "classification") throw new Error("expected classification");
    // predicted [0, 0, 1, 1, 1]: true 0 -> [1, 1]; true 1 -> [1, 2]
    expect(m.confusion).toEqual([[1, 1], [1, 2]]);
    expect(m.classes.map((c) => c.label)).toEqual(["no", "yes"]);
    expect(m.accuracy).toBe(0.6);
  });
  it("a linear model's regression metrics", () => {
    const model = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 1 })] });
    model.compile({ loss: "meanSquaredError", optimizer: "sgd" });
    model.setWeights({ W1: [[2]], b1: [[1]] }); // predicts [1, 3, 5]
    const m = modelMetrics(model, Tensor.column([0, 1, 2]), Tensor.column([1, 3, 6]));
    // errors [0, 0, -1]: MSE 1/3, MAE 1/3; mean y 10/3, SS_tot = (49 + 1 + 64) / 9 = 38/3, SS_res = 1: R^2 = 1 - 3/38 = 35/38
    if (m.task !== "regression") throw new Error("expected regression");
    expect(m.mse).toBeCloseTo(1 / 3, 15);
    expect(m.mae).toBeCloseTo(1 / 3, 15);
    expect(m.r2).toBeCloseTo(35 / 38, 15);
    expect(m.examples).toBe(3);
  });
});
