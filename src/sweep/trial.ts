/**
 * One sweep trial: a spec with some knobs set, trained and scored. Browser-safe: data that is not built in
 * comes through the caller's DataLoader (Node reads files, a page hands in parsed CSV), so the same trial
 * runs in this thread, a worker thread, or a queue worker on another machine.
 */
import { type Dataset, subset } from "../data/dataset.js";
import { augmentationFor, buildModel, normalizationFor, splitData } from "../experiment/build.js";
import { type DataLoader, loadExperimentData } from "../experiment/data-source.js";
import { type ExperimentResult, runExperiment } from "../experiment/run.js";
import type { Sequential } from "../model/sequential.js";
import { targetErrors } from "../diagnose/doctor/signals.js";
import { type ExperimentSpec, splitRatiosOf } from "../experiment/spec.js";
import { NnlabError } from "../errors.js";
import { type CrossValidateOptions, crossValidate, crossValidateFold, foldAssignment } from "../train/cross-validate.js";
import type { History } from "../train/history.js";
import { crossValidatedResult } from "./folds.js";

/** A trial to run: plain data (no functions), so it can be posted to a thread or put on a queue. */
export interface TrialTask {
  /** Its place in the grid: the key under which its result is stored. */
  index: number;
  /** The swept knobs' values, by axis name. */
  values: Record<string, number | string>;
  spec: ExperimentSpec;
  /** The spec file's path: a relative CSV `data.source` is read from its folder (by a Node loader). */
  specPath?: string;
  /** k-fold cross-validation on train + dev instead of one train/dev run. */
  folds?: number;
  /**
   * With `folds`: run only this fold (0 .. folds - 1) of the cross-validation, so that a point's folds
   * can run as tasks of their own (foldTasks) and be put together after (combineFolds).
   */
  fold?: number;
  /** Train on only the first this-many rows of the training split (a learning curve's point); not with folds. */
  trainRows?: number;
}

/** One sweep trial's outcome (errors are 1 - accuracy; regression reports costs only). */
export interface TrialResult {
  index: number;
  values: Record<string, number | string>;
  trainError: number | null;
  devError: number | null;
  trainLoss: number;
  devLoss: number;
  /**
   * The data part of those costs (no L2/L1 penalty): what a regression is ranked by, since a penalty in
   * the score marks down the very trials that regularize (absent from results saved before it was kept).
   */
  trainDataLoss?: number;
  devDataLoss?: number;
  /**
   * Training stopped on a NaN or a blow-up (its figures are the last healthy weights'): improve never keeps
   * such a spec, and a sweep ranks it last. With folds: any fold did (a point is as sound as its worst fold,
   * as `nnlab train` on that fold's rows would exit 3, and as scikit-learn's grid search scores a point
   * with one failed fold NaN and ranks it last).
   */
  diverged?: boolean;
  /**
   * With class weights: the errors the weighted loss targets (balanced, or class-weighted; the doctor's
   * targetErrors), which improve compares instead of the plain ones the weighting trades away.
   */
  targetErrors?: { train: number; dev: number };
  /**
   * A regression's dev data cost's standard error from its rows (sd / sqrt(n) of the rows' squared errors,
   * in the cost's units): the noise of the dev set itself, as sqrt(p (1 - p) / n) is for an error rate.
   */
  devDataLossSe?: number;
  /** Rows of the dev set the figures were measured on (without folds): an error rate's standard error needs them. */
  devExamples?: number;
  /** With folds: the std of the dev error over the folds. */
  devErrorStd?: number;
  /** With folds, on a regression: the std of the dev data cost (MSE) over the folds (it had no spread shown). */
  devDataLossStd?: number;
  epochs: number;
  ms: number;
  /**
   * The result of one fold (a task with `fold`): which one of how many, and its accuracies as they were
   * (the errors above are 1 - them), which combineFolds averages as a whole cross-validation does.
   */
  fold?: { index: number; k: number; trainAccuracy?: number; devAccuracy?: number };
}

export interface RunTrialOptions {
  /** Loads a `data.source` that is not built in (nnlab/node's fileDataLoader reads CSV files). */
  loader?: DataLoader;
  /** Data already loaded by earlier trials: a grid's trials mostly share one dataset. */
  cache?: Map<string, Dataset>;
}

/**
 * Runs one trial: a train/dev run of the spec (on its first `trainRows` training rows, if given), or with
 * `folds`, k-fold cross-validation on the non-test part of the data (normalization fitted inside each fold),
 * or with `fold` too, that one fold of it (combineFolds puts a point's folds together).
 */
