/**
 * Minibatches in the stored order (shuffle: false) are views of the training rows rather than copies
 * (trainer.ts): training on them gives the same bits as on gathered copies, which a do-nothing
 * augmentation forces (augmented batches are always copies). Float32 and float64, data given in the
 * other element type too, a last partial batch, and a shuffled run for contrast.
 */
import { describe, expect, it } from "vitest";
import { noisyCircle } from "../../test/support/toy-data.js";
import type { Augmentation } from "../data/augment.js";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { Adam } from "../optim/adam.js";
import type { DType } from "../tensor/tensor.js";
import { fit } from "./fit.js";

const untouched: Augmentation = { name: "none", apply() {} };

function trained(dtype: DType, dataDtype: DType, options: { augment?: Augmentation; shuffle?: boolean }) {
  const circle = noisyCircle(100, 3);
  const [x, y] = [circle.x.clone(dataDtype), circle.y.clone(dataDtype)];
  const model = new Sequential({ inputSize: 2, dtype, seed: 7, layers: [new Dense({ units: 6, activation: "tanh" }), new Dense({ units: 1, activation: "sigmoid" })] }).compile({
    loss: "binaryCrossEntropy",
    optimizer: new Adam({ learningRate: 0.05 }),
  });
  const history = fit(model, x, y, { epochs: 5, batchSize: 16, seed: 1, ...options });
  return { weights: JSON.stringify(Object.values(model.getWeights())), loss: history.get("loss") };
}

describe("minibatches in the stored order", () => {
  for (const [dtype, dataDtype] of [["float64", "float64"], ["float32", "float32"], ["float32", "float64"]] as const) {
    it(`train as gathered copies do, to the bit (${dtype} model, ${dataDtype} data, 100 rows in batches of 16)`, () => {
      const viewed = trained(dtype, dataDtype, { shuffle: false });
      const copied = trained(dtype, dataDtype, { shuffle: false, augment: untouched });
      expect(viewed.weights).toBe(copied.weights);
      expect(viewed.loss).toEqual(copied.loss);
      // shuffled batches differ: the comparison can tell batch orders apart
      expect(trained(dtype, dataDtype, { shuffle: true }).weights).not.toBe(viewed.weights);
    });
  }
});
