import { Adam } from "../../optim/adam.js";
import { Momentum } from "../../optim/momentum.js";
import { checkDataset, classCounts, type Dataset } from "../../data/dataset.js";
import { checkPositiveInteger, fail } from "../../errors.js";
import { Dense } from "../../layers/dense.js";
import { Dropout } from "../../layers/dropout.js";
import { checkModel, type Evaluation, type Sequential } from "../../model/sequential.js";
import type { CopiedRows } from "../../data/copied-rows.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { History } from "../../train/history.js";
import type { FlowSnapshot } from "../gradient-flow.js";
import { constantPredictorCost } from "../../losses/constant-cost.js";
import { modelMetrics } from "../../metrics/model-metrics.js";
import type { Augmentation, RunRecord } from "./evidence.js";
import { inputReach, worstRows } from "./worst-rows.js";

export interface RecordRunInput {
  /** The trained model, holding the weights the run kept. */
  model: Sequential;
  history: History;
  /** GradientFlow's snapshots, and the kept weights measured on its probe (GradientFlow.measure). */
  flow: FlowSnapshot[];
  finalFlow?: FlowSnapshot | null;
  /** The splits as loaded (raw, unnormalized inputs). */
  train: Dataset;
  dev?: Dataset | null;
  test?: Dataset | null;
  /** Evaluations of the kept weights (computed here when not given). */
  trainEvaluation?: Evaluation;
  devEvaluation?: Evaluation | null;
  epochsPlanned: number;
  /** The training's batch size ("full": one batch an epoch), for the gradient steps an epoch took; absent: not said. */
  batchSize?: number | "full";
  /** Human-level or Bayes error. Default 0. */
  baselineError?: number;
  /** The training batches' augmentation (spec.augment), if any. */
  augment?: Augmentation | null;
  /** Whether the split found the dev set (fixed by the data) unlike the training rows (Split.devShifted). */
  devShifted?: boolean;
  /** The dev rows that copy a training row, as the split counted them (Split.devCopies). */
  devCopies?: CopiedRows;
}

function featureStats(x: Tensor): { std: number[]; mean: number[] } {
  const { rows, cols, data } = x;
  const mean = new Array<number>(cols).fill(0);
  const std = new Array<number>(cols).fill(0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]! / rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) std[j]! += (data[i * cols + j]! - mean[j]!) ** 2 / rows;
  return { std: std.map(Math.sqrt), mean };
}

/** Mean and population std of a one-column target. */
function targetStats(y: Tensor): { mean: number; std: number } {
  const { mean, std } = featureStats(y);
  return { mean: mean[0]!, std: std[0]! };
}

