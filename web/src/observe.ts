import { checkGradients, cloneModel, type Evaluation, flowFindings, type FlowFinding, type FlowSnapshot, Rng, Tensor } from "../../src/index.js";
import type { TrainingSession } from "./session.js";
import { planeGrid } from "./plane-grid.js";
import type { Sequential } from "../../src/index.js";

/** The current weights on the training and dev sets, dropout off: computed once per views update, read by the scores and the doctor. */
export interface Evaluations {
  train: Evaluation;
  dev: Evaluation;
}

export function evaluations(session: TrainingSession): Evaluations {
  const { model, data } = session;
  const m = session.trainingExamples;
  return { train: model.evaluatePrepared(data.trainX, data.train.y, m), dev: model.evaluatePrepared(data.devX, data.dev.y, m) };
}

/** Costs and errors of the current weights, dropout off. */
export interface Scores {
  trainLoss: number;
  devLoss: number;
  /** The dev cost without the regularization term (the CLI's dev evaluation reports it too). */
  devDataLoss: number;
  /** 1 - accuracy; NaN for regression. */
  trainError: number;
  devError: number;
  /** Only once the run has ended (the test set is for the final estimate, not for choosing). */
  testError: number | null;
}

export function scores(session: TrainingSession, { train, dev }: Evaluations = evaluations(session)): Scores {
  const { model, data } = session;
  const trainError = train.accuracy === undefined ? NaN : 1 - train.accuracy;
  const devError = dev.accuracy === undefined ? NaN : 1 - dev.accuracy;
  const test = session.stopped && data.test ? model.evaluate(data.test.x, data.test.y) : null;
  return {
    trainLoss: train.loss,
    devLoss: dev.loss,
    devDataLoss: dev.dataLoss,
    trainError,
    devError,
    testError: test?.accuracy === undefined ? null : 1 - test.accuracy,
  };
}

/** The model's outputs on a resolution x resolution grid over the data's extent, row 0 at the top. */
export interface Boundary {
  resolution: number;
  /** 2 for a single sigmoid output (values are P(class 1)), the number of softmax outputs, or 0 for regression. */
  classes: number;
  /** Regression: the training targets' range, which the colours span (the predictions are the values). */
  range?: [number, number];
  extent: [number, number, number, number];
  /** Per cell: P(class 1) for binary; for several classes, the class index plus its probability (k + p, p < 1). */
  values: Float32Array;
}

export function boundary(session: TrainingSession, resolution: number): Boundary | null {
  const extent = session.data.extent;
  if (!extent) return null;
  const out = session.model.predict(session.inputsFor(planeGrid(extent, resolution)));
  const values = new Float32Array(resolution * resolution);
  for (let i = 0; i < values.length; i++) {
    if (out.cols === 1) values[i] = out.data[i]!;
    else {
      let best = 0;
      for (let k = 1; k < out.cols; k++) if (out.data[i * out.cols + k]! > out.data[i * out.cols + best]!) best = k;
      values[i] = best + Math.min(0.999, out.data[i * out.cols + best]!);
    }
  }
  if (session.data.train.task === "regression") return { resolution, classes: 0, range: targetRange(session.data.train.y.data), extent, values };
  return { resolution, classes: out.cols === 1 ? 2 : out.cols, extent, values };
}

function targetRange(y: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < y.length; i++) {
    lo = Math.min(lo, y[i]!);
    hi = Math.max(hi, y[i]!);
  }
  return lo < hi ? [lo, hi] : [lo - 1, lo + 1];
}

/** A gradient-flow finding as the page shows it: an observation (causes come from the doctor only). */
export type FlowObservation = FlowFinding;

/** Gradient flow now, and what it shows compared with the start of the run. */
export interface Flow {
  snapshot: FlowSnapshot;
  findings: FlowObservation[];
}

/** The current weights on the run's fixed probe (up to 256 training examples, dropout off). */
export function flowNow(session: TrainingSession): Flow | null {
  const snapshot = session.flow.measure(session.model, session.epoch - 1);
  const initial = session.flow.snapshots[0];
  if (!snapshot || !initial) return null;
  const findings = flowFindings([initial, snapshot]);
  return { snapshot, findings };
}

/** How often a gradient check reports progress: this many times over its cost evaluations. */
const PROGRESS_STEPS = 20;

/**
 * The library's gradient check on the current weights, on up to 64 training examples. `onProgress` hears
 * how many of the check's cost evaluations (two per checked entry) are done, PROGRESS_STEPS times: on a
 * large network the check takes seconds, and the page shows how far it is.
 */
export function gradientCheck(session: TrainingSession, onProgress?: (done: number, total: number) => void) {
  const { train } = session.data;
  const rows = Math.min(64, train.x.rows);
  const pick = Int32Array.from({ length: rows }, (_, i) => i);
  const total = session.model.countParams();
  // Every entry costs two forward passes; beyond 2,000 parameters a random sample keeps it to seconds.
  const sample = total > 2000 ? { sample: 2000, rng: new Rng(session.spec.seed) } : {};
  // checkGradients works on a float64 model (a copy of a float32 one); made here, so that its cost
  // evaluations can be counted as they happen (the check is one synchronous call, and a worker can post
  // messages from inside it).
  const work = session.model.dtype === "float64" ? session.model : cloneModel(session.model, "float64");
  const evaluations = 2 * Math.min(total, sample.sample ?? total);
  const every = Math.max(1, Math.ceil(evaluations / PROGRESS_STEPS));
  let done = 0;
  const counted = work as unknown as { cost: Sequential["cost"] };
  const cost = work.cost;
  if (onProgress) {
    counted.cost = function (this: Sequential, ...args: Parameters<Sequential["cost"]>) {
      if (++done % every === 0 && done < evaluations) onProgress(done, evaluations);
      return cost.apply(this, args);
    };
  }
  let report;
  try {
    report = checkGradients(work, train.x.gatherRows(pick), train.y.gatherRows(pick), { m: session.trainingExamples, ...sample });
  } finally {
    delete (counted as { cost?: unknown }).cost; // the prototype's method again
  }
  return {
    verdict: report.verdict,
    message: report.message,
    difference: report.difference,
    checked: report.checked,
    total: report.total,
    epsilon: report.epsilon,
    dropoutSwitchedOff: report.dropoutSwitchedOff,
    examples: rows,
    perTensor: report.perTensor.map((t) => ({ name: t.name, difference: t.difference, verdict: t.verdict, checked: t.checked, size: t.size })),
  };
}

export type GradientCheckSummary = ReturnType<typeof gradientCheck>;
