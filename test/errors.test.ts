/**
 * Bad input at the public boundary: every error says what was expected and what was received.
 */
import { describe, expect, it } from "vitest";
import { Dense, Dropout, fit, l1, l2, l1l2, NnlabError, Sequential, SGD, Tensor } from "../src/index.js";

function model(): Sequential {
  return new Sequential({
    inputSize: 2,
    dtype: "float64",
    layers: [new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })],
  }).compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
}

const x = Tensor.from2D([[0, 1], [1, 0], [1, 1]]);
const y = Tensor.column([0, 1, 1]);

describe("errors at the boundary", () => {
  it("mismatched shapes", () => {
    expect(() => fit(model(), Tensor.zeros(3, 5), y, { epochs: 1 })).toThrow("fit: x must have shape [any, 2]; received [3, 5]");
    expect(() => fit(model(), x, Tensor.column([0, 1]), { epochs: 1 })).toThrow("fit: y must have one row per example of x (3); received 2 rows");
    expect(() => fit(model(), x, Tensor.zeros(3, 2), { epochs: 1 })).toThrow("binaryCrossEntropy: targets must have shape [any, 1]; received [3, 2]");
    expect(() => model().predict(Tensor.zeros(1, 3))).toThrow("predict: x must have shape [any, 2]; received [1, 3]");
    expect(() => model().setWeights({ W1: [[1, 2, 3]] })).toThrow("setWeights: W1 must have shape [2, 3]; received [1, 3]");
    expect(() => model().setWeights({ W9: [[1]] })).toThrow('setWeights: a parameter name among W1, b1, W2, b2; received "W9"');
    expect(() => Tensor.from2D([[1, 2], [3]])).toThrow("Tensor.from2D: every row must have 2 values (like row 0); received 1 values in row 1");
  });

  it("labels outside {0, 1} for binary cross-entropy", () => {
    expect(() => fit(model(), x, Tensor.column([0, 1, 2]), { epochs: 1 })).toThrow(
      "binaryCrossEntropy: targets must be 0 or 1; received 2 at row 2",
    );
    expect(() => model().evaluate(x, Tensor.column([0, -1, 1]))).toThrow("received -1 at row 1");
  });

  it("NaN inputs and targets", () => {
    const bad = Tensor.from2D([[0, 1], [NaN, 0], [1, 1]]);
    expect(() => fit(model(), bad, y, { epochs: 1 })).toThrow(
      "fit: x must contain only finite numbers; received NaN at row 1, column 0 (clean or impute the data first)",
    );
    expect(() => model().predict(bad)).toThrow(/predict: x must contain only finite numbers; received NaN at row 1/);
    expect(() => fit(model(), x, Tensor.column([0, NaN, 1]), { epochs: 1 })).toThrow("fit: y must contain only finite numbers; received NaN at row 1, column 0");
    expect(() => fit(model(), x, y, { epochs: 1, validationData: [bad, y] })).toThrow(/fit \(validationData\): x must contain only finite numbers/);
  });

  it("invalid options", () => {
    expect(() => new Dropout({ rate: 1.5 })).toThrow("Dropout: rate must be in [0, 1); received 1.5");
    expect(() => l2(-0.1)).toThrow("l2: lambda must be a finite number >= 0; received -0.1");
    expect(() => l1(NaN)).toThrow("l1: lambda must be a finite number >= 0; received NaN");
    expect(() => l1l2({ l2: -1 })).toThrow("l2: lambda must be a finite number >= 0; received -1");
    expect(() => new Dense({ units: 0 })).toThrow("Dense: units must be a positive integer; received 0");
    expect(() => new Dense({ units: 2.5 })).toThrow("Dense: units must be a positive integer; received 2.5");
    expect(() => new Sequential({ inputSize: 0, layers: [new Dense({ units: 1 })] })).toThrow("Sequential: inputSize must be a positive integer; received 0");
    expect(() => new Sequential({ inputSize: 2, layers: [] })).toThrow("Sequential: layers must be a non-empty array of layers; received an array of length 0");
    expect(() => new Sequential({ inputSize: 2, dtype: "float16" as never, layers: [new Dense({ units: 1 })] })).toThrow(
      'Sequential: dtype must be "float32" or "float64"; received "float16"',
    );
    expect(() => fit(model(), x, y, { epochs: 0 })).toThrow("fit: epochs must be a positive integer; received 0");
    expect(() => fit(model(), x, y, { epochs: 1, batchSize: -4 })).toThrow("fit: batchSize must be a positive integer; received -4");
    expect(() => model().compile({ loss: "hinge" as never, optimizer: "sgd" })).toThrow(/loss must be .*; received "hinge"/);
    const uncompiled = new Sequential({ inputSize: 2, layers: [new Dense({ units: 1 })] });
    expect(() => fit(uncompiled, x, y, { epochs: 1 })).toThrow("fit: call model.compile({ loss, optimizer }) first");
  });

  it("errors are NnlabErrors", () => {
    try {
      new Dropout({ rate: 2 });
    } catch (e) {
      expect(e).toBeInstanceOf(NnlabError);
      return;
    }
    throw new Error("no error thrown");
  });
});
