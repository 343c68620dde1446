import { describe, expect, it } from "vitest";
import { makeDataset } from "../data/dataset.js";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { Tensor } from "../tensor/tensor.js";
import { decisionBoundaryGrid } from "./decision-boundary-grid.js";

const model = (outputs: number) =>
  new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "tanh" }), new Dense({ units: outputs, activation: outputs === 1 ? "sigmoid" : "softmax" })] }).compile({
    loss: outputs === 1 ? "binaryCrossEntropy" : "softmaxCrossEntropy",
    optimizer: "sgd",
  });

const train = makeDataset(Tensor.from2D([[0, 0], [1, 2], [0.5, 1]]), Tensor.column([0, 1, 1]), { featureNames: ["height", "weight"] });
const dev = makeDataset(Tensor.from2D([[0.2, 0.4]]), Tensor.column([0]));

describe("decisionBoundaryGrid", () => {
  it("binary: P(class 1) on a padded grid, row 0 at the bottom, with train and dev points", () => {
    const b = decisionBoundaryGrid(model(1), { train, dev }, { resolution: 5, padding: 0.5 });
    expect(b.xRange).toEqual([-0.5, 1.5]);
    expect(b.yRange).toEqual([-1, 3]);
    expect(b.values).toHaveLength(25);
    expect(b.values.every((v) => v > 0 && v < 1)).toBe(true);
    expect(b.classes).toBe(2);
    expect(b.featureNames).toEqual(["height", "weight"]);
    expect(b.points.map((p) => p.set)).toEqual(["train", "train", "train", "dev"]);
    // The grid's first value is the model's output at (xRange[0], yRange[0]).
    const corner = model(1).predict(Tensor.from2D([[-0.5, -1]])).data[0]!;
    expect(b.values[0]).toBeCloseTo(corner, 6);
  });

  it("multiclass: predicted class indices; a single set is drawn as training points", () => {
    const b = decisionBoundaryGrid(model(3), train, { resolution: 4 });
    expect(b.classes).toBe(3);
    expect(b.values.every((v) => Number.isInteger(v) && v >= 0 && v < 3)).toBe(true);
    expect(b.points.every((p) => p.set === "train")).toBe(true);
  });

  it("needs two features and a sane resolution", () => {
    const wide = makeDataset(Tensor.from2D([[0, 0, 0]]), Tensor.column([0]));
    expect(() => decisionBoundaryGrid(model(1), wide)).toThrow("decisionBoundaryGrid: train.x with 2 features (a 2-D decision boundary); received 3 features");
    expect(() => decisionBoundaryGrid(model(1), train, { resolution: 1 })).toThrow("resolution must be an integer in [2, 1000]; received 1");
  });
});
