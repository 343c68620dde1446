/**
 * The training-step workloads themselves (see bench/train-step.ts for what each is), with no Node import,
 * so the same code runs in Node (train-step.ts) and in Chromium (browser-step.ts). Each returns the JSON
 * record that train-step.ts prints, without the runtime fields.
 */
import { checkGradients, Dense, type DType, fit, type Sequential, Sequential as Model, SGD, Tensor } from "../src/index.js";
import { matmul } from "../src/tensor/kernels.js";
import { footballLike, mnistLike } from "./peer-data.js";

export interface LoopOptions {
  reps: number;
  warmup?: number;
  iters?: number;
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/** Warm up, then `reps` timed repetitions of `iters` calls, resetting (untimed) before each. */
function timeLoop(step: () => void, reps: number, iters: number, warmup: number, reset: () => void) {
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

const tagOf = (dtype: DType) => (dtype === "float32" ? "f32" : "f64");

/** w1: football-shaped 2-20-3-1, 211 examples, one full-batch gradient-descent iteration (lr 0.3). */
export function w1(dtype: DType, { reps, warmup = 200, iters = 2000 }: LoopOptions) {
  const { x, y, weights } = footballLike(dtype);
  const model = mlp([2, 20, 3, 1], "sigmoid", dtype, 0.3);
  model.setWeights(weights);
  const reset = snapshot(model);
  let cost = NaN;
  const step = () => {
    cost = model.computeGradients(x, y);
    model.optimizer!.step(model.params());
  };
  for (let i = 0; i < warmup; i++) step();
  const atWarmup = cost;
  const us = timeLoop(step, reps, iters, 0, reset);
  // The same iteration through fit (history, accuracy, callbacks) for comparison.
  reset();
  const t0 = performance.now();
  fit(model, x, y, { epochs: iters, batchSize: "full" });
  const fitUs = ((performance.now() - t0) * 1000) / iters;
  return { workload: "w1", dtype: tagOf(dtype), us_per_iter: us, fit_us_per_iter: fitUs, loss_at_iter: { [warmup]: atWarmup, [iters]: cost } };
}

/** w2: MNIST-shaped 784-256-128-10, batch 128, softmax cross-entropy, one SGD step (lr 0.01). */
export function w2(dtype: DType, { reps, warmup = 10, iters = 50 }: LoopOptions) {
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
  for (let i = 0; i < warmup; i++) step();
  const atWarmup = cost;
  const us = timeLoop(step, reps, iters, 0, () => {
    restore();
    k = 0;
  });
  return { workload: "w2", dtype: tagOf(dtype), us_per_step: us, loss_at_step: { [warmup]: atWarmup, [iters]: cost } };
}

/**
 * w3: the square product C = A B, n x n (1024 by default), through the kernels the layers use
 * (src/tensor/kernels.ts): microseconds per product, and GFLOP/s = 2 n^3 / time.
 */
export function w3(dtype: DType, { reps, n = 1024 }: LoopOptions & { n?: number }) {
  const a = Tensor.zeros(n, n, dtype);
  const b = Tensor.zeros(n, n, dtype);
  const c = Tensor.zeros(n, n, dtype);
  for (let i = 0; i < a.size; i++) {
    a.data[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    b.data[i] = ((i * 104729) % 1000) / 1000 - 0.5;
  }
  const iters = Math.max(1, Math.round(2e7 / (n * n * n))); // about 20 ms of work per repetition at least
  const us = timeLoop(() => matmul(a, b, c), reps, iters, 1, () => {});
  return { workload: "w3", dtype: tagOf(dtype), n, us_per_call: us, gflops_median: (2 * n * n * n) / us.median / 1e3, check: c.data[12345 % c.size] };
}

/** w4: gradient check of the w1 network, two-sided, all 127 parameters, float64. */
export function w4({ reps }: LoopOptions) {
  const { x, y, weights } = footballLike("float64");
  const model = mlp([2, 20, 3, 1], "sigmoid", "float64", 0.3);
  model.setWeights(weights);
  const backprop = timeLoop(() => model.computeGradients(x, y, { mode: "eval" }), reps, 200, 50, () => {});
  let difference = NaN;
  const check = timeLoop(() => (difference = checkGradients(model, x, y, { epsilon: 1e-7 }).difference), reps, 1, 2, () => {});
  return { workload: "w4", dtype: "f64", backprop_us: backprop, gradcheck_us: check, ratio: check.median / backprop.median, rel_diff: difference };
}
