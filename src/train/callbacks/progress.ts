import type { Callback, TrainingState } from "./callback.js";

export interface ProgressReport {
  epoch: number;
  epochs: number;
  logs: Readonly<Record<string, number>>;
  elapsedMs: number;
  /** Estimated milliseconds left at the current pace. */
  remainingMs: number;
}

/**
 * Calls `report` at the end of every `every`-th epoch (and the last) with the epoch, the logs and the
 * time left: the hook a progress bar hangs on.
 */
export class Progress implements Callback {
  constructor(
    private readonly report: (progress: ProgressReport) => void,
    private readonly every = 1,
  ) {}

  onEpochEnd(state: TrainingState): void {
    const done = state.epoch + 1;
    if (done % this.every !== 0 && done !== state.epochs) return;
    const perEpoch = state.elapsedMs / done;
    this.report({
      epoch: state.epoch,
      epochs: state.epochs,
      logs: state.logs,
      elapsedMs: state.elapsedMs,
      remainingMs: perEpoch * (state.epochs - done),
    });
  }
}
