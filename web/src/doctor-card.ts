import { type CauseId, diagnose, type Diagnosis, type FlowSnapshot, gatherEvidence, recordRun } from "../../src/index.js";
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
 * The doctor reads at most this many epochs of curves: beyond it the card keeps its last diagnosis. The
 * library's curve measures spread the whole curve into Math.max/Math.min (curveShape, devCostRise), which
 * throws past about 120,000 values; the playground trains a few thousand epochs a second.
 */
export const MAX_DIAGNOSED_EPOCHS = 100_000;

/** What the diagnosis card shows: nothing yet, or the doctor's answer for the run so far. */
export type DoctorCard =
  | { state: "waiting"; epoch: number }
  | { state: "diagnosed"; epoch: number; diagnosis: Diagnosis; ms: number };

/** Whether the run has made the progress PROGRESS asks for; `trainDataLoss` is the current weights' data cost on the training set. */
export function madeProgress(session: TrainingSession, trainDataLoss: number): boolean {
  if (session.stopped) return true;
  const epochs = session.history.length;
  if (epochs < PROGRESS.minEpochs) return false;
  const initial = session.history.initial?.dataLoss ?? NaN;
  return trainDataLoss < PROGRESS.costShare * initial || epochs >= PROGRESS.enoughEpochs;
}

/**
 * The doctor's diagnosis of the run so far, with the library's engine as the CLI runs it (recordRun ->
 * gatherEvidence -> diagnose), or "waiting" until the run has made progress; null past
 * MAX_DIAGNOSED_EPOCHS (keep the last card). `views` and `finalFlow` are what the views update measured
 * anyway (the current weights on train and dev, and on the flow probe), so the diagnosis adds no
 * evaluation of its own.
 */
export function doctorCard(session: TrainingSession, views: Evaluations = evaluations(session), finalFlow?: FlowSnapshot | null): DoctorCard | null {
  const history = session.history;
  const epoch = history.length;
  if (!madeProgress(session, views.train.dataLoss)) return { state: "waiting", epoch };
  if (epoch > MAX_DIAGNOSED_EPOCHS) return null;
  const started = performance.now();
  const record = recordRun({
    model: session.model,
    history,
    flow: [...session.flow.snapshots],
    finalFlow: finalFlow ?? session.flow.measure(session.model, session.epoch - 1),
    train: session.data.train,
    dev: session.data.dev,
    trainEvaluation: views.train,
    devEvaluation: views.dev,
    // The playground trains open-ended, so no budget was planned: the epochs done so far stand in for it,
    // and the doctor's "still falling when the budget ran out" reads as "still falling now".
    epochsPlanned: epoch,
  });
  const diagnosis = diagnose(gatherEvidence(record));
  return { state: "diagnosed", epoch, diagnosis, ms: performance.now() - started };
}

/** A cause's id in words ("learning-rate-too-high" -> "learning rate too high"). */
export function causeWords(id: CauseId): string {
  return id.replace(/-/g, " ");
}
