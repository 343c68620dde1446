/**
 * The portable kernels again, for one element type. V8 compiles element access for the array types a
 * function has seen; one function fed both float32 and float64 arrays runs polymorphic and several times
 * slower on the small products where call overhead dominates. So each element type gets its own copy:
 * small-kernels-f32.ts and small-kernels-f64.ts differ only in the array type (a test keeps them in step).
 * Same arithmetic, same order as portable-kernels.ts, so results are bit-identical to it.
 */

/** C[m,n] = A[m,k] * B[k,n]. */
export function matmul(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
  C.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    const ai = i * k;
    for (let p = 0; p < k; p++) {
      const aip = A[ai + p]!;
      if (aip === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += aip * B[bp + j]!;
    }
  }
}

/** C[m,n] = A[k,m]^T * B[k,n]. */
export function matmulTransA(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
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

/** C[m,n] = A[m,k] * B[n,k]^T. */
export function matmulTransB(A: Float32Array, B: Float32Array, C: Float32Array, m: number, k: number, n: number): void {
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

/** O[i,j] += b[j] for each of the `rows` rows of width n. */
export function addRowVector(O: Float32Array, b: Float32Array, rows: number, n: number): void {
  for (let i = 0; i < rows; i++) {
    const oi = i * n;
    for (let j = 0; j < n; j++) O[oi + j] += b[j]!;
  }
}

/** I[j] = sum over the `rows` rows of G[i,j]. */
export function sumRows(G: Float32Array, I: Float32Array, rows: number, n: number): void {
  I.fill(0, 0, n);
  for (let i = 0; i < rows; i++) {
    const gi = i * n;
    for (let j = 0; j < n; j++) I[j] += G[gi + j]!;
  }
}
