import { fail, failReceived } from "../../errors.js";
import type { Evaluation } from "../../model/sequential.js";
import { type FlowSnapshot, type LayerFlow, signalOf } from "../gradient-flow.js";
import { type CurveShape, curveShape, finiteExtent } from "./curve-shape.js";
import type { WorstRows } from "./worst-rows.js";

/** One layer with weights, at initialization and at the end of the run (the weights it kept). */
export interface LayerEvidence {
  /** W1, W2, ... */
  weight: string;
  /** relu, tanh, sigmoid, softmax, linear, ... */
  activation: string;
  hidden: boolean;
  fanIn: number;
  /** A hidden layer's units (absent for the output layer, and in runs saved before it was recorded). */
  units?: number;
  /** The std the notes advise for this activation: He sqrt(2/fan_in) for ReLU, LeCun sqrt(1/fan_in) else. */
  advisedStd: number;
  /** Root mean square of the weights at initialization and at the end, over advisedStd. */
  initScale: number;
  finalScale: number;
  /** ||W_end - W_init|| / ||W_init||. */
  drift: number;
  /** Shares of units dead (ReLU: 0 on every probe example) and of outputs saturated (tanh, sigmoid). */
  deadAtInit: number;
  deadAtEnd: number;
  /** The largest dead share seen at any snapshot, and the epoch it was first over half (with its share then). */
  deadMax: number;
  deadFromEpoch: number | null;
  /** Absent in runs saved before it was recorded. */
  deadFromShare?: number | null;
  saturatedAtInit: number;
  saturatedAtEnd: number;
  /** The layer's signal on the probe (each unit's std across the examples, averaged: signalOf), at initialization and at the end. */
  activationStdAtInit: number;
  activationStdAtEnd: number;
  /** All units with identical incoming weights (symmetry not broken). */
  identicalAtInit: boolean;
  identicalAtEnd: boolean;
  /** RMS of dJ/dW at initialization and at the end. */
  gradientRmsAtInit: number;
  gradientRmsAtEnd: number;
  /** Largest weight RMS over the run, over advisedStd. */
  maxScale: number;
}

/** Everything the doctor reads, measured from one run: plain numbers, so it can be saved and read back. */
/** What a run's training batches were augmented with (spec.augment); the doctor reads its strengths. */
export interface Augmentation {
  jitter?: number;
  flip?: boolean;
  shift?: number;
  rotate?: number;
  noise?: number;
}

