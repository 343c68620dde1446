import { CAUSE_TITLES, type CauseId, diagnose, type Diagnosis, type FlowSnapshot, gatherEvidence, History, recordRun } from "../../src/index.js";
import { evaluations, type Evaluations } from "./observe.js";
import type { TrainingSession } from "./session.js";

/**
 * When a run has made enough progress for a diagnosis: the doctor reads a run's curves and where its
 * weights went, so on weights that have barely moved it would judge the initialization, not the run.
 * A run qualifies once it stopped by itself (diverged or early stopping: nothing more will come, and a
 * divergence in the first epochs is exactly what the doctor should name), or after `minEpochs` epochs
 * once its training cost fell below `costShare` of the initial weights' cost, or after `enoughEpochs`
 * epochs whatever the cost did (a stuck run gets its diagnosis too).
 */
export const PROGRESS = Object.freeze({ minEpochs: 20, costShare: 0.9, enoughEpochs: 200 });

/**
 * The doctor reads at most this many points of each curve: past it, every k-th epoch (counted back from
 * the last, so the end of the run is always read), and the evidence's epoch count is set back to the
 * epochs trained. The playground trains a few thousand epochs a second, and the doctor's time grows with
 * the curve's length (a few ms at 10,000 epochs, tens at 100,000); besides, the library's curve measures
 * spread a whole curve into Math.max/Math.min (curveShape, devCostRise), which throws past about 60,000
 * values in a browser's worker.
 */
export const MAX_CURVE_POINTS = 10_000;

/** What the diagnosis card shows: nothing yet, the doctor's answer for the run so far, or why it has none. */
export type DoctorCard =
  | { state: "waiting"; epoch: number }
  | { state: "diagnosed"; epoch: number; diagnosis: Diagnosis; ms: number }
  | { state: "failed"; epoch: number; message: string };

/** Whether the run has made the progress PROGRESS asks for; `trainDataLoss` is the current weights' data cost on the training set. */
export function madeProgress(session: TrainingSession, trainDataLoss: number): boolean {
  if (session.stopped) return true;
  const epochs = session.epochsRecorded;
  if (epochs < PROGRESS.minEpochs) return false;
  const initial = session.history.initial?.dataLoss ?? NaN;
  return trainDataLoss < PROGRESS.costShare * initial || epochs >= PROGRESS.enoughEpochs;
}

/**
 * The doctor's diagnosis of the run so far, with the library's engine as the CLI runs it (recordRun ->
 * gatherEvidence -> diagnose), or "waiting" until the run has made progress. `views` and `finalFlow` are
 * what the views update measured anyway (the current weights on train and dev, and on the flow probe),
 * so the diagnosis adds no evaluation of its own.
 */
export function doctorCard(session: TrainingSession, views: Evaluations = evaluations(session), finalFlow?: FlowSnapshot | null): DoctorCard {
  const history = session.history;
  const epoch = session.epochsRecorded;
  if (!madeProgress(session, views.train.dataLoss)) return { state: "waiting", epoch };
  const started = performance.now();
  const record = recordRun({
    model: session.model,
    history: thinned(history, MAX_CURVE_POINTS),
    flow: [...session.flow.snapshots],
    finalFlow: finalFlow ?? session.flow.measure(session.model, session.epoch - 1),
    train: session.data.train,
    dev: session.data.dev,
    trainEvaluation: views.train,
    devEvaluation: views.dev,
    // While the run goes on, the epochs done so far stand in for the spec's budget, and the doctor's
    // "still falling when the budget ran out" reads as "still falling now"; once it has ended, the
    // budget is the spec's, as `nnlab train` gives it.
    epochsPlanned: session.stopped ? session.epochBudget : epoch,
    batchSize: session.spec.training.batchSize,
    // the spec's human-level or Bayes error, as `nnlab train` gives it (the card said "none given" whatever the spec said)
    baselineError: session.spec.baselineError,
    // the training batches' augmentation, as `nnlab train` gives it (an augmented run was told to augment)
    augment: session.spec.augment ?? null,
  });
  const evidence = gatherEvidence(record);
  evidence.epochs.trained = epoch; // the curves' length, which thinning shortened
  const diagnosis = diagnose(evidence);
  return { state: "diagnosed", epoch, diagnosis, ms: performance.now() - started };
}

/** The history itself when it is short enough, else a copy with every k-th epoch, the last one included. */
export function thinned(history: History, most: number): History {
  const n = history.length;
  if (n <= most) return history;
  const stride = Math.ceil(n / most);
  const keep: number[] = [];
  for (let i = n - 1; i >= 0; i -= stride) keep.push(i);
  keep.reverse();
  const copy = new History();
  copy.stop = history.stop;
  copy.initial = history.initial;
  for (const i of keep) copy.epochs.push(history.epochs[i]!);
  for (const [key, column] of Object.entries(history.values)) copy.values[key] = keep.map((i) => column[i]!);
  return copy;
}

/** A cause's id in words, as the CLI and the report say it ("learning rate too high"). */
export function causeWords(id: CauseId): string {
  return CAUSE_TITLES[id];
}
