/**
 * Who runs a sweep's trials. One small interface, so that the sweep does not care whether trials run in
 * this thread, on worker threads (nnlab/node's threadPool) or on a job queue's workers on other machines
 * (nnlab/node's queueExecutor): hand it the tasks, hear of each result as it finishes, ask it to stop.
 */
import type { Dataset } from "../data/dataset.js";
import type { DataLoader } from "../experiment/data-source.js";
import { NnlabError } from "../errors.js";
import { runTrial, type TrialResult, type TrialTask } from "./trial.js";

export interface TrialExecutor {
  /**
   * Runs the tasks, calling `onResult` with each result as it finishes (in finishing order, one call at a
   * time: the next result waits until the promise `onResult` returns has settled, so a caller that stores
   * results loses none). Resolves when every task is done, or after stop() once the running ones finished.
   * A trial that fails (bad data, a value the data cannot take) goes to `onFailure` and the others go on;
   * without `onFailure`, the run rejects with the first trial that failed (a TrialFailure, or the trial's
   * own error).
   */
  run(tasks: readonly TrialTask[], onResult: (result: TrialResult) => Promise<void> | void, onFailure?: (failure: TrialFailure) => Promise<void> | void): Promise<void>;
  /** No task starts after this; trials already running finish and are reported. */
  stop(): void;
}

/**
 * A trial that failed: where its own error could not travel (another thread, another machine), or as
 * a run hands failures to its `onFailure`.
 */
export class TrialFailure extends NnlabError {
  override name = "TrialFailure";
  constructor(
    readonly index: number,
    /** Why, in one line: what the table and the report show. */
    readonly reason: string,
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
    async run(tasks, onResult, onFailure) {
      const cache = new Map<string, Dataset>();
      for (const task of tasks) {
        if (stopping()) return;
        let result: TrialResult;
        try {
          result = await runTrial(task, { loader: options.loader, cache });
        } catch (error) {
          if (!onFailure) throw error;
          await onFailure(new TrialFailure(task.index, (error as Error).message));
          continue;
        }
        await onResult(result);
      }
    },
    stop() {
      stopped = true;
    },
  };
}
