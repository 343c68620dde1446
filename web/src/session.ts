import { type Dataset, EarlyStopping, History, type Sequential, Tensor, type TrainingState } from "../../src/index.js";
import { buildModel } from "./build-model.js";
import { prepareData, type PreparedData } from "./prepare-data.js";
import type { Settings } from "./settings.js";

/** Values per curve point, packed in this order (one point per epoch). */
export const POINT_FIELDS = ["epoch", "trainLoss", "trainDataLoss", "regularizationLoss", "devLoss", "devDataLoss"] as const;
export const POINT_SIZE = POINT_FIELDS.length;

/** Why a run ended by itself. */
export interface StopInfo {
  reason: "earlyStopping" | "diverged";
  message: string;
  /** The epoch with the best dev cost, whose weights were put back (early stopping). */
  bestEpoch?: number;
  stoppedEpoch: number;
}

/**
 * One training run, advanced one iteration (one minibatch step) at a time so that the page can start,
 * pause and step it. It is the loop of the library's fit, unrolled: the same shuffling stream, costs
 * and early stopping (the library's EarlyStopping callback, restore-best included), with nothing to
 * do with the page, so it runs the same in a worker, in Node and in tests.
 */
export class TrainingSession {
  readonly model: Sequential;
  readonly data: PreparedData;
  readonly settings: Settings;
  /** Iterations (gradient steps) and completed epochs so far. */
  iteration = 0;
  epoch = 0;
  stopped: StopInfo | null = null;
  private readonly batchSize: number;
  private readonly batchesPerEpoch: number;
  private readonly order: Int32Array;
  private readonly trainY: Tensor;
  private readonly devY: Tensor;
  private readonly fullBatch: { x: Tensor; y: Tensor } | null;
  private readonly batchBuffers = new Map<number, { x: Tensor; y: Tensor }>();
  private batchInEpoch = 0;
  private sums = { loss: 0, dataLoss: 0, regularization: 0 };
  private readonly recordFullCost: boolean;
  private pending: number[] = [];
  private readonly earlyStopping: EarlyStopping | null;
  private readonly state: TrainingState;

  constructor(settings: Settings, csv: Dataset | null = null) {
    this.settings = settings;
    this.data = prepareData(settings, csv);
    const { train, dev } = this.data;
    this.model = buildModel(settings, train.x.cols, train.task, train.classes?.length ?? 1);
    this.model.normalization = this.data.normalization;
    this.model.classes = train.classes;
    this.model.featureNames = train.featureNames;
    const m = train.x.rows;
    this.model.trainingExamples = m;
    this.trainY = train.y;
    this.devY = dev.y;
    this.batchSize = settings.batchSize === "full" ? m : Math.min(settings.batchSize, m);
    this.batchesPerEpoch = Math.ceil(m / this.batchSize);
    this.fullBatch = this.batchSize === m ? { x: this.data.trainX, y: this.trainY } : null;
    this.order = Int32Array.from({ length: m }, (_, i) => i);
    // With dropout the batch costs are of thinned networks; the curve then shows J of the whole
    // network on the training set after each epoch, like fit's "fullLoss".
    this.recordFullCost = this.model.hasDropout;
    this.earlyStopping = settings.earlyStopping ? new EarlyStopping({ monitor: "valLoss", patience: settings.patience }) : null;
    this.state = {
      model: this.model,
      history: new History(),
      epoch: 0,
      epochs: Number.MAX_SAFE_INTEGER,
      batch: 0,
      batches: this.batchesPerEpoch,
      batchLoss: NaN,
      logs: {},
      elapsedMs: 0,
      x: this.data.trainX,
      y: this.trainY,
    };
    this.earlyStopping?.onTrainBegin();
  }

  get trainingExamples(): number {
    return this.data.trainX.rows;
  }

