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
 * it has not. Hand-off is through a SharedArrayBuffer control block: the caller writes the arguments and
 * bumps a sequence number; the worker claims the task (compare-and-swap), or finds the caller has
 * already finished it alone and cancelled. The worker spins briefly before it sleeps in Atomics.wait,
 * since during training one product follows another within microseconds.
 */
import { Worker } from "node:worker_threads";
import { fusedMultiplyAddInUse, setWasmGemm } from "../tensor/kernels.js";
import { gemmFusedSharedWasmBase64, gemmSharedWasmBase64 } from "../tensor/wasm/gemm-bytes.js";
import { decodeBase64, type GemmHelper, instantiateGemm, type PackedGemm } from "../tensor/wasm/gemm.js";

/** Below this many multiply-adds a product stays on one thread (hand-off costs a few microseconds). */
const MIN_MULTIPLY_ADDS = 1 << 18;
/** How long (loop turns) a waiting side polls before it sleeps. */
const SPINS = 1 << 16;

// control block, Int32 slots
const SEQ = 0; // task number the caller posted (-1: exit)
const DONE = 1; // task number the worker finished
const CLAIM = 2; // 0 open, 1 the worker took the task, 2 the caller cancelled it (finished alone)
const NEXT = 3; // next column panel to take
const ARGS = 4; // f64, m, n, k, ap, bp, c, nr, bias, relu, jend

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, spins } = workerData;
const x = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  let turns = 0;
  while (Atomics.load(ctl, ${SEQ}) === seen) if (++turns > spins) Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  if (seen < 0) break;
  if (Atomics.compareExchange(ctl, ${CLAIM}, 0, 1) !== 0) continue; // the caller did it all
  seen = Atomics.load(ctl, ${SEQ}); // the task claimed (the caller cannot post another before DONE)
  const gemm = ctl[${ARGS}] ? x.gemm_f64 : x.gemm_f32;
  const m = ctl[${ARGS + 1}], n = ctl[${ARGS + 2}], k = ctl[${ARGS + 3}], ap = ctl[${ARGS + 4}], bp = ctl[${ARGS + 5}];
  const c = ctl[${ARGS + 6}], nr = ctl[${ARGS + 7}], bias = ctl[${ARGS + 8}], relu = ctl[${ARGS + 9}], jend = ctl[${ARGS + 10}];
  for (let j; (j = Atomics.add(ctl, ${NEXT}, 1) * nr) < jend; ) gemm(m, n, k, ap, bp, c, j, j + nr, bias, relu);
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
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
    let turns = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === task) return;
      if (++turns > SPINS) Atomics.wait(ctl, DONE, done, 1);
    }
  }

  stop(): void {
    Atomics.store(this.ctl, SEQ, -1);
    Atomics.notify(this.ctl, SEQ);
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
  // the same multiply-adds as one thread would run (fused or not: see kernels.useFusedMultiplyAdd)
  const bytes = decodeBase64(fusedMultiplyAddInUse() ? gemmFusedSharedWasmBase64 : gemmSharedWasmBase64);
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
  const helper = new WorkerHelper(worker, control);
  // A helper that fails (it should not) turns threading off rather than crash the program; products
  // already claimed by it would not finish, so this is a last resort, reported once.
  worker.on("error", (error) => {
    if (current === helper) stopThreads();
    console.warn(`nnlab: the matrix-product worker thread failed (${String(error)}); continuing on one thread`);
  });
  current = helper;
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
