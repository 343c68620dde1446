/**
 * `runExperiment`: one spec loaded, built, trained, evaluated and diagnosed — what `nnlab train` runs,
 * and what a library user runs in ten lines. Browser-safe: data other than the built-in sets comes
 * through a DataLoader, durability through a RunJournal.
 */
import type { Split } from "../data/split.js";
import { type BiasVarianceDiagnosis, diagnoseBiasVariance } from "../diagnose/bias-variance.js";
import { checkSteadyFall, type SteadyFall } from "../diagnose/steady-fall.js";
import { type FlowFinding, flowFindings, type FlowSnapshot, GradientFlow } from "../diagnose/gradient-flow.js";
import { devCostRise, diagnose, errorOf, type Diagnosis, type Evidence, gatherEvidence, keptEpochIndex, recordRun, stoppedAtDevMinimum, targetErrors } from "../diagnose/doctor/index.js";
import type { Initializer } from "../initializers/initializers.js";
import type { Evaluation, Sequential } from "../model/sequential.js";
import { type Metrics, modelMetrics } from "../metrics/index.js";
import type { Callback } from "../train/callbacks/callback.js";
import { EarlyStopping } from "../train/callbacks/early-stopping.js";
import { Progress, type ProgressReport } from "../train/callbacks/progress.js";
import type { History } from "../train/history.js";
import { type DataLoader, type LoadedData, loadExperimentData } from "./data-source.js";
import { buildExperiment, checkExperimentSpec } from "./experiment.js";
import type { RunJournal } from "./journal.js";
import type { ExperimentSpec } from "./spec.js";
import { trainLoop } from "./train-loop.js";
export interface ExperimentResult {
  spec: ExperimentSpec;
  model: Sequential;
  split: Split;
  history: History;
  flow: FlowSnapshot[];
  findings: FlowFinding[];
  train: Evaluation;
  dev: Evaluation | null;
  test: Evaluation;
  /**
   * Per-class metrics (confusion matrix, precision, recall, F1, support, macro and weighted averages) of a
   * classifier, or MSE, MAE and R^2 of a regression, on each set; test is null without a test set.
   */
  metrics: { train: Metrics; dev: Metrics | null; test: Metrics | null };
  biasVariance: BiasVarianceDiagnosis | null;
  /** What the doctor measured, and the causes it names (ranked). */
  evidence: Evidence;
  diagnosis: Diagnosis;
  /** With dropout: whether the whole-network cost (dropout off) fell steadily, the notes' check. */
  dropoutCheck: SteadyFall | null;
  /** True when training was stopped from outside (Ctrl-C); the model holds the best weights so far. */
  interrupted: boolean;
  /** The epoch a resumed run went on from (its checkpoint's), or null. */
  resumedFrom: number | null;
  dataSource: string;
  modelDescription: string;
  elapsedMs: number;
}

export interface RunOptions {
  /** Data already loaded (sweeps and learning curves reuse one load); it is copied, not reordered. */
  data?: LoadedData;
  /** Loads a source that is not built in (nnlab/node's fileDataLoader reads CSV files; csvTextLoader parses text). */
  loadData?: DataLoader;
  /** Train on these rows of the training split only (learning curves). */
  trainRows?: number;
  /** Replace every layer's initializer (compare-init). */
  init?: Initializer | string;
  onProgress?: (progress: ProgressReport) => void;
  /** Checked after every batch: true stops training (the best weights are kept). */
  shouldStop?: () => boolean;
  /** Record gradient flow (default true). */
  recordFlow?: boolean;
  /**
   * Keep the run durable as it trains (history lines, checkpoints) and, when they hold a saved state,
   * resume from it: the run then ends with the bits of one never interrupted.
   */
  checkpoints?: RunJournal;
  /** Hand the event loop back at least this often while training (default 50 ms). */
  yieldEveryMs?: number;
  /**
   * Let the doctor compare the dev and test errors (default true): a dev set unlike the test set is a data
   * problem. improve's loop passes false: its steps are chosen on the dev set alone, the test set read once.
   */
  testInDiagnosis?: boolean;
}


