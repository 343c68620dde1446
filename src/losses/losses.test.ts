import { describe, expect, it } from "vitest";
import { resolveActivation } from "../layers/activation-functions.js";
import { Tensor } from "../tensor/tensor.js";
import { binaryCrossEntropy } from "./binary-cross-entropy.js";
import { meanSquaredError } from "./mean-squared-error.js";
import { softmaxCrossEntropy } from "./softmax-cross-entropy.js";

describe("binaryCrossEntropy", () => {
  const bce = binaryCrossEntropy();
  it("a hand-worked value, averaged over the batch", () => {
    const value = bce.value(Tensor.column([0.8, 0.3]), Tensor.column([1, 0]));
    expect(value).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
  });
  it("counts 0 * log 0 as 0 for confident correct outputs", () => {
    expect(bce.value(Tensor.column([1, 0]), Tensor.column([1, 0]))).toBe(0);
  });
  it("from logits stays finite where the sigmoid saturates, and matches the probability form elsewhere", () => {
    expect(bce.valueFromLogits!(Tensor.column([800, -800]), Tensor.column([0, 1]))).toBe(800);
    const z = 0.7;
    const p = 1 / (1 + Math.exp(-z));
    expect(bce.valueFromLogits!(Tensor.column([z]), Tensor.column([1]))).toBeCloseTo(-Math.log(p), 15);
  });
  it("the gradient with respect to the logits is (p - y) / m", () => {
    const into = Tensor.zeros(2, 1);
    bce.logitsGradient!(Tensor.column([0.8, 0.3]), Tensor.column([1, 0]), into);
    expect(into.data[0]).toBeCloseTo((0.8 - 1) / 2, 15);
    expect(into.data[1]).toBeCloseTo(0.3 / 2, 15);
  });
  it("rejects labels outside {0, 1}", () => {
    expect(() => bce.checkTargets(Tensor.column([0, 1, 2]), 1)).toThrow("binaryCrossEntropy: targets must be 0 or 1; received 2 at row 2");
  });
});

describe("softmaxCrossEntropy", () => {
  const sce = softmaxCrossEntropy();
  it("a hand-worked value: logits [1, 2, 3], class 2 costs log(e + e^2 + e^3) - 3", () => {
    const want = Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3;
    expect(sce.value(Tensor.from2D([[1, 2, 3]]), Tensor.column([2]))).toBeCloseTo(want, 14);
    expect(sce.value(Tensor.from2D([[1, 2, 3]]), Tensor.from2D([[0, 0, 1]]))).toBeCloseTo(want, 14);
  });
  it("is stable for huge logits", () => {
    expect(sce.value(Tensor.from2D([[1000, 0]]), Tensor.column([0]))).toBe(0);
    expect(sce.value(Tensor.from2D([[1000, 0]]), Tensor.column([1]))).toBe(1000);
  });
  it("rejects class indices out of range and a single output", () => {
    expect(() => sce.checkTargets(Tensor.column([0, 3]), 3)).toThrow("class indices must be integers in [0, 2]; received 3 at row 1");
    expect(() => sce.checkTargets(Tensor.column([0]), 1)).toThrow(/at least 2 outputs/);
  });
});

describe("meanSquaredError", () => {
  it("averages over examples and outputs: ((1-0)^2 + (2-4)^2) / 2 = 2.5", () => {
    expect(meanSquaredError().value(Tensor.column([1, 2]), Tensor.column([0, 4]))).toBe(2.5);
    const into = Tensor.zeros(2, 1);
    meanSquaredError().gradient(Tensor.column([1, 2]), Tensor.column([0, 4]), into);
    expect(Array.from(into.data)).toEqual([1, -2]); // 2 (o - y) / 2
  });
});

describe("the output activation and its paired loss in one pass (valueAndOutputFromLogits)", () => {
  const logits = [0, 0.7, -0.7, 3.5, -12, 40, -40, 800, -800, 1e-300, -1e-300];
  for (const dtype of ["float64", "float32"] as const) {
    it(`binary cross-entropy + sigmoid, ${dtype}: the loss's bits and the activation's bits`, () => {
      const z = Tensor.column(logits).clone(dtype);
      const y = Tensor.column(logits.map((_, i) => i % 2)).clone(dtype);
      const bce = binaryCrossEntropy();
      const a = Tensor.zeros(z.rows, 1, dtype);
      const want = Tensor.zeros(z.rows, 1, dtype);
      resolveActivation("test", "sigmoid").forward(z, want);
      expect(bce.valueAndOutputFromLogits!(z, y, a)).toBe(bce.valueFromLogits!(z, y));
      expect(Array.from(a.data)).toEqual(Array.from(want.data));
      // the sigmoid is the course's 1 / (1 + e^-z) for z >= 0, and within an ulp of it below
      for (let i = 0; i < logits.length; i++) {
        const course = 1 / (1 + Math.exp(-z.data[i]!));
        if (z.data[i]! >= 0) expect(want.data[i]).toBe(dtype === "float64" ? course : Math.fround(course));
        else expect(Math.abs(want.data[i]! - course)).toBeLessThanOrEqual(Math.abs(course) * 2 ** (dtype === "float64" ? -50 : -23));
      }
    });
    it(`softmax cross-entropy + softmax, ${dtype}, one-hot and class-index targets`, () => {
      const rows = [[1, 2, 3], [1000, -1000, 0], [-5, -5, -5], [0.1, 0.2, -0.3]];
      const z = Tensor.from2D(rows).clone(dtype);
      const sce = softmaxCrossEntropy();
      const want = Tensor.zeros(4, 3, dtype);
      resolveActivation("test", "softmax").forward(z, want);
      for (const y of [Tensor.column([2, 0, 1, 1]), Tensor.from2D([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0]])]) {
        const a = Tensor.zeros(4, 3, dtype);
        expect(sce.valueAndOutputFromLogits!(z, y.clone(dtype), a)).toBe(sce.valueFromLogits!(z, y.clone(dtype)));
        expect(Array.from(a.data)).toEqual(Array.from(want.data));
      }
    });
  }
});