export interface Evidence {
  task: "binary" | "categorical" | "regression";
  /** The optimizer, with its averaging settings where it has them (absent in evidence saved before they were kept). */
  optimizer: { name: string; learningRate: number; momentum?: number; beta1?: number; beta2?: number };
  /** The training batches' augmentation, or null (none, or a run saved before it was recorded). */
  augment: Augmentation | null;
  /** stepsPerEpoch: the gradient steps an epoch took, where known (absent in evidence saved before it was kept). */
  epochs: { trained: number; planned: number; stepsPerEpoch?: number };
  stop: { reason: string; message?: string; divergence?: string; weightGrowth?: number };
  /**
   * The epoch whose weights early stopping kept (restored at the end), or null when the run kept its last
   * weights: then the dev cost's rise is measured at that epoch, and early stopping is not advised again.
   */
  keptEpoch?: number | null;
  /**
   * What early stopping watched (valLoss, valDataLoss, valAccuracy, loss, ...), or null without it; absent
   * in evidence saved before it was recorded (then valLoss, the default). Only a "val" monitor chose its
   * epoch by the dev set.
   */
  earlyStoppingMonitor?: string | null;
  /**
   * After the kept epoch, the dev data cost's: value at the kept epoch, highest, and last; and the
   * patience early stopping had (epochs from the best to the stop, less one; null if it did not stop), and
   * the patience it was set to (null for a run saved before that was kept).
   */
  afterKept?: { kept: number; peak: number; end: number; patience: number | null; patienceSet?: number | null; monitor: string } | null;
  cost: {
    /** The training cost of the initial weights, and the data cost of a constant prediction. */
    initial: number;
    constant: number;
    /** Data cost of the weights kept, on the training set. */
    final: number;
    /** The lowest training data cost the run reached (its curve's minimum; NaN without a finite point). */
    lowest?: number;
    shape: CurveShape;
  };
  errors: {
    /** 1 - accuracy (null for regression); dev falls back to test when there is no dev set. */
    train: number | null;
    dev: number | null;
    baseline: number;
    /** Whether the run was given its baseline (baselineError); otherwise it is 0, the best any model could do at most. */
    baselineGiven: boolean;
    devExamples: number;
    /** Which set `dev` measures: the dev set, or the test set where the split has no dev set. */
    heldOut: "dev" | "test";
    /** The dev cost of the weights kept (the curve's end, or early stopping's restored epoch) over its minimum up to them, minus 1. */
    devCostRise: number;
    /** For regression: 1 - R^2 of the training set and of the dev set (cost over the constant predictor's). */
    trainUnexplained: number | null;
    devUnexplained: number | null;
    /**
     * For regression: the share of the squared error that the worst 1% of rows carry, on the training set
     * and on the dev set (the test set where there is none), at the weights kept; absent in evidence saved
     * before it was measured.
     */
    worstRows?: { train: WorstRows | null; dev: WorstRows | null } | null;
    /** Training examples (for the train error's standard error). */
    trainExamples: number;
    /**
     * The test set's error and examples, where the split has a dev set too and the run let the doctor read
     * it (improve's loop does not: its steps are chosen on the dev set alone); absent otherwise.
     */
    test?: { error: number; examples: number } | null;
    /** Classification: the dev error averaged per class (1 - mean recall), its chance level 1 - 1/k, the smallest class. */
    devBalanced: { error: number; classes: number; smallestClass: number; votedShare?: number } | null;
    /** The same, on the training set (absent in evidence saved before it was measured). */
    trainBalanced?: { error: number; classes: number; smallestClass: number } | null;
    /**
     * The loss weighed the classes (class weights, not all equal): it targets the error averaged per class,
     * giving up the majority vote's plain error, so bias and variance read the balanced errors.
     */
    classWeighted?: boolean;
    /** The class weights, one per class, where the loss had them (classWeighted). */
    classWeights?: number[];
    /** Class weights set by hand: the class-weighted error the loss targets (see record.ts), on train and dev. */
    trainWeighted?: { error: number; examples: number } | null;
    devWeighted?: { error: number; examples: number } | null;
  };
  /** The dev set: the data cost of a constant prediction on it, and the lowest dev data cost over the run. */
  /** recentFall: the dev data cost's fall over the run's last fifth, as CurveShape.recentFall (absent in evidence saved before it was measured). */
  dev: { constant: number; min: number; recentFall?: number } | null;
  layers: LayerEvidence[];
  /** Gradient RMS of the first weight layer over the last's, at initialization. */
  gradientRatioAtInit: number;
  gradientRatioAtEnd: number;
  features: {
    /** Whether the inputs were standardized before the first layer. */
    normalized: boolean;
    /** Per raw feature: std and mean on the training set. */
    std: number[];
    mean: number[];
  };
  /** A regression's target on the training set (null for a classifier, or a record from before it was kept). */
  target: { normalized: boolean; mean: number; std: number } | null;
  regularization: {
    /** Regularization term over the whole cost, at the end of training and at most over the run (0 without L2/L1). */
    share: number;
    shareMax: number;
    /** The same share at initialization: a penalty that outweighs the data from the start (lambda far too
     * large for the data's size) is the cause even when the run stopped before it shrank the weights. */
    shareAtStart: number;
    /** The regularization term itself at initialization (0 without L2/L1). */
    penaltyAtStart: number;
    /** Dropout rates of the layers that have dropout. */
    dropoutRates: number[];
    /** The largest L2 and L1 lambdas on any weight (0 without), so that advice goes from where the run is. */
    l2?: number;
    l1?: number;
    /** The optimizer's weight decay (0 without): it shrinks the weights as L2 does, outside the cost. */
    weightDecay: number;
    /** Hidden layers in the network (0: logistic, softmax or linear regression, with no units to drop). */
    hiddenLayers: number;
    /** Training-mode cost (dropout on) over the cost with dropout off, at the end. */
    dropoutCostRatio: number | null;
    /** Total weight norm at the end over at initialization; null where the run has no GradientFlow snapshots (not measured). */
    weightNormRatio: number | null;
  };
  data: {
    /** Examples per class in train, dev and test (classification). */
    classCounts: { train: number[]; dev: number[] | null; test: number[] | null } | null;
    /** The classes' own labels ("setosa", 0, ...), by index. */
    classNames?: string[];
    trainExamples: number;
    /** How many of the dev set's rows copy a training row, features and label (null where not measured). */
    devCopies?: { copies: number; rows: number } | null;
    /** Whether the dev set, fixed by the data, does not look drawn from the training rows' distribution. */
    devShifted?: boolean;
  };
}

