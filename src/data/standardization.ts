import { fail, failReceived, NnlabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset } from "./dataset.js";

/**
 * Per-feature standardization x' = (x - mean) / std with the population std, computed on the training
 * split only and kept with the model so that prediction on raw inputs just works. A feature with zero
 * variance is centred and left unscaled: `fit` stores its std as 1 (scikit-learn's convention), so that
 * every std held, saved and loaded is > 0 and a 0 in a model file can only be a corrupt file.
 */
export class Standardization {
  readonly mean: Float64Array;
  /** The divisor of each feature: its population std over the training split, or 1 where that is 0. */
  readonly std: Float64Array;
  /** The ids of the rows it was fitted on (sorted), when fitted on a Dataset: to detect leaks. */
  fittedIds: Int32Array | null = null;

  constructor(mean: ArrayLike<number>, std: ArrayLike<number>) {
    if (mean.length !== std.length) failReceived("Standardization", `std to have ${mean.length} values like mean`, `${std.length} values`);
    for (let j = 0; j < std.length; j++) {
      if (!(std[j]! > 0) || !Number.isFinite(std[j]!)) fail("Standardization", `std[${j}] to be a finite number > 0 (a constant feature is stored with std 1)`, std[j]);
      if (!Number.isFinite(mean[j]!)) fail("Standardization", `mean[${j}] to be a finite number`, mean[j]);
    }
    this.mean = Float64Array.from(mean);
    this.std = Float64Array.from(std);
  }

  /** Mean and population std of each column of the training split (a Dataset, or its x). */
  static fit(source: Tensor | Dataset): Standardization {
    const x = source instanceof Tensor ? source : source.x;
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
    for (let j = 0; j < cols; j++) {
      // Constant up to rounding (a column of 0.1s has a mean a few ulps off, and a std of 1e-17 would
      // blow its rounding errors up to +-1): centre it, do not scale it.
      const s = Math.sqrt(std[j]! / rows);
      std[j] = s > 1e-12 * Math.abs(mean[j]!) ? s : 1;
      if (!Number.isFinite(mean[j]!) || !Number.isFinite(std[j]!)) {
        // values near the largest double: their sum overflows (a noise of 1e308 said "mean[0] to be a finite number; received NaN")
        const name = source instanceof Tensor ? `column ${j}` : `feature ${JSON.stringify(source.featureNames[j] ?? j)}`;
        throw new NnlabError(
          `normalize: expected features small enough to standardize; received ${name}, whose ${Number.isFinite(mean[j]!) ? "spread" : "mean"} over the ${rows} training rows overflows a double (values near 1e308): rescale it, or set normalize to false`,
        );
      }
    }
    const fitted = new Standardization(mean, std);
    if (!(source instanceof Tensor)) fitted.fittedIds = Int32Array.from(source.ids).sort();
    return fitted;
  }

  /**
   * One mean and std per image channel (over every pixel of it and every row), repeated for each pixel:
   * what image augmentation needs. Per-pixel statistics are not invariant to it: an edge pixel of digits
   * is nearly always 0, so its std is tiny, and a shifted stroke landing there became an input of 30+
   * (one-pixel shifts took digits from 95% to 72% dev accuracy). Rows are [height, width, channels]
   * flattened, so pixel f is of channel f % channels.
   */
  static fitPerChannel(source: Tensor | Dataset, channels: number): Standardization {
    const x = source instanceof Tensor ? source : source.x;
    const { rows, cols, data } = x;
    if (rows === 0) fail("Standardization.fitPerChannel", "at least one row", "0 rows");
    if (!Number.isInteger(channels) || channels < 1 || cols % channels !== 0) failReceived("Standardization.fitPerChannel", `a channel count that divides the ${cols} features`, String(channels));
    const sum = new Float64Array(channels);
    for (let i = 0; i < rows * cols; i++) sum[(i % cols) % channels] += data[i]!;
    const count = rows * (cols / channels);
    const channelMean = sum.map((s) => s / count);
    const squares = new Float64Array(channels);
    for (let i = 0; i < rows * cols; i++) {
      const c = (i % cols) % channels;
      const d = data[i]! - channelMean[c]!;
      squares[c] += d * d;
    }
    const channelStd = squares.map((q, c) => {
      const s = Math.sqrt(q / count);
      return s > 1e-12 * Math.abs(channelMean[c]!) ? s : 1; // constant: centred, not scaled (as fit)
    });
    const fitted = new Standardization(
      Float64Array.from({ length: cols }, (_, f) => channelMean[f % channels]!),
      Float64Array.from({ length: cols }, (_, f) => channelStd[f % channels]!),
    );
    if (!(source instanceof Tensor)) fitted.fittedIds = Int32Array.from(source.ids).sort();
    return fitted;
  }

  /** How many of `ids` (rows of a dev or test set) the statistics were fitted on: should be 0. */
  overlap(ids: ArrayLike<number>): number {
    const fitted = this.fittedIds;
    if (!fitted) return 0;
    let count = 0;
    for (let i = 0; i < ids.length; i++) {
      let lo = 0;
      let hi = fitted.length;
      const id = ids[i]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (fitted[mid]! < id) lo = mid + 1;
        else hi = mid;
      }
      if (lo < fitted.length && fitted[lo] === id) count++;
    }
    return count;
  }

  /** A warning when the statistics saw rows of `set` (named `name`), else null. */
  leakWarning(set: { ids?: ArrayLike<number> }, name: string): string | null {
    if (!set.ids) return null;
    const shared = this.overlap(set.ids);
    return shared === 0
      ? null
      : `normalization was fitted on ${shared} of the ${set.ids.length} rows of the ${name} set: its statistics leak the ${name} set into training; fit it on the training split only`;
  }

  get size(): number {
    return this.mean.length;
  }

  /** (x - mean) / std as a new tensor. */
  transform(x: Tensor): Tensor {
    const out = x.clone();
    this.transformInPlace(out);
    return out;
  }

  /** (x - mean) / std, overwriting x (for training batches, without allocating). */
  transformInPlace(x: Tensor): void {
    if (x.cols !== this.size) failReceived("Standardization.transform", `${this.size} columns`, `${x.cols} columns`);
    const cols = x.cols;
    const d = x.data;
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < cols; j++) {
        d[i * cols + j] = (d[i * cols + j]! - this.mean[j]!) / this.std[j]!;
      }
    }
  }

  inverseTransform(x: Tensor): Tensor {
    if (x.cols !== this.size) failReceived("Standardization.inverseTransform", `${this.size} columns`, `${x.cols} columns`);
    const out = x.clone();
    this.inverseTransformInPlace(out);
    return out;
  }

  /** inverseTransform in place (a model's outputs back in a standardized target's units). */
  inverseTransformInPlace(x: Tensor): void {
    if (x.cols !== this.size) failReceived("Standardization.inverseTransform", `${this.size} columns`, `${x.cols} columns`);
    const cols = x.cols;
    const d = x.data;
    for (let i = 0; i < x.rows; i++) {
      for (let j = 0; j < cols; j++) {
        d[i * cols + j] = d[i * cols + j]! * this.std[j]! + this.mean[j]!;
      }
    }
  }

  toJSON(): { mean: number[]; std: number[] } {
    return { mean: Array.from(this.mean), std: Array.from(this.std) };
  }
}
