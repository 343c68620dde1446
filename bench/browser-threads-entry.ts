/**
 * The page side of bench/browser-threads.ts: w2 repetitions on one thread or two, alternated by the
 * caller. The worker starts once and stays (switching between the core kernels and the shared-memory
 * ones), since a fresh worker runs V8's baseline code until its kernels tier up.
 */
import { fastKernels, setWasmGemm } from "../src/tensor/kernels.js";
import { useWorkerThreads, workerPanels } from "../src/tensor/wasm/worker-threads.js";
import { w2 } from "./workloads.js";

let threaded: ReturnType<typeof fastKernels> = null;

const rep = async (dtype: "float32" | "float64", threads: number, iters: number) => {
  if (threads > 1) {
    if (!threaded) {
      if (!(await useWorkerThreads(threads))) throw new Error("useWorkerThreads declined (is the page cross-origin isolated?)");
      threaded = fastKernels();
    }
    setWasmGemm(threaded);
  } else setWasmGemm(null);
  const record = w2(dtype, { reps: 1, warmup: 5, iters });
  return { us_per_step: record.us_per_step.median, loss: record.loss_at_step[iters], panels_by_worker: workerPanels() };
};
(globalThis as unknown as { nnlabThreadsRep: typeof rep }).nnlabThreadsRep = rep;

// Loaded as a dedicated worker (browser-threads.ts --in-worker, as the playground trains): answer messages.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function") {
  globalThis.onmessage = async ({ data: [dtype, threads, iters] }: MessageEvent) => globalThis.postMessage(await rep(dtype, threads, iters));
}
