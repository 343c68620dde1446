/**
 * Matrix products on two threads in Node: `useThreads()` starts one worker thread that shares the
 * WebAssembly kernels' memory and computes half of the column panels of every large product while the
 * calling thread computes the other half. Node-only (worker_threads, and shared WebAssembly memory, which
 * browsers allow only on cross-origin-isolated pages), hence here and not in the core.
 *
 * Determinism: the split is by output columns, so every element of C is still summed by one thread in
 * the same order as on one thread: same bits with or without threads (tested).
 *
 * Sharing is dynamic: both threads take column panels from an atomic counter, so a helper that the OS
 * wakes late (this is a 2-core machine shared with other work) costs little: the caller takes the panels
 * it has not. The hand-off (src/tensor/wasm/panel-handoff.ts) is the browser's too.
 */
import { Worker } from "node:worker_threads";
import { setWasmGemm } from "../tensor/kernels.js";
import { bySize, HELPER_LOOP, PanelHandOff, sharedGemm, SPINS } from "../tensor/wasm/panel-handoff.js";

/** The helper thread: the module on the shared memory, then the hand-off loop (src/tensor/wasm/panel-handoff.ts). */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, spins } = workerData;
const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const ctl = new Int32Array(control);
${HELPER_LOOP}
`;

let current: PanelHandOff | null = null;

/**
 * Runs large matrix products on `threads` threads (1 or 2; 1 turns threading off). Returns whether
 * threads are in use (false where shared WebAssembly memory is unavailable). Results are bit-identical.
 */
export function useThreads(threads = 2): boolean {
  stopThreads();
  if (threads < 2) return false;
  // the same multiply-adds as one thread would run (fused or not: see kernels.useFusedMultiplyAdd)
  const shared = sharedGemm();
  if (!shared) return false;
  const helper = new PanelHandOff(true);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes: shared.bytes, memory: shared.memory, control: helper.control, spins: SPINS } });
  worker.unref(); // an idle helper must not keep the process alive
  // A helper that fails (it should not) turns threading off rather than crash the program; products
  // already claimed by it would not finish, so this is a last resort, reported once.
  worker.on("error", (error) => {
    if (current === helper) stopThreads();
    console.warn(`nnlab: the matrix-product worker thread failed (${String(error)}); continuing on one thread`);
  });
  current = helper;
  shared.gemm.helper = helper;
  setWasmGemm(bySize(shared.gemm));
  return true;
}

/** Threads computing the WebAssembly products: 2 with a helper running, else 1. */
export function threadsInUse(): number {
  return current ? 2 : 1;
}

/** Back to one thread; the worker exits. */
export function stopThreads(): void {
  if (!current) return;
  current.stop();
  current = null;
  setWasmGemm(null);
}