/** Gathers what the doctor needs from a finished run of the library (the CLI, the playground and probes use it). */
export function recordRun(input: RecordRunInput): RunRecord {
  checkRecordRunInput(input);
  const { model, history, train } = input;
  const loss = model.requireLoss("recordRun");
  const trainEvaluation = input.trainEvaluation ?? model.evaluate(train.x, train.y);
  const devEvaluation = input.devEvaluation !== undefined ? input.devEvaluation : input.dev ? model.evaluate(input.dev.x, input.dev.y) : null;
  const stats = featureStats(train.x);
  // an empty split (a 2-way split has no test set) is no split at all
  const counts = (d: Dataset | null | undefined) => (d && d.x.rows > 0 && d.task !== "regression" ? classCounts(d) : null);
  const heldOut = input.dev && input.dev.x.rows > 0 ? input.dev : input.test;
  return {
    task: loss.task,
    optimizer: { name: model.optimizer?.name ?? "sgd", learningRate: model.optimizer?.learningRate ?? NaN, ...averagingOf(model.optimizer) },
    augment: input.augment ?? null,
    epochsPlanned: input.epochsPlanned,
    ...(input.batchSize !== undefined ? { stepsPerEpoch: input.batchSize === "full" ? 1 : Math.ceil(train.x.rows / Math.max(1, input.batchSize)) } : {}),
    history: { values: history.values, stop: history.stop, initial: history.initial, epochs: history.epochs, earlyStopping: history.earlyStopping },
    flow: input.flow,
    finalFlow: input.finalFlow ?? null,
    train: trainEvaluation,
    dev: devEvaluation,
    test: input.test && input.test.x.rows > 0 ? model.evaluate(input.test.x, input.test.y) : null,
    baselineError: input.baselineError,
    normalized: model.normalization != null,
    featureStd: stats.std,
    featureMean: stats.mean,
    target: train.task === "regression" && train.y.cols === 1 ? { normalized: model.targetNormalization != null, ...targetStats(train.y) } : null,
    dropoutRates: model.layers.flatMap((l) => (l instanceof Dropout && l.rate > 0 ? [l.rate] : [])),
    l2Lambda: Math.max(0, ...model.params().map((p) => p.regularizer?.config.l2 ?? 0)),
    l1Lambda: Math.max(0, ...model.params().map((p) => p.regularizer?.config.l1 ?? 0)),
    // SGD, momentum and Adam keep it as a field; a custom optimizer may not have one
    hiddenLayers: model.layers.filter((l) => l instanceof Dense).length - 1,
    weightDecay: (model.optimizer as { weightDecay?: number } | undefined)?.weightDecay ?? 0,
    classCounts: train.task === "regression" ? null : { train: counts(train)!, dev: counts(input.dev), test: counts(input.test) },
    classNames: train.classes?.map(String),
    devConstantCost: input.dev && input.dev.x.rows > 0 ? constantPredictorCost(loss, input.dev.y) : undefined,
    ...(input.devShifted ? { devShifted: true } : {}),
    ...(input.devCopies ? { devCopies: input.devCopies } : {}),
    ...classErrors(model, loss.classWeight, train, heldOut),
    // a regression's squared error by rows, on the training set and on the set that stands for dev
    ...(loss.task === "regression" ? { worstRows: regressionWorstRows(model, train, heldOut, stats) } : {}),
  };
}

/** A regression's worst rows by squared error on the training set and the held-out one (worst-rows.ts). */
function regressionWorstRows(model: Sequential, train: Dataset, heldOut: Dataset | null | undefined, stats: { mean: number[]; std: number[] }): RunRecord["worstRows"] {
  const reach = inputReach(train, stats);
  return { train: worstRows(model, train, stats, reach), dev: worstRows(model, heldOut, stats, reach) };
}

/**
 * recordRun's input, checked where it would otherwise surface as a TypeError deep inside (recordRun({})) or
 * as a figure the doctor quotes: a baselineError of -0.3 read "against a baseline of -30.0%", and one of 5
 * (a percentage) hid every bias; an epochsPlanned of -3 or none left "after 200 of its undefined epochs".
 */
function checkRecordRunInput(input: RecordRunInput): void {
  if (input === null || typeof input !== "object") fail("recordRun", "expected an object { model, history, flow, train, dev, epochsPlanned, ... }", input);
  checkModel("recordRun", input.model);
  const history = input.history as Partial<History> | undefined;
  if (!history || typeof history !== "object" || !history.values || typeof history.values !== "object" || !history.stop) {
    fail("recordRun", "history must be the History that fit returned", input.history);
  }
  if (!Array.isArray(input.flow)) fail("recordRun", "flow must be an array of GradientFlow snapshots (GradientFlow.snapshots; [] without them, and the doctor then judges no layer)", input.flow);
  checkDataset("recordRun", "train", input.train);
  if (input.dev != null) checkDataset("recordRun", "dev", input.dev);
  if (input.test != null) checkDataset("recordRun", "test", input.test);
  checkPositiveInteger("recordRun", "epochsPlanned (the epochs the run was given)", input.epochsPlanned);
  // the spec's range (spec.ts): an error, or a regression's unexplained share of the variance, is in [0, 1]
  const b = input.baselineError;
  if (b !== undefined && !(typeof b === "number" && b >= 0 && b <= 1)) fail("recordRun", "baselineError must be a number in [0, 1] (a fraction: 0.05 for 5%)", b);
}

type ClassMetrics = Extract<ReturnType<typeof modelMetrics>, { confusion: number[][] }>;

/** A classifier's metrics on a set (one pass over it); null for regression or an empty set. */
function classMetrics(model: Sequential, set: Dataset | null | undefined): ClassMetrics | null {
  if (!set || set.x.rows === 0 || set.task === "regression") return null;
  const metrics = modelMetrics(model, set.x, set.y);
  return "confusion" in metrics ? metrics : null;
}

