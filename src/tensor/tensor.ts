import { fail, failReceived, NnlabError } from "../errors.js";

/** Element type of a model: every tensor of one model shares it. */
export type DType = "float32" | "float64";
export type TypedArray = Float32Array | Float64Array;

export function allocate(dtype: DType, length: number): TypedArray {
  return dtype === "float64" ? new Float64Array(length) : new Float32Array(length);
}

export function checkDType(where: string, dtype: unknown): DType {
  if (dtype !== "float32" && dtype !== "float64") fail(where, 'dtype must be "float32" or "float64"', dtype);
  return dtype;
}

/**
 * A dense 2-D matrix, row-major, example-major: a batch is [examples, features] and row i is
 * example i. nnlab's networks only need matrices, so there is no general n-d shape here; an image is
 * a flattened row.
 */
export class Tensor {
  readonly rows: number;
  readonly cols: number;
  readonly data: TypedArray;

  constructor(rows: number, cols: number, data: TypedArray) {
    // Tensor.zeros(2.5, 2) made a tensor of 2.5 rows; zeros(-1, 2) a RangeError from the typed array
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new NnlabError(`Tensor: rows and cols must be non-negative integers; received ${rows} and ${cols}`);
    }
    if (data.length !== rows * cols) {
      throw new NnlabError(
        `Tensor: data length must equal rows * cols = ${rows} * ${cols} = ${rows * cols}; received ${data.length}`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? "float64" : "float32";
  }

  get size(): number {
    return this.data.length;
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  static zeros(rows: number, cols: number, dtype: DType = "float64"): Tensor {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new NnlabError(`Tensor.zeros: rows and cols must be non-negative integers; received ${rows} and ${cols}`);
    }
    return new Tensor(rows, cols, allocate(dtype, rows * cols));
  }

  /** From nested rows: `Tensor.from2D([[1, 2], [3, 4]])` is 2 examples of 2 features. */
  static from2D(values: ArrayLike<ArrayLike<number>>, dtype: DType = "float64"): Tensor {
    if (!values || typeof values !== "object" || typeof values.length !== "number") fail("Tensor.from2D", "an array of rows (arrays of numbers)", values);
    const rows = values.length;
    const cols = rows === 0 ? 0 : values[0]!.length;
    const t = Tensor.zeros(rows, cols, dtype);
    for (let i = 0; i < rows; i++) {
      const row = values[i]!;
      if (row.length !== cols) {
        failReceived("Tensor.from2D", `every row must have ${cols} values (like row 0)`, `${row.length} values in row ${i}`);
      }
      for (let j = 0; j < cols; j++) t.data[i * cols + j] = row[j]!;
    }
    return t;
  }

  /** A column vector [n, 1], for example labels. */
  static column(values: ArrayLike<number>, dtype: DType = "float64"): Tensor {
    const t = Tensor.zeros(values.length, 1, dtype);
    for (let i = 0; i < values.length; i++) t.data[i] = values[i]!;
    return t;
  }

  get(row: number, col: number): number {
    return this.data[row * this.cols + col]!;
  }

  set(row: number, col: number, value: number): void {
    this.data[row * this.cols + col] = value;
  }

  /** A copy, optionally converted to another dtype. */
  clone(dtype: DType = this.dtype): Tensor {
    const out = Tensor.zeros(this.rows, this.cols, dtype);
    out.data.set(this.data);
    return out;
  }

  /** A [rows, cols] matrix with the rows and columns swapped. */
  transpose(): Tensor {
    const out = Tensor.zeros(this.cols, this.rows, this.dtype);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) out.data[j * this.rows + i] = this.data[i * this.cols + j]!;
    }
    return out;
  }

  /** The rows at `indices`, in that order, as a new tensor. */
  gatherRows(indices: ArrayLike<number>): Tensor {
    const out = Tensor.zeros(indices.length, this.cols, this.dtype);
    gatherRowsInto(this, indices, 0, indices.length, out);
    return out;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  toString(): string {
    return `Tensor(${this.rows}x${this.cols}, ${this.dtype})`;
  }
}

/** Rows [start, end) of x as a tensor that shares x's memory (no copy). */
export function rowView(x: Tensor, start: number, end: number): Tensor {
  return new Tensor(end - start, x.cols, x.data.subarray(start * x.cols, end * x.cols));
}

/** Copies rows indices[start..end) of `source` into the first rows of `into` (no buffer allocated). */
export function gatherRowsInto(
  source: Tensor,
  indices: ArrayLike<number>,
  start: number,
  end: number,
  into: Tensor,
): void {
  const cols = source.cols;
  const src = source.data;
  const dst = into.data;
  if (cols >= 16) {
    // block copies, one per run of consecutive rows (a whole batch when the order is not shuffled): a
    // batch of 128 Fashion-MNIST rows took 0.4 ms element by element, a quarter of a native training
    // step, and 0.1 ms row by row (measured on a busy machine); set() converts between element types
    // as assignment does
    for (let k = start; k < end; ) {
      const first = indices[k]!;
      let next = k + 1;
      while (next < end && indices[next] === first + (next - k)) next++;
      dst.set(src.subarray(first * cols, (first + next - k) * cols), (k - start) * cols);
      k = next;
    }
    return;
  }
  for (let k = start; k < end; k++) {
    const from = indices[k]! * cols;
    const to = (k - start) * cols;
    for (let j = 0; j < cols; j++) dst[to + j] = src[from + j]!;
  }
}

/** Throws unless `t` has the given shape; `what` names the tensor in the message. */
export function checkShape(where: string, what: string, t: Tensor, rows: number | null, cols: number | null): void {
  if ((rows !== null && t.rows !== rows) || (cols !== null && t.cols !== cols)) {
    const want = `[${rows ?? "any"}, ${cols ?? "any"}]`;
    throw new NnlabError(`${where}: ${what} must have shape ${want}; received [${t.rows}, ${t.cols}]`);
  }
}

/**
 * Throws at the first NaN or infinite entry, naming its row and column. Every fit and evaluation checks its
 * inputs, so the common case (all finite) is one pass of x * 0 sums: 0 for every finite x, NaN for NaN and
 * for +-Infinity; four sums keep the additions independent (47 million float32 values, as many as the
 * Fashion-MNIST training pixels, with float64 arrays also passing through: 29 ms against 56 for the
 * element-by-element Number.isFinite loop, Node 20). Only a non-finite total looks for the entry.
 */
export function checkFinite(where: string, what: string, t: Tensor): void {
  const d = t.data;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const whole = d.length - (d.length % 4);
  for (let i = 0; i < whole; i += 4) {
    s0 += d[i]! * 0;
    s1 += d[i + 1]! * 0;
    s2 += d[i + 2]! * 0;
    s3 += d[i + 3]! * 0;
  }
  let total = s0 + s1 + s2 + s3;
  for (let i = whole; i < d.length; i++) total += d[i]! * 0;
  if (total === 0) return;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i]!)) {
      const row = Math.floor(i / t.cols);
      const col = i % t.cols;
      throw new NnlabError(
        `${where}: ${what} must contain only finite numbers; received ${d[i]} at row ${row}, column ${col} (clean or impute the data first)`,
      );
    }
  }
}