  /** One gradient step; at the end of an epoch, a curve point and the early-stopping check. */
  step(): boolean {
    if (this.stopped) return false;
    const m = this.trainingExamples;
    if (this.batchInEpoch === 0 && !this.fullBatch) this.model.defaultShuffleRng.shuffle(this.order);
    const start = this.batchInEpoch * this.batchSize;
    const end = Math.min(m, start + this.batchSize);
    const batch = this.fullBatch ?? this.gather(start, end);
    const cost = this.model.computeGradients(batch.x, batch.y, { mode: "train", m });
    if (!Number.isFinite(cost)) {
      this.stopped = {
        reason: "diverged",
        stoppedEpoch: this.epoch,
        message: `the cost became ${cost} at iteration ${this.iteration + 1}: lower the learning rate, normalize the inputs, or use a smaller initialization`,
      };
      return false;
    }
    const rows = end - start;
    this.sums.loss += cost * rows;
    this.sums.dataLoss += this.model.lastDataLoss * rows;
    this.sums.regularization += this.model.lastRegularizationLoss * rows;
    this.model.optimizer!.step(this.model.params());
    this.iteration++;
    if (++this.batchInEpoch === this.batchesPerEpoch) this.endEpoch();
    return true;
  }

  /** Steps until `budgetMs` have passed (checking the clock every few steps) or the run stops. */
  runFor(budgetMs: number, now: () => number): number {
    const until = now() + budgetMs;
    let done = 0;
    for (;;) {
      for (let i = 0; i < 8; i++) {
        if (!this.step()) return done;
        done++;
      }
      if (now() >= until) return done;
    }
  }

  /** Curve points recorded since the last call, packed POINT_SIZE numbers each. */
  takePoints(): Float64Array {
    const points = Float64Array.from(this.pending);
    this.pending = [];
    return points;
  }

  private gather(start: number, end: number): { x: Tensor; y: Tensor } {
    const rows = end - start;
    let buffers = this.batchBuffers.get(rows);
    if (!buffers) {
      buffers = { x: Tensor.zeros(rows, this.data.trainX.cols, "float64"), y: Tensor.zeros(rows, this.trainY.cols, "float64") };
      this.batchBuffers.set(rows, buffers);
    }
    copyRows(this.data.trainX, this.order, start, end, buffers.x);
    copyRows(this.trainY, this.order, start, end, buffers.y);
    return buffers;
  }

  private endEpoch(): void {
    const m = this.trainingExamples;
    const epoch = this.epoch;
    let trainLoss = this.sums.loss / m;
    let trainDataLoss = this.sums.dataLoss / m;
    const regularization = this.sums.regularization / m;
    if (this.recordFullCost) {
      const full = this.model.evaluatePrepared(this.data.trainX, this.trainY, m);
      trainLoss = full.loss;
      trainDataLoss = full.dataLoss;
    }
    const dev = this.model.evaluatePrepared(this.data.devX, this.devY, m);
    this.pending.push(epoch, trainLoss, trainDataLoss, regularization, dev.loss, dev.dataLoss);
    this.sums = { loss: 0, dataLoss: 0, regularization: 0 };
    this.batchInEpoch = 0;
    this.epoch++;
    if (this.earlyStopping) this.checkEarlyStopping(epoch, dev.loss);
  }

  private checkEarlyStopping(epoch: number, devLoss: number): void {
    const state = this.state;
    state.epoch = epoch;
    state.logs = { valLoss: devLoss };
    if (this.earlyStopping!.onEpochEnd(state) !== "stop") return;
    // The callback reads the last recorded epoch to decide whether the best weights need restoring.
    state.history.record(epoch, state.logs);
    this.earlyStopping!.onTrainEnd(state);
    const record = state.history.earlyStopping!;
    this.stopped = {
      reason: "earlyStopping",
      bestEpoch: record.bestEpoch,
      stoppedEpoch: epoch,
      message:
        `early stopping at epoch ${epoch + 1}: the dev cost did not improve for ${this.settings.patience + 1} epochs after epoch ${record.bestEpoch + 1}` +
        (record.restoredBest ? "; the weights of that epoch were put back" : ""),
    };
  }
}

/** dst's rows = src's rows order[start..end): the minibatch, without allocating. */
function copyRows(src: Tensor, order: Int32Array, start: number, end: number, dst: Tensor): void {
  const cols = src.cols;
  for (let i = start; i < end; i++) {
    const from = order[i]! * cols;
    dst.data.set(src.data.subarray(from, from + cols), (i - start) * cols);
  }
}
