/** checkFinite: the all-finite pass (x * 0 sums) lets every finite value through and finds every other one. */
import { describe, expect, it } from "vitest";
import { checkFinite, Tensor } from "./tensor.js";

describe("checkFinite", () => {
  it("passes finite values of every size, -0 and the largest of each type included", () => {
    for (const cols of [1, 3, 4, 5, 7]) {
      const t64 = Tensor.zeros(3, cols, "float64");
      t64.data.set([-0, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-320].slice(0, t64.size));
      expect(() => checkFinite("test", "x", t64)).not.toThrow();
      const t32 = Tensor.zeros(3, cols, "float32");
      t32.data.set([-0, 3.4e38, -3.4e38, 1e-45].slice(0, t32.size));
      expect(() => checkFinite("test", "x", t32)).not.toThrow();
    }
    expect(() => checkFinite("test", "x", Tensor.zeros(0, 3))).not.toThrow();
  });

  it("finds NaN and either infinity at any position, in the blocks of four and in the tail, naming row and column", () => {
    for (const [rows, cols] of [[1, 1], [2, 3], [3, 3], [1, 9], [250, 4]] as const) {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const size = rows * cols;
        const positions = new Set([size - 1]); // the last entry: in the tail when the size is not a multiple of 4
        for (let at = 0; at < size; at += Math.max(1, Math.floor(size / 7))) positions.add(at);
        for (const at of positions) {
          const t = Tensor.zeros(rows, cols, "float64");
          t.data.fill(0.5);
          t.data[at] = bad;
          expect(() => checkFinite("fit", "x", t)).toThrow(`fit: x must contain only finite numbers; received ${bad} at row ${Math.floor(at / cols)}, column ${at % cols}`);
        }
      }
    }
  });
});
