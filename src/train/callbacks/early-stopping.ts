import { checkNonNegative, fail, failReceived, NnlabError } from "../../errors.js";
import type { Param } from "../../layers/layer.js";
import type { TypedArray } from "../../tensor/tensor.js";
import { COST_SAMPLE_ROWS, evenlySpacedRows } from "../evenly-spaced.js";
import type { Callback, TrainingState } from "./callback.js";

export interface EarlyStoppingOptions {
  /** The log key to watch. Default "valLoss" (needs validation data). */
  monitor?: string;
  /**
   * Epochs without improvement tolerated: training stops at the next one that does not improve either
   * (patience 3 stops at the 4th epoch without improvement; Keras and PyTorch Lightning stop at the 3rd).
   * Default 10.
   */
  patience?: number;
  /** Smallest change that counts as an improvement. Default 0. */
  minDelta?: number;
  /** "min" for losses, "max" for accuracies. Default: "max" when the key contains "accuracy", else "min". */
  mode?: "min" | "max";
  /** Put back the weights of the best epoch when training ends. Default true. */
  restoreBest?: boolean;
}

/** EarlyStopping's memory, for a checkpoint. */
export interface EarlyStoppingState {
  best: number;
  bestEpoch: number;
  wait: number;
  stoppedEpoch: number | null;
  /** The best epoch's weights (W1, b1, ... in order); empty before the first. */
  weights: TypedArray[];
}

/** Why a monitored value is missing, where it can be told: no validation data, or no accuracy (a regression). */
function monitorHint(monitor: string, logged: string[]): string {
  if (monitor.toLowerCase().includes("accuracy") && !logged.some((k) => k.toLowerCase().includes("accuracy"))) {
    return " (accuracy is logged for classifiers only: monitor valLoss for a regression)";
  }
  return monitor.startsWith("val") && !logged.some((k) => k.startsWith("val")) ? " (pass validationData to fit)" : "";
}

