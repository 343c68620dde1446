/**
 * A sweep's worker thread (started by trialThreads from the built dist/): runs the trials it is sent, one
 * at a time, and posts each result back. Data it loads stays cached for the next trials of the same data
 * (a queue worker's thread may serve several sweeps in turn: it keeps the latest one's).
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Dataset } from "../../data/dataset.js";
import { runTrial } from "../../sweep/index.js";
import { fileDataLoader } from "../file-data-loader.js";
import { useKernels } from "../native.js";
import { shippedDataLoader } from "./shipped-data.js";
import type { TrialMessage, TrialReply } from "./trial-threads.js";

useKernels((workerData as { kernels?: "auto" | "native" | "portable" } | null)?.kernels ?? "auto");

let cacheKey: string | undefined;
let cache = new Map<string, Dataset>();
parentPort!.on("message", async ({ task, data, dataKey }: TrialMessage) => {
  if (dataKey !== cacheKey) [cacheKey, cache] = [dataKey, new Map()];
  let reply: TrialReply;
  try {
    const loader = data ? shippedDataLoader(data) : fileDataLoader({ specPath: task.specPath });
    reply = { ok: true, result: await runTrial(task, { loader, cache }) };
  } catch (error) {
    reply = { ok: false, index: task.index, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
