/**
 * nnlab's training-step benchmark, on the peers' workloads (../shared/bench/peers/README.md):
 *   w1  football-shaped 2-20-3-1, 211 examples, one full-batch gradient-descent iteration (lr 0.3)
 *   w2  MNIST-shaped 784-256-128-10, batch 128, softmax cross-entropy, one SGD step (lr 0.01)
 *   w4  gradient check of the w1 network, two-sided, all 127 parameters, float64
 * each in float32 and float64. Prints one JSON line per workload: per-call microseconds (median, min,
 * max over repetitions) and the loss after N steps, which must match the peers' `loss_at_*` values.
 *
 *   npm run bench                      # everything
 *   npm run bench -- w1 --reps 9       # one workload, more repetitions
 *   npx tsx bench/train-step.ts w2 --dtype f32   # one element type
 *   npx tsx bench/train-step.ts w2 --threads 2   # large products on two threads (Node)
 *   npx tsx bench/train-step.ts w2 --native      # products in the natively built kernels (Node)
 */
import { performance } from "node:perf_hooks";
import { checkGradients, Dense, type DType, type Sequential, Sequential as Model, SGD } from "../src/index.js";
import { useNative } from "../src/node/native.js";
import { useThreads } from "../src/node/threads.js";
import { footballLike, mnistLike } from "./peer-data.js";

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

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/** Warm up, then `reps` timed repetitions of `iters` calls, resetting (untimed) before each. */
function timeLoop(step: () => void, iters: number, warmup: number, reset: () => void) {
  for (let i = 0; i < warmup; i++) step();
  const perCall: number[] = [];
  for (let r = 0; r < reps; r++) {
    reset();
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) step();
    perCall.push(((performance.now() - t0) * 1000) / iters);
  }
  return summary(perCall);
}

function mlp(sizes: number[], output: "sigmoid" | "softmax", dtype: DType, learningRate: number): Sequential {
  const layers = sizes.slice(1).map((units, i) => new Dense({ units, activation: i === sizes.length - 2 ? output : "relu" }));
  return new Model({ inputSize: sizes[0]!, dtype, layers }).compile({
    loss: output === "sigmoid" ? "binaryCrossEntropy" : "softmaxCrossEntropy",
    optimizer: new SGD({ learningRate }),
  });
}

function snapshot(model: Sequential): () => void {
  const saved = model.params().map((p) => p.value.data.slice());
  return () => model.params().forEach((p, i) => p.value.data.set(saved[i]!));
}

// --threads 2: large products split across a worker thread (src/node/threads.ts), or with --native
// across the native kernels' OpenMP threads; --native: the natively built kernels (src/node/native.ts)
const threads = option("threads", 1);
const native = args.includes("--native");
if (native && !useNative(true, { threads })) throw new Error("native kernels not built (npm run build:native)");
if (!native && threads > 1 && !useThreads(threads)) throw new Error("threads unavailable (no shared WebAssembly memory)");
const meta = { node: process.version, peer: native ? "nnlab-native" : "nnlab", threads };

for (const dtype of ["float32", "float64"] as const) {
  const tag = dtype === "float32" ? "f32" : "f64";
  if (dtypeArg && dtypeArg !== tag) continue;
  if (wants("w1")) {
    const { x, y, weights } = footballLike(dtype);
    const model = mlp([2, 20, 3, 1], "sigmoid", dtype, 0.3);
    model.setWeights(weights);
    const reset = snapshot(model);
    let cost = NaN;
    const step = () => {
      cost = model.computeGradients(x, y);
      model.optimizer!.step(model.params());
    };
    const warmup = option("warmup", 200);
    const iters = option("iters", 2000);
    for (let i = 0; i < warmup; i++) step();
    const atWarmup = cost;
    const us = timeLoop(step, iters, 0, reset);
    // The same iteration through fit (history, accuracy, callbacks) for comparison.
    reset();
    const t0 = performance.now();
    model.fit(x, y, { epochs: iters, batchSize: "full" });
    const fitUs = ((performance.now() - t0) * 1000) / iters;
    console.log(
      JSON.stringify({ ...meta, workload: "w1", dtype: tag, us_per_iter: us, fit_us_per_iter: fitUs, loss_at_iter: { [warmup]: atWarmup, [iters]: cost } }),
    );
  }
  if (wants("w2")) {
    const { batches, weights } = mnistLike(dtype);
    const model = mlp([784, 256, 128, 10], "softmax", dtype, 0.01);
    model.setWeights(weights);
    const restore = snapshot(model);
    let k = 0;
    let cost = NaN;
    const step = () => {
      const b = batches[k++ % batches.length]!;
      cost = model.computeGradients(b.x, b.y);
      model.optimizer!.step(model.params());
    };
    const warmup = option("warmup", 10);
    const iters = option("iters", 50);
    for (let i = 0; i < warmup; i++) step();
    const atWarmup = cost;
    const us = timeLoop(step, iters, 0, () => {
      restore();
      k = 0;
    });
    console.log(JSON.stringify({ ...meta, workload: "w2", dtype: tag, us_per_step: us, loss_at_step: { [warmup]: atWarmup, [iters]: cost } }));
  }
}

if (wants("w4") && dtypeArg !== "f32") {
  const { x, y, weights } = footballLike("float64");
  const model = mlp([2, 20, 3, 1], "sigmoid", "float64", 0.3);
  model.setWeights(weights);
  const backprop = timeLoop(() => model.computeGradients(x, y, { mode: "eval" }), 200, 50, () => {});
  let difference = NaN;
  const check = timeLoop(() => (difference = checkGradients(model, x, y, { epsilon: 1e-7 }).difference), 1, 2, () => {});
  console.log(
    JSON.stringify({ ...meta, workload: "w4", dtype: "f64", backprop_us: backprop, gradcheck_us: check, ratio: check.median / backprop.median, rel_diff: difference }),
  );
}
