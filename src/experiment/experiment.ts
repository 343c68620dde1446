/**
 * `buildExperiment`: a spec and its loaded data made into everything a run needs — the split (with the
 * training rows a learning curve asks for), the network with its normalization fitted on the training
 * split, the spec's callbacks (early stopping) and the trainer's options. The CLI's runner, the doctor's
 * probes and the playground's worker all build through here, so one spec trains to the same bits in each.
 */
import type { Dataset } from "../data/dataset.js";
import { featureWarnings } from "../data/feature-checks.js";
import { fail, NnlabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Split } from "../data/split.js";
import type { Initializer } from "../initializers/initializers.js";
import type { Sequential } from "../model/sequential.js";
import type { Callback } from "../train/callbacks/callback.js";
import { EarlyStopping } from "../train/callbacks/early-stopping.js";
import type { FitOptions } from "../train/fit-options.js";
import { Trainer } from "../train/trainer.js";
import { augmentationFor, buildModel, describeModel, fitNormalizations, splitData } from "./build.js";
import type { LoadedData } from "./data-source.js";
import type { ExperimentSpec } from "./spec.js";

/** A spec made concrete: data split, network built, ready to train. */
export interface Experiment {
  spec: ExperimentSpec;
  split: Split;
  /** The training rows the trainer sees (all of the split's, or the first `trainRows`). */
  train: Dataset;
  dev: Dataset | null;
  test: Dataset;
  /** Compiled, with the training split's normalization when the spec asks for it. */
  model: Sequential;
  /** The spec's early stopping (null without it, or without a dev set). */
  earlyStopping: EarlyStopping | null;
  /** The trainer's options, callbacks aside (epochs, batch size, seed, dev data, augmentation, divergence). */
  fitOptions: Omit<FitOptions, "callbacks">;
  /** Where the data came from, and the network in one line ("2-20-3-1, L2 0.7"). */
  dataSource: string;
  modelDescription: string;
  /** A trainer for this experiment: the spec's callbacks, then `callbacks`. */
  trainer(callbacks?: Callback[], before?: Callback[]): Trainer;
}

export interface BuildExperimentOptions {
  /** Train on the first this many rows of the (shuffled) training split only: a learning curve's point. */
  trainRows?: number;
  /** Replace every layer's initializer (compare-init, the doctor's init probe). */
  init?: Initializer | string;
  /**
   * Reorder the loaded set itself instead of copying it (default false): for data nobody else holds,
   * so that a large set is not held twice.
   */
  inPlace?: boolean;
}

/**
 * Throws unless `spec` is what parseSpec returns (its defaults filled in): an object written by hand, with
 * parts left out, failed deep inside ("Cannot read properties of undefined (reading 'ratios')").
 */
export function checkExperimentSpec(where: string, spec: unknown): ExperimentSpec {
  const s = spec as Partial<Record<keyof ExperimentSpec, unknown>> | null;
  const isObject = (v: unknown) => v !== null && typeof v === "object";
  const parsed =
    isObject(s) &&
    isObject(s!.data) &&
    typeof (s!.data as { source?: unknown }).source === "string" &&
    s!.split !== undefined &&
    isObject(s!.model) &&
    Array.isArray((s!.model as { hidden?: unknown }).hidden) &&
    isObject(s!.optimizer) &&
    isObject(s!.training);
  if (!parsed) fail(where, 'spec must be a spec from parseSpec, e.g. parseSpec({ data: { source: "moons" } }), which fills in the defaults', spec);
  return spec as ExperimentSpec;
}

/**
 * A classifier's baselineError (the best error any model can reach) above 1 - 1/k for k classes is
 * impossible: always voting the commonest class errs at most that. A baseline of 1 was accepted, and the
 * bias measured against it was negative (a regression's baselineError, the share of the target's variance
 * no model can explain, may be anything from 0 to 1).
 */
function checkBaselineError(spec: ExperimentSpec, data: Dataset): void {
  if (spec.baselineError === undefined || data.task === "regression") return;
  const k = data.task === "binary" ? 2 : (data.classes?.length ?? 2);
  const most = 1 - 1 / k;
  if (spec.baselineError > most + 1e-12) {
    throw new NnlabError(
      `baselineError: expected at most ${Number(most.toFixed(4))} for ${k} classes (always voting the commonest class errs at most 1 - 1/${k}, so no best error is higher); received ${spec.baselineError}`,
    );
  }
}

export function buildExperiment(spec: ExperimentSpec, loaded: LoadedData, options: BuildExperimentOptions = {}): Experiment {
  checkExperimentSpec("buildExperiment", spec);
  const data = (loaded as Partial<LoadedData> | null)?.data;
  if (!data || !(data.x instanceof Tensor) || !(data.y instanceof Tensor)) {
    const dataset = (loaded as Partial<Dataset> | null)?.x instanceof Tensor;
    fail(
      "buildExperiment",
      `loaded must be the spec's loaded data { data: Dataset, source } (from loadExperimentData(spec))${dataset ? ", not a Dataset: wrap it as { data: dataset, source: \"my data\", dropped: 0 }" : ""}`,
      loaded,
    );
  }
  checkBaselineError(spec, loaded.data);
  // read in the rows' own order, before an in-place split reorders them
  const dataWarnings = featureWarnings(loaded.data);
  const parts = splitData(spec, loaded.data, { inPlace: options.inPlace });
  for (const w of dataWarnings) if (!parts.warnings.includes(w)) parts.warnings.push(w);
  let train = parts.train;
  if (options.trainRows !== undefined && options.trainRows < train.x.rows) {
    const rows = Int32Array.from({ length: options.trainRows }, (_, i) => i); // the split is shuffled already
    train = { ...train, x: train.x.gatherRows(rows), y: train.y.gatherRows(rows), ids: train.ids.slice(0, options.trainRows) };
  }
  // built after the split: "balanced" class weights are counted on the rows it trains on
  const model = buildModel(spec, loaded.data, { init: options.init, trainSplit: train });
  const dev = parts.dev ?? null;
  const unused = fitNormalizations(model, spec, train);
  if (unused && !parts.warnings.includes(unused)) parts.warnings.push(unused);
  const earlyStopping = spec.training.earlyStopping && dev ? new EarlyStopping(spec.training.earlyStopping) : null;
  const fitOptions: Omit<FitOptions, "callbacks"> = {
    epochs: spec.training.epochs,
    batchSize: spec.training.batchSize,
    seed: spec.seed,
    validationData: dev ?? undefined,
    augment: augmentationFor(spec, train),
    onNonFinite: "stop",
    stopOnDivergence: spec.training.stopOnDivergence,
  };
  return {
    spec,
    split: parts,
    train,
    dev,
    test: parts.test,
    model,
    earlyStopping,
    fitOptions,
    dataSource: loaded.source,
    modelDescription: describeModel(spec, model),
    trainer: (callbacks = [], before = []) =>
      new Trainer(model, train.x, train.y, { ...fitOptions, callbacks: [...before, ...(earlyStopping ? [earlyStopping] : []), ...callbacks] }),
  };
}
