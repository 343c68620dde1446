/**
 * How two threads share one matrix product, for Node's worker thread (src/node/threads.ts) and a page's
 * Web Worker (worker-threads.ts) alike. The caller writes the product's arguments into a control block (a
 * SharedArrayBuffer) and bumps a sequence number; the helper claims the task (compare-and-swap) or finds
 * that the caller already finished it alone and cancelled. Both then take column panels from an atomic
 * counter, so a helper the OS runs late costs at most the panel it holds, and every element of C is summed
 * by one thread in one order: the same bits as on one thread. The waiting side spins briefly before it
 * sleeps in Atomics.wait, since during training one product follows another within microseconds.
 */
import { coreWasmGemm, type FastKernels, fusedMultiplyAddInUse } from "../kernels.js";
import { gemmFusedSharedWasmBase64, gemmSharedWasmBase64 } from "./gemm-bytes.js";
import type { Tensor } from "../tensor.js";
import { ATB, decodeBase64, type GemmHelper, instantiateGemm, type PackedGemm, outOfModuleMemory, type WasmGemm } from "./gemm.js";

/** Below this many multiply-adds a product stays on one thread (the hand-off costs microseconds). */
const MIN_MULTIPLY_ADDS = 1 << 18;
/** How long (loop turns) a waiting side polls before it sleeps. */
export const SPINS = 1 << 16;

// control block, Int32 slots
const SEQ = 0; // task number the caller posted (-1: exit)
const DONE = 1; // task number the helper finished
const CLAIM = 2; // 0 open, 1 the helper took the task, 2 the caller cancelled it (finished alone)
const NEXT = 3; // next column panel to take
const HELPED = 4; // column panels the helper has computed, in all (shows it takes part)
const ARGS = 5; // f64, m, n, k, ap, bp, c, nr, bias, relu, jend
const CONTROL_BYTES = 16 * 4;

/**
 * The helper's loop as source text, to run in the helper thread with `x` (the module's exports) and `ctl`
 * (an Int32Array on the control block) and `spins` in scope; it returns when told to exit.
 */
export const HELPER_LOOP = `
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
  let panels = 0;
  for (let j; (j = Atomics.add(ctl, ${NEXT}, 1) * nr) < jend; panels++) gemm(m, n, k, ap, bp, c, j, j + nr, bias, relu);
  Atomics.add(ctl, ${HELPED}, panels);
  Atomics.store(ctl, ${DONE}, seen);
  Atomics.notify(ctl, ${DONE});
}
`;

/** The caller's side: posts each large product to the helper and computes panels itself meanwhile. */
export class PanelHandOff implements GemmHelper {
  readonly minMultiplyAdds = MIN_MULTIPLY_ADDS;
  readonly control = new SharedArrayBuffer(CONTROL_BYTES);
  private readonly ctl = new Int32Array(this.control);
  private sequence = 0;

  /** `canSleep`: whether this thread may block in Atomics.wait (not a page's main thread, which may only spin). */
  constructor(private readonly canSleep: boolean) {}

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
    const task = ++this.sequence;
    // SEQ before the claim reopens: a helper still holding the previous task number (it read SEQ, then
    // the OS paused it while this thread finished that task alone and cancelled it) can only claim once
    // SEQ already names this task, so its re-read finds this task and its DONE is this task's. The other
    // order let it claim this task under the old number and report it done as the old one: a deadlock.
    Atomics.store(ctl, SEQ, task);
    Atomics.store(ctl, CLAIM, 0);
    Atomics.notify(ctl, SEQ);
    for (let j; (j = Atomics.add(ctl, NEXT, 1) * nr) < jend; ) gemm(m, n, k, ap, bp, c, j, j + nr, bias, relu);
    if (Atomics.compareExchange(ctl, CLAIM, 0, 2) === 0) return; // the helper never started: all done here
    // the helper holds one panel at most
    let turns = 0;
    for (;;) {
      const done = Atomics.load(ctl, DONE);
      if (done === task) return;
      if (this.canSleep && ++turns > SPINS) Atomics.wait(ctl, DONE, done, 1);
    }
  }

  /** Column panels the helper has computed since it started. */
  panels(): number {
    return Atomics.load(this.ctl, HELPED);
  }

  /** Tells the helper to exit. */
  stop(): void {
    Atomics.store(this.ctl, SEQ, -1);
    Atomics.notify(this.ctl, SEQ);
  }
}

/**
 * A shared memory reserves its maximum up front, so it is capped (1 GiB, the module's declared maximum);
 * a product that needs more runs on the core's memory, which grows to the engine's limit (see bySize).
 */
const SHARED_MAXIMUM_PAGES = 16384;

/**
 * The kernels' module on shared memory, for a caller and its helper: the bytes the helper compiles
 * (fused or not, as the calling thread's kernels are: see useFusedMultiplyAdd), the memory, and the
 * caller's instance. Null where shared WebAssembly memory is unavailable.
 */
export function sharedGemm(maximumPages = SHARED_MAXIMUM_PAGES): { bytes: Uint8Array; memory: WebAssembly.Memory; gemm: WasmGemm } | null {
  const bytes = decodeBase64(fusedMultiplyAddInUse() ? gemmFusedSharedWasmBase64 : gemmSharedWasmBase64);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: 1, maximum: maximumPages, shared: true });
  } catch {
    return null;
  }
  const gemm = instantiateGemm(bytes, memory);
  return gemm ? { bytes, memory, gemm } : null;
}

/**
 * The kernels to install with a helper thread: products large enough to share on the shared-memory
 * instance, everything else on the core's own instance. Products on the shared memory ran slower where
 * no helper took part (Node 20: a 32x64x64 forward and weight-gradient pair 34 us against 30 us on the
 * core's memory; the playground in Chromium trained digits with 64 units 13-18% slower), so only the
 * products a helper shares pay for it. Same kernels on both, summing in the same order: same bits.
 */
export function bySize(shared: WasmGemm): FastKernels {
  const core = coreWasmGemm() ?? shared;
  const f64 = (t: Tensor) => t.data instanceof Float64Array;
  return {
    product(form, a, b, out, bias, reluOut, sums) {
      const k = form === ATB ? a.rows : a.cols;
      // the same test as the shared instance's own (a row of column sums is a row of the product)
      const shares = shared.shares(f64(out), out.rows + (sums ? 1 : 0), out.cols, k);
      // a product the shared memory cannot hold runs on the core's, one thread, same bits (the TypeScript
      // kernels it fell through to round float32 otherwise: two threads changed the bits, 7x slower)
      if (shares) {
        try {
          return shared.product(form, a, b, out, bias, reluOut, sums);
        } catch (error) {
          if (!outOfModuleMemory(error)) throw error;
        }
      }
      return core.product(form, a, b, out, bias, reluOut, sums);
    },
    denseBackward(x, z, g, w, dW, db, dX) {
      // two products: dW with db (x^T gradZ plus a row of sums), then dX (gradZ w^T) if asked for
      const shares = shared.shares(f64(x), x.cols + 1, g.cols, x.rows) || (dX !== null && shared.shares(f64(x), x.rows, x.cols, g.cols));
      if (shares) {
        try {
          return shared.denseBackward(x, z, g, w, dW, db, dX);
        } catch (error) {
          if (!outOfModuleMemory(error)) throw error; // on the core's memory, as above
        }
      }
      return core.denseBackward(x, z, g, w, dW, db, dX);
    },
    reluBackward: (z, g, out) => core.reluBackward(z, g, out),
    subtractScaled: (w, g, alpha) => core.subtractScaled(w, g, alpha),
  };
}

