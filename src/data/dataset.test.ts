import { describe, expect, it } from "vitest";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { loadModel, saveModel } from "../io/model-file.js";
import { Tensor } from "../tensor/tensor.js";
import { fit } from "../train/fit.js";
import { makeDataset } from "./dataset.js";
import { split } from "./split.js";

const rows = [[0, 0], [1, 0], [0, 1], [1, 1], [0.1, 0], [0.9, 0.1], [0, 0.9], [1, 0.9], [0.2, 0.1]];
const labels = [0, 1, 2, 2, 0, 1, 2, 2, 0];
const x = Tensor.from2D(rows);
const oneHot = Tensor.from2D(labels.map((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0))));

describe("makeDataset with one-hot targets", () => {
  it("reads a one-hot y as a multiclass task with classes 0..k-1, stored as class indices", () => {
    const data = makeDataset(x, oneHot);
    expect(data.task).toBe("multiclass");
    expect(data.classes).toEqual([0, 1, 2]);
    expect(data.y.cols).toBe(1);
    expect(Array.from(data.y.data)).toEqual(labels);
  });

  it("trains a 3-class softmax model whose labels are all named and whose file loads", () => {
    const data = makeDataset(x, oneHot);
    const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 8, activation: "relu" }), new Dense({ units: 3, activation: "softmax" })] });
    model.compile({ loss: "softmaxCrossEntropy", optimizer: "adam" });
    fit(model, data, { epochs: 5, batchSize: "full" });
    expect(model.predictLabels(x).every((label) => [0, 1, 2].includes(label as number))).toBe(true);
    expect(loadModel(saveModel(model)).classes).toEqual([0, 1, 2]);
  });

  it("splits a one-hot dataset stratified by its classes", () => {
    const big = Tensor.from2D(Array.from({ length: 60 }, (_, i) => [i % 3, i]));
    const hot = Tensor.from2D(Array.from({ length: 60 }, (_, i) => [0, 1, 2].map((k) => (k === i % 3 ? 1 : 0))));
    const { train } = split(makeDataset(big, hot), [0.5, 0.5], { seed: 1 });
    const counts = [0, 0, 0];
    for (const c of train.y.data) counts[c]! += 1;
    expect(counts).toEqual([10, 10, 10]);
  });

  it("keeps several columns that are not one-hot as they are (multi-output regression)", () => {
    const y = Tensor.from2D(rows.map(([a, b]) => [a! + 0.5, b! * 2]));
    const data = makeDataset(x, y);
    expect(data.task).toBe("regression");
    expect(data.y.cols).toBe(2);
  });
});

describe("makeDataset's classes option", () => {
  it("refuses fewer labels than the classes in y", () => {
    expect(() => makeDataset(x, Tensor.from2D(labels.map((c) => [c])), { classes: ["a", "b"] })).toThrow(
      'makeDataset: classes must be a label for each class index in y (at least 3); received an array of length 2',
    );
  });

  it("refuses a label count other than a one-hot y's columns", () => {
    expect(() => makeDataset(x, oneHot, { classes: ["a", "b", "c", "d"] })).toThrow("makeDataset: classes must be 3 labels, one per column of the one-hot y");
  });

  it("takes one label per class", () => {
    expect(makeDataset(x, oneHot, { classes: ["a", "b", "c"] }).classes).toEqual(["a", "b", "c"]);
  });
});
