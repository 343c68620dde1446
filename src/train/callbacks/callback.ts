import type { Sequential } from "../../model/sequential.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { History } from "../history.js";

/**
 * The one state object every hook receives. It is reused and updated in place, so a hook that wants to
 * keep a value must copy it.
 */
export interface TrainingState {
  model: Sequential;
  history: History;
  /** 0-based epoch being trained. */
  epoch: number;
  epochs: number;
  /** 0-based batch within the epoch, and the number of batches per epoch. */
  batch: number;
  batches: number;
  /** The cost of the last batch (training mode, before its update). */
  batchLoss: number;
  /** The epoch's logs once the epoch ends (see History for the keys). */
  logs: Record<string, number>;
  /** Milliseconds since fit started. */
  elapsedMs: number;
  /** The training inputs as the first layer sees them (normalized), and the targets: for probes. */
  x: Tensor;
  y: Tensor;
  /** Some training rows as the first layer sees them, without normalizing the whole set (for probes). */
  gatherX?(rows: Int32Array): Tensor;
}

/**
 * Small objects with optional hooks; a hook returns "stop" to end training after the current epoch.
 * A callback whose later behaviour depends on what it has seen (early stopping's best epoch and weights)
 * also gives that state, so that a Trainer snapshot can resume it: getState returns plain data (numbers,
 * strings, typed arrays, copies), setState puts it back after onTrainBegin.
 */
export interface Callback {
  onTrainBegin?(state: TrainingState): void;
  onEpochBegin?(state: TrainingState): void;
  onBatchEnd?(state: TrainingState): void | "stop";
  onEpochEnd?(state: TrainingState): void | "stop";
  onTrainEnd?(state: TrainingState): void;
  getState?(): unknown;
  /** `model`: the trained parameters' values, to check a state that holds weights against (the trainer passes them). */
  setState?(state: unknown, model?: { weights: ReadonlyArray<Float32Array | Float64Array> }): void;
}
