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

type Choice = "auto" | "native" | "portable";
const started: Choice = (workerData as { kernels?: Choice } | null)?.kernels ?? "auto";

/** The kernels chosen last, and why they cannot run here (native asked for where it is not built). */
let chosen: Choice | undefined;
let unavailable: string | undefined;
function choose(kernels: Choice): void {
  if (kernels === chosen) return;
  chosen = kernels;
  unavailable = undefined;
  try {
    useKernels(kernels);
  } catch (error) {
    // useKernels changes nothing when it refuses: the kernels in use before go on
    unavailable = (error as Error).message;
  }
}
choose(started);

let cacheKey: string | undefined;
let cache = new Map<string, Dataset>();
parentPort!.on("message", async ({ task, data, dataKey, kernels }: TrialMessage) => {
  if (dataKey !== cacheKey) [cacheKey, cache] = [dataKey, new Map()];
  let reply: TrialReply;
  try {
    choose(kernels ?? started);
    // float64 gives the same bits on both paths; float32 does not, so its trial fails rather than run on others
    if (unavailable && task.spec.model.dtype === "float32") {
      throw new Error(`this trial computes on the ${chosen} kernels, as its sweep does (float32 results differ between the paths in their last bits), and they cannot run here: ${unavailable}`);
    }
    const loader = data ? shippedDataLoader(data) : fileDataLoader({ specPath: task.specPath });
    reply = { ok: true, result: await runTrial(task, { loader, cache }) };
  } catch (error) {
    reply = { ok: false, index: task.index, message: (error as Error).message };
  }
  parentPort!.postMessage(reply);
});
