import { checkDataset, classIndices, type Dataset, subset } from "../data/dataset.js";
import { type Fold, kFold, stratifiedKFold } from "../data/k-fold.js";
import { Standardization } from "../data/standardization.js";
import { checkOptions, fail, NnlabError } from "../errors.js";
import { checkModel, type Evaluation, type Sequential } from "../model/sequential.js";
import { EarlyStopping, type EarlyStoppingOptions } from "./callbacks/early-stopping.js";
import { fit, type FitOptions } from "./fit.js";
import type { History } from "./history.js";

export interface CrossValidateOptions {
  /** Number of folds. Default 5. */
  k?: number;
  /** Keep class proportions in every fold. Default true for classification. */
  stratify?: boolean;
  /** Seed of the fold assignment. Default 0. */
  seed?: number;
  /** Fit the standardization inside each fold, on its training part only. Default true. */
  normalize?: boolean;
  /**
   * How each fold fits its input normalization on its training part, in place of `normalize`'s per-feature
   * one: a spec's folds fit what the spec's own run fits (normalizationFor: per image channel where it
   * augments images), else they scored another model than the one `nnlab train` builds.
   */
  fitNormalization?: (train: Dataset) => Standardization | null;
  /** Standardize a regression target inside each fold, on its training part only (Sequential.targetNormalization). Default false. */
  normalizeTarget?: boolean;
  /** Passed to every fold's fit (epochs, batch size, callbacks, ...). */
  fit: FitOptions;
  /**
   * Early stopping as the spec has it, fresh in each fold and watching that fold's held-out part (which is
   * then its dev set, as a train/dev run's early stopping watches its dev set): without it a spec's folds
   * trained every epoch, another model than the spec's.
   */
  earlyStopping?: EarlyStoppingOptions;
}

/** CrossValidateOptions' fields, for refusing a misspelt one (a Record: a new field must be listed). */
const CROSS_VALIDATE_OPTION_FIELDS: Record<keyof CrossValidateOptions, true> = {
  k: true,
  stratify: true,
  seed: true,
  normalize: true,
  fitNormalization: true,
  normalizeTarget: true,
  fit: true,
  earlyStopping: true,
};
const CROSS_VALIDATE_OPTION_KEYS = Object.keys(CROSS_VALIDATE_OPTION_FIELDS);

export interface FoldResult {
  fold: number;
  train: Evaluation;
  dev: Evaluation;
  history: History;
  /** The statistics this fold's model used (fitted on this fold's training part). */
  normalization: Standardization | null;
  indices: Fold;
}

export interface MeanStd {
  mean: number;
  std: number;
}

export interface CrossValidation {
  folds: FoldResult[];
  /** Mean and (population) std over the folds. */
  summary: {
    trainLoss: MeanStd;
    devLoss: MeanStd;
    /** The data part of the costs (no penalty): what a regression is scored by. */
    trainDataLoss?: MeanStd;
    devDataLoss?: MeanStd;
    trainAccuracy?: MeanStd;
    devAccuracy?: MeanStd;
  };
}

