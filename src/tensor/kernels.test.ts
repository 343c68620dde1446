import { describe, expect, it } from "vitest";
import { Rng } from "./rng.js";
import { addRowVector, matmul, matmulTransA, matmulTransB, sumRows } from "./kernels.js";
import { type DType, Tensor } from "./tensor.js";

function naive(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, p) => s + v * b[p]![j]!, 0)));
}

function random(rows: number, cols: number, rng: Rng, dtype: DType): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.int(3) === 0 ? 0 : rng.normal();
  return t;
}

describe("kernels", () => {
  it("a hand-worked product: [[1,2],[3,4]] * [[5,6],[7,8]] = [[19,22],[43,50]]", () => {
    const out = Tensor.zeros(2, 2);
    matmul(Tensor.from2D([[1, 2], [3, 4]]), Tensor.from2D([[5, 6], [7, 8]]), out);
    expect(out.toArray()).toEqual([[19, 22], [43, 50]]);
  });

  for (const dtype of ["float64", "float32"] as const) {
    it(`all three forms agree with the definition on odd shapes (${dtype})`, () => {
      const rng = new Rng(1);
      for (const [m, k, n] of [[1, 1, 1], [1, 7, 1], [5, 1, 3], [7, 13, 5], [1, 9, 4], [6, 3, 1], [0, 3, 2]] as const) {
        const a = random(m, k, rng, dtype);
        const b = random(k, n, rng, dtype);
        const want = naive(a.toArray(), b.toArray());
        const tol = dtype === "float64" ? 1e-12 : 1e-5;
        const out = Tensor.zeros(m, n, dtype);
        out.data.fill(99); // kernels must overwrite, not accumulate
        matmul(a, b, out);
        out.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, -Math.log10(tol))));
        const viaA = Tensor.zeros(m, n, dtype);
        viaA.data.fill(99);
        matmulTransA(a.transpose(), b, viaA);
        viaA.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, -Math.log10(tol))));
        const viaB = Tensor.zeros(m, n, dtype);
        matmulTransB(a, b.transpose(), viaB);
        viaB.toArray().forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, -Math.log10(tol))));
      }
    });
  }

  it("adds a bias row and sums rows", () => {
    const t = Tensor.from2D([[1, 2], [3, 4]]);
    addRowVector(t, Tensor.from2D([[10, 20]]));
    expect(t.toArray()).toEqual([[11, 22], [13, 24]]);
    const s = Tensor.zeros(1, 2);
    s.data.fill(5);
    sumRows(t, s);
    expect(s.toArray()).toEqual([[24, 46]]);
  });
});
