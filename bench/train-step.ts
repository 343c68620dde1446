/**
 * nnlab's training-step benchmark, on the peers' workloads (../shared/bench/peers/README.md):
 *   w1  football-shaped 2-20-3-1, 211 examples, one full-batch gradient-descent iteration (lr 0.3)
 *   w2  MNIST-shaped 784-256-128-10, batch 128, softmax cross-entropy, one SGD step (lr 0.01)
 *   w3  the square matrix product C = A B, 1024 x 1024 (--n), microseconds per product and GFLOP/s
 *   w4  gradient check of the w1 network, two-sided, all 127 parameters, float64
 * each in float32 and float64. Prints one JSON line per workload: per-call microseconds (median, min,
 * max over repetitions) and the loss after N steps, which must match the peers' `loss_at_*` values.
 *
 *   npm run bench                      # everything
 *   npm run bench -- w1 --reps 9       # one workload, more repetitions
 *   npx tsx bench/train-step.ts w2 --dtype f32   # one element type
 *   npx tsx bench/train-step.ts w2 --threads 2   # large products on two threads (Node)
 *   npx tsx bench/train-step.ts w2 --native      # products in the natively built kernels (Node)
 *   npx tsx bench/train-step.ts w2 --strict      # no fused float32 multiply-adds (relaxed SIMD)
 * The workloads themselves are in bench/workloads.ts (shared with bench/browser-step.ts).
 */
import { fusedMultiplyAddInUse, useFusedMultiplyAdd } from "../src/index.js";
import { useNative } from "../src/node/native.js";
import { useThreads } from "../src/node/threads.js";
import { w1, w2, w3, w4 } from "./workloads.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const chosen = args.filter((a) => /^w\d$/.test(a));
const wants = (w: string) => chosen.length === 0 || chosen.includes(w);
const reps = option("reps", 7);
// One element type per process (as the peers run), so neither dtype's timing carries the other's JIT state.
const dtypeArg = args.includes("--dtype") ? args[args.indexOf("--dtype") + 1] : null;
const warmupArg = args.includes("--warmup") ? { warmup: option("warmup", 0) } : {};
const itersArg = args.includes("--iters") ? { iters: option("iters", 0) } : {};

// --strict: no fused float32 multiply-adds even where the engine has relaxed SIMD
if (args.includes("--strict")) useFusedMultiplyAdd(false);
// --threads 2: large products split across a worker thread (src/node/threads.ts), or with --native
// across the native kernels' OpenMP threads; --native: the natively built kernels (src/node/native.ts)
const threads = option("threads", 1);
const native = args.includes("--native");
if (native && !useNative(true, { threads })) throw new Error("native kernels not built (npm run build:native)");
if (!native && threads > 1 && !useThreads(threads)) throw new Error("threads unavailable (no shared WebAssembly memory)");
const meta = { node: process.version, peer: native ? "nnlab-native" : "nnlab", threads, fused: fusedMultiplyAddInUse() };

for (const dtype of ["float32", "float64"] as const) {
  if (dtypeArg && dtypeArg !== (dtype === "float32" ? "f32" : "f64")) continue;
  if (wants("w1")) console.log(JSON.stringify({ ...meta, ...w1(dtype, { reps, ...warmupArg, ...itersArg }) }));
  if (wants("w2")) console.log(JSON.stringify({ ...meta, ...w2(dtype, { reps, ...warmupArg, ...itersArg }) }));
  if (wants("w3")) console.log(JSON.stringify({ ...meta, ...w3(dtype, { reps, n: option("n", 1024) }) }));
}
if (wants("w4") && dtypeArg !== "f32") console.log(JSON.stringify({ ...meta, ...w4({ reps }) }));
