/** The starting network `nnlab improve data.csv --label y` chooses, for data of different sizes and shapes. */
import { describe, expect, it } from "vitest";
import { makeDataset, startingSpec, Tensor } from "../../src/index.js";
import { PART_DEV, PART_TEST, PART_TRAIN } from "../../src/data/dataset.js";

/** `rows` examples of `features` zeros; labels 0..classes-1 in turn (classes 0: a regression target). */
function data(rows: number, features: number, classes: number) {
  const y = Tensor.zeros(rows, 1);
  for (let i = 0; i < rows; i++) y.data[i] = classes ? i % classes : i / rows + 0.5;
  return makeDataset(Tensor.zeros(rows, features), y, { task: classes === 0 ? "regression" : classes === 2 ? "binary" : "multiclass" });
}
const section = { source: "x.csv", label: "y" };

describe("startingSpec", () => {
  it("small 2-D data: 16 tanh units, Adam 0.01, L2 0.1, batches of 32, epochs for ~3000 steps, early stopping, standardized inputs", () => {
    // 600 rows: 360 train (60/20/20) -> 12 batches an epoch -> 250 epochs
    const spec = startingSpec(data(600, 2, 2), section, { name: "moons" });
    expect(spec).toMatchObject({
      name: "moons",
      data: { source: "x.csv", label: "y" },
      normalize: true,
      l2: 0.1,
      model: { hidden: [{ units: 16, activation: "tanh" }] },
      optimizer: { name: "adam", learningRate: 0.01 },
      training: { batchSize: 32, epochs: 250, earlyStopping: { patience: 25 } },
    });
  });

  it("at most 128 training rows: the whole set is one batch (3000 epochs, patience 300)", () => {
    const spec = startingSpec(data(150, 4, 3), section);
    expect(spec.training).toMatchObject({ batchSize: "full", epochs: 3000, earlyStopping: { patience: 300 } });
    expect(spec.model.hidden).toEqual([{ units: 16, activation: "tanh" }]);
  });

  it("twice the features, or the classes, up to 256 units; at least 5 epochs on large data", () => {
    expect(startingSpec(data(1000, 64, 10), section).model.hidden[0]!.units).toBe(128);
    expect(startingSpec(data(1000, 3, 40), section).model.hidden[0]!.units).toBe(80);
    expect(startingSpec(data(1000, 784, 10), section).model.hidden[0]!.units).toBe(256);
    expect(startingSpec(data(70_000, 2, 10), section).training).toMatchObject({ batchSize: 32, epochs: 5 });
  });

  it("rows a split column or a test file fixes count as they are: 100 fixed training rows of 300 are one batch", () => {
    expect(startingSpec(data(300, 2, 2), section).training.batchSize).toBe(32); // "auto": 180 training rows
    const fixed = data(300, 2, 2);
    fixed.part = Uint8Array.from({ length: 300 }, (_, i) => (i < 100 ? PART_TRAIN : i < 200 ? PART_DEV : PART_TEST));
    expect(startingSpec(fixed, section).training.batchSize).toBe("full");
  });

  it("tanh for tabular data, ReLU for images (a data set with an image shape)", () => {
    const images = data(1000, 64, 10);
    expect(startingSpec(images, section).model.hidden[0]!.activation).toBe("tanh");
    images.image = { height: 8, width: 8, channels: 1 };
    expect(startingSpec(images, section).model.hidden).toEqual([{ units: 128, activation: "relu" }]);
  });

  it("a regression target: the same rule, no classes", () => {
    expect(startingSpec(data(600, 5, 0), section).model.hidden[0]!.units).toBe(16);
  });
});
