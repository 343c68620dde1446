/** gatherRowsInto: the rows asked for, in order, whether they come in runs, alone, narrow or wide, across element types. */
import { describe, expect, it } from "vitest";
import { gatherRowsInto, Tensor } from "./tensor.js";

function numbered(rows: number, cols: number, dtype: "float32" | "float64"): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = i + 0.1;
  return t;
}

describe("gatherRowsInto", () => {
  for (const cols of [3, 16, 40]) {
    it(`${cols} columns: runs of consecutive rows, single rows and repeats, from an offset`, () => {
      const source = numbered(30, cols, "float64");
      const indices = [9, 0, 1, 2, 3, 7, 7, 29, 28, 5, 6];
      const into = Tensor.zeros(8, cols, "float64");
      gatherRowsInto(source, indices, 2, 10, into); // rows 1, 2, 3, 7, 7, 29, 28, 5
      const want = [1, 2, 3, 7, 7, 29, 28, 5].flatMap((r) => Array.from(source.data.subarray(r * cols, (r + 1) * cols)));
      expect(Array.from(into.data)).toEqual(want);
    });
  }

  it("float64 into float32 rounds each value as an assignment would", () => {
    const source = numbered(5, 20, "float64");
    const into = Tensor.zeros(3, 20, "float32");
    gatherRowsInto(source, Int32Array.of(4, 0, 1), 0, 3, into);
    expect(Array.from(into.data)).toEqual([4, 0, 1].flatMap((r) => Array.from(source.data.subarray(r * 20, (r + 1) * 20), (v) => Math.fround(v))));
  });
});
