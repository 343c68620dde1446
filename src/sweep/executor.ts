/**
 * Who runs a sweep's trials. One small interface, so that the sweep does not care whether trials run in
 * this thread, on worker threads (nnlab/node's threadPool) or, later, on a job queue's workers: hand it
 * the tasks, hear of each result as it finishes, ask it to stop.
 */
import type { Dataset } from "../data/dataset.js";
import type { DataLoader } from "../experiment/data-source.js";
import { NnlabError } from "../errors.js";
import { runTrial, type TrialResult, type TrialTask } from "./trial.js";

export interface TrialExecutor {
  /**
   * Runs the tasks, calling `onResult` with each result as it finishes (in finishing order, one call at a
   * time: the next result waits until the promise `onResult` returns has settled, so a caller that stores
   * results loses none). Resolves when every task is done, or after stop() once the running ones finished;
   * rejects with the first trial that failed (a TrialFailure, or the trial's own error).
   */
  run(tasks: readonly TrialTask[], onResult: (result: TrialResult) => Promise<void> | void): Promise<void>;
  /** No task starts after this; trials already running finish and are reported. */
  stop(): void;
}

/** A trial that failed where its own error could not travel (another thread, another machine). */
export class TrialFailure extends NnlabError {
  override name = "TrialFailure";
  constructor(
    readonly index: number,
    reason: string,
  ) {
    super(`sweep: trial ${index} failed: ${reason}`);
  }
}

export interface SerialExecutorOptions {
  /** Loads data that is not built in (see runTrial). */
  loader?: DataLoader;
  /** Polled before each trial starts, besides stop(): e.g. a Ctrl-C flag. */
  stopWhen?: () => boolean;
}

/** Runs the trials one after another in this thread (in a browser, too), loading each dataset once. */
export function serialExecutor(options: SerialExecutorOptions = {}): TrialExecutor {
  let stopped = false;
  const stopping = () => stopped || (options.stopWhen?.() ?? false);
  return {
    async run(tasks, onResult) {
      const cache = new Map<string, Dataset>();
      for (const task of tasks) {
        if (stopping()) return;
        await onResult(await runTrial(task, { loader: options.loader, cache }));
      }
    },
    stop() {
      stopped = true;
    },
  };
}