/** What a run hands the doctor; the CLI's runner, the playground's session and probes all build one. */
export interface RunRecord {
  task: Evidence["task"];
  /** The optimizer, with its averaging settings where it has them (absent in evidence saved before they were kept). */
  optimizer: { name: string; learningRate: number; momentum?: number; beta1?: number; beta2?: number };
  /** The augmentation of the training batches (spec.augment), where there is any. */
  augment?: Augmentation | null;
  epochsPlanned: number;
  /** Gradient steps an epoch took (batches of the training set), where the run said its batch size. */
  stepsPerEpoch?: number;
  /**
   * History.values, History.stop and History.initial; with early stopping, History.epochs and
   * History.earlyStopping (which epoch's weights the run kept).
   */
  history: {
    values: Record<string, number[]>;
    stop: { reason: string; epoch: number; message?: string; divergence?: string; weightGrowth?: number };
    initial: { loss: number; dataLoss: number; constantCost: number } | null;
    epochs?: number[];
    earlyStopping?: { bestEpoch: number; restoredBest: boolean; stoppedEpoch?: number | null; monitor?: string; patience?: number } | null;
  };
  /** GradientFlow.snapshots (first at initialization), and the weights kept measured on the same probe. */
  flow: FlowSnapshot[];
  finalFlow: FlowSnapshot | null;
  train: Evaluation;
  dev: Evaluation | null;
  test?: Evaluation | null;
  /**
   * Classification: the dev set's (else the test set's) balanced error, 1 - the mean recall over the
   * classes it holds, and how many classes that is; null when not measured.
   */
  /** votedShare: the largest share of the set's predictions that went to one class (a constant vote: 1). */
  devBalanced?: { error: number; classes: number; smallestClass: number; votedShare?: number } | null;
  /** The training set's balanced error, measured alike. */
  trainBalanced?: { error: number; classes: number; smallestClass: number } | null;
  /** Whether the loss had class weights (not all equal). */
  classWeighted?: boolean;
  /** Those weights, one per class (absent without class weights, and in records from before they were kept). */
  classWeights?: number[];
  /** With class weights set by hand (not "balanced"): the class-weighted error and its effective examples. */
  trainWeighted?: { error: number; examples: number } | null;
  devWeighted?: { error: number; examples: number } | null;
  baselineError?: number;
  normalized: boolean;
  /** Raw training inputs' per-feature std and mean. */
  featureStd: number[];
  featureMean: number[];
  /** A regression's target on the training set: its mean and std, and whether the network learned it standardized. */
  target?: { normalized: boolean; mean: number; std: number } | null;
  dropoutRates: number[];
  /** The largest L2 and L1 lambdas on any parameter (0 or absent without). */
  l2Lambda?: number;
  l1Lambda?: number;
  /** The optimizer's decoupled weight decay (0 or absent without): the notes' L2 done in the update. */
  weightDecay?: number;
  /** Dense layers before the output layer (absent: counted from the gradient-flow snapshots). */
  hiddenLayers?: number;
  classCounts: Evidence["data"]["classCounts"];
  classNames?: string[];
  /** The data cost of a constant prediction on the dev set. */
  devConstantCost?: number;
  /** How many of the dev set's rows copy a training row (features and label), of how many. */
  devCopies?: { copies: number; rows: number };
  /** Whether the split found the dev set (fixed by the data) unlike the training rows. */
  devShifted?: boolean;
  /** A regression's worst rows by squared error, on the training set and on dev (else test); see WorstRows. */
  worstRows?: { train: WorstRows | null; dev: WorstRows | null };
}

const advised = (activation: string, fanIn: number) => Math.sqrt((activation === "relu" || activation === "leakyRelu" ? 2 : 1) / Math.max(1, fanIn));