/**
 * The errors besides the plain one, each set's metrics computed once: the dev set's (else the test set's)
 * balanced error always; with class weights, the training set's balanced error, the error the loss then
 * targets; and with weights set by hand (not the "balanced" ones, w_c proportional to 1 / the class's
 * training count), the class-weighted errors, which that loss targets instead.
 */
function classErrors(model: Sequential, weights: readonly number[] | undefined, train: Dataset, dev: Dataset | null | undefined): Pick<RunRecord, "devBalanced" | "trainBalanced" | "classWeighted" | "classWeights" | "trainWeighted" | "devWeighted"> {
  const devMetrics = classMetrics(model, dev);
  const weighted = classWeighted(weights);
  // (one more pass over the training set: only where class weights make it the error the loss targets)
  const trainMetrics = weighted ? classMetrics(model, train) : null;
  const errors = { devBalanced: balancedError(devMetrics), trainBalanced: weighted ? balancedError(trainMetrics) : null, classWeighted: weighted, ...(weighted ? { classWeights: [...weights!] } : {}) };
  if (!weighted || !trainMetrics || balancedShape(weights!, classCounts(train))) return errors;
  return { ...errors, trainWeighted: weightedError(trainMetrics, weights!), devWeighted: devMetrics ? weightedError(devMetrics, weights!) : null };
}

/** Weights proportional to 1 / each present class's count: the "balanced" ones. */
function balancedShape(weights: readonly number[], counts: readonly number[]): boolean {
  const present = counts.flatMap((n, c) => (n > 0 ? [weights[c]! * n] : []));
  return present.every((v) => Math.abs(v - present[0]!) <= 1e-9 * Math.abs(present[0]!));
}

/**
 * The class-weighted error, sum_c w_c errors_c / sum_c w_c n_c (the balanced one would judge [1, 2] on a
 * 4%-positive set as if the positives counted 24 times), with the effective sample size (sum w)^2 / sum w^2
 * for its standard error.
 */
function weightedError(metrics: ClassMetrics, weights: readonly number[]): { error: number; examples: number } | null {
  let wrong = 0;
  let total = 0;
  let squares = 0;
  metrics.confusion.forEach((row, t) => {
    const n = row.reduce((a, b) => a + b, 0);
    const w = weights[t] ?? 1;
    wrong += w * (n - row[t]!);
    total += w * n;
    squares += w * w * n;
  });
  return total > 0 ? { error: wrong / total, examples: (total * total) / squares } : null;
}

/** Class weights that are not all equal: the loss then weighs the classes' errors apart from their shares. */
function classWeighted(weights: readonly number[] | undefined): boolean {
  return weights !== undefined && weights.some((w) => w !== weights[0]);
}

/**
 * 1 - the mean recall over the classes the set holds: a classifier that learned nothing (a constant vote,
 * a guess) scores 1 - 1/k whatever the class shares, while plain error rewards the majority vote, which a
 * run with class weights rightly gives up.
 */
function balancedError(metrics: ClassMetrics | null): RunRecord["devBalanced"] {
  if (!metrics) return null;
  const present = metrics.classes.filter((c) => c.support > 0);
  if (present.length < 2) return null;
  const recall = present.reduce((sum, c) => sum + c.recall, 0) / present.length;
  // how many predictions went to each class: a balanced error near chance is a constant vote only if they
  // all went to one (a weak signal's guesses split between the classes score near chance too)
  const voted = metrics.confusion[0]!.map((_, p) => metrics.confusion.reduce((sum, row) => sum + row[p]!, 0));
  const total = voted.reduce((a, b) => a + b, 0);
  return { error: 1 - recall, classes: present.length, smallestClass: Math.min(...present.map((c) => c.support)), ...(total > 0 ? { votedShare: Math.max(...voted) / total } : {}) };
}

/** Momentum's and Adam's averaging settings, as the optimizer runs them (the doctor reads them: src/optim/averaging.ts). */
function averagingOf(optimizer: unknown): { momentum?: number; beta1?: number; beta2?: number } {
  if (optimizer instanceof Momentum) return { momentum: optimizer.momentum };
  if (optimizer instanceof Adam) return { beta1: optimizer.beta1, beta2: optimizer.beta2 };
  return {};
}
