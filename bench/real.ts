/**
 * Issue 17's workloads: whole training runs nobody tuned for, float32, nnlab against PyTorch on the same
 * network, initial weights, data and batch order (bench/real_torch.py reads what `--prepare` writes).
 *
 *   fashion-adam   Fashion-MNIST epoch, 784-256-128-10, Adam (lr 1e-3), batch 128 (60,000 images)
 *   fashion-sgd    the same with plain SGD (lr 0.05)
 *   digits-adam    a digits-shaped epoch: 1437 x 64, one hidden layer of 64, Adam, batch 200
 *   wide-step      one SGD step of 784-1024-1024-10, batch 128
 *   narrow-step    one SGD step of 64-64-64-10, batch 1024
 *   updates        the Adam, momentum and SGD updates alone on the Fashion network's 235,146 parameters
 *
 * Fashion-MNIST comes from Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist) where it is
 * installed, else same-shaped uniform random pixels and labels; the other workloads use random data.
 * ReLU hidden layers, softmax cross-entropy, He-normal weights from the peers' generator
 * (bench/peer-data.ts), biases 0; the rows are put in one seeded order once, so both sides see the same
 * batches.
 *
 *   npx tsx bench/real.ts --prepare [DIR]                 # write the shared inputs (default: $TMPDIR/nnlab-real-bench)
 *   npx tsx bench/real.ts fashion-adam [--kernels auto|native|portable|typescript] [--threads N] [--reps N] [--data DIR]
 *
 * Prints one JSON line: milliseconds per epoch or step (median, min, max over repetitions), the cost of
 * the first batch after training (which must agree with PyTorch's), the kernels that ran and the
 * process's peak resident memory. `npm run bench -- real` runs everything side by side (bench/real-compare.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Adam, Dense, type Optimizer, Sequential, SGD, Momentum, Tensor, Trainer } from "../src/index.js";
import { FASHION_MNIST_DIR, loadIdxDataset, useKernels, type KernelChoice } from "../src/node/index.js";
import { setKernelMode } from "../src/tensor/kernels.js";
import { heWeights, uniform } from "./peer-data.js";
import { defaultDataDir, WORKLOADS, type Workload } from "./real-workloads.js";

const f32 = (path: string) => {
  const b = readFileSync(path);
  // a large file is read into its own ArrayBuffer, 4-byte aligned (small ones may share a pool at any offset)
  return b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const i32 = (path: string) => {
  const b = readFileSync(path);
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** The data files' name: the Fashion workloads share theirs. */
const dataName = (w: Workload) => (w.data === "fashion" ? "fashion" : w.name);

/** A seeded permutation of 0..n-1 (Fisher-Yates on the peers' uniforms). */
function order(n: number, seed: number): Int32Array {
  const u = uniform(seed, n);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i]! * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Writes every workload's inputs to `dir`: x.f32 / y.i32 per data set (rows already in batch order), W<l>.f32 per network ([out][in]). */
