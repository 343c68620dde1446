import { type Dataset, EarlyStopping, type History, type Sequential, Trainer } from "../../src/index.js";
import { buildModel } from "./build-model.js";
import { FlowRecord } from "./flow-record.js";
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
 * pause and step it: the library's Trainer (the loop of fit, one step at a time) with the playground's
 * settings, its early stopping (restore-best included) and the curve points the page draws. Nothing
 * here touches the page, so it runs the same in a worker, in Node and in tests.
 */
export class TrainingSession {
  readonly model: Sequential;
  readonly data: PreparedData;
  readonly settings: Settings;
  stopped: StopInfo | null = null;
  /** Gradient flow on a fixed probe, recorded as the epochs end (bounded): for the views and the doctor. */
  readonly flow = new FlowRecord();
  private readonly trainer: Trainer;
  private pending: number[] = [];

  constructor(settings: Settings, csv: Dataset | null = null) {
    this.settings = settings;
    this.data = prepareData(settings, csv);
    const { train, dev } = this.data;
    this.model = buildModel(settings, train.x.cols, train.task, train.classes?.length ?? 1);
    this.model.normalization = this.data.normalization;
    this.model.classes = train.classes;
    this.model.featureNames = train.featureNames;
    this.trainer = new Trainer(this.model, train.x, train.y, {
      epochs: Number.MAX_SAFE_INTEGER, // the page decides when to stop
      batchSize: settings.batchSize,
      validationData: dev,
      callbacks: [...(settings.earlyStopping ? [new EarlyStopping({ monitor: "valLoss", patience: settings.patience })] : []), this.flow],
      onNonFinite: "stop", // and stopOnDivergence (on by default): a finite cost that blows up or oscillates stops the run too
    });
  }

  get trainingExamples(): number {
    return this.data.trainX.rows;
  }

  /** Iterations (gradient steps) and completed epochs so far. */
  get iteration(): number {
    return this.trainer.iteration;
  }

  get epoch(): number {
    return this.trainer.epoch;
  }

  /** The Trainer's record of the run: the curves per epoch, the initial cost it measured, why it stopped. */
  get history(): History {
    return this.trainer.history;
  }

  /**
   * One gradient step; at the end of an epoch, a curve point (and the early-stopping check). An epoch the
   * divergence watch ended the run on is recorded too (its cost is the blow-up), though it never counts
   * as completed.
   */
  step(): boolean {
    if (this.stopped) return false;
    const recorded = this.trainer.history.length;
    const going = this.trainer.step();
    if (this.trainer.history.length > recorded) this.recordPoint();
    if (!going) this.stop();
    return going;
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

  /**
   * The epoch just recorded. With dropout the batch costs are of thinned networks, so the curve shows J
   * of the whole network on the training set (fit's "fullLoss").
   */
  private recordPoint(): void {
    const history = this.trainer.history;
    const last = (key: string) => history.last(key);
    const full = this.model.hasDropout;
    this.pending.push(
      history.epochs[history.length - 1]!,
      full ? last("fullLoss") : last("loss"),
      full ? last("fullDataLoss") : last("dataLoss"),
      last("regularizationLoss"),
      last("valLoss"),
      last("valDataLoss"),
    );
  }

  private stop(): void {
    const history = this.trainer.finish(); // early stopping puts its best weights back here
    const stop = history.stop;
    if (stop.reason === "nonFiniteCost" || stop.reason === "diverged") {
      this.stopped = { reason: "diverged", stoppedEpoch: stop.epoch, message: divergenceMessage(stop.message) };
      return;
    }
    const record = history.earlyStopping!;
    this.stopped = {
      reason: "earlyStopping",
      bestEpoch: record.bestEpoch,
      stoppedEpoch: record.stoppedEpoch ?? stop.epoch,
      message:
        `early stopping at epoch ${(record.stoppedEpoch ?? stop.epoch) + 1}: the dev cost did not improve for ${this.settings.patience + 1} epochs after epoch ${record.bestEpoch + 1}` +
        (record.restoredBest ? "; the weights of that epoch were put back" : ""),
    };
  }
}

/**
 * What the Trainer said when it stopped a diverged run: its first line (what happened, which weights were
 * put back) without the heading of the list under it ("Measured at the stop:"); the page names causes
 * from the doctor only.
 */
function divergenceMessage(message: string | undefined): string {
  const first = (message ?? "training diverged").split("\n")[0]!;
  return first.replace(/^fit: /, "").replace(/\.\s+[^.]*:\s*$/, "").replace(/\.$/, "");
}
