import { fail, failReceived, NnlabError } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { Tensor } from "../tensor/tensor.js";
import type { Dataset } from "./dataset.js";

/** What the statistics are fitted on: a Tensor (the training inputs) or a Dataset (its x). */
function checkSource(where: string, source: unknown): void {
  if (source instanceof Tensor || (source && typeof source === "object" && (source as Partial<Dataset>).x instanceof Tensor)) return;
  fail(where, "source must be a Tensor (the training inputs; Tensor.from2D(rows) makes one) or a Dataset (makeDataset(x, y))", source);
}

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
    checkSource("Standardization.fit", source);
    const cols = (source instanceof Tensor ? source : source.x).cols;
    return Standardization.fitGroups(source, cols, Int32Array.from({ length: cols }, (_, f) => f), "Standardization.fit");
  }

  /**
   * One mean and std per image channel (over every pixel of it and every row), repeated for each pixel:
   * what image augmentation needs. Per-pixel statistics are not invariant to it: an edge pixel of digits
   * is nearly always 0, so its std is tiny, and a shifted stroke landing there became an input of 30+
   * (one-pixel shifts took digits from 95% to 72% dev accuracy). Rows are [height, width, channels]
   * flattened, so pixel f is of channel f % channels.
   */
  static fitPerChannel(source: Tensor | Dataset, channels: number): Standardization {
    checkSource("Standardization.fitPerChannel", source);
    const cols = (source instanceof Tensor ? source : source.x).cols;
    if (!Number.isInteger(channels) || channels < 1 || cols % channels !== 0) failReceived("Standardization.fitPerChannel", `a channel count that divides the ${cols} features`, String(channels));
    return Standardization.fitGroups(source, channels, Int32Array.from({ length: cols }, (_, f) => f % channels), "Standardization.fitPerChannel");
  }

  /**
   * Mean and population std over each group of columns (column f in group groupOf[f]), over every row,
   * each column then given its group's. Per column (fit), the sums run over the rows in order, as they
   * always have: the same bits.
   */
  private static fitGroups(source: Tensor | Dataset, groups: number, groupOf: Int32Array, where: string): Standardization {
    const { rows, cols, data } = source instanceof Tensor ? source : source.x;
    if (rows === 0) fail(where, "at least one row", "0 rows");
    const count = rows * (cols / groups);
    const mean = new Float64Array(groups);
    const std = new Float64Array(groups);
    for (let i = 0; i < rows; i++) for (let f = 0; f < cols; f++) mean[groupOf[f]!] += data[i * cols + f]!;
    for (let g = 0; g < groups; g++) mean[g] /= count;
    for (let i = 0; i < rows; i++) {
      for (let f = 0; f < cols; f++) {
        const g = groupOf[f]!;
        const d = data[i * cols + f]! - mean[g]!;
        std[g] += d * d;
      }
    }
    for (let g = 0; g < groups; g++) {
      // Constant up to rounding (a column of 0.1s has a mean a few ulps off, and a std of 1e-17 would
      // blow its rounding errors up to +-1): centre it, do not scale it.
      const s = Math.sqrt(std[g]! / count);
      std[g] = s > 1e-12 * Math.abs(mean[g]!) ? s : 1;
      if (!Number.isFinite(mean[g]!) || !Number.isFinite(std[g]!)) {
        // values near the largest double: their sum overflows (a noise of 1e308 said "mean[0] to be a finite number; received NaN")
        const f = groupOf.indexOf(g);
        const name = groups < cols ? `channel ${g}` : source instanceof Tensor ? `column ${f}` : `feature ${JSON.stringify(source.featureNames[f] ?? f)}`;
        throw new NnlabError(
          `normalize: expected features small enough to standardize; received ${name}, whose ${Number.isFinite(mean[g]!) ? "spread" : "mean"} over the ${rows} training rows overflows a double (values near 1e308): rescale it, or set normalize to false`,
        );
      }
    }
    const fitted = new Standardization(
      Float64Array.from(groupOf, (g) => mean[g]!),
      Float64Array.from(groupOf, (g) => std[g]!),
    );
    if (!(source instanceof Tensor) && source.ids) fitted.fittedIds = Int32Array.from(source.ids).sort();
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
    checkTensor("Standardization.transform", "x", x);
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
    checkTensor("Standardization.inverseTransform", "x", x);
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
