/**
 * A sweep's trials on worker threads: each thread runs one trial at a time (trial-worker.ts) and takes
 * the next when it is done, so a slow trial does not hold the others up. Implements the library's
 * TrialExecutor, as a job-queue runner would.
 */
import { Worker } from "node:worker_threads";
import type { DataLoader } from "../../experiment/data-source.js";
import { serialExecutor, TrialFailure, type TrialExecutor, type TrialResult, type TrialTask } from "../../sweep/index.js";

/** What a trial worker posts back for each task. */
export type TrialReply = { ok: true; result: TrialResult } | { ok: false; index: number; message: string };

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

/** A worker thread running the (built) trial-worker, which sits beside this file in dist/. */
function startTrialWorker(): Worker {
  return new Worker(new URL("./trial-worker.js", import.meta.url));
}

/** Worker threads need the built JavaScript; from the TypeScript sources (tsx, vitest) trials run in this thread. */
const builtJavaScript = !import.meta.url.endsWith(".ts");

export function threadPool(options: ThreadPoolOptions): TrialExecutor {
  let stopped = false;
  const stopping = () => stopped || (options.stopWhen?.() ?? false);
  const startWorker = options.startWorker ?? (builtJavaScript ? startTrialWorker : undefined);
  const inThisThread = serialExecutor({ loader: options.loader, stopWhen: stopping });
  return {
    async run(tasks, onResult) {
      if (options.workers <= 1 || !startWorker) return inThisThread.run(tasks, onResult);
      const threads = Array.from({ length: Math.min(options.workers, tasks.length) }, () => startWorker());
      const queue = [...tasks];
      // Results from different threads are reported one at a time, in the order they arrive (see TrialExecutor).
      let reporting: Promise<void> = Promise.resolve();
      const report = (result: TrialResult) => (reporting = reporting.then(() => onResult(result)));
      try {
        await Promise.all(
          threads.map(
            (thread) =>
              new Promise<void>((resolve, reject) => {
                const next = () => {
                  const task = queue.shift();
                  if (!task || stopping()) return resolve();
                  thread.postMessage(task);
                };
                thread.on("message", (reply: TrialReply) => {
                  if (!reply.ok) return reject(new TrialFailure(reply.index, reply.message));
                  report(reply.result).then(next, reject);
                });
                thread.on("error", reject);
                // A thread that ends without an error event (process.exit in a trial) would otherwise leave the run waiting forever.
                thread.on("exit", (code) => reject(new Error(`sweep: a worker thread stopped (exit code ${code}) before its trials were done`)));
                next();
              }),
          ),
        );
      } finally {
        await Promise.all(threads.map((t) => t.terminate()));
      }
    },
    stop() {
      stopped = true;
    },
  };
}
