import { describe, expect, it } from "vitest";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { Dropout } from "./dropout.js";

function built(rate: number, seed = 0): Dropout {
  const d = new Dropout({ rate });
  d.build({ inputSize: 1, dtype: "float64", rng: new Rng(seed) });
  return d;
}

describe("Dropout (inverted)", () => {
  it("keeps about keepProb of the units and scales them by 1 / keepProb, so the mean is unchanged", () => {
    const d = built(0.2);
    expect(d.keepProb).toBe(0.8);
    const ones = Tensor.zeros(1, 100_000);
    ones.data.fill(1);
    const out = d.forward(ones, "train");
    let kept = 0;
    let sum = 0;
    let wrongScale = 0;
    for (const v of out.data) {
      if (v !== 0) {
        kept++;
        if (v !== 1 / 0.8) wrongScale++;
      }
      sum += v;
    }
    expect(wrongScale).toBe(0);
    expect(Math.abs(kept / 100_000 - 0.8)).toBeLessThan(0.005);
    expect(Math.abs(sum / 100_000 - 1)).toBeLessThan(0.01);
  });

  it("is the identity in eval mode, forward and backward", () => {
    const d = built(0.5);
    const x = Tensor.from2D([[1, 2, 3]]);
    expect(d.forward(x, "eval")).toBe(x);
    const g = Tensor.from2D([[4, 5, 6]]);
    expect(d.backward(g)).toBe(g);
  });

  it("backward multiplies by the same mask and scale as forward", () => {
    const d = built(0.5, 3);
    const x = Tensor.from2D([[1, 1, 1, 1, 1, 1, 1, 1]]);
    const out = Array.from(d.forward(x, "train").data);
    const grad = Array.from(d.backward(Tensor.from2D([[1, 1, 1, 1, 1, 1, 1, 1]])).data);
    expect(grad).toEqual(out);
  });

  it("draws fresh masks each pass unless a fixed mask is set", () => {
    const d = built(0.5, 1);
    const x = Tensor.zeros(1, 64);
    x.data.fill(1);
    const first = Array.from(d.forward(x, "train").data);
    expect(Array.from(d.forward(x, "train").data)).not.toEqual(first);
    d.setFixedMask(Tensor.from2D([Array.from({ length: 64 }, (_, i) => i % 2)]));
    expect(Array.from(d.forward(x, "train").data)).toEqual(Array.from({ length: 64 }, (_, i) => (i % 2) * 2));
  });

  it("rejects rates outside [0, 1) and masks that are not 0/1", () => {
    expect(() => new Dropout({ rate: 1.5 })).toThrow("Dropout: rate must be in [0, 1); received 1.5");
    expect(() => new Dropout({ rate: 1 })).toThrow("received 1");
    expect(() => new Dropout({ rate: -0.1 })).toThrow("received -0.1");
    expect(() => built(0.5).setFixedMask(Tensor.from2D([[0, 0.5]]))).toThrow("a mask of 0s and 1s; received 0.5 at index 1");
  });
});
