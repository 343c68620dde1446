/** Per-channel statistics for augmented images (Standardization.fitPerChannel), worked by hand. */
import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor/tensor.js";
import { Standardization } from "./standardization.js";

describe("Standardization.fitPerChannel", () => {
  it("one mean and population std per channel, over every pixel and row, repeated for each pixel", () => {
    // two 1x2 images of 2 channels, [r, g, r, g]: red 1, 3, 5, 7 (mean 4, std sqrt(5)); green 2, 2, 2, 2 (constant: std 1)
    const x = new Tensor(2, 4, Float64Array.from([1, 2, 3, 2, 5, 2, 7, 2]));
    const s = Standardization.fitPerChannel(x, 2);
    expect(Array.from(s.mean)).toEqual([4, 2, 4, 2]);
    expect(Array.from(s.std)).toEqual([Math.sqrt(5), 1, Math.sqrt(5), 1]);
    expect(() => Standardization.fitPerChannel(x, 3)).toThrow(/a channel count that divides the 4 features/);
  });
});

describe("Standardization.fit on values near the largest double", () => {
  it("names the feature whose mean overflows, in one line (it said 'mean[0] to be a finite number; received NaN')", () => {
    const x = new Tensor(2, 2, Float64Array.from([1, 1.5e308, 2, 1.7e308]));
    expect(() => Standardization.fit({ x, y: new Tensor(2, 1, new Float64Array(2)), featureNames: ["a", "big"], labelName: "y", task: "regression", classes: null, ids: Int32Array.from([0, 1]) })).toThrow(
      /^normalize: expected features small enough to standardize; received feature "big", whose mean over the 2 training rows overflows a double/,
    );
  });
});
