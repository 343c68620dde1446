import type { FlowSnapshot } from "../diagnose/gradient-flow.js";
import type { Tensor } from "../tensor/tensor.js";
import type { EarlyStopping } from "../train/callbacks/early-stopping.js";
import type { Trainer } from "../train/trainer.js";

/**
 * What keeps a run durable while it trains, and picks a killed one up again: the runner calls it at the
 * points below and never touches storage itself. The CLI's implementation writes run folders
 * (history.jsonl, checkpoint.json); a page could keep one in IndexedDB.
 */
export interface RunJournal {
  /** The training and dev tensors as the trainer sees them; a resume must refuse other data. */
  bindData(tensors: ReadonlyArray<Tensor | null | undefined>): void;
  /** The test set's tensors: a resume must refuse another test set too (optional: a journal may not keep it). */
  bindTestData?(tensors: ReadonlyArray<Tensor | null | undefined>): void;
  /** Puts a saved state back into `trainer` (and the flow recorder's snapshots); returns its epoch, or null for a new run. */
  restore(trainer: Trainer, flow: FlowSnapshot[] | null): number | null;
  /** Training time already spent before the run was resumed (ms). */
  readonly resumedElapsedMs: number;
  /** After each epoch: record its history line and the best epoch so far. */
  epochEnded(trainer: Trainer, best: EarlyStopping | null, flow: FlowSnapshot[] | null): void;
  /** Whether a checkpoint is due now. */
  due(trainer: Trainer): boolean;
  /** Saves where training is (interrupted: as Ctrl-C stops it). */
  save(trainer: Trainer, flow: FlowSnapshot[] | null, options?: { interrupted?: boolean }): Promise<void>;
}
