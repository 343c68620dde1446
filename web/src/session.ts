import {
  buildExperiment,
  type DataLoader,
  type History,
  type Dataset,
  type Experiment,
  inputFeatures,
  loadExperimentData,
  type LoadedData,
  type Sequential,
  type Tensor,
  Trainer,
  type TrainerSnapshot,
  withInputFeatures,
} from "../../src/index.js";
import { BoundedHistory } from "./bounded-history.js";
import { monitorWords } from "./form-rules.js";
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
  /** The epoch with the best value of what early stopping watched (the dev cost by default), whose weights were put back. */
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
  spec: Spec;
  readonly model: Sequential;
  readonly data: ViewData;
  /** Where the data came from ("built-in "moons" (200 examples)"), and the network in one line. */
  readonly dataSource: string;
  readonly modelDescription: string;
  stopped: StopInfo | null = null;
  /** Gradient flow on a fixed probe, recorded as the epochs end (bounded): for the views and the doctor. */
  readonly flow = new FlowRecord();
  /** The epochs the run is to train: the spec's, plus the spec's again for each "train on". */
  epochBudget: number;
  private trainer: Trainer;
  private readonly experiment: Experiment;
  /** The History's epochs, thinned as the run grows (the worker's memory stays flat). */
  private readonly bound = new BoundedHistory();
  /** The trainer as it was when the epochs ran out (before finish()), for "train on". */
  private resumable: TrainerSnapshot | null = null;
  private pending: number[] = [];

  /** Loads the spec's data (built in, or through `loader`: the page's CSV) and builds the session. */
  static async open(spec: Spec, loader?: DataLoader): Promise<TrainingSession> {
    // the raw x1, x2 (the plane and the boundary need them): the session computes the input features itself
    const { inputFeatures: _features, ...raw } = spec.data;
    return new TrainingSession(spec, await loadExperimentData({ ...spec, data: raw }, loader));
  }

  /** The 2-D inputs (x1, x2) as loaded, before any input features: the plane the views draw on; null for other data. */
  private readonly raw: Tensor | null;
  /** Input features of the data as loaded, before the spec's input features (which need exactly 2). */
  readonly dataFeatures: number;
  /** Row of `raw` for each example id. */
  private readonly rawRow = new Map<number, number>();

  constructor(spec: Spec, loaded: LoadedData) {
    this.spec = spec;
    const extent = extentOf(loaded.data.x);
    this.raw = loaded.data.x.cols === 2 ? loaded.data.x.clone() : null;
    this.dataFeatures = loaded.data.x.cols;
    loaded.data.ids.forEach((id, row) => this.rawRow.set(id, row));
    // TensorFlow Playground's input features (x1^2, sin x1, ...), computed from the 2-D inputs.
    const features = spec.data.inputFeatures;
    if (features) loaded = { ...loaded, data: withInputFeatures(loaded.data, features) };
    // Split in place, as runExperiment does with data it loaded itself: nobody else holds this set.
    const experiment = buildExperiment(spec, loaded, { inPlace: true });
    this.data = viewData(experiment, extent);
    this.model = experiment.model;
    this.model.classes = experiment.train.classes;
    this.model.featureNames = experiment.train.featureNames;
    this.model.inputFeaturesFrom = experiment.train.inputFeaturesFrom ?? null;
    // as runExperiment does: without it the page's model.json did not score `nnlab predict` against its label column
    this.model.labelName = experiment.train.labelName || null;
    this.dataSource = experiment.dataSource;
    this.modelDescription = experiment.modelDescription;
    this.experiment = experiment;
    this.epochBudget = spec.training.epochs;
    this.trainer = experiment.trainer([this.flow]);
  }

  /** Whether the run ended because its epochs ran out, so that "train on" can continue it. */
  get canTrainOn(): boolean {
    return this.resumable !== null;
  }

  /**
   * Continues a run whose epochs ran out to `epochs` in all (default: as many again), as if the spec had
   * asked for them from the start: a new trainer with the larger budget takes the old one's snapshot
   * (weights, optimizer state, order, random streams, history, early stopping's record), taken before
   * finish() could put other weights back. The session's spec then asks for them too, as the page's does:
   * its export trained to the old epochs, another model than the page's (a page audit).
   */
  trainOn(epochs?: number): boolean {
    const snapshot = this.resumable;
    if (!snapshot) return false;
    const { model, train, fitOptions, earlyStopping } = this.experiment;
    this.epochBudget = epochs !== undefined && epochs > snapshot.epoch ? epochs : snapshot.epoch + this.spec.training.epochs;
    this.spec = { ...this.spec, training: { ...this.spec.training, epochs: this.epochBudget } };
    // The flow record goes on from the run's first probe (not a new start on the trained weights).
    const trainer = new Trainer(model, train.x, train.y, {
      ...fitOptions,
      epochs: this.epochBudget,
      callbacks: [...(earlyStopping ? [earlyStopping] : []), this.flow.continuing()],
    });
    trainer.restore(snapshot);
    this.trainer = trainer;
    this.resumable = null;
    this.stopped = null;
    return true;
  }

  /** Raw inputs over the plane (a grid) as the model's inputs: the spec's input features of them, or themselves. */
  inputsFor(plane: Tensor): Tensor {
    const features = this.spec.data.inputFeatures;
    return features ? inputFeatures(plane, features) : plane;
  }

  /** The 2-D inputs (x1, x2) of a part of the split, row by row, for drawing; null unless the data is 2-D. */
  planeOf(part: Dataset): Float64Array | null {
    const raw = this.raw;
    if (!raw) return null;
    const out = new Float64Array(2 * part.x.rows);
    for (let i = 0; i < part.x.rows; i++) {
      const row = this.rawRow.get(part.ids[i]!)!;
      out[2 * i] = raw.data[2 * row]!;
      out[2 * i + 1] = raw.data[2 * row + 1]!;
    }
    return out;
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

  /**
   * Epochs trained, as shown: a run that diverged in the middle of an epoch trained that epoch too, which
   * the trainer's completed count leaves out ("iteration 24, epoch 2 of 300" for three epochs of 8 batches,
   * where nnlab train says "Trained 3 epochs" and the doctor's card "after 3 epochs").
   */
  get epochsShown(): number {
    return this.stopped?.reason === "diverged" ? Math.max(this.trainer.epoch, this.trainer.history.length) : this.trainer.epoch;
  }

  /**
   * The Trainer's record of the run: the curves per epoch (thinned to every k-th epoch past
   * MAX_HISTORY_POINTS, the newest always kept), the initial cost it measured, why it stopped.
   */
  get history(): History {
    return this.trainer.history;
  }

  /** Epochs recorded in the history: those completed, and the one a divergence ended (its length no longer says once thinned). */
  get epochsRecorded(): number {
    return (this.trainer.history.epochs.at(-1) ?? -1) + 1;
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
    if (this.trainer.history.length > recorded) {
      this.recordPoint();
      this.bound.afterRecord(this.trainer.history);
    }
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

  /**
   * What the library warned of for this run, as `nnlab train` prints it: the split's and the build's
   * (early stopping without a dev set, dropout without a hidden layer, an option the data leaves unused),
   * then the trainer's.
   */
  get warnings(): string[] {
    return [...this.experiment.split.warnings, ...this.trainer.history.warnings];
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
      // the penalty of the cost beside it: the whole network's at the epoch's end where that is the curve
      // (the batches' mean, under a rate that moves the weights far in an epoch, plotted above the cost it is part of)
      full ? last("fullLoss") - last("fullDataLoss") : last("regularizationLoss"),
      last("valLoss"),
      last("valDataLoss"),
    );
  }

  private stop(): void {
    const ranOut = this.trainer.history.stop.reason === "completed" && this.trainer.epoch >= this.epochBudget;
    if (ranOut) this.resumable = this.trainer.snapshot();
    const history = this.trainer.finish(); // early stopping puts its best weights back here
    const stop = history.stop;
    if (stop.reason === "nonFiniteCost" || stop.reason === "diverged") {
      this.stopped = { reason: "diverged", stoppedEpoch: stop.epoch, message: divergenceMessage(stop.message) };
      return;
    }
    const record = history.earlyStopping;
    if (stop.reason !== "earlyStopping" || !record) {
      const epochs = this.epochBudget === 1 ? "1 epoch is" : `${this.epochBudget} epochs are`;
      const budget = this.epochBudget === this.spec.training.epochs ? `the spec's ${epochs}` : epochs;
      this.stopped = { reason: "completed", stoppedEpoch: stop.epoch, message: `${budget} done` };
      return;
    }
    const es = this.spec.training.earlyStopping;
    const patience = es ? es.patience : 0;
    // (what it watched: the dev cost unless the spec names another value)
    const watched = monitorWords(es ? es.monitor : "valLoss");
    this.stopped = {
      reason: "earlyStopping",
      bestEpoch: record.bestEpoch,
      stoppedEpoch: record.stoppedEpoch ?? stop.epoch,
      message:
        // epochs by their 0-based index, as the library, the CLI, the report and the doctor card name them (an
        // audit helper: the page said "epoch 9 ... after epoch 3" where nnlab train said 8 and 2)
        `early stopping at epoch ${record.stoppedEpoch ?? stop.epoch}: ${watched} did not improve for ${patience + 1} epochs after epoch ${record.bestEpoch}` +
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
