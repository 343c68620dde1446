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
import { fusedMultiplyAddInUse, setWasmGemm } from "../kernels.js";
import { gemmFusedSharedWasmBase64, gemmSharedWasmBase64 } from "./gemm-bytes.js";
import { decodeBase64, type GemmHelper, instantiateGemm, type PackedGemm } from "./gemm.js";

/** Below this many multiply-adds a product stays on one thread (the hand-off costs microseconds). */
const MIN_MULTIPLY_ADDS = 1 << 18;
/** How long (loop turns) the waiting worker polls before it sleeps. */
const SPINS = 1 << 16;

// control block, Int32 slots
const SEQ = 0; // task number the page posted (-1: exit)
const DONE = 1; // task number the worker finished
const CLAIM = 2; // 0 open, 1 the worker took the task, 2 the page cancelled it (finished alone)
const NEXT = 3; // next column panel to take
const HELPED = 4; // column panels the worker has computed, in all (to show it takes part)
const ARGS = 5; // f64, m, n, k, ap, bp, c, nr, bias, relu, jend

const WORKER_SOURCE = `
onmessage = ({ data: { bytes, memory, control, spins } }) => {
  const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const ctl = new Int32Array(control);
  postMessage("ready");
  let seen = 0;
  for (;;) {
    let turns = 0;
    while (Atomics.load(ctl, ${SEQ}) === seen) if (++turns > spins) Atomics.wait(ctl, ${SEQ}, seen);
    seen = Atomics.load(ctl, ${SEQ});
    if (seen < 0) break;
    if (Atomics.compareExchange(ctl, ${CLAIM}, 0, 1) !== 0) continue; // the page did it all
    seen = Atomics.load(ctl, ${SEQ}); // the task claimed (the page cannot post another before DONE)
    const gemm = ctl[${ARGS}] ? x.gemm_f64 : x.gemm_f32;
    const m = ctl[${ARGS + 1}], n = ctl[${ARGS + 2}], k = ctl[${ARGS + 3}], ap = ctl[${ARGS + 4}], bp = ctl[${ARGS + 5}];
    const c = ctl[${ARGS + 6}], nr = ctl[${ARGS + 7}], bias = ctl[${ARGS + 8}], relu = ctl[${ARGS + 9}], jend = ctl[${ARGS + 10}];
    let panels = 0;
    for (let j; (j = Atomics.add(ctl, ${NEXT}, 1) * nr) < jend; panels++) gemm(m, n, k, ap, bp, c, j, j + nr, bias, relu);
    Atomics.add(ctl, ${HELPED}, panels);
    Atomics.store(ctl, ${DONE}, seen);
    Atomics.notify(ctl, ${DONE});
  }
  close();
};
`;

class BrowserWorkerHelper implements GemmHelper {
  readonly minMultiplyAdds = MIN_MULTIPLY_ADDS;
  readonly ctl: Int32Array;
  private sequence = 0;
  /** Whether this thread may block in Atomics.wait: in a worker, not on a page's main thread. */
  private readonly canSleep = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "function";

  constructor(
    readonly worker: Worker,
    control: SharedArrayBuffer,
  ) {
    this.ctl = new Int32Array(control);
  }

  product(gemm: PackedGemm, f64: boolean, m: number, n: number, k: number, ap: number, bp: number, c: number, nr: number, bias: number, relu: number, jend: number): void {
    const ctl = this.ctl;
    ctl[ARGS] = f64 ? 1 : 0;
    ctl[ARGS + 1] = m;
    ctl[ARGS + 2] = n;
    ctl[ARGS + 3] = k;
    ctl[ARGS + 4] = ap;
    ctl[ARGS + 5] = bp;
    ctl[ARGS + 6] = c;
    ctl[ARGS + 7] = nr;
    ctl[ARGS + 8] = bias;
    ctl[ARGS + 9] = relu;
    ctl[ARGS + 10] = jend;
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, CLAIM, 0);
    const task = ++this.sequence;
    Atomics.store(ctl, SEQ, task);
    Atomics.notify(ctl, SEQ);
    for (let j; (j = Atomics.add(ctl, NEXT, 1) * nr) < jend; ) gemm(m, n, k, ap, bp, c, j, j + nr, bias, relu);
    if (Atomics.compareExchange(ctl, CLAIM, 0, 2) === 0) return; // the worker never started: all done here
    // the helper holds one panel at most; a page's main thread may not sleep, so it only spins
    let turns = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === task) return;
      if (this.canSleep && ++turns > SPINS) Atomics.wait(ctl, DONE, done, 1);
    }
  }

  stop(): void {
    Atomics.store(this.ctl, SEQ, -1);
    Atomics.notify(this.ctl, SEQ);
  }
}

let current: BrowserWorkerHelper | null = null;

/**
 * Runs large matrix products on two threads (threads < 2 turns that off) in a cross-origin-isolated
 * page. Resolves to whether the worker runs (false where shared memory or workers are unavailable), once
 * it is ready. Results are bit-identical to one thread's. Call useFusedMultiplyAdd before this, if at
 * all: the worker runs the kernels chosen then.
 */
export async function useWorkerThreads(threads = 2): Promise<boolean> {
  stopWorkerThreads();
  if (threads < 2) return false;
  if (typeof Worker !== "function" || typeof SharedArrayBuffer !== "function" || !(globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated) return false;
  const bytes = decodeBase64(fusedMultiplyAddInUse() ? gemmFusedSharedWasmBase64 : gemmSharedWasmBase64);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
  } catch {
    return false;
  }
  const gemm = instantiateGemm(bytes, memory);
  if (!gemm) return false;
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  const control = new SharedArrayBuffer(16 * 4);
  const helper = new BrowserWorkerHelper(worker, control);
  const ready = await new Promise<boolean>((resolve) => {
    worker.onmessage = () => resolve(true);
    worker.onerror = () => resolve(false);
    worker.postMessage({ bytes, memory, control, spins: SPINS });
  });
  if (!ready) {
    worker.terminate();
    return false;
  }
  // A worker that fails later (it should not) turns threading off: products go on, on the page's thread.
  worker.onerror = () => {
    if (current === helper) stopWorkerThreads();
  };
  current = helper;
  gemm.helper = helper;
  setWasmGemm(gemm);
  return true;
}

/** Back to one thread; the worker exits. */
export function stopWorkerThreads(): void {
  if (!current) return;
  current.stop();
  current = null;
  setWasmGemm(null);
}

/** Column panels the worker has computed since it started (0 without one): shows it takes part. */
export function workerPanels(): number {
  return current ? Atomics.load(current.ctl, HELPED) : 0;
}
