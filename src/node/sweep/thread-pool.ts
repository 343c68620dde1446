/**
 * A sweep's trials on worker threads: each thread runs one trial at a time (trial-worker.ts) and takes
 * the next when it is done, so a slow trial does not hold the others up. Implements the library's
 * TrialExecutor, as the queue executor (src/node/queue/) does for workers on other machines.
 */
import type { Worker } from "node:worker_threads";
import type { DataLoader } from "../../experiment/data-source.js";
import { serialExecutor, TrialFailure, type TrialExecutor, type TrialResult } from "../../sweep/index.js";
import { kernelsInUse } from "../native.js";
import { builtJavaScript, startTrialThread, trialThreads } from "./trial-threads.js";

export interface ThreadPoolOptions {
  /** Threads to use (at most one per task); 1 runs the trials in this thread. */
  workers: number;
  /** Loads data in this thread (with 1 worker); a worker thread reads CSV files itself (fileDataLoader). */
  loader?: DataLoader;
  /** Polled before each trial starts, besides stop(): e.g. a Ctrl-C flag. */
  stopWhen?: () => boolean;
  /** Starts one worker thread (tests hand in their own; default: the built trial-worker). */
  startWorker?: () => Worker;
}

export function threadPool(options: ThreadPoolOptions): TrialExecutor {
  let stopped = false;
  const stopping = () => stopped || (options.stopWhen?.() ?? false);
  // the threads compute with the kernels this thread uses (--kernels): a trial's bits are then nnlab train's
  const startWorker = options.startWorker ?? (builtJavaScript ? () => startTrialThread(kernelsInUse()) : undefined);
  const inThisThread = serialExecutor({ loader: options.loader, stopWhen: stopping });
  return {
    async run(tasks, onResult, onFailure) {
      if (options.workers <= 1 || !startWorker) return inThisThread.run(tasks, onResult, onFailure);
      const threads = trialThreads(Math.min(options.workers, tasks.length), startWorker);
      const queue = [...tasks];
      // Results from different threads are reported one at a time, in the order they arrive (see TrialExecutor).
      let reporting: Promise<void> = Promise.resolve();
      const report = (call: () => Promise<void> | void) => (reporting = reporting.then(call));
      let failed = false;
      const lane = async () => {
        for (let task = queue.shift(); task && !failed && !stopping(); task = queue.shift()) {
          const reply = await threads.run({ task });
          if (reply.ok) await report(() => onResult(reply.result as TrialResult));
          else {
            const failure = new TrialFailure(reply.index, reply.message);
            if (!onFailure) throw failure;
            await report(() => onFailure(failure));
          }
        }
      };
      try {
        await Promise.all(
          Array.from({ length: threads.size }, () =>
            lane().catch((error) => {
              failed = true;
              throw error;
            }),
          ),
        );
      } finally {
        await threads.close();
      }
    },
    stop() {
      stopped = true;
    },
  };
}
