import { fail, failReceived } from "../errors.js";

/** Why training ended. */
export interface StopRecord {
  reason: "completed" | "earlyStopping" | "nonFiniteCost" | "diverged" | "callback";
  /** The last epoch trained (0-based). */
  epoch: number;
  message?: string;
  /** For "diverged": what the divergence watch saw (a finite cost can diverge too). */
  divergence?: "cost-blow-up" | "oscillation" | "dead-layer";
  /** For "diverged": the weights' norm over its initial value when the divergence was seen. */
  weightGrowth?: number;
  /** For "diverged" and "nonFiniteCost": the epoch whose starting weights were put back (0 or -1: the initial ones; -1 where even they had no finite cost). */
  restoredEpoch?: number;
}

/** The run's starting point, measured before the first step. */
export interface InitialRecord {
  /** Cost, data cost and accuracy of the initial weights on the training set (at most 4096 examples of it). */
  loss: number;
  dataLoss: number;
  accuracy?: number;
  /** The data cost of the best constant prediction (the label frequencies, or the mean target). */
  constantCost: number;
}

export interface EarlyStoppingRecord {
  monitor: string;
  bestEpoch: number;
  bestValue: number;
  /** The epoch at which patience ran out, or null when training ran its full course. */
  stoppedEpoch: number | null;
  restoredBest: boolean;
  /**
   * Epochs without improvement it waited for (absent in runs saved before it was kept): the doctor asks
   * whether a run that ran out of epochs had already waited that long since its best epoch.
   */
  patience?: number;
}

/**
 * A History as plain data, for a checkpoint. `epochs` and `values` may be left out (a run's
 * history.jsonl holds them); `length` says how many epochs they cover either way.
 */
export interface HistoryState {
  length: number;
  epochs?: number[];
  values?: Record<string, Float64Array>;
  stop: StopRecord;
  initial: InitialRecord | null;
  earlyStopping: EarlyStoppingRecord | null;
  warnings: string[];
}

/**
 * What fit records, one value per epoch for each key (Keras' `history.history`):
 * - `loss`, `dataLoss`, `regularizationLoss`: the training cost, averaged over the epoch's batches, each
 *   computed in training mode before that batch's update (so with full-batch descent, `loss[i]` is the
 *   course's "cost after iteration i" printed before update i);
 * - `accuracy`: from those same training-mode outputs;
 * - `fullLoss`, `fullDataLoss`, `fullAccuracy`: the whole training set through the whole network, dropout
 *   off, after the epoch (recorded when the model has dropout: the well-defined J that must fall steadily);
 * - `valLoss`, `valDataLoss`, `valAccuracy`: the validation set, dropout off, after the epoch.
 */
export class History {
  readonly epochs: number[] = [];
  readonly values: Record<string, number[]> = {};
  stop: StopRecord = { reason: "completed", epoch: -1 };
  initial: InitialRecord | null = null;
  earlyStopping: EarlyStoppingRecord | null = null;
  /** Things that went against good practice but did not stop training (e.g. a normalization leak). */
  readonly warnings: string[] = [];

  record(epoch: number, logs: Readonly<Record<string, number>>): void {
    const index = this.epochs.length;
    this.epochs.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      let column = this.values[key];
      if (!column) {
        column = new Array(index).fill(NaN);
        this.values[key] = column;
      }
      column.push(value);
    }
  }

  /** The values of one key, one per epoch; [] for a key never recorded. */
  get(key: string): number[] {
    return this.values[key] ?? [];
  }

  /** The last value of a key, or NaN. */
  last(key: string): number {
    const column = this.get(key);
    return column.length ? column[column.length - 1]! : NaN;
  }

  get length(): number {
    return this.epochs.length;
  }

  /** A copy as plain data; `columns: false` leaves out the per-epoch values (see HistoryState). */
  getState(options: { columns?: boolean } = {}): HistoryState {
    const state: HistoryState = {
      length: this.length,
      stop: structuredClone(this.stop),
      initial: structuredClone(this.initial),
      earlyStopping: structuredClone(this.earlyStopping),
      warnings: [...this.warnings],
    };
    if (options.columns ?? true) {
      state.epochs = [...this.epochs];
      state.values = Object.fromEntries(Object.entries(this.values).map(([key, column]) => [key, Float64Array.from(column)]));
    }
    return state;
  }

  /** Replaces this history's contents with a state from getState (which must have its columns). */
  setState(state: HistoryState): void {
    const { epochs, values } = state ?? {};
    if (!Array.isArray(epochs) || !values || typeof values !== "object") {
      fail("History.setState", "a state with its epochs and values (put back the columns a checkpoint left out)", state);
    }
    if (epochs.length !== state.length) failReceived("History.setState", `${state.length} epochs`, `${epochs.length}`);
    for (const [key, column] of Object.entries(values)) {
      if (column.length !== epochs.length) failReceived("History.setState", `${epochs.length} values of "${key}"`, `${column.length}`);
    }
    this.epochs.length = 0;
    for (const epoch of epochs) this.epochs.push(epoch); // (a spread of a long run would overflow the stack)
    for (const key of Object.keys(this.values)) delete this.values[key];
    for (const [key, column] of Object.entries(values)) this.values[key] = Array.from(column);
    this.stop = structuredClone(state.stop);
    this.initial = structuredClone(state.initial);
    this.earlyStopping = structuredClone(state.earlyStopping);
    this.warnings.length = 0;
    this.warnings.push(...state.warnings);
  }

  /** The `index`-th epoch recorded as one object ({ epoch, loss, ... }), for a JSON line. */
  row(index: number): Record<string, number> {
    const row: Record<string, number> = { epoch: this.epochs[index]! };
    for (const [key, column] of Object.entries(this.values)) row[key] = column[index]!;
    return row;
  }

  /** One object per epoch, for JSON lines. */
  toRecords(): Array<Record<string, number>> {
    return this.epochs.map((_, i) => this.row(i));
  }
}
