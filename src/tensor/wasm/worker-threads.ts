/**
 * Matrix products on two threads in a browser: `useWorkerThreads()` starts one Web Worker that shares
 * the WebAssembly kernels' memory and computes some of the column panels of every large product while
 * the page's thread computes the rest. The browser counterpart of src/node/threads.ts (same hand-off
 * protocol), for pages that are cross-origin isolated (served with `Cross-Origin-Opener-Policy:
 * same-origin` and `Cross-Origin-Embedder-Policy: require-corp`): only those may share memory.
 *
 * Determinism: the split is by output columns, so every element of C is summed by one thread in the same
 * order as on one thread: same bits with or without the worker (tested in Chromium).
 *
 * Differences from Node: a page's main thread may not block (Atomics.wait throws there), so there it
 * spins while the helper finishes a panel it took; called from a worker (the playground trains in one),
 * it spins briefly and then sleeps as Node does, which on a busy machine lets the OS run the helper
 * sooner. The helper is started from a Blob URL (no file to serve) and compiles the module itself
 * (workers have no size limit on synchronous compilation). Sharing is dynamic (an atomic panel
 * counter), so a helper the OS runs late costs at most the panel it holds.
 */
import { setWasmGemm } from "../kernels.js";
import { bySize, HELPER_LOOP, PanelHandOff, sharedGemm, SPINS } from "./panel-handoff.js";

/** The Web Worker: the module on the shared memory, then the hand-off loop (panel-handoff.ts). */
const WORKER_SOURCE = `
onmessage = ({ data: { bytes, memory, control, spins } }) => {
  const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const ctl = new Int32Array(control);
  postMessage("ready");
  ${HELPER_LOOP}
  close();
};
`;

let current: PanelHandOff | null = null;
/** Calls of useWorkerThreads so far: a call whose worker becomes ready after a later call started gives way. */
let calls = 0;

/**
 * Runs large matrix products on two threads (threads < 2 turns that off) in a cross-origin-isolated
 * page. Resolves to whether the worker runs (false where shared memory or workers are unavailable), once
 * it is ready. Results are bit-identical to one thread's. Call useFusedMultiplyAdd before this, if at
 * all: the worker runs the kernels chosen then.
 */
export async function useWorkerThreads(threads = 2): Promise<boolean> {
  stopWorkerThreads();
  const call = ++calls;
  if (threads < 2) return false;
  if (typeof Worker !== "function" || typeof SharedArrayBuffer !== "function" || !(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return false;
  const shared = sharedGemm();
  if (!shared) return false;
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  // a page's main thread may not block in Atomics.wait: there the caller only spins
  const helper = new PanelHandOff(typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function");
  const ready = await new Promise<boolean>((resolve) => {
    worker.onmessage = () => resolve(true);
    worker.onerror = () => resolve(false);
    worker.postMessage({ bytes: shared.bytes, memory: shared.memory, control: helper.control, spins: SPINS });
  });
  if (!ready || call !== calls) {
    // failed, or a later call (or stopWorkerThreads) came while this worker started: it must not linger
    helper.stop();
    worker.terminate();
    return false;
  }
  // A worker that fails later (it should not) turns threading off: products go on, on the page's thread.
  worker.onerror = () => {
    if (current === helper) stopWorkerThreads();
  };
  current = helper;
  shared.gemm.helper = helper;
  setWasmGemm(bySize(shared.gemm));
  return true;
}

/** Back to one thread; the worker exits. */
export function stopWorkerThreads(): void {
  calls++; // a call still waiting for its worker gives way
  if (!current) return;
  current.stop();
  current = null;
  setWasmGemm(null);
}

/** Column panels the worker has computed since it started (0 without one): shows it takes part. */
export function workerPanels(): number {
  return current ? current.panels() : 0;
}
