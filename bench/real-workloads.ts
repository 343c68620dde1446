/**
 * The workloads of `npm run bench -- real` (issue 17), shared by nnlab's runner (bench/real.ts) and the
 * side-by-side comparison (bench/real-compare.ts); bench/real_torch.py reads them from the meta.json
 * that `bench/real.ts --prepare` writes. See bench/real.ts for what each is.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Workload {
  name: string;
  dims: number[];
  batch: number;
  /** Rows of data: a whole epoch's for "epoch" workloads, a few batches for "step" ones. */
  rows: number;
  kind: "epoch" | "step" | "updates";
  optimizer: "adam" | "sgd";
  learningRate: number;
  /** Where the data comes from: Fashion-MNIST's training images (or random of their shape), or random. */
  data: "fashion" | "random";
  /** Seeds of its initial weights (and of its random data). */
  seed: number;
}

export const WORKLOADS: Workload[] = [
  { name: "fashion-adam", dims: [784, 256, 128, 10], batch: 128, rows: 60000, kind: "epoch", optimizer: "adam", learningRate: 1e-3, data: "fashion", seed: 300 },
  { name: "fashion-sgd", dims: [784, 256, 128, 10], batch: 128, rows: 60000, kind: "epoch", optimizer: "sgd", learningRate: 0.05, data: "fashion", seed: 300 },
  { name: "digits-adam", dims: [64, 64, 10], batch: 200, rows: 1437, kind: "epoch", optimizer: "adam", learningRate: 1e-3, data: "random", seed: 400 },
  { name: "wide-step", dims: [784, 1024, 1024, 10], batch: 128, rows: 4 * 128, kind: "step", optimizer: "sgd", learningRate: 0.01, data: "random", seed: 500 },
  { name: "narrow-step", dims: [64, 64, 64, 10], batch: 1024, rows: 4 * 1024, kind: "step", optimizer: "sgd", learningRate: 0.01, data: "random", seed: 600 },
  { name: "updates", dims: [784, 256, 128, 10], batch: 128, rows: 0, kind: "updates", optimizer: "adam", learningRate: 1e-3, data: "random", seed: 300 },
];

/** Floating-point operations of one step on a full batch: 2 per multiply-add; dX of the first layer is not computed. */
export function stepFlops(w: Workload): number {
  let macs = 0;
  for (let l = 1; l < w.dims.length; l++) macs += w.batch * w.dims[l - 1]! * w.dims[l]! * (l === 1 ? 2 : 3);
  return 2 * macs;
}

export const defaultDataDir = join(tmpdir(), "nnlab-real-bench");