async function prepare(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const meta: Record<string, unknown> = {};
  let fashion: { x: Float32Array; y: Int32Array; source: string } | null = null;
  for (const w of WORKLOADS) {
    if (w.kind === "updates") continue;
    const inputs = w.dims[0]!;
    let x: Float32Array;
    let y: Int32Array;
    let source = "random";
    if (w.data === "fashion") {
      if (!fashion) {
        try {
          const file = (name: string) => `${FASHION_MNIST_DIR}/${name}-ubyte.gz`;
          const data = await loadIdxDataset(file("train-images-idx3"), file("train-labels-idx1"), { dtype: "float32" });
          const xs = new Float32Array(60000 * inputs);
          const ys = new Int32Array(60000);
          const perm = order(60000, 17);
          for (let r = 0; r < 60000; r++) {
            const i = perm[r]!;
            xs.set((data.x.data as Float32Array).subarray(i * inputs, (i + 1) * inputs), r * inputs);
            ys[r] = data.y.data[i]!;
          }
          fashion = { x: xs, y: ys, source: "Fashion-MNIST training images (Debian's dataset-fashion-mnist), pixels / 255" };
        } catch {
          fashion = null;
        }
        if (!fashion) {
          const u = uniform(7, 60000 * inputs);
          const l = uniform(8, 60000);
          fashion = { x: Float32Array.from(u), y: Int32Array.from(l, (v) => Math.floor(v * 10)), source: "random uniform pixels of Fashion-MNIST's shape (dataset-fashion-mnist not installed)" };
        }
      }
      ({ x, y, source } = fashion);
    } else {
      x = Float32Array.from(uniform(w.seed + 1, w.rows * inputs));
      y = Int32Array.from(uniform(w.seed + 2, w.rows), (v) => Math.floor(v * w.dims.at(-1)!));
    }
    if (w.data === "random" || w === WORKLOADS.find((v) => v.data === "fashion")) {
      writeFileSync(join(dir, `${dataName(w)}.x.f32`), x);
      writeFileSync(join(dir, `${dataName(w)}.y.i32`), y);
    }
    const weights = heWeights(w.dims, w.seed, "float32");
    for (let l = 1; l < w.dims.length; l++) {
      const t = weights[`W${l}`]!;
      const out = new Float32Array(t.size); // [out][in], as PyTorch's Linear holds it
      for (let i = 0; i < t.rows; i++) for (let o = 0; o < t.cols; o++) out[o * t.rows + i] = t.data[i * t.cols + o]!;
      writeFileSync(join(dir, `${w.name}.W${l}.f32`), out);
    }
    meta[w.name] = { ...w, source, file: dataName(w) };
  }
  writeFileSync(join(dir, "meta.json"), JSON.stringify(meta, null, 2));
  console.log(`wrote the inputs to ${dir}`);
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s.at(-1)!, n: s.length };
}

/** Short epochs are timed 20 at a time (PyTorch's side does the same). */
const epochsPerRepetition = (rows: number) => (rows < 10000 ? 20 : 1);

function makeOptimizer(w: Workload): Optimizer {
  return w.optimizer === "adam" ? new Adam({ learningRate: w.learningRate }) : new SGD({ learningRate: w.learningRate });
}

/** The workload's network with its initial weights (read back into nnlab's [in][out] layout). */
function network(w: Workload, dir: string): Sequential {
  const layers = w.dims.slice(1).map((units, l) => new Dense({ units, activation: l === w.dims.length - 2 ? "softmax" : "relu" }));
  const model = new Sequential({ inputSize: w.dims[0]!, dtype: "float32", layers }).compile({ loss: "softmaxCrossEntropy", optimizer: makeOptimizer(w) });
  const weights: Record<string, Tensor> = {};
  for (let l = 1; l < w.dims.length; l++) {
    const [fanIn, fanOut] = [w.dims[l - 1]!, w.dims[l]!];
    const stored = f32(join(dir, `${w.name}.W${l}.f32`));
    const t = Tensor.zeros(fanIn, fanOut, "float32");
    for (let o = 0; o < fanOut; o++) for (let i = 0; i < fanIn; i++) t.data[i * fanOut + o] = stored[o * fanIn + i]!;
    weights[`W${l}`] = t;
  }
  model.setWeights(weights);
  return model;
}

function rowsOf(x: Tensor, y: Tensor, start: number, end: number): [Tensor, Tensor] {
  const c = x.cols;
  return [new Tensor(end - start, c, x.data.slice(start * c, end * c)), new Tensor(end - start, 1, y.data.slice(start, end))];
}

