import { describe, expect, it } from "vitest";
import { Dense } from "../layers/dense.js";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { EVALUATION_CHUNK, Sequential } from "./sequential.js";

/** A set larger than one evaluation chunk, in pieces smaller than one. */
function bigSet(rows: number) {
  const rng = new Rng(7);
  const x = Tensor.zeros(rows, 3, "float64");
  const y = Tensor.zeros(rows, 1, "float64");
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < 3; j++) x.data[i * 3 + j] = rng.normal();
    y.data[i] = x.data[i * 3]! + 0.3 * rng.normal() > 0 ? 1 : 0;
  }
  return { x, y };
}
const piece = (t: Tensor, start: number, end: number) => t.gatherRows(Int32Array.from({ length: end - start }, (_, i) => start + i));

describe("predict and evaluate on more rows than one chunk", () => {
  const rows = 2 * EVALUATION_CHUNK + 123;
  const { x, y } = bigSet(rows);
  const model = new Sequential({ inputSize: 3, dtype: "float64", seed: 1, layers: [new Dense({ units: 5, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
  model.compile({ loss: "binaryCrossEntropy", optimizer: "sgd" });
  const bounds = [0, 10000, 20000, 30000, rows];

  it("evaluate: the same cost and accuracy as the pieces combined by rows", () => {
    const whole = model.evaluate(x, y, { m: rows });
    let loss = 0;
    let correct = 0;
    for (let k = 0; k + 1 < bounds.length; k++) {
      const e = model.evaluate(piece(x, bounds[k]!, bounds[k + 1]!), piece(y, bounds[k]!, bounds[k + 1]!), { m: rows });
      loss += e.dataLoss * (bounds[k + 1]! - bounds[k]!);
      correct += e.correct!;
    }
    expect(whole.examples).toBe(rows);
    expect(whole.dataLoss).toBeCloseTo(loss / rows, 12);
    expect(whole.correct).toBe(correct);
    expect(whole.accuracy).toBe(correct / rows);
  });

  it("predict: every row's output, in order", () => {
    const whole = model.predict(x);
    expect(whole.rows).toBe(rows);
    for (let k = 0; k + 1 < bounds.length; k++) {
      const part = model.predict(piece(x, bounds[k]!, bounds[k + 1]!));
      for (let i = 0; i < part.rows; i++) expect(whole.data[bounds[k]! + i]).toBeCloseTo(part.data[i]!, 14);
    }
  });
});