function layerEvidence(first: LayerFlow, last: LayerFlow, all: LayerFlow[], activation: string, hidden: boolean, epochs: number[]): LayerEvidence {
  const fanIn = first.fanIn ?? 1;
  const std = advised(activation, fanIn);
  let deadMax = 0;
  let deadFromEpoch: number | null = null;
  let deadFromShare: number | null = null;
  let maxScale = 0;
  all.forEach((l, i) => {
    deadMax = Math.max(deadMax, l.deadUnits);
    if (deadFromEpoch === null && l.deadUnits > 0.5) [deadFromEpoch, deadFromShare] = [epochs[i]!, l.deadUnits];
    maxScale = Math.max(maxScale, (l.weightRms ?? 0) / std);
  });
  return {
    weight: first.weight ?? "?",
    activation,
    hidden,
    fanIn,
    advisedStd: std,
    initScale: (first.weightRms ?? 0) / std,
    finalScale: (last.weightRms ?? 0) / std,
    drift: last.drift ?? 0,
    deadAtInit: first.deadUnits,
    deadAtEnd: last.deadUnits,
    deadMax,
    deadFromEpoch,
    deadFromShare,
    saturatedAtInit: first.saturated,
    saturatedAtEnd: last.saturated,
    // each unit's spread across the probe examples, averaged (signalOf): the pooled std counted the units'
    // different constant offsets as signal, and missed a sigmoid stack whose signal had faded to 1e-9
    activationStdAtInit: signalOf(first),
    activationStdAtEnd: signalOf(last),
    identicalAtInit: first.unitsIdentical ?? false,
    identicalAtEnd: last.unitsIdentical ?? false,
    gradientRmsAtInit: first.gradientRms ?? 0,
    gradientRmsAtEnd: last.gradientRms ?? 0,
    maxScale,
  };
}

/** 1 - accuracy; null for a regression or an empty set (a split with no held-out rows). */
export const errorOf = (e: Evaluation | null | undefined) => (e && e.examples > 0 && e.accuracy !== undefined ? 1 - e.accuracy : null);

function gradientRatio(layers: LayerFlow[]): number {
  const weighted = layers.filter((l) => l.gradientRms !== undefined);
  if (weighted.length < 2) return 1;
  const first = weighted[0]!.gradientRms!;
  const last = weighted[weighted.length - 1]!.gradientRms!;
  // a gradient exactly 0 at either end is zero weights' (the symmetric start's cause), not a ratio that
  // vanished or exploded: as gradient-flow.ts's findings read it
  return last > 0 && first > 0 ? first / last : 1;
}

