/**
 * One sweep trial: a spec with some knobs set, trained and scored. Browser-safe: data that is not built in
 * comes through the caller's DataLoader (Node reads files, a page hands in parsed CSV), so the same trial
 * runs in this thread, a worker thread, or a queue worker on another machine.
 */
import { type Dataset, subset } from "../data/dataset.js";
import { augmentationFor, buildModel, splitData } from "../experiment/build.js";
import { type DataLoader, loadExperimentData } from "../experiment/data-source.js";
import { runExperiment } from "../experiment/run.js";
import type { ExperimentSpec } from "../experiment/spec.js";
import { crossValidate } from "../train/cross-validate.js";

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
}

/** One sweep trial's outcome (errors are 1 - accuracy; regression reports costs only). */
export interface TrialResult {
  index: number;
  values: Record<string, number | string>;
  trainError: number | null;
  devError: number | null;
  trainLoss: number;
  devLoss: number;
  /** With folds: the std of the dev error over the folds. */
  devErrorStd?: number;
  epochs: number;
  ms: number;
}

export interface RunTrialOptions {
  /** Loads a `data.source` that is not built in (nnlab/node's fileDataLoader reads CSV files). */
  loader?: DataLoader;
  /** Data already loaded by earlier trials: a grid's trials mostly share one dataset. */
  cache?: Map<string, Dataset>;
}

/**
 * Runs one trial: a train/dev run of the spec, or with `folds`, k-fold cross-validation on the
 * non-test part of the data (normalization fitted inside each fold).
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
    const cv = crossValidate(() => buildModel(spec, data!), pool, {
      k: task.folds,
      seed: spec.seed,
      normalize: spec.normalize,
      fit: { epochs: spec.training.epochs, batchSize: spec.training.batchSize, seed: spec.seed, augment: augmentationFor(spec, data), onNonFinite: "stop" },
    });
    const s = cv.summary;
    return {
      index: task.index,
      values: task.values,
      trainError: s.trainAccuracy ? 1 - s.trainAccuracy.mean : null,
      devError: s.devAccuracy ? 1 - s.devAccuracy.mean : null,
      devErrorStd: s.devAccuracy?.std,
      trainLoss: s.trainLoss.mean,
      devLoss: s.devLoss.mean,
      epochs: Math.round(cv.folds.reduce((n, f) => n + f.history.length, 0) / cv.folds.length),
      ms: Date.now() - started,
    };
  }
  const r = await runExperiment(spec, { data: { data, source: "", dropped: 0 }, recordFlow: false });
  const dev = r.dev ?? r.test;
  return {
    index: task.index,
    values: task.values,
    trainError: r.train.accuracy === undefined ? null : 1 - r.train.accuracy,
    devError: dev.accuracy === undefined ? null : 1 - dev.accuracy,
    trainLoss: r.train.loss,
    devLoss: dev.loss,
    epochs: r.history.length,
    ms: Date.now() - started,
  };
}
