import { parentPort } from "node:worker_threads";
import type { Dataset } from "../index.js";
import { runTrial, type TrialTask } from "./sweep-trial.js";

/** A sweep worker: runs the trials it is sent, one at a time, and posts each result back. */
const cache = new Map<string, Dataset>();
parentPort!.on("message", async (task: TrialTask) => {
  try {
    parentPort!.postMessage({ ok: true, result: await runTrial(task, cache) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, index: task.index, message: (error as Error).message });
  }
});