/** Measures a run for the doctor. Every number comes from the run: its curves, its probes, its data. */
export function gatherEvidence(run: RunRecord): Evidence {
  checkRunRecord(run);
  const values = run.history.values;
  const dropout = run.dropoutRates.length > 0;
  const dataCurve = (dropout && values.fullDataLoss?.length ? values.fullDataLoss : values.dataLoss) ?? [];
  const initial = run.history.initial;
  const initialCost = initial?.dataLoss ?? dataCurve[0] ?? NaN;
  const constant = initial?.constantCost ?? NaN;
  const shape = curveShape(dataCurve, initialCost, constant);
  const snapshots = run.flow;
  const first = snapshots[0];
  const last = run.finalFlow ?? snapshots[snapshots.length - 1];
  const layers: LayerEvidence[] = [];
  if (first && last) {
    const weighted = first.layers.filter((l) => l.weight);
    weighted.forEach((l, k) => {
      const end = last.layers.find((e) => e.index === l.index) ?? l;
      const all = snapshots.map((s) => s.layers.find((e) => e.index === l.index) ?? l);
      const activation = l.kind.startsWith("dense ") ? l.kind.slice(6) : l.kind;
      const layer = layerEvidence(l, end, all, activation, k < weighted.length - 1, snapshots.map((s) => s.epoch));
      // a hidden layer's units are the next weighted layer's inputs
      const units = weighted[k + 1]?.fanIn;
      layers.push(units === undefined ? layer : { ...layer, units });
    });
  }
  const fullLoss = values.fullLoss ?? [];
  const trainLoss = values.loss ?? [];
  const regCurve = values.regularizationLoss ?? [];
  const totalCurve = dropout && fullLoss.length ? fullLoss : trainLoss;
  let shareMax = 0;
  for (let i = 0; i < Math.min(regCurve.length, totalCurve.length); i++) {
    const share = regCurve[i]! / totalCurve[i]!;
    if (Number.isFinite(share) && share > shareMax) shareMax = share;
  }
  // the initial record's cost less its data cost (before any step); the first epoch's where there is none
  const penaltyAtStart = initial ? initial.loss - initial.dataLoss : (regCurve[0] ?? 0);
  const startShare = initial ? penaltyAtStart / initial.loss : regCurve.length && totalCurve.length ? regCurve[0]! / totalCurve[0]! : 0;
  const regShare = (() => {
    // A run that diverged kept earlier weights: the curve's end is the blow-up's. Wine at std-10 weights,
    // L2 0.01: "the regularization term is 100.0% of the training cost at the end" and "lower lambda",
    // where the weights kept carried a penalty of 1.2% of their cost.
    const stop = run.history.stop?.reason;
    if ((stop === "diverged" || stop === "nonFiniteCost") && run.train.loss > 0 && Number.isFinite(run.train.loss)) return Math.max(0, (run.train.loss - run.train.dataLoss) / run.train.loss);
    const reg = values.regularizationLoss ?? [];
    const total = dropout && fullLoss.length ? fullLoss : trainLoss;
    const n = Math.min(reg.length, total.length);
    if (!n) return 0;
    const k = Math.max(1, Math.floor(n / 20));
    let r = 0;
    let t = 0;
    for (let i = n - k; i < n; i++) {
      r += reg[i]!;
      t += total[i]!;
    }
    return t > 0 && Number.isFinite(r / t) ? r / t : 0;
  })();
  const dropoutCostRatio = dropout && fullLoss.length && trainLoss.length ? tailMean(trainLoss) / tailMean(fullLoss) : null;
  const norms = (s: FlowSnapshot | undefined) => Math.sqrt((s?.layers ?? []).reduce((sum, l) => sum + (l.weightNorm ?? 0) ** 2, 0));
  const normAtInit = norms(first);
  const trainError = errorOf(run.train);
  const devEvaluation = run.dev ?? run.test ?? null;
  const kept = keptEpochIndex(run.history);
  return {
    task: run.task,
    optimizer: run.optimizer,
    augment: run.augment && Object.values(run.augment).some((v) => v !== undefined && v !== false && v !== 0) ? run.augment : null,
    epochs: { trained: dataCurve.length, planned: run.epochsPlanned, ...(run.stepsPerEpoch !== undefined ? { stepsPerEpoch: run.stepsPerEpoch } : {}) },
    stop: { reason: run.history.stop.reason, message: run.history.stop.message, divergence: run.history.stop.divergence, weightGrowth: run.history.stop.weightGrowth },
    keptEpoch: kept === null ? null : run.history.earlyStopping!.bestEpoch,
    earlyStoppingMonitor: run.history.earlyStopping ? (run.history.earlyStopping.monitor ?? "valLoss") : null,
    afterKept: kept === null ? null : afterKept(values.valDataLoss ?? [], kept, run.history.earlyStopping!),
    cost: { initial: initialCost, constant, final: run.train.dataLoss, lowest: dataCurve.some(Number.isFinite) ? finiteExtent(dataCurve).min : NaN, shape },
    errors: {
      train: trainError,
      dev: errorOf(devEvaluation),
      baseline: run.baselineError ?? 0,
      baselineGiven: run.baselineError !== undefined,
      devExamples: devEvaluation?.examples ?? 0,
      heldOut: run.dev ? "dev" : "test",
      devCostRise: devCostRise(values.valDataLoss ?? [], kept),
      trainUnexplained: run.task === "regression" && constant > 0 ? run.train.dataLoss / constant : null,
      devUnexplained: run.task === "regression" && devEvaluation && (run.devConstantCost ?? 0) > 0 ? devEvaluation.dataLoss / run.devConstantCost! : null,
      ...(run.worstRows ? { worstRows: run.worstRows } : {}),
      trainExamples: run.train.examples,
      test: run.dev && run.test && run.test.examples > 0 && errorOf(run.test) !== null ? { error: errorOf(run.test)!, examples: run.test.examples } : null,
      devBalanced: run.devBalanced ?? null,
      trainBalanced: run.trainBalanced ?? null,
      classWeighted: run.classWeighted ?? false,
      ...(run.classWeights ? { classWeights: run.classWeights } : {}),
      trainWeighted: run.trainWeighted ?? null,
      devWeighted: run.devWeighted ?? null,
    },
    dev:
      run.devConstantCost !== undefined && (values.valDataLoss ?? []).some(Number.isFinite)
        ? { constant: run.devConstantCost, min: finiteExtent(values.valDataLoss!).min, recentFall: curveShape(values.valDataLoss!, NaN, run.devConstantCost).recentFall }
        : null,
    layers,
    gradientRatioAtInit: first ? gradientRatio(first.layers) : 1,
    gradientRatioAtEnd: last ? gradientRatio(last.layers) : 1,
    features: { normalized: run.normalized, std: run.featureStd, mean: run.featureMean },
    target: run.target ?? null,
    regularization: {
      share: regShare,
      shareMax,
      shareAtStart: Number.isFinite(startShare) ? startShare : 0,
      penaltyAtStart: Number.isFinite(penaltyAtStart) ? penaltyAtStart : 0,
      dropoutRates: run.dropoutRates,
      l2: run.l2Lambda ?? 0,
      l1: run.l1Lambda ?? 0,
      weightDecay: run.weightDecay ?? 0,
      hiddenLayers: run.hiddenLayers ?? layers.filter((l) => l.hidden).length,
      dropoutCostRatio,
      // not measured without snapshots: a 1 there would read "the weights' norm is 1 times its initial value"
      weightNormRatio: !first ? null : normAtInit > 0 ? norms(last) / normAtInit : 1,
    },
    data: { classCounts: run.classCounts, classNames: run.classNames, trainExamples: run.train.examples, devCopies: run.devCopies ?? null, devShifted: run.devShifted ?? false },
  };
}

