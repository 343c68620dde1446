/**
 * The peers' benchmark data (../shared/bench/peers/prng.js describes it), regenerated here so nnlab
 * trains on the very numbers numpy, PyTorch and TensorFlow.js train on: counter-based mulberry32
 * uniforms, Box-Muller normals, He-scaled weights stored [out][in], biases 0. Same data and same
 * initial weights mean the losses after N steps must agree with theirs.
 */
import { Tensor, type DType } from "../src/index.js";

export function uniform(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  let a = seed | 0;
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return out;
}

export function normal(seed: number, n: number): Float64Array {
  const u = uniform(seed, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - u[2 * i]!)) * Math.cos(2 * Math.PI * u[2 * i + 1]!);
  return out;
}

/** He-initialized weights as nnlab's [inputs, outputs] tensors, by name W1, W2, ... */
export function heWeights(dims: number[], seed0: number, dtype: DType): Record<string, Tensor> {
  const weights: Record<string, Tensor> = {};
  for (let l = 1; l < dims.length; l++) {
    const fanIn = dims[l - 1]!;
    const fanOut = dims[l]!;
    const w = normal(seed0 + l, fanOut * fanIn);
    const scale = Math.sqrt(2 / fanIn);
    const t = Tensor.zeros(fanIn, fanOut, dtype);
    for (let o = 0; o < fanOut; o++) for (let i = 0; i < fanIn; i++) t.data[i * fanOut + o] = w[o * fanIn + i]! * scale;
    weights[`W${l}`] = t;
  }
  return weights;
}

/** w1: 211 points in [-1, 1]^2, label 1 inside r^2 < 0.5; 2-20-3-1 weights. */
export function footballLike(dtype: DType) {
  const m = 211;
  const u = uniform(1, m * 2);
  const x = Tensor.zeros(m, 2, dtype);
  const y = Tensor.zeros(m, 1, dtype);
  for (let i = 0; i < m; i++) {
    const a = u[2 * i]! * 2 - 1;
    const b = u[2 * i + 1]! * 2 - 1;
    x.data[2 * i] = a;
    x.data[2 * i + 1] = b;
    y.data[i] = a * a + b * b < 0.5 ? 1 : 0;
  }
  return { x, y, weights: heWeights([2, 20, 3, 1], 100, dtype) };
}

/** w2: 4 batches of 128 uniform 784-vectors with random labels 0..9; 784-256-128-10 weights. */
export function mnistLike(dtype: DType) {
  const batch = 128;
  const batches = 4;
  const n = batch * batches;
  const xs = uniform(7, n * 784);
  const u = uniform(8, n);
  const data = [];
  for (let k = 0; k < batches; k++) {
    const x = Tensor.zeros(batch, 784, dtype);
    x.data.set(xs.subarray(k * batch * 784, (k + 1) * batch * 784));
    const y = Tensor.zeros(batch, 1, dtype);
    for (let i = 0; i < batch; i++) y.data[i] = Math.floor(u[k * batch + i]! * 10);
    data.push({ x, y });
  }
  return { batches: data, weights: heWeights([784, 256, 128, 10], 200, dtype) };
}
