import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { parseSpec } from "../../experiment/spec.js";
import { TrialFailure, type TrialResult, type TrialTask } from "../../sweep/index.js";
import { threadPool } from "./thread-pool.js";

/**
 * A stand-in for trial-worker.js (which exists only in the built dist/): real threads speaking the same
 * protocol, answering each task after values.ms milliseconds, failing those with values.fail.
 */
const FAKE_WORKER = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", ({ task }) => setTimeout(() => {
  if (task.values.exit) process.exit(task.values.exit);
  if (task.values.fail) parentPort.postMessage({ ok: false, index: task.index, message: "planted failure" });
  else parentPort.postMessage({ ok: true, result: { index: task.index, values: task.values, trainError: 0, devError: task.index / 10, trainLoss: 0, devLoss: 0, epochs: 1, ms: task.values.ms } });
}, task.values.ms));
`;

/** Starts fake workers and counts those started and those that exited. */
function fakeWorkers() {
  const counts = { started: 0, exited: 0 };
  const startWorker = () => {
    counts.started++;
    const worker = new Worker(FAKE_WORKER, { eval: true });
    worker.on("exit", () => counts.exited++);
    return worker;
  };
  return { counts, startWorker };
}

const tasks = (n: number, values: (i: number) => Record<string, number> = () => ({ ms: 20 })): TrialTask[] =>
  Array.from({ length: n }, (_, index) => ({ index, values: values(index), spec: {} as TrialTask["spec"] }));

describe("threadPool", () => {
  it("runs every task once on at most `workers` threads, reports results one at a time, and ends its threads", async () => {
    const { counts, startWorker } = fakeWorkers();
    const seen: number[] = [];
    let active = 0;
    let mostActive = 0;
    // Slow reporting, tasks finishing together: without one-at-a-time reporting, calls would overlap.
    await threadPool({ workers: 3, startWorker }).run(tasks(7, () => ({ ms: 5 })), async (r: TrialResult) => {
      mostActive = Math.max(mostActive, ++active);
      await new Promise((resolve) => setTimeout(resolve, 15));
      seen.push(r.index);
      active--;
    });
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(mostActive).toBe(1);
    expect(counts).toEqual({ started: 3, exited: 3 });
  });

  it("starts no thread more than there are tasks, and none for no task", async () => {
    const { counts, startWorker } = fakeWorkers();
    const seen: number[] = [];
    await threadPool({ workers: 4, startWorker }).run(tasks(2), (r) => void seen.push(r.index));
    await threadPool({ workers: 4, startWorker }).run([], () => {
      throw new Error("no result expected");
    });
    expect(seen.sort()).toEqual([0, 1]);
    expect(counts).toEqual({ started: 2, exited: 2 });
  });

  it("stop(): no task starts after it, the ones running finish and are reported", async () => {
    const { counts, startWorker } = fakeWorkers();
    const pool = threadPool({ workers: 2, startWorker });
    const seen: number[] = [];
    await pool.run(tasks(6), (r) => {
      seen.push(r.index);
      pool.stop();
    });
    // Tasks 0 and 1 were running on the two threads when the first result stopped the pool.
    expect(seen.sort()).toEqual([0, 1]);
    expect(counts).toEqual({ started: 2, exited: 2 });
  });

  it("stopWhen is polled before each task (a Ctrl-C flag)", async () => {
    const { startWorker } = fakeWorkers();
    const seen: number[] = [];
    await threadPool({ workers: 2, startWorker, stopWhen: () => seen.length >= 3 }).run(tasks(8, (i) => ({ ms: 10 + 15 * i })), (r) => void seen.push(r.index));
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.length).toBeLessThanOrEqual(4);
  });

  it("a failed trial rejects the run with a TrialFailure naming it, and the threads end", async () => {
    const { counts, startWorker } = fakeWorkers();
    const run = threadPool({ workers: 2, startWorker }).run(
      tasks(4, (i) => ({ ms: 10, fail: i === 2 ? 1 : 0 })),
      () => undefined,
    );
    await expect(run).rejects.toThrow(TrialFailure);
    await expect(run).rejects.toThrow("sweep: trial 2 failed: planted failure");
    await expect(run).rejects.toMatchObject({ index: 2 });
    expect(counts.exited).toBe(counts.started);
  });

  it("with onFailure, a failed trial is reported and the others run", async () => {
    const { counts, startWorker } = fakeWorkers();
    const seen: number[] = [];
    const failed: string[] = [];
    await threadPool({ workers: 2, startWorker }).run(
      tasks(5, (i) => ({ ms: 10, fail: i === 2 ? 1 : 0 })),
      (r) => void seen.push(r.index),
      (f) => void failed.push(f.message),
    );
    expect(seen.sort()).toEqual([0, 1, 3, 4]);
    expect(failed).toEqual(["sweep: trial 2 failed: planted failure"]);
    expect(counts.exited).toBe(counts.started);
  });

  it("a thread that ends in the middle of a trial rejects the run instead of leaving it waiting", async () => {
    const { counts, startWorker } = fakeWorkers();
    const run = threadPool({ workers: 2, startWorker }).run(tasks(3, (i) => ({ ms: 10, exit: i === 1 ? 7 : 0 })), () => undefined);
    await expect(run).rejects.toThrow("sweep: a worker thread stopped (exit code 7) before its trials were done");
    expect(counts.exited).toBe(counts.started);
  });

  it("with one worker, or from the TypeScript sources (no built worker script), runs the trials in this thread", async () => {
    const { counts, startWorker } = fakeWorkers();
    const spec = parseSpec({ data: { source: "not-built-in.csv" } });
    const loads: number[] = [];
    // The loader (used only in this thread) proves where the trial ran; its failure ends the run.
    const loader = () => {
      loads.push(loads.length);
      throw new Error("loader reached");
    };
    for (const pool of [threadPool({ workers: 1, startWorker, loader }), threadPool({ workers: 2, loader })]) {
      await expect(pool.run([{ index: 0, values: {}, spec }], () => undefined)).rejects.toThrow("loader reached");
    }
    expect(loads).toEqual([0, 1]);
    expect(counts.started).toBe(0);
  });
});