/**
 * A RunRecord in the shape gatherEvidence reads: gatherEvidence({}) threw "Cannot read properties of undefined
 * (reading 'values')". Checks the fields it reads without a fallback, naming the first one missing.
 */
function checkRunRecord(run: RunRecord): void {
  const expected = "a RunRecord, as recordRun({ model, history, flow, train, dev, epochsPlanned }) returns";
  if (run === null || typeof run !== "object" || Array.isArray(run)) fail("gatherEvidence", `run must be ${expected}`, run);
  const history = run.history as Partial<RunRecord["history"]> | undefined;
  const missing = [
    !history || typeof history !== "object" ? "history" : !history.values || typeof history.values !== "object" ? "history.values" : !history.stop ? "history.stop" : null,
    Array.isArray(run.flow) ? null : "flow",
    run.train && typeof run.train === "object" ? null : "train",
    Array.isArray(run.dropoutRates) ? null : "dropoutRates",
    Array.isArray(run.featureStd) && Array.isArray(run.featureMean) ? null : "featureStd, featureMean",
  ].filter((m) => m !== null);
  if (missing.length) failReceived("gatherEvidence", `run must be ${expected}`, `an object without ${missing.join(", ")}`);
}

function tailMean(values: number[]): number {
  const k = Math.max(1, Math.floor(values.length / 20));
  const tail = values.slice(-k);
  return tail.reduce((s, v) => s + v, 0) / tail.length;
}

/**
 * The rise of the kept weights' dev cost over its minimum during training, relative (0 at the minimum).
 * The kept weights are the last ones (their cost: the mean of the curve's last twentieth, which steadies
 * an epoch's noise), or those of epoch index `kept` where early stopping restored them: a run that went on
 * past the dev cost's minimum and then went back to it has not kept an overfit model, and one that went back
 * to an epoch before the minimum kept weights that had not yet fitted (the rise is then from the lowest
 * dev cost up to the kept epoch).
 */
export function devCostRise(devCost: number[], kept: number | null = null): number {
  const finite = devCost.filter(Number.isFinite);
  if (finite.length < 2) return 0;
  if (kept !== null && Number.isFinite(devCost[kept])) {
    // A rise is measured from a minimum the kept weights had already passed: a dev cost that was still to
    // fall after the kept epoch (early stopping on valAccuracy can keep an early tie) is not overfitting.
    const before = devCost.slice(0, kept + 1).filter(Number.isFinite);
    const min = finiteExtent(before).min;
    return min > 0 ? Math.max(0, devCost[kept]! / min - 1) : 0;
  }
  const min = finiteExtent(finite).min;
  return min > 0 ? Math.max(0, tailMean(finite) / min - 1) : 0;
}

/** The dev cost after the kept epoch (see Evidence.afterKept); null without a finite dev cost there. */
function afterKept(devCost: number[], kept: number, es: NonNullable<RunRecord["history"]["earlyStopping"]>): Evidence["afterKept"] {
  const after = devCost.slice(kept).filter(Number.isFinite);
  if (!Number.isFinite(devCost[kept]) || after.length < 2) return null;
  const patience = es.stoppedEpoch != null ? es.stoppedEpoch - es.bestEpoch - 1 : null;
  return { kept: devCost[kept]!, peak: Math.max(...after), end: after[after.length - 1]!, patience, patienceSet: es.patience ?? null, monitor: es.monitor ?? "valLoss" };
}

/** The index in the curves of the epoch whose weights early stopping restored, or null (the last weights kept). */
export function keptEpochIndex(history: RunRecord["history"]): number | null {
  const es = history.earlyStopping;
  if (!es?.restoredBest) return null;
  const index = history.epochs ? history.epochs.indexOf(es.bestEpoch) : es.bestEpoch;
  return index >= 0 ? index : null;
}
