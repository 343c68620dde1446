/**
 * Matrix products on two threads in Node: `useThreads()` starts one worker thread that shares the
 * WebAssembly kernels' memory and computes half of the column panels of every large product while the
 * calling thread computes the other half. Node-only (worker_threads, and shared WebAssembly memory, which
 * browsers allow only on cross-origin-isolated pages), hence here and not in the core.
 *
 * Determinism: the split is by output columns, so every element of C is still summed by one thread in
 * the same order as on one thread: same bits with or without threads (tested).
 *
 * Hand-off is through a SharedArrayBuffer control block with Atomics: the caller writes the arguments and
 * bumps a sequence number; the worker spins briefly (a product follows another within microseconds during
 * training), then sleeps in Atomics.wait. The caller computes its half, then waits for the worker's.
 */
import { Worker } from "node:worker_threads";
import { setWasmGemm } from "../tensor/kernels.js";
import { gemmSharedWasmBase64 } from "../tensor/wasm/gemm-bytes.js";
import { decodeBase64, type GemmHelper, instantiateGemm } from "../tensor/wasm/gemm.js";

/** Below this many multiply-adds a product stays on one thread (hand-off costs a few microseconds). */
const MIN_MULTIPLY_ADDS = 1 << 18;
/** How long (loop turns) a waiting side polls before it sleeps. */
const SPINS = 1 << 16;

// control block (Int32 slots): 0 posted sequence, 1 finished sequence, 2 float64?, 3.. gemm arguments
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, spins } = workerData;
const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  let turns = 0;
  while (Atomics.load(ctl, 0) === seen) if (++turns > spins) Atomics.wait(ctl, 0, seen);
  seen = Atomics.load(ctl, 0);
  if (seen < 0) break;
  const gemm = ctl[2] ? x.gemm_f64 : x.gemm_f32;
  gemm(ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], 128, ctl[11]);
  Atomics.store(ctl, 1, seen);
  Atomics.notify(ctl, 1);
}
`;

class WorkerHelper implements GemmHelper {
  readonly minMultiplyAdds = MIN_MULTIPLY_ADDS;
  private readonly ctl: Int32Array;
  private sequence = 0;

  constructor(
    readonly worker: Worker,
    control: SharedArrayBuffer,
  ) {
    this.ctl = new Int32Array(control);
  }

  start(f64: boolean, m: number, n: number, k: number, ap: number, bp: number, c: number, j0: number, j1: number, bias: number): void {
    const ctl = this.ctl;
    ctl[2] = f64 ? 1 : 0;
    ctl[3] = m;
    ctl[4] = n;
    ctl[5] = k;
    ctl[6] = ap;
    ctl[7] = bp;
    ctl[8] = c;
    ctl[9] = j0;
    ctl[10] = j1;
    ctl[11] = bias;
    Atomics.store(ctl, 0, ++this.sequence);
    Atomics.notify(ctl, 0);
  }

  wait(): void {
    const ctl = this.ctl;
    const want = this.sequence;
    let turns = 0;
    for (;;) {
      const done = Atomics.load(ctl, 1);
      if (done === want) return;
      if (++turns > SPINS) Atomics.wait(ctl, 1, done, 1);
    }
  }

  stop(): void {
    Atomics.store(this.ctl, 0, -1);
    Atomics.notify(this.ctl, 0);
  }
}

let current: WorkerHelper | null = null;

/**
 * Runs large matrix products on `threads` threads (1 or 2; 1 turns threading off). Returns whether
 * threads are in use (false where shared WebAssembly memory is unavailable). Results are bit-identical.
 */
export function useThreads(threads = 2): boolean {
  stopThreads();
  if (threads < 2) return false;
  const bytes = decodeBase64(gemmSharedWasmBase64);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: 16384, shared: true });
  } catch {
    return false;
  }
  const gemm = instantiateGemm(bytes, memory);
  if (!gemm) return false;
  const control = new SharedArrayBuffer(16 * 4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bytes, memory, control, spins: SPINS } });
  worker.unref(); // an idle helper must not keep the process alive
  current = new WorkerHelper(worker, control);
  gemm.helper = current;
  setWasmGemm(gemm);
  return true;
}

/** Back to one thread; the worker exits. */
export function stopThreads(): void {
  if (!current) return;
  current.stop();
  current = null;
  setWasmGemm(null);
}
