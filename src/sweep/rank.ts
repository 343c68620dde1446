/** The order of a sweep's trials: best first. */
import type { TrialResult } from "./trial.js";

/**
 * What a trial is ranked by: its dev error, or where there is no error (regression) its dev data cost, the
 * penalty left out (it marked down the trials that regularize by their own term: L2 10 with a dev MSE of
 * 5.1e8 ranked below no L2 at 6.5e8); the whole cost for results saved before the data cost was kept.
 */
export function trialScore(trial: TrialResult): number {
  return trial.devError ?? dataCost(trial, "dev");
}

/** A trial's data cost on the training or dev set (the whole cost where an older result lacks it). */
export function dataCost(trial: Pick<TrialResult, "trainLoss" | "devLoss" | "trainDataLoss" | "devDataLoss">, which: "train" | "dev"): number {
  return which === "train" ? (trial.trainDataLoss ?? trial.trainLoss) : (trial.devDataLoss ?? trial.devLoss);
}

/**
 * The trials best first; equal scores by the dev data cost, then grid order, so the same results always give the same table. A trial
 * that diverged comes after every one that did not, whatever its figures: its weights are the last
 * healthy epoch's, and a learning rate of 100 was named "Best" at a dev error of 20% (nnlab train exits 3
 * on the same spec). Halving keeps its rungs by this order too.
 */
export function rankTrials(trials: Iterable<TrialResult>): TrialResult[] {
  // equal dev errors (one row apart is common on a few hundred dev rows) go by the dev data cost, then grid
  // order: two trials at 14.0% were told apart by index, the higher cost named "Best" (an audit)
  return [...trials].sort(
    (a, b) => Number(a.diverged ?? false) - Number(b.diverged ?? false) || trialScore(a) - trialScore(b) || dataCost(a, "dev") - dataCost(b, "dev") || a.index - b.index,
  );
}

/**
 * The standard error of an error rate measured on n rows, sqrt(p (1 - p) / n), with p kept at least one
 * row's worth from 0 and 1 (a 0% on 200 rows is not exact): the learning curve's and the sweep's yardstick.
 */
export function errorRateSe(error: number, n: number): number {
  const p = Math.min(Math.max(error, 1 / n), 1 - 1 / n);
  return Math.sqrt((p * (1 - p)) / n);
}
