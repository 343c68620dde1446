import { fail } from "../errors.js";
import type { OptimizerState } from "../optim/optimizer.js";
import type { RngState } from "../tensor/rng.js";
import type { TypedArray } from "../tensor/tensor.js";
import type { DivergenceWatchState } from "./divergence.js";
import type { HistoryState } from "./history.js";

/**
 * Everything a Trainer's later steps depend on, as plain data (numbers, strings, typed arrays in the
 * model's dtype, so that float32 and float64 weights come back with the same bits): what Trainer.snapshot
 * returns and Trainer.restore takes. Arrays of weights are in the order of model.params() (W1, b1, ...).
 */
export interface TrainerSnapshot {
  format: "nnlab-trainer";
  version: 1;
  /** Training examples and batch size: a snapshot only fits a trainer over the same data. */
  examples: number;
  batchSize: number;
  /** Epochs completed, and the next batch of the epoch under way (0 between epochs). */
  epoch: number;
  batch: number;
  /** Gradient steps taken. */
  iteration: number;
  /** The epoch under way's running sums (its logs are their means), times the batch rows. */
  sums: { loss: number; dataLoss: number; regularization: number; correct: number };
  stopRequested: boolean;
  finished: boolean;
  /** The example order of the epoch under way (the last shuffle). */
  order: Int32Array;
  /** The shuffling stream and the augmentation stream. */
  shuffleRng: RngState;
  augmentRng: RngState;
  weights: TypedArray[];
  /** The model's own streams (each layer's: dropout's masks; and its default shuffling stream). */
  modelRandom: RngState[];
  optimizer: OptimizerState;
  /** The weights at the start of the epoch under way, and those of the lowest-cost epoch (the fallback on divergence). */
  epochStart: TypedArray[];
  healthy: TypedArray[];
  healthyCost: number;
  healthyEpoch: number;
  /** The divergence watch's memory, or null when stopOnDivergence is off. */
  watch: DivergenceWatchState | null;
  /** With its initial record (the cost of the initial weights), which the doctor reads. */
  history: HistoryState;
  /** Each callback's getState(), in order; null for one without state. */
  callbacks: unknown[];
  /** Why training diverged, when it did. */
  diverged: { message: string; epoch: number; batch: number; facts: string[] } | null;
  /** Wall time trained so far (for progress and the run's duration). */
  elapsedMs: number;
}

/** Checks that `arrays` has one array like each of `like` (same dtype, same length): restore copies bits, never converts. */
export function checkArrays(where: string, what: string, arrays: readonly TypedArray[], like: readonly TypedArray[]): void {
  if (!Array.isArray(arrays) || arrays.length !== like.length) fail(where, `${what}: ${like.length} arrays (one per parameter)`, arrays);
  like.forEach((l, i) => {
    const a = arrays[i];
    if (!a || a.constructor !== l.constructor || a.length !== l.length) {
      fail(where, `${what}[${i}]: a ${l.constructor.name} of ${l.length} values (the model's dtype and shape)`, a);
    }
  });
}
