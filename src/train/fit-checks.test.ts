import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import { makeDataset } from "../data/dataset.js";
import { cloneModel } from "../io/model-file.js";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { Tensor } from "../tensor/tensor.js";
import { crossValidate } from "./cross-validate.js";
import { fit, fitAsync } from "./fit.js";

function binary(units = 1): Sequential {
  const model = new Sequential({
    inputSize: 2,
    seed: 1,
    layers: [new Dense({ units: 4, activation: "relu" }), new Dense({ units, activation: units === 1 ? "sigmoid" : "softmax" })],
  });
  return model.compile({ loss: units === 1 ? "binaryCrossEntropy" : "softmaxCrossEntropy", optimizer: "sgd" });
}

const { x, y } = noisyCircle(40, 1);
const data = makeDataset(x, y);

describe("fit refuses what it would otherwise ignore or crash on", () => {
  it("an option it does not know (Keras' batch_size, validation_data)", () => {
    expect(() => fit(binary(), data, { epochs: 1, batch_size: 8, validation_data: data } as never)).toThrow(
      'fit: options may have epochs, batchSize, shuffle, seed, validationData, augment, callbacks, recordFullCost, onNonFinite, stopOnDivergence; received "batch_size", "validation_data"',
    );
    expect(() => fit(binary(), x, y, { epochs: 1, batch_size: 8 } as never)).toThrow('received "batch_size"');
  });

  it("an option fitAsync does not know, and takes its own yieldEveryMs", async () => {
    await expect(fitAsync(binary(), data, { epochs: 1, yield_every_ms: 5 } as never)).rejects.toThrow('fitAsync: options may have epochs, batchSize, shuffle, seed, validationData, augment, callbacks, recordFullCost, onNonFinite, stopOnDivergence, yieldEveryMs; received "yield_every_ms"');
    const history = await fitAsync(binary(), data, { epochs: 1, yieldEveryMs: 5 });
    expect(history.length).toBe(1);
  });

  it("a dataset whose classes are not the model's output's", () => {
    const three = makeDataset(x, Tensor.from2D(Array.from({ length: 40 }, (_, i) => [i % 3])));
    expect(() => fit(binary(), three, { epochs: 1 })).toThrow(
      "fit: the dataset must have 2 classes, one per class of the model's 1-unit output (P(class 1)); received 3 classes [0,1,2]",
    );
    expect(() => fit(binary(4), three, { epochs: 1 })).toThrow("fit: the dataset must have 4 classes, one per class of the model's 4 output units; received 3 classes");
    expect(fit(binary(3), three, { epochs: 1 }).length).toBe(1);
  });

  it("a model without an optimizer (cloneModel copies the loss, not the optimizer)", () => {
    expect(() => fit(cloneModel(binary()), data, { epochs: 1 })).toThrow(
      "fit: the model has a loss but no optimizer (cloneModel does not copy it); call model.compile({ loss, optimizer }) first",
    );
  });

  it("a seed that is not a safe integer, naming fit", () => {
    expect(() => fit(binary(), data, { epochs: 1, seed: 1.5 })).toThrow("fit: seed must be a safe integer; received 1.5");
  });
});

describe("crossValidate", () => {
  it("refuses a build that returns the same model for two folds (the later fold would start from the earlier's weights)", () => {
    const shared = binary();
    expect(() => crossValidate(() => shared, data, { k: 3, fit: { epochs: 1 } })).toThrow(
      "crossValidate: build must return a new model for each fold; build(1) returned the model build(0) did (it would start from that fold's trained weights)",
    );
    expect(crossValidate(() => binary(), data, { k: 3, fit: { epochs: 1 } }).folds).toHaveLength(3);
  });

  it("refuses an option it does not know", () => {
    expect(() => crossValidate(() => binary(), data, { folds: 3, fit: { epochs: 1 } } as never)).toThrow(
      'crossValidate: options may have k, stratify, seed, normalize, fitNormalization, normalizeTarget, fit, earlyStopping; received "folds"',
    );
    expect(() => crossValidate(() => binary(), data, { k: 2, fit: { epochs: 1, batch_size: 4 } } as never)).toThrow('fit: options may have');
  });
});
