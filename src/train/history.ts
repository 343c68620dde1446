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
  /** For "diverged" and "nonFiniteCost": the epoch whose starting weights were put back (-1: the initial ones). */
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

  /** One object per epoch, for JSON lines. */
  toRecords(): Array<Record<string, number>> {
    return this.epochs.map((epoch, i) => {
      const row: Record<string, number> = { epoch };
      for (const [key, column] of Object.entries(this.values)) row[key] = column[i]!;
      return row;
    });
  }
}
