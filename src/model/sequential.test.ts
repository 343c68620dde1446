import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { loadModel, saveModel } from "../io/model-file.js";
import { Dense } from "../layers/dense.js";
import { Tensor } from "../tensor/tensor.js";
import { Sequential } from "./sequential.js";

const { x, y } = noisyCircle(20, 1);

function regression(): Sequential {
  const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 4, activation: "relu" }), new Dense({ units: 1 })] });
  return model.compile({ loss: "meanSquaredError", optimizer: "adam" });
}

describe("Sequential refuses class rules for a regression", () => {
  it("predictLabels, classify and classesOf on a model compiled for regression", () => {
    const model = regression();
    const expected = "a model that predicts classes (a classification loss, or a file saved with classes); received a regression model (predict gives its values)";
    expect(() => model.predictLabels(x)).toThrow(`predictLabels: ${expected}`);
    expect(() => model.classify(x)).toThrow(`classify: ${expected}`);
    expect(() => model.classesOf(model.predict(x))).toThrow(`classesOf: ${expected}`);
    expect(model.predict(x).rows).toBe(20);
  });

  it("on a loaded regression (no loss), while a loaded classifier still classifies", () => {
    expect(() => loadModel(saveModel(regression())).predictLabels(x)).toThrow("predictLabels: a model that predicts classes");
    const classifier = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    classifier.compile({ loss: "binaryCrossEntropy", optimizer: "adam" });
    expect(loadModel(saveModel(classifier)).classify(x)).toHaveLength(20);
  });
});

describe("Sequential's options and weights", () => {
  it("refuses an option it does not know", () => {
    expect(() => new Sequential({ inputSize: 2, layers: [new Dense({ units: 1 })], input_size: 2 } as never)).toThrow(
      'Sequential: options may have inputSize, layers, dtype, seed; received "input_size"',
    );
  });

  it("names itself for a seed that is not a safe integer", () => {
    expect(() => new Sequential({ inputSize: 2, layers: [new Dense({ units: 1 })], seed: 0.5 })).toThrow("Sequential: seed must be a safe integer; received 0.5");
  });

  it("setWeights refuses NaN and infinite weights", () => {
    const model = regression();
    expect(() => model.setWeights({ b2: [[NaN]] })).toThrow("setWeights: b2 must hold finite numbers; received NaN at row 0, column 0");
    expect(() => model.setWeights({ b2: Tensor.from2D([[Infinity]]) })).toThrow("setWeights: b2 must hold finite numbers; received Infinity at row 0, column 0");
    model.setWeights({ b2: [[0.5]] });
    expect(model.getWeights().b2).toEqual([[0.5]]);
  });
});