export async function runTrial(task: TrialTask, options: RunTrialOptions = {}): Promise<TrialResult> {
  const started = Date.now();
  const { spec } = task;
  const { cache } = options;
  const key = JSON.stringify([spec.data, spec.seed, spec.model.dtype]); // float32 specs load float32 data
  let data = cache?.get(key);
  if (!data) {
    data = (await loadExperimentData(spec, options.loader)).data;
    cache?.set(key, data);
  }
  if (task.folds) {
    const parts = splitData(spec, data);
    const devPart = parts.dev ? [...parts.indices.train, ...parts.indices.dev] : [...parts.indices.train];
    const pool = subset(data, devPart);
    const cvOptions: CrossValidateOptions = {
      k: task.folds,
      seed: spec.seed,
      normalize: spec.normalize,
      // each fold fits the normalization the spec's own run fits (per channel for augmented images)
      fitNormalization: (train) => normalizationFor(spec, train),
      normalizeTarget: spec.normalizeTarget,
      // the divergence watch as the spec's own run has it: folds stopped on a blow-up even where the spec
      // turned the watch off, and said nothing of it where it was on
      fit: {
        epochs: spec.training.epochs,
        batchSize: spec.training.batchSize,
        seed: spec.seed,
        augment: augmentationFor(spec, data),
        onNonFinite: "stop",
        stopOnDivergence: spec.training.stopOnDivergence,
      },
      ...(spec.training.earlyStopping ? { earlyStopping: spec.training.earlyStopping } : {}),
    };
    const folds = foldAssignment(pool, cvOptions);
    // each fold's model counts "balanced" class weights on the rows it trains on, not on the whole data
    const build = (fold: number) => buildModel(spec, data!, { trainSplit: subset(pool, folds[fold]!.train) });
    if (task.fold !== undefined) {
      const indices = folds[task.fold];
      if (!Number.isInteger(task.fold) || !indices) throw new NnlabError(`sweep: a trial's fold must be an integer from 0 to ${task.folds - 1}; received ${task.fold}`);
      const f = crossValidateFold(build, pool, cvOptions, task.fold, indices);
      return {
        index: task.index,
        values: task.values,
        trainError: f.train.accuracy === undefined ? null : 1 - f.train.accuracy,
        devError: f.dev.accuracy === undefined ? null : 1 - f.dev.accuracy,
        trainLoss: f.train.loss,
        devLoss: f.dev.loss,
        trainDataLoss: f.train.dataLoss,
        devDataLoss: f.dev.dataLoss,
        ...(stoppedDiverged(f.history) ? { diverged: true } : {}),
        epochs: f.history.length,
        ms: Date.now() - started,
        fold: { index: task.fold, k: task.folds, ...(f.train.accuracy === undefined ? {} : { trainAccuracy: f.train.accuracy, devAccuracy: f.dev.accuracy }) },
      };
    }
    const cv = crossValidate(build, pool, cvOptions);
    const epochs = Math.round(cv.folds.reduce((n, f) => n + f.history.length, 0) / cv.folds.length);
    return crossValidatedResult(task, cv.summary, epochs, Date.now() - started, cv.folds.some((f) => stoppedDiverged(f.history)));
  }
  if (task.trainRows !== undefined) refuseOneClassPrefix(spec, data, task.trainRows);
  const r = await runExperiment(spec, { data: { data, source: "", dropped: 0 }, recordFlow: false, ...(task.trainRows === undefined ? {} : { trainRows: task.trainRows }) });
  return trialResultOf(task, r, Date.now() - started);
}

/**
 * A trial's result from a train/dev run of its spec, however that run was made: improve's diagnostic run of
 * a spec is also the trial of its first seed (the same spec and seed train the same bits), so it is not
 * trained twice.
 */
