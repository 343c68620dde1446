import type { Augmentation } from "../data/augment.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Callback } from "./callbacks/callback.js";
import type { DivergenceOptions } from "./divergence.js";

/** How fit (and a Trainer) trains: epochs, batches, shuffling, validation, augmentation, callbacks, divergence. */
export interface FitOptions {
  /** Passes over the training set. */
  epochs: number;
  /** Examples per gradient step; "full" (or any size >= the set) is full-batch gradient descent. Default 32. */
  batchSize?: number | "full";
  /** Reshuffle the examples before each epoch (ignored for full batches, where order cannot matter). Default true. */
  shuffle?: boolean;
  /** Seed of the shuffling stream. Default: the model's own stream, derived from its seed. */
  seed?: number;
  /** A dev set (a Dataset, or { x, y }), evaluated after every epoch with dropout off; never augmented. */
  validationData?: { x: Tensor; y: Tensor; ids?: ArrayLike<number> } | [Tensor, Tensor];
  /**
   * Applied to every training batch (a copy) before normalization, from a stream seeded like the
   * shuffling; never to the validation data.
   */
  augment?: Augmentation;
  callbacks?: Callback[];
  /**
   * Also record the cost of the whole training set with dropout off after each epoch ("fullLoss").
   * Default: when the model has dropout, whose training cost is not a well-defined J.
   */
  recordFullCost?: boolean;
  /**
   * What to do when a batch cost is NaN or infinite: "throw" a TrainingDivergedError (default) or "stop"
   * and return the history. Either way the model is put back to the weights of the epoch with the lowest
   * training cost so far (those at the start of that epoch), or to the initial weights where no epoch's
   * cost was below theirs (measured before training: an epoch's cost includes any blow-up within it), never
   * to weights that had already blown up, and the error or history.stop gives the facts at the stop and the
   * epoch restored (history.stop.restoredEpoch; the doctor names the cause).
   */
  onNonFinite?: "throw" | "stop";
  /**
   * Also treat as divergence a finite cost far above its start, a cost that oscillates without trend, or
   * a ReLU layer that dies in the first epochs (see DivergenceOptions), and handle it like a non-finite
   * cost (onNonFinite). Either way the weights of the epoch with the lowest training cost are put back.
   * Default true; false trains on regardless.
   */
  stopOnDivergence?: boolean | DivergenceOptions;
}

/**
 * FitOptions' fields, for refusing a misspelt one (Keras' `batch_size`, `validation_data` trained at the
 * default batch size with no dev set, without a word). A Record so that a new field must be listed here.
 */
const FIT_OPTION_FIELDS: Record<keyof FitOptions, true> = {
  epochs: true,
  batchSize: true,
  shuffle: true,
  seed: true,
  validationData: true,
  augment: true,
  callbacks: true,
  recordFullCost: true,
  onNonFinite: true,
  stopOnDivergence: true,
};
export const FIT_OPTION_KEYS: readonly string[] = Object.keys(FIT_OPTION_FIELDS);