function run(w: Workload, dir: string, reps: number) {
  if (w.kind === "updates") return updates(reps);
  const inputs = w.dims[0]!;
  const xs = f32(join(dir, `${dataName(w)}.x.f32`));
  const x = new Tensor(xs.length / inputs, inputs, xs); // the file's bytes themselves: one copy of the data, as PyTorch's side holds
  const y = new Tensor(x.rows, 1, Float32Array.from(i32(join(dir, `${dataName(w)}.y.i32`))));
  const [firstX, firstY] = rowsOf(x, y, 0, Math.min(w.batch, x.rows));
  if (w.kind === "epoch") {
    // one untimed epoch's worth of batches to warm up (at most 40 batches), then fresh models per repetition
    const warm = network(w, dir);
    const [wx, wy] = rowsOf(x, y, 0, Math.min(x.rows, 40 * w.batch));
    new Trainer(warm, wx, wy, { epochs: 1, batchSize: w.batch, shuffle: false, stopOnDivergence: false }).run();
    const ms: number[] = [];
    let cost = NaN;
    const epochs = epochsPerRepetition(x.rows);
    for (let r = 0; r < reps; r++) {
      const model = network(w, dir);
      // the Trainer's set-up (its first cost over the whole set) is not part of an epoch: PyTorch's loop has none
      const trainer = new Trainer(model, x, y, { epochs, batchSize: w.batch, shuffle: false, stopOnDivergence: false });
      const t0 = performance.now();
      for (let e = 0; e < epochs; e++) trainer.runEpoch();
      ms.push((performance.now() - t0) / epochs);
      cost = model.computeGradients(firstX, firstY, { mode: "eval" });
    }
    return { ms_per_epoch: summary(ms), epochs_per_repetition: epochs, steps_per_epoch: Math.ceil(x.rows / w.batch), cost_after: cost };
  }
  // one step: a few batches in turn, timed in runs of 20 steps
  const batches = Array.from({ length: x.rows / w.batch }, (_, k) => rowsOf(x, y, k * w.batch, (k + 1) * w.batch));
  const model = network(w, dir);
  const params = model.params();
  const step = (k: number) => {
    const [bx, by] = batches[k % batches.length]!;
    model.computeGradients(bx, by);
    model.optimizer!.step(params);
  };
  for (let i = 0; i < 10; i++) step(i);
  const ms: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) step(i);
    ms.push((performance.now() - t0) / 20);
  }
  return { ms_per_step: summary(ms) };
}

/** The updates alone, on the Fashion network's parameter shapes, with made-up gradients. */
function updates(reps: number) {
  const shapes = [[784, 256], [1, 256], [256, 128], [1, 128], [128, 10], [1, 10]] as const;
  const out: Record<string, ReturnType<typeof summary>> = {};
  for (const [name, make] of [["adam", () => new Adam()], ["momentum", () => new Momentum()], ["sgd", () => new SGD()]] as const) {
    const params = shapes.map(([r, c], k) => ({ name: `p${k}`, role: r === 1 ? ("bias" as const) : ("weight" as const), value: Tensor.zeros(r, c, "float32"), grad: Tensor.zeros(r, c, "float32") }));
    for (const p of params) for (let i = 0; i < p.grad.size; i++) [p.grad.data[i], p.value.data[i]] = [Math.sin(i) * 0.01, Math.cos(i)];
    const optimizer = make();
    for (let i = 0; i < 30; i++) optimizer.step(params);
    const ms: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) optimizer.step(params);
      ms.push((performance.now() - t0) / 50);
    }
    out[name] = summary(ms);
  }
  return { ms_per_update: out, parameters: 235146 };
}

{
  const args = process.argv.slice(2);
  const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
  const dir = option("data", defaultDataDir);
  if (args.includes("--prepare")) {
    await prepare(args[args.indexOf("--prepare") + 1]?.startsWith("--") === false ? args[args.indexOf("--prepare") + 1]! : dir);
  } else {
    const w = WORKLOADS.find((v) => v.name === args[0]);
    if (!w) throw new Error(`expected a workload among ${WORKLOADS.map((v) => v.name).join(", ")}; received ${args[0]}`);
    const threads = Number(option("threads", "1"));
    // --kernels typescript: the TypeScript loops everywhere (the optimizers' updates as they were before issue 17)
    const typescript = option("kernels", "auto") === "typescript";
    const { path } = useKernels(typescript ? "portable" : (option("kernels", "auto") as KernelChoice), { threads });
    if (typescript) setKernelMode("portable");
    const result = run(w, dir, Number(option("reps", w.kind === "epoch" && w.data === "fashion" ? "2" : "7")));
    const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8"))[w.name];
    console.log(JSON.stringify({ peer: "nnlab", workload: w.name, kernels: typescript ? "typescript" : path, threads, node: process.version, source: meta?.source, ...result, max_rss_mb: process.resourceUsage().maxRSS / 1024 }));
  }
}
