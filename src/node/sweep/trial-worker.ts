/**
 * A sweep's worker thread (started by threadPool from the built dist/): runs the trials it is sent, one at
 * a time, and posts each result back. Data it loads stays cached for its next trials.
 */
import { parentPort } from "node:worker_threads";
import type { Dataset } from "../../data/dataset.js";
import { runTrial, type TrialTask } from "../../sweep/index.js";
import { fileDataLoader } from "../file-data-loader.js";
import type { TrialReply } from "./thread-pool.js";

const cache = new Map<string, Dataset>();
parentPort!.on("message", async (task: TrialTask) => {
  let reply: TrialReply;
  try {
    reply = { ok: true, result: await runTrial(task, { loader: fileDataLoader({ specPath: task.specPath }), cache }) };
  } catch (error) {
    reply = { ok: false, index: task.index, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