/** Loads, splits, builds and trains one experiment spec, then evaluates and diagnoses it. */
export async function runExperiment(spec: ExperimentSpec, options: RunOptions = {}): Promise<ExperimentResult> {
  checkExperimentSpec("runExperiment", spec);
  const started = Date.now();
  // The loaded set is needed only to split it and size the model: kept in a nested scope so that it can
  // be freed while training (a million rows are 150 MB), unless the caller holds it (sweeps). Data
  // loaded here is split in place (no second copy); data a caller shares is copied.
  const experiment = await (async () => {
    const loaded = options.data ?? (await loadExperimentData(spec, options.loadData));
    return buildExperiment(spec, loaded, { inPlace: !options.data, trainRows: options.trainRows, init: options.init });
  })();
  const { model, train, dev, split: parts, earlyStopping } = experiment;

  const flow = new GradientFlow();
  const recordFlow = options.recordFlow ?? true;
  const callbacks: Callback[] = [];
  if (options.onProgress) callbacks.push(new Progress(options.onProgress, Math.max(1, Math.floor(spec.training.epochs / 200))));
  let interrupted = false;
  let best = earlyStopping;
  if (!best && (options.shouldStop || options.checkpoints)) {
    // Without early stopping, still track the best epoch, so that an interrupted run keeps its best
    // weights (a run that completes keeps its last ones, as asked) and a checkpoint of it can be kept.
    const tracker = new EarlyStopping({ monitor: dev ? "valLoss" : "loss", patience: Number.MAX_SAFE_INTEGER });
    callbacks.push({
      onTrainBegin: () => tracker.onTrainBegin(),
      onEpochEnd: (state) => void tracker.onEpochEnd(state),
      onTrainEnd: (state) => (interrupted ? tracker.onTrainEnd(state) : undefined),
      getState: () => tracker.getState(),
      setState: (state, model) => tracker.setState(state, model),
    });
    best = tracker;
  }
  const trainer = experiment.trainer(callbacks, recordFlow ? [flow] : []);
  const checkpoints = options.checkpoints;
  checkpoints?.bindData([train.x, train.y, dev?.x, dev?.y]);
  checkpoints?.bindTestData?.([parts.test.x, parts.test.y]);
  const flowSnapshots = recordFlow ? flow.snapshots : null;
  const resumedFrom = checkpoints?.restore(trainer, flowSnapshots) ?? null;
  const resumedMs = checkpoints?.resumedElapsedMs ?? 0;
  const loop = await trainLoop(trainer, { shouldStop: options.shouldStop, checkpoints, best, flow: flowSnapshots, yieldEveryMs: options.yieldEveryMs });
  interrupted = loop.interrupted;
  const history = trainer.finish();
  if (train.classes) model.classes = train.classes;
  model.featureNames = train.featureNames;
  model.inputFeaturesFrom = train.inputFeaturesFrom ?? null;
  model.labelName = train.labelName || null;

  const trainEval = model.evaluate(train.x, train.y);
  const devEval = dev ? model.evaluate(dev.x, dev.y) : null;
  const testEval = model.evaluate(parts.test.x, parts.test.y);
  const trainError = errorOf(trainEval);
  const devError = errorOf(devEval ?? testEval);
  const kept = keptEpochIndex(history); // the epoch early stopping went back to, or null
  const evidence = gatherEvidence(
    recordRun({
      model,
      history,
      flow: flow.snapshots,
      finalFlow: flow.measure(model, history.length - 1),
      train,
      dev,
      test: options.testInDiagnosis === false ? null : parts.test,
      trainEvaluation: trainEval,
      devEvaluation: devEval,
      epochsPlanned: spec.training.epochs,
      batchSize: spec.training.batchSize,
      baselineError: spec.baselineError,
      augment: spec.augment ?? null,
      devShifted: parts.devShifted ?? false,
      devCopies: parts.devCopies,
    }),
  );
  // The notes' bias/variance line on the errors the doctor reads: with class weights, the balanced (or
  // class-weighted) ones its loss targets, so that one output does not give two avoidable biases.
  const target = targetErrors(evidence);
  const biasVariance =
    trainError !== null && devError !== null
      ? diagnoseBiasVariance({
          trainError: target?.train ?? trainError,
          devError: target?.dev ?? devError,
          baselineError: spec.baselineError,
          devExamples: target && target.dev !== null && (target.balanced || target.weighted) ? target.devExamples : (devEval ?? testEval).examples,
          devCostRise: devCostRise(history.get("valDataLoss"), kept),
          earlyStopped: kept !== null,
          trainExamples: target && (target.balanced || target.weighted) ? target.trainExamples : trainEval.examples,
          atDevMinimum: stoppedAtDevMinimum(evidence),
          heldOut: devEval ? "dev" : "test",
        })
      : null;
  return {
    spec,
    model,
    evidence,
    diagnosis: diagnose(evidence),
    split: parts,
    history,
    flow: flow.snapshots,
    findings: flowFindings(flow.snapshots),
    train: trainEval,
    dev: devEval,
    test: testEval,
    metrics: {
      train: modelMetrics(model, train.x, train.y),
      dev: dev ? modelMetrics(model, dev.x, dev.y) : null,
      test: parts.test.x.rows > 0 ? modelMetrics(model, parts.test.x, parts.test.y) : null,
    },
    biasVariance,
    dropoutCheck: model.hasDropout ? checkSteadyFall(history.get("fullLoss"), { what: "the cost of the whole network (dropout off)" }) : null,
    interrupted,
    resumedFrom,
    dataSource: experiment.dataSource,
    modelDescription: experiment.modelDescription,
    elapsedMs: Date.now() - started + resumedMs,
  };
}
