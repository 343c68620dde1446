import type { Dataset } from "../../data/dataset.js";
import type { Sequential } from "../../model/sequential.js";

/**
 * How much of a regression's squared error its worst rows carry, on one set, at the weights the run kept.
 * Under mean squared error a few rows with huge residuals (heavy-tailed noise, an entry error) set the fit
 * and the dev cost early stopping watches; the share of the sum that the worst 1% carry shows them:
 * 5000 Gaussian residuals leave them about 8%, uniform ones 3%, Student t ones of 1.2 degrees 97%.
 */
export interface WorstRows {
  /** The set's rows, and how many of its worst are counted: max(1, 1% of them). */
  rows: number;
  worst: number;
  /** The worst rows' share of the set's sum of squared residuals (the share of its cost they carry). */
  share: number;
  /**
   * The worst rows (5 at most), worst first: the row's id (its position in the data as loaded), its target
   * and the prediction for it (with several outputs, those of the row's worst output); its input farthest
   * from the training rows' mean, in their stds, and the share of the training rows whose inputs all lie
   * nearer (a row at the inputs' edge may be a steep target rather than a fault: y = exp(1.5 a) left its
   * worst rows at 2.8 stds, beyond 99% of the training rows).
   */
  top: Array<{ id: number; target: number; prediction: number; inputZ: number; fartherThan: number }>;
}

/** Rows of the worst listed in WorstRows.top. */
const LISTED = 5;

/**
 * WorstRows for a regression's set (recordRun asks only for those), or null (no rows). Residuals, not the
 * targets: a heavy-tailed target that the inputs explain leaves small residuals where the network fits it
 * (where it does not, its worst rows sit at the inputs' edge: fartherThan). One forward pass over the set
 * (the evaluations the run already has keep its costs, not its predictions).
 */
export function worstRows(model: Sequential, set: Dataset | null | undefined, features: Features, trainReach: Float64Array): WorstRows | null {
  if (!set || set.x.rows === 0) return null;
  const prediction = model.predict(set.x);
  const { rows, cols } = set.y;
  if (prediction.rows !== rows || prediction.cols !== cols) return null;
  const squared = new Float64Array(rows);
  const column = new Int32Array(rows);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let worst = -1;
    for (let j = 0; j < cols; j++) {
      const d = (prediction.data[i * cols + j]! - set.y.data[i * cols + j]!) ** 2;
      squared[i]! += d;
      if (d > worst) [worst, column[i]] = [d, j];
    }
    total += squared[i]!;
  }
  if (!(total > 0) || !Number.isFinite(total)) return null;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => squared[b]! - squared[a]!);
  const worst = Math.max(1, Math.floor(rows / 100));
  let carried = 0;
  for (let k = 0; k < worst; k++) carried += squared[order[k]!]!;
  const top = order.slice(0, LISTED).map((i) => {
    const at = i * cols + column[i]!;
    const inputZ = reachOf(set, i, features);
    return { id: set.ids[i] ?? i, target: set.y.data[at]!, prediction: prediction.data[at]!, inputZ, fartherThan: nearer(trainReach, inputZ) / Math.max(1, trainReach.length) };
  });
  return { rows, worst, share: carried / total, top };
}

type Features = { mean: number[]; std: number[] };

/** Row i's input farthest from the training mean, in training stds (constant features skipped). */
function reachOf(set: Dataset, i: number, features: Features): number {
  let z = 0;
  for (let j = 0; j < set.x.cols; j++) {
    const std = features.std[j] ?? 0;
    if (std > 0) z = Math.max(z, Math.abs(set.x.data[i * set.x.cols + j]! - features.mean[j]!) / std);
  }
  return z;
}

/** Every training row's reachOf, sorted: what a worst row's reach is ranked against. */
export function inputReach(train: Dataset, features: Features): Float64Array {
  return Float64Array.from({ length: train.x.rows }, (_, i) => reachOf(train, i, features)).sort();
}

/** How many of the sorted reaches are below z (a binary search). */
function nearer(sorted: Float64Array, z: number): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! < z) low = mid + 1;
    else high = mid;
  }
  return low;
}