export function trialResultOf(task: Pick<TrialTask, "index" | "values" | "spec">, r: ExperimentResult, ms: number): TrialResult {
  const { spec } = task;
  // A trial's dev figures rank sweeps, steer improve and draw learning curves: the test set's figures in
  // their place tuned on it. Its callers refuse such a split first; a task from elsewhere (a queue) is too.
  const dev = r.dev;
  if (!dev) {
    const column = spec.data.splitColumn;
    throw new NnlabError(
      `trial: expected a split with a dev set to score the trial on (scoring it on the test set would tune on it); received ${column !== undefined ? `split column ${JSON.stringify(column)}, which marks no row "dev"` : `split ${JSON.stringify(splitRatiosOf(spec))}, which has none`}`,
    );
  }
  return {
    index: task.index,
    values: task.values,
    trainError: r.train.accuracy === undefined ? null : 1 - r.train.accuracy,
    devError: dev.accuracy === undefined ? null : 1 - dev.accuracy,
    trainLoss: r.train.loss,
    devLoss: dev.loss,
    trainDataLoss: r.train.dataLoss,
    devDataLoss: dev.dataLoss,
    devExamples: dev.examples,
    ...(dev.accuracy === undefined && r.split.dev ? { devDataLossSe: costStandardError(r.model, r.split.dev, dev.dataLoss) } : {}),
    ...(stoppedDiverged(r.history) ? { diverged: true } : {}),
    ...weightedTargets(targetErrors(r.evidence)),
    epochs: r.history.length,
    ms,
  };
}

/**
 * A trial result read back from a file, checked for the fields every reader uses (a truncated file, or one
 * that parses to another shape, crashed a rerun with a stack trace or printed "NaN%"); null when it is not one.
 */
export function storedTrialResult(value: unknown): TrialResult | null {
  if (!value || typeof value !== "object") return null;
  const r = value as Record<string, unknown>;
  const number = (v: unknown) => typeof v === "number";
  const rate = (v: unknown) => v === null || (typeof v === "number" && v >= 0 && v <= 1);
  const ok =
    Number.isInteger(r.index) &&
    !!r.values &&
    typeof r.values === "object" &&
    number(r.trainLoss) &&
    number(r.devLoss) &&
    rate(r.trainError) &&
    rate(r.devError) &&
    Number.isInteger(r.epochs) &&
    number(r.ms);
  return ok ? (value as TrialResult) : null;
}

/**
 * A learning curve's point trains a classifier on the first `rows` rows of the (shuffled) training split:
 * with one class there it is right by construction and learns nothing (a 2-example point reported a dev
 * cost of 86.8), so it is refused as `nnlab train` refuses a one-class training split, and as
 * scikit-learn's learning_curve raises on such a size. The split is drawn on the labels alone (the same
 * indices: they depend on the row count, the labels, the part marks and the seed, not on the features).
 */
function refuseOneClassPrefix(spec: ExperimentSpec, data: Dataset, rows: number): void {
  if (data.task === "regression") return;
  const train = splitData(spec, { ...data, x: data.y }).indices.train;
  const label = (row: number) => data.y.data[train[row]!]!;
  // the first row of another class (0-based): the first `other` rows hold one class
  let other = 1;
  while (other < train.length && label(other) === label(0)) other += 1;
  const taken = Math.min(rows, train.length);
  if (taken === 0 || taken > other) return;
  const name = JSON.stringify(data.classes?.[label(0)] ?? label(0));
  throw new NnlabError(
    `trial: expected a learning curve's training rows to hold at least two classes; received the first ${taken} of ${train.length} training rows, all of class ${name}: a classifier would learn nothing` +
      (other < train.length ? `; take at least ${other + 1} rows (the first ${other + 1} hold two classes)` : ""),
  );
}

/** Training stopped on a NaN or a blow-up: TrialResult.diverged. */
function stoppedDiverged(history: History): boolean {
  return history.stop.reason === "diverged" || history.stop.reason === "nonFiniteCost";
}

/** The balanced or class-weighted errors of a run with class weights, as TrialResult.targetErrors; nothing otherwise. */
function weightedTargets(target: ReturnType<typeof targetErrors>): Pick<TrialResult, "targetErrors"> {
  return target && (target.balanced || target.weighted) && target.dev !== null ? { targetErrors: { train: target.train, dev: target.dev } } : {};
}

/**
 * The standard error of a regression's mean squared error on `set`, from the rows' own squared errors:
 * sd / sqrt(n) relative to their mean, scaled to `cost` (the data cost as the loss computes it, in the
 * units the network learned the target in: the ratio is the same in either).
 */
function costStandardError(model: Sequential, set: Dataset, cost: number): number {
  const prediction = model.predict(set.x);
  const n = set.x.rows;
  const outputs = set.y.cols;
  const rowError = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let j = 0; j < outputs; j++) e += (prediction.get(i, j) - set.y.get(i, j)) ** 2;
    rowError[i] = e;
  }
  let m = 0;
  for (const e of rowError) m += e / n;
  if (!(m > 0) || n < 2) return 0;
  let v = 0;
  for (const e of rowError) v += (e - m) ** 2 / (n - 1);
  return (cost * Math.sqrt(v / n)) / m;
}
