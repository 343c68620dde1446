/**
 * The course's initialization exercise (circles, 2-10-5-1, lr 0.01, 15,000 full-batch iterations) from
 * the exercise's raw normal draws: zeros never break symmetry, random x10 saturates, He learns.
 */
import { describe, expect, it } from "vitest";
import { Dense, fit, Sequential, SGD, type Tensor } from "../src/index.js";
import { courseWeight, fixtures, readXY } from "./support/course-data.js";

const train = readXY("circles/train.csv");
const test = readXY("circles/test.csv");

function circlesModel(scale: (fanIn: number) => number): Sequential {
  const model = new Sequential({
    inputSize: 2,
    dtype: "float64",
    layers: [
      new Dense({ units: 10, activation: "relu" }),
      new Dense({ units: 5, activation: "relu" }),
      new Dense({ units: 1, activation: "sigmoid" }),
    ],
  });
  const draws = fixtures.circles_init_draws;
  const scaled = (w: number[][], fanIn: number): Tensor => courseWeight(w.map((r) => r.map((v) => v * scale(fanIn))));
  model.setWeights({ W1: scaled(draws.W1, 2), W2: scaled(draws.W2, 10), W3: scaled(draws.W3, 5) });
  model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.01 }) });
  return model;
}

const trainLoss = (model: Sequential) => fit(model, train.x, train.y, { epochs: 15_000, batchSize: "full" }).get("loss");
const accuracy = (model: Sequential, data: typeof train) => model.evaluate(data.x, data.y).accuracy;

describe("circles exercise", () => {
  it("zeros: the cost stays at ln 2 and accuracy at 0.5", () => {
    const model = circlesModel(() => 0);
    const loss = trainLoss(model);
    expect(Math.abs(loss[0]! - Math.LN2)).toBeLessThan(1e-9);
    expect(Math.abs(loss[14_000]! - Math.LN2)).toBeLessThan(1e-9);
    expect(accuracy(model, train)).toBe(0.5);
    expect(accuracy(model, test)).toBe(0.5);
  });

  it("random x10: saturated at first, then 0.83 train and 0.86 test", () => {
    const model = circlesModel(() => 10);
    const loss = trainLoss(model);
    // The course's probability-space cost is inf here; nnlab's cost from the logits stays finite and large.
    expect(Number.isFinite(loss[0]!)).toBe(true);
    expect(loss[0]!).toBeGreaterThan(100);
    expect(Math.abs(loss[14_000]! - 0.3828)).toBeLessThan(1e-3);
    expect(accuracy(model, train)).toBe(0.83);
    expect(accuracy(model, test)).toBe(0.86);
  });

  it("He: costs to 1e-9, 298/300 train and 0.96 test", () => {
    const model = circlesModel((fanIn) => Math.sqrt(2 / fanIn));
    const loss = trainLoss(model);
    expect(Math.abs(loss[0]! - 0.8830537463419761)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(loss[14_000]! - 0.07357895962677365)).toBeLessThanOrEqual(1e-9);
    expect(model.evaluate(train.x, train.y).correct).toBe(298);
    expect(accuracy(model, test)).toBe(0.96);
  });
});
