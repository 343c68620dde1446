/**
 * Regression metrics: mean squared error, mean absolute error and the coefficient of determination R^2,
 * as scikit-learn defines them. Browser-safe, plain arithmetic.
 */
import { NnlabError } from "../errors.js";

export interface RegressionMetrics {
  task: "regression";
  /** Mean of (prediction - target)^2 over examples and outputs. */
  mse: number;
  /** Mean of |prediction - target| over examples and outputs. */
  mae: number;
  /**
   * 1 - SS_res / SS_tot per output (SS_tot about that output's mean), averaged over outputs
   * (scikit-learn's "uniform_average"). 1 is perfect, 0 is what predicting the mean scores, below 0 is
   * worse than that. A constant target (SS_tot = 0) gives 1 when predicted exactly and 0 otherwise,
   * as scikit-learn's force_finite; NaN for fewer than 2 examples (scikit-learn's too: undefined).
   */
  r2: number;
  examples: number;
}

/** MSE, MAE and R^2 of `predicted` against `target`, both row-major [examples, outputs] (outputs default 1). */
export function regressionMetrics(target: ArrayLike<number>, predicted: ArrayLike<number>, outputs = 1): RegressionMetrics {
  const n = target.length;
  if (predicted.length !== n) throw new NnlabError(`regressionMetrics: expected as many predictions as targets (${n}); received ${predicted.length}`);
  if (!Number.isInteger(outputs) || outputs < 1 || n % outputs !== 0) {
    throw new NnlabError(`regressionMetrics: outputs must be a positive integer dividing the number of values (${n}); received ${outputs}`);
  }
  const rows = n / outputs;
  let squared = 0;
  let absolute = 0;
  for (let i = 0; i < n; i++) {
    const d = predicted[i]! - target[i]!;
    squared += d * d;
    absolute += Math.abs(d);
  }
  let r2 = 0;
  for (let j = 0; j < outputs; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += target[r * outputs + j]!;
    mean /= rows;
    let ssRes = 0;
    let ssTot = 0;
    for (let r = 0; r < rows; r++) {
      const y = target[r * outputs + j]!;
      const e = y - predicted[r * outputs + j]!;
      ssRes += e * e;
      ssTot += (y - mean) * (y - mean);
    }
    r2 += ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
  }
  // R^2 of one example is undefined (its variance is 0 whatever the target): NaN, as scikit-learn's, not 0 or 1
  return { task: "regression", mse: n ? squared / n : NaN, mae: n ? absolute / n : NaN, r2: rows >= 2 ? r2 / outputs : NaN, examples: rows };
}
