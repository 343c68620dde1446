/**
 * A fixed set of trial threads (trial-worker.ts), each running one trial at a time: run() waits for a free
 * thread, posts the trial and resolves with its reply. Shared by the local thread pool and a queue
 * worker, whose main thread must stay free (a trial there would stop it renewing its jobs' locks).
 */
import { Worker } from "node:worker_threads";
import type { TrialResult, TrialTask } from "../../sweep/index.js";
import type { ShippedData } from "./shipped-data.js";

/** What a trial thread is sent: the task, its data's text when that came with the trial, and whose data it is. */
export interface TrialMessage {
  task: TrialTask;
  /** The CSV text of the trial's data, when it travelled with the trial (a queue job) instead of being read from a file. */
  data?: ShippedData;
  /**
   * Names the trial's data (its content hash on a queue): trials with the same key share the loaded data.
   * A thread serving one sweep needs none; one serving many (a queue worker) keeps one sweep's data at a time.
   */
  dataKey?: string;
  /**
   * The kernels to compute this trial on (a queue job's: its sweep's path); the thread switches to them when
   * they are not the ones it runs. Default: those it was started with.
   */
  kernels?: "auto" | "native" | "portable";
}

/** What a trial thread posts back for each task. */
export type TrialReply = { ok: true; result: TrialResult } | { ok: false; index: number; message: string };

export interface TrialThreads {
  readonly size: number;
  /** Runs the trial on the next free thread; rejects only if the thread itself died (then it is replaced). */
  run(message: TrialMessage): Promise<TrialReply>;
  /** Ends every thread. */
  close(): Promise<void>;
}

/**
 * A worker thread running the (built) trial-worker, which sits beside this file in dist/, computing with
 * `kernels` (default "auto": the native kernels where they were built, as the CLI's default).
 */
export function startTrialThread(kernels: "auto" | "native" | "portable" = "auto"): Worker {
  return new Worker(new URL("./trial-worker.js", import.meta.url), { workerData: { kernels } });
}

/** Worker threads need the built JavaScript; from the TypeScript sources (tsx, vitest) there are none. */
export const builtJavaScript = !import.meta.url.endsWith(".ts");

export function trialThreads(count: number, startThread: () => Worker = startTrialThread): TrialThreads {
  const all = new Set<Worker>();
  const idle: Worker[] = [];
  const waiting: Array<(thread: Worker) => void> = [];
  let closed = false;
  const start = () => {
    const thread = startThread();
    all.add(thread);
    return thread;
  };
  const release = (thread: Worker) => {
    const next = waiting.shift();
    if (next) next(thread);
    else idle.push(thread);
  };
  for (let i = 0; i < count; i++) idle.push(start());
  return {
    size: count,
    async run(message) {
      const thread = idle.pop() ?? (await new Promise<Worker>((resolve) => waiting.push(resolve)));
      let alive = true;
      try {
        return await new Promise<TrialReply>((resolve, reject) => {
          const done = () => {
            thread.off("message", onMessage);
            thread.off("error", onError);
            thread.off("exit", onExit);
          };
          const onMessage = (reply: TrialReply) => {
            done();
            resolve(reply);
          };
          const onError = (error: Error) => {
            done();
            alive = false;
            reject(error);
          };
          // A thread that ends without an error event (process.exit in a trial) would otherwise leave the trial waiting forever.
          const onExit = (code: number) => {
            done();
            alive = false;
            reject(new Error(`sweep: a worker thread stopped (exit code ${code}) before its trials were done`));
          };
          thread.on("message", onMessage);
          thread.on("error", onError);
          thread.on("exit", onExit);
          thread.postMessage(message);
        });
      } finally {
        if (alive) release(thread);
        else if (!closed) {
          all.delete(thread);
          void thread.terminate();
          release(start());
        }
      }
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((t) => t.terminate()));
    },
  };
}
