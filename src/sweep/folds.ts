/**
 * A cross-validated point's folds as tasks of their own, so that an executor spreads them like any other
 * trials (threads, or a queue's workers): each fold task trains and scores one fold, and the point's
 * result is put together from its folds' results exactly as one whole cross-validation would give it
 * (same fold assignment, same sums in fold order: the same bits).
 */
import { NnlabError } from "../errors.js";
import { type CrossValidation, summarizeFolds } from "../train/cross-validate.js";
import type { TrialResult, TrialTask } from "./trial.js";

/** A point's task as its folds' tasks (fold 0 first); a task without folds, or already one fold, as itself. */
export function foldTasks(task: TrialTask): TrialTask[] {
  if (!task.folds || task.fold !== undefined) return [task];
  return Array.from({ length: task.folds }, (_, fold) => ({ ...task, fold }));
}

/** A task's or result's key among a sweep's: its index, and its fold when it is one ("3", "3/fold-1"). */
export function trialKey(trial: { index: number; fold?: number | { index: number } }): string {
  const fold = typeof trial.fold === "object" ? trial.fold.index : trial.fold;
  return fold === undefined ? String(trial.index) : `${trial.index}/fold-${fold}`;
}

/** A point's result from its cross-validation summary (shared by a whole cross-validation and combined folds). */
export function crossValidatedResult(
  point: { index: number; values: Record<string, number | string> },
  summary: CrossValidation["summary"],
  epochs: number,
  ms: number,
  /** Any fold stopped on a NaN or a blow-up: the point is marked diverged (ranked last), as a train/dev trial is. */
  diverged = false,
): TrialResult {
  return {
    index: point.index,
    values: point.values,
    trainError: summary.trainAccuracy ? 1 - summary.trainAccuracy.mean : null,
    devError: summary.devAccuracy ? 1 - summary.devAccuracy.mean : null,
    devErrorStd: summary.devAccuracy?.std,
    ...(summary.devAccuracy === undefined && summary.devDataLoss ? { devDataLossStd: summary.devDataLoss.std } : {}),
    trainLoss: summary.trainLoss.mean,
    devLoss: summary.devLoss.mean,
    ...(summary.trainDataLoss && summary.devDataLoss ? { trainDataLoss: summary.trainDataLoss.mean, devDataLoss: summary.devDataLoss.mean } : {}),
    ...(diverged ? { diverged: true } : {}),
    epochs,
    ms,
  };
}

/**
 * A point's result from its k folds' results (in any order): mean and std over the folds as
 * crossValidate's summary, the epochs averaged over the folds, the time summed; diverged if any fold diverged.
 */
export function combineFolds(results: readonly TrialResult[]): TrialResult {
  const first = results[0];
  if (!first?.fold) throw new NnlabError(`sweep: expected the results of a point's folds; received ${first ? "a result without a fold" : "none"}`);
  const { k } = first.fold;
  const folds = [...results].sort((a, b) => a.fold!.index - b.fold!.index);
  if (folds.length !== k || folds.some((r, i) => r.index !== first.index || r.fold?.k !== k || r.fold.index !== i)) {
    throw new NnlabError(`sweep: expected folds 0..${k - 1} of trial ${first.index}, once each; received ${folds.map((r) => trialKey(r)).join(", ")}`);
  }
  const summary = summarizeFolds(
    folds.map((r) => ({
      train: { loss: r.trainLoss, accuracy: r.fold!.trainAccuracy, dataLoss: r.trainDataLoss },
      dev: { loss: r.devLoss, accuracy: r.fold!.devAccuracy, dataLoss: r.devDataLoss },
    })),
  );
  const epochs = Math.round(folds.reduce((n, r) => n + r.epochs, 0) / k);
  return crossValidatedResult(first, summary, epochs, folds.reduce((n, r) => n + r.ms, 0), folds.some((r) => r.diverged === true));
}
