import {
  buildExperiment,
  type DataLoader,
  type History,
  loadExperimentData,
  type LoadedData,
  type Sequential,
  type Trainer,
} from "../../src/index.js";
import { FlowRecord } from "./flow-record.js";
import type { Spec } from "./page-spec.js";
import { extentOf, type ViewData, viewData } from "./view-data.js";

/** Values per curve point, packed in this order (one point per epoch). */
export const POINT_FIELDS = ["epoch", "trainLoss", "trainDataLoss", "regularizationLoss", "devLoss", "devDataLoss"] as const;
export const POINT_SIZE = POINT_FIELDS.length;

/** Why a run ended by itself. */
export interface StopInfo {
  reason: "completed" | "earlyStopping" | "diverged";
  message: string;
  /** The epoch with the best dev cost, whose weights were put back (early stopping). */
  bestEpoch?: number;
  stoppedEpoch: number;
}

/**
 * One training run of a spec, advanced one iteration (one minibatch step) at a time so that the page can
 * start, pause and step it. It is built by the library's buildExperiment and trained by the trainer that
 * gives it — the spec's epochs, batch size, seed, early stopping and divergence watch, exactly as
 * runExperiment (`nnlab train`) has them — so a spec trains to the same bits here as there. The page's
 * own observer (FlowRecord) only reads the model on a probe, as the CLI's GradientFlow does. Nothing here
 * touches the page, so it runs the same in a worker, in Node and in tests.
 */
export class TrainingSession {
  readonly spec: Spec;
  readonly model: Sequential;
  readonly data: ViewData;
  /** Where the data came from ("built-in "moons" (200 examples)"), and the network in one line. */
  readonly dataSource: string;
  readonly modelDescription: string;
  stopped: StopInfo | null = null;
  /** Gradient flow on a fixed probe, recorded as the epochs end (bounded): for the views and the doctor. */
  readonly flow = new FlowRecord();
  private readonly trainer: Trainer;
  private pending: number[] = [];

  /** Loads the spec's data (built in, or through `loader`: the page's CSV) and builds the session. */
  static async open(spec: Spec, loader?: DataLoader): Promise<TrainingSession> {
    return new TrainingSession(spec, await loadExperimentData(spec, loader));
  }

  constructor(spec: Spec, loaded: LoadedData) {
    this.spec = spec;
    const extent = extentOf(loaded.data.x);
    // Split in place, as runExperiment does with data it loaded itself: nobody else holds this set.
    const experiment = buildExperiment(spec, loaded, { inPlace: true });
    this.data = viewData(experiment, extent);
    this.model = experiment.model;
    this.model.classes = experiment.train.classes;
    this.model.featureNames = experiment.train.featureNames;
    this.dataSource = experiment.dataSource;
    this.modelDescription = experiment.modelDescription;
    this.trainer = experiment.trainer([this.flow]);
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
    const record = history.earlyStopping;
    if (stop.reason !== "earlyStopping" || !record) {
      this.stopped = { reason: "completed", stoppedEpoch: stop.epoch, message: `the spec's ${this.spec.training.epochs} epochs are done` };
      return;
    }
    const patience = this.spec.training.earlyStopping ? this.spec.training.earlyStopping.patience : 0;
    this.stopped = {
      reason: "earlyStopping",
      bestEpoch: record.bestEpoch,
      stoppedEpoch: record.stoppedEpoch ?? stop.epoch,
      message:
        `early stopping at epoch ${(record.stoppedEpoch ?? stop.epoch) + 1}: the dev cost did not improve for ${patience + 1} epochs after epoch ${record.bestEpoch + 1}` +
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
