import type { Dataset } from "../data/dataset.js";
import type { Split } from "../data/split.js";
import { type BiasVarianceDiagnosis, diagnoseBiasVariance } from "../diagnose/bias-variance.js";
import { checkSteadyFall, type SteadyFall } from "../diagnose/steady-fall.js";
import { type FlowFinding, flowFindings, type FlowSnapshot, GradientFlow } from "../diagnose/gradient-flow.js";
import { devCostRise, diagnose, type Diagnosis, type Evidence, gatherEvidence, recordRun } from "../diagnose/doctor/index.js";
import type { Initializer } from "../initializers/initializers.js";
import type { Evaluation, Sequential } from "../model/sequential.js";
import type { Callback } from "../train/callbacks/callback.js";
import { EarlyStopping } from "../train/callbacks/early-stopping.js";
import { Progress, type ProgressReport } from "../train/callbacks/progress.js";
import type { History } from "../train/history.js";
import { Trainer } from "../train/trainer.js";
import { augmentationFor, buildModel, describeModel, loadData, normalizationFor, splitData } from "./experiment.js";
import { dataChecksum, type RunCheckpoints } from "./run-checkpoints.js";
import { trainLoop } from "./train-loop.js";
import type { ExperimentSpec } from "./spec.js";

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
  specPath?: string;
  /** Data already loaded (sweeps and learning curves reuse one load). */
  data?: { data: Dataset; source: string };
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
  checkpoints?: RunCheckpoints;
}

const errorOf = (e: Evaluation | null) => (e && e.accuracy !== undefined ? 1 - e.accuracy : null);

/** Loads, splits, builds and trains one experiment spec, then evaluates and diagnoses it. */
export async function runExperiment(spec: ExperimentSpec, options: RunOptions = {}): Promise<ExperimentResult> {
  const started = Date.now();
  // The loaded set is needed only to split it and size the model: kept in a nested scope so that it can
  // be freed while training (a million rows are 150 MB), unless the caller holds it (sweeps).
  const { parts, model, source } = await (async () => {
    const loaded = options.data ?? (await loadData(spec, options.specPath));
    // data loaded here is split in place (no second copy); data a caller shares (sweeps) is copied
    const parts = splitData(spec, loaded.data, { inPlace: !options.data });
    return { parts, model: buildModel(spec, loaded.data, { init: options.init }), source: loaded.source };
  })();
  let train = parts.train;
  if (options.trainRows !== undefined && options.trainRows < train.x.rows) {
    const rows = Int32Array.from({ length: options.trainRows }, (_, i) => i); // the split is shuffled already
    train = { ...train, x: train.x.gatherRows(rows), y: train.y.gatherRows(rows), ids: train.ids.slice(0, options.trainRows) };
  }
  const dev = parts.dev ?? null;
  model.normalization = normalizationFor(spec, train);

  const flow = new GradientFlow();
  const recordFlow = options.recordFlow ?? true;
  const callbacks: Callback[] = [];
  if (recordFlow) callbacks.push(flow);
  const earlyStopping = spec.training.earlyStopping && dev ? new EarlyStopping(spec.training.earlyStopping) : null;
  if (earlyStopping) callbacks.push(earlyStopping);
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
      setState: (state) => tracker.setState(state),
    });
    best = tracker;
  }
  const trainer = new Trainer(model, train.x, train.y, {
    epochs: spec.training.epochs,
    batchSize: spec.training.batchSize,
    seed: spec.seed,
    validationData: dev ?? undefined,
    callbacks,
    augment: augmentationFor(spec),
    onNonFinite: "stop",
    stopOnDivergence: spec.training.stopOnDivergence,
  });
  const checkpoints = options.checkpoints;
  checkpoints?.bindData(dataChecksum([train.x, train.y, dev?.x, dev?.y]));
  const flowSnapshots = recordFlow ? flow.snapshots : null;
  const resumedFrom = checkpoints?.restore(trainer, flowSnapshots) ?? null;
  const resumedMs = checkpoints?.resumed?.trainer?.elapsedMs ?? 0;
  const loop = await trainLoop(trainer, { shouldStop: options.shouldStop, checkpoints, best, flow: flowSnapshots });
  interrupted = loop.interrupted;
  const history = trainer.finish();
  if (train.classes) model.classes = train.classes;
  model.featureNames = train.featureNames;

  const trainEval = model.evaluate(train.x, train.y);
  const devEval = dev ? model.evaluate(dev.x, dev.y) : null;
  const testEval = model.evaluate(parts.test.x, parts.test.y);
  const trainError = errorOf(trainEval);
  const devError = errorOf(devEval ?? testEval);
  const biasVariance =
    trainError !== null && devError !== null
      ? diagnoseBiasVariance({
          trainError,
          devError,
          baselineError: spec.baselineError,
          devExamples: (devEval ?? testEval).examples,
          devCostRise: devCostRise(history.get("valDataLoss")),
        })
      : null;
  const evidence = gatherEvidence(
    recordRun({
      model,
      history,
      flow: flow.snapshots,
      finalFlow: flow.measure(model, history.length - 1),
      train,
      dev,
      test: parts.test,
      trainEvaluation: trainEval,
      devEvaluation: devEval,
      epochsPlanned: spec.training.epochs,
      baselineError: spec.baselineError,
    }),
  );
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
    biasVariance,
    dropoutCheck: model.hasDropout ? checkSteadyFall(history.get("fullLoss"), { what: "the cost of the whole network (dropout off)" }) : null,
    interrupted,
    resumedFrom,
    dataSource: source,
    modelDescription: describeModel(spec, model),
    elapsedMs: Date.now() - started + resumedMs,
  };
}
