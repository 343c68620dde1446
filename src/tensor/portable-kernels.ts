/**
 * The portable matrix kernels: plain TypeScript, any engine, either element type. They are the reference
 * the fast kernels are tested against (src/tensor/kernels.test.ts), and the fallback where WebAssembly SIMD
 * is unavailable. Layers never call these directly; src/tensor/kernels.ts chooses.
 *
 * Shapes follow the example-major layout: a batch X is [examples, inputs], Dense weights W are
 * [inputs, outputs]. Every kernel overwrites its destination.
 */
import type { Tensor } from "./tensor.js";

/** out[m,n] = a[m,k] * b[k,n]. */
export function matmul(a: Tensor, b: Tensor, out: Tensor): void {
  const m = a.rows;
  const k = a.cols;
  const n = b.cols;
  const A = a.data;
  const B = b.data;
  const C = out.data;
  C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = A[ai + p]!;
      if (aip === 0) continue; // ReLU outputs are often exactly 0
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += aip * B[bp + j]!;
    }
  }
}

/** out[m,n] = a[k,m]^T * b[k,n] (the weight gradient X^T * dZ). */
export function matmulTransA(a: Tensor, b: Tensor, out: Tensor): void {
  const k = a.rows;
  const m = a.cols;
  const n = b.cols;
  const A = a.data;
  const B = b.data;
  const C = out.data;
  C.fill(0, 0, m * n);
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const api = A[ap + i]!;
      if (api === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) C[ci + j] += api * B[bp + j]!;
    }
  }
}

/** out[m,n] = a[m,k] * b[n,k]^T (the input gradient dZ * W^T). */
export function matmulTransB(a: Tensor, b: Tensor, out: Tensor): void {
  const m = a.rows;
  const k = a.cols;
  const n = b.rows;
  const A = a.data;
  const B = b.data;
  const C = out.data;
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += A[ai + p]! * B[bj + p]!;
      C[ci + j] = sum;
    }
  }
}

/** out[i,j] += bias[0,j] for every row i. */
export function addRowVector(out: Tensor, bias: Tensor): void {
  const n = out.cols;
  const O = out.data;
  const b = bias.data;
  for (let i = 0; i < out.rows; i++) {
    const oi = i * n;
    for (let j = 0; j < n; j++) O[oi + j] += b[j]!;
  }
}

/** into[0,j] = sum over rows i of g[i,j] (the bias gradient). */
export function sumRows(g: Tensor, into: Tensor): void {
  const n = g.cols;
  const G = g.data;
  const I = into.data;
  I.fill(0, 0, n);
  for (let i = 0; i < g.rows; i++) {
    const gi = i * n;
    for (let j = 0; j < n; j++) I[j] += G[gi + j]!;
  }
}

/** out = max(z, 0) element-wise, as the course's ReLU: z > 0 ? z : 0 (so 0 for -0 and NaN). */
export function relu(z: Tensor, out: Tensor): void {
  const Z = z.data;
  const A = out.data;
  for (let i = 0; i < Z.length; i++) A[i] = Z[i]! > 0 ? Z[i]! : 0;
}

/** out = z > 0 ? g : 0 element-wise: ReLU's backward pass. */
export function reluBackward(z: Tensor, g: Tensor, out: Tensor): void {
  const Z = z.data;
  const G = g.data;
  const O = out.data;
  for (let i = 0; i < Z.length; i++) O[i] = Z[i]! > 0 ? G[i]! : 0;
}

/** w = w - alpha * g element-wise. */
export function subtractScaled(w: Tensor, g: Tensor, alpha: number): void {
  const W = w.data;
  const G = g.data;
  for (let i = 0; i < W.length; i++) W[i] -= alpha * G[i]!;
}