function meanStd(values: number[]): MeanStd {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

/**
 * The folds' row indices for `data`: stratified for classification unless `stratify` is false, seeded.
 * Each fold can then be trained on its own (crossValidateFold), anywhere, with the same result.
 */
export function foldAssignment(data: Dataset, options: Pick<CrossValidateOptions, "k" | "stratify" | "seed">): Fold[] {
  const k = options.k ?? 5;
  const stratify = options.stratify ?? data.task !== "regression";
  const labels = stratify ? classIndices(data) : null;
  return labels ? stratifiedKFold(labels, k, { seed: options.seed }) : kFold(data.x.rows, k, { seed: options.seed });
}

/**
 * One fold of a cross-validation: a fresh model from `build` trains on the other folds' rows (`indices.train`)
 * and is scored on its own (`indices.dev`), with the normalization fitted on its training rows only.
 */
export function crossValidateFold(build: (fold: number) => Sequential, data: Dataset, options: CrossValidateOptions, fold: number, indices: Fold): FoldResult {
  if (!options || !options.fit) fail("crossValidate", "options { fit: { epochs, ... } }", options);
  const train = subset(data, indices.train);
  const dev = subset(data, indices.dev);
  const model = checkModel("crossValidate", build(fold), `build(${fold})'s result`);
  model.normalization = options.fitNormalization ? options.fitNormalization(train) : (options.normalize ?? true) ? Standardization.fit(train) : null;
  model.targetNormalization = options.normalizeTarget && train.task === "regression" ? Standardization.fit(train.y) : null;
  const stopping = options.earlyStopping ? new EarlyStopping(options.earlyStopping) : null;
  const history = fit(model, train, stopping ? { ...options.fit, validationData: [dev.x, dev.y], callbacks: [...(options.fit.callbacks ?? []), stopping] } : options.fit);
  return {
    fold,
    train: model.evaluate(train.x, train.y),
    dev: model.evaluate(dev.x, dev.y),
    history,
    normalization: model.normalization,
    indices,
  };
}

/** Mean and std over the folds' scores, summed in the order given (fold 0 first, for the same bits). */
export function summarizeFolds(
  scores: ReadonlyArray<{ train: Pick<Evaluation, "loss" | "accuracy"> & { dataLoss?: number }; dev: Pick<Evaluation, "loss" | "accuracy"> & { dataLoss?: number } }>,
): CrossValidation["summary"] {
  const summary: CrossValidation["summary"] = {
    trainLoss: meanStd(scores.map((r) => r.train.loss)),
    devLoss: meanStd(scores.map((r) => r.dev.loss)),
  };
  if (scores.every((r) => r.train.dataLoss !== undefined && r.dev.dataLoss !== undefined)) {
    summary.trainDataLoss = meanStd(scores.map((r) => r.train.dataLoss!));
    summary.devDataLoss = meanStd(scores.map((r) => r.dev.dataLoss!));
  }
  if (scores[0]!.train.accuracy !== undefined) {
    summary.trainAccuracy = meanStd(scores.map((r) => r.train.accuracy!));
    summary.devAccuracy = meanStd(scores.map((r) => r.dev.accuracy!));
  }
  return summary;
}

/**
 * k-fold cross-validation for choosing between models: `build` makes a fresh compiled model for each
 * fold; it trains on the other folds and is scored on its own. Normalization is fitted inside each
 * fold on its training part only, so no dev statistics leak into training.
 */
export function crossValidate(build: (fold: number) => Sequential, data: Dataset, options: CrossValidateOptions): CrossValidation {
  if (typeof build !== "function") fail("crossValidate", "build must be a function (fold) => a new compiled Sequential", build);
  checkDataset("crossValidate", "data", data);
  checkOptions("crossValidate", options, CROSS_VALIDATE_OPTION_KEYS, "{ k: 5, fit: { epochs: 100 } }");
  if (!options || !options.fit) fail("crossValidate", "options { fit: { epochs, ... } }", options);
  // A model given to two folds would start the later fold from the weights the earlier one trained, on rows
  // that are now this fold's dev rows: its dev score leaks, with no sign of it.
  const folds = new Map<Sequential, number>();
  const fresh = (fold: number): Sequential => {
    const model = build(fold);
    const earlier = folds.get(model);
    if (earlier !== undefined) {
      throw new NnlabError(`crossValidate: build must return a new model for each fold; build(${fold}) returned the model build(${earlier}) did (it would start from that fold's trained weights)`);
    }
    folds.set(model, fold);
    return model;
  };
  const results = foldAssignment(data, options).map((indices, fold) => crossValidateFold(fresh, data, options, fold, indices));
  return { folds: results, summary: summarizeFolds(results) };
}
