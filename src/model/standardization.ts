import { fail, failReceived } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Per-feature standardization x' = (x - mean) / std with the population std, computed on the training
 * split only and kept with the model so that prediction on raw inputs just works. A feature with zero
 * variance is centred and left unscaled (no division by 0).
 */
export class Standardization {
  readonly mean: Float64Array;
  readonly std: Float64Array;

  constructor(mean: ArrayLike<number>, std: ArrayLike<number>) {
    if (mean.length !== std.length) failReceived("Standardization", `std to have ${mean.length} values like mean`, `${std.length} values`);
    for (let j = 0; j < std.length; j++) {
      if (!(std[j]! >= 0) || !Number.isFinite(std[j]!)) fail("Standardization", "finite std >= 0", std[j]);
      if (!Number.isFinite(mean[j]!)) fail("Standardization", "finite mean", mean[j]);
    }
    this.mean = Float64Array.from(mean);
    this.std = Float64Array.from(std);
  }

  /** Mean and population std of each column of `x` (the training split). */
  static fit(x: Tensor): Standardization {
    const { rows, cols, data } = x;
    if (rows === 0) fail("Standardization.fit", "at least one row", "0 rows");
    const mean = new Float64Array(cols);
    const std = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j] += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) mean[j] /= rows;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = data[i * cols + j]! - mean[j]!;
        std[j] += d * d;
      }
    }
    for (let j = 0; j < cols; j++) std[j] = Math.sqrt(std[j]! / rows);
    return new Standardization(mean, std);
  }

  get size(): number {
    return this.mean.length;
  }

  transform(x: Tensor): Tensor {
    if (x.cols !== this.size) failReceived("Standardization.transform", `${this.size} columns`, `${x.cols} columns`);
    const out = Tensor.zeros(x.rows, x.cols, x.dtype);
    const cols = x.cols;
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < cols; j++) {
        const s = this.std[j]!;
        const centred = x.data[i * cols + j]! - this.mean[j]!;
        out.data[i * cols + j] = s > 0 ? centred / s : centred;
      }
    }
    return out;
  }

  inverseTransform(x: Tensor): Tensor {
    if (x.cols !== this.size) failReceived("Standardization.inverseTransform", `${this.size} columns`, `${x.cols} columns`);
    const out = Tensor.zeros(x.rows, x.cols, x.dtype);
    const cols = x.cols;
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < cols; j++) {
        const s = this.std[j]!;
        const v = x.data[i * cols + j]!;
        out.data[i * cols + j] = (s > 0 ? v * s : v) + this.mean[j]!;
      }
    }
    return out;
  }

  toJSON(): { mean: number[]; std: number[] } {
    return { mean: Array.from(this.mean), std: Array.from(this.std) };
  }
}
