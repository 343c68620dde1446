import { augmentationFor, buildModel, crossValidate, type Dataset, type ExperimentSpec, runExperiment, splitData, subset } from "../index.js";
import { loadData } from "./experiment.js";

/** One sweep trial's outcome (errors are 1 - accuracy; regression reports costs only). */
export interface TrialResult {
  index: number;
  values: Record<string, number | string>;
  trainError: number | null;
  devError: number | null;
  trainLoss: number;
  devLoss: number;
  /** With --folds: the std of the dev error over the folds. */
  devErrorStd?: number;
  epochs: number;
  ms: number;
}

export interface TrialTask {
  index: number;
  values: Record<string, number | string>;
  spec: ExperimentSpec;
  specPath?: string;
  folds?: number;
}

/**
 * Runs one trial: a train/dev run of the spec, or with `folds`, k-fold cross-validation on the
 * non-test part of the data (normalization fitted inside each fold).
 */
export async function runTrial(task: TrialTask, cache?: Map<string, Dataset>): Promise<TrialResult> {
  const started = Date.now();
  const { spec } = task;
  const key = JSON.stringify([spec.data, spec.seed, spec.model.dtype]); // float32 specs load float32 data
  let data = cache?.get(key);
  if (!data) {
    data = (await loadData(spec, task.specPath)).data;
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
      fit: { epochs: spec.training.epochs, batchSize: spec.training.batchSize, seed: spec.seed, augment: augmentationFor(spec), onNonFinite: "stop" },
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