/**
 * Stops when the monitored value has not improved by more than minDelta for `patience` epochs, and by
 * default ends with the weights of the best epoch — the early-stopping point of the dev cost curve.
 */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: "min" | "max";
  readonly restoreBest: boolean;
  private best = NaN;
  private bestEpoch = -1;
  private wait = 0;
  private stoppedEpoch: number | null = null;
  private snapshot: TypedArray[] = [];

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? "valLoss";
    const patience = options.patience ?? 10;
    if (!Number.isInteger(patience) || patience < 0) fail("EarlyStopping", "patience must be an integer >= 0", patience);
    this.patience = patience;
    this.minDelta = checkNonNegative("EarlyStopping", "minDelta", options.minDelta ?? 0);
    const mode = options.mode ?? (this.monitor.toLowerCase().includes("accuracy") ? "max" : "min");
    if (mode !== "min" && mode !== "max") fail("EarlyStopping", 'mode must be "min" or "max"', mode);
    this.mode = mode;
    this.restoreBest = options.restoreBest ?? true;
  }

  /** The best epoch so far (-1 before the first) and its monitored value. */
  get bestSoFar(): { epoch: number; value: number } {
    return { epoch: this.bestEpoch, value: this.best };
  }

  getState(): EarlyStoppingState {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, stoppedEpoch: this.stoppedEpoch, weights: this.snapshot.map((w) => w.slice()) };
  }

  setState(state: unknown, model?: { weights: ReadonlyArray<Float32Array | Float64Array> }): void {
    const s = state as EarlyStoppingState;
    if (!s || typeof s !== "object" || typeof s.best !== "number" || !Number.isInteger(s.bestEpoch) || !Number.isInteger(s.wait) || !Array.isArray(s.weights)) {
      fail("EarlyStopping.setState", "a state from EarlyStopping.getState", state);
    }
    // best weights of another shape (a damaged checkpoint) would be put back at the end of training: a model
    // mixing two epochs, or a RangeError after the whole run. Refused now, while nothing has trained.
    const params = model?.weights;
    if (params && s.weights.length > 0) {
      const fits = s.weights.length === params.length && s.weights.every((w, i) => w instanceof params[i]!.constructor && w.length === params[i]!.length);
      if (!fits) {
        failReceived(
          "EarlyStopping.setState",
          `best weights of the model's shapes (${params.map((p) => `${p.length} ${p instanceof Float64Array ? "float64" : "float32"}`).join(", ")})`,
          s.weights.map((w) => `${(w as { length?: unknown })?.length} ${w instanceof Float64Array ? "float64" : w instanceof Float32Array ? "float32" : typeof w}`).join(", "),
        );
      }
    }
    this.best = s.best;
    this.bestEpoch = s.bestEpoch;
    this.wait = s.wait;
    this.stoppedEpoch = s.stoppedEpoch;
    this.snapshot = s.weights.map((w) => w.slice());
  }

  onTrainBegin(): void {
    this.best = NaN;
    this.bestEpoch = -1;
    this.wait = 0;
    this.stoppedEpoch = null;
  }

  onEpochEnd(state: TrainingState): void | "stop" {
    const value = state.logs[this.monitor];
    if (value === undefined) {
      throw new NnlabError(
        `EarlyStopping: monitor "${this.monitor}" must be one of the logged values (${Object.keys(state.logs).join(", ")}); received none` +
          monitorHint(this.monitor, Object.keys(state.logs)),
      );
    }
    const improved =
      this.bestEpoch < 0 ||
      (this.mode === "min" ? value < this.best - this.minDelta : value > this.best + this.minDelta);
    if (improved && Number.isFinite(value)) {
      this.best = value;
      this.bestEpoch = state.epoch;
      this.wait = 0;
      if (this.restoreBest) this.save(state.model.params());
      return;
    }
    this.wait++;
    if (this.wait > this.patience) {
      this.stoppedEpoch = state.epoch;
      return "stop";
    }
  }

  onTrainEnd(state: TrainingState): void {
    // The model holds the last epoch's weights, unless training diverged mid-epoch: the trainer then put
    // back the start of its lowest-cost epoch, which may be an epoch before the best (the best epoch 5
    // recorded, epoch 4's end kept: valLoss 0.01369 against 0.01251), so the best is restored there too,
    // where it costs no more to train on than the weights put back (see restoreAfterDivergence).
    const stop = state.history.stop;
    const divergedMidEpoch = stop?.reason === "diverged" || stop?.reason === "nonFiniteCost";
    let restore = this.restoreBest && this.bestEpoch >= 0 && (this.bestEpoch !== state.history.epochs.at(-1) || divergedMidEpoch);
    if (restore && divergedMidEpoch) {
      restore = this.restoreAfterDivergence(state);
      if (restore) stop!.message += ` Early stopping then put back the weights at the end of epoch ${this.bestEpoch}, its best ${this.monitor} (${this.best.toPrecision(4)}), which cost no more to train on.`;
    } else if (restore) this.load(state.model.params());
    state.history.earlyStopping = {
      monitor: this.monitor,
      bestEpoch: this.bestEpoch,
      bestValue: this.best,
      stoppedEpoch: this.stoppedEpoch,
      restoredBest: restore,
      patience: this.patience,
    };
    if (this.stoppedEpoch !== null) {
      state.history.stop = {
        reason: "earlyStopping",
        epoch: this.stoppedEpoch,
        // (a monitor that was never finite has no best epoch: it read "after epoch -1")
        message: this.bestEpoch < 0 ? `${this.monitor} was not a finite number in any of the ${this.patience + 1} epochs` : `${this.monitor} did not improve for ${this.patience + 1} epochs after epoch ${this.bestEpoch}`,
      };
    }
  }

  /**
   * After a divergence: the best epoch's weights, if their training cost (on up to 4096 training rows, no
   * dropout) is at most that of the weights the trainer put back; else those stay. A run that blew up
   * from its first epoch has its best valLoss at epoch 0's blown-up end: restored, it kept weights whose
   * training cost was 1.6e9 times the start's, where the message said the initial weights were put back.
   */
  private restoreAfterDivergence(state: TrainingState): boolean {
    const params = state.model.params();
    const rows = evenlySpacedRows(state.y.rows, COST_SAMPLE_ROWS);
    const x = state.gatherX ? state.gatherX(rows) : state.x.gatherRows(rows);
    const y = state.y.gatherRows(rows);
    const putBack = params.map((p) => p.value.data.slice());
    const putBackCost = state.model.cost(x, y);
    this.load(params);
    if (state.model.cost(x, y) <= putBackCost || !Number.isFinite(putBackCost)) return true;
    params.forEach((p, i) => p.value.data.set(putBack[i]!));
    return false;
  }

  private save(params: readonly Param[]): void {
    if (this.snapshot.length !== params.length) this.snapshot = params.map((p) => p.value.data.slice());
    else params.forEach((p, i) => this.snapshot[i]!.set(p.value.data));
  }

  private load(params: readonly Param[]): void {
    params.forEach((p, i) => p.value.data.set(this.snapshot[i]!));
  }
}
