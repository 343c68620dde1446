/** The typed arrays a RowStore can hold. */
export type RowStoreArray = Float64Array | Float32Array | Int32Array;

type RowStoreConstructor = { new (length: number): RowStoreArray };

/** Without a size hint, chunks start at this many rows and grow to at most MAX_CHUNK_ROWS. */
const MIN_CHUNK_ROWS = 1024;
const MAX_CHUNK_ROWS = 65_536;

/**
 * Rows of `cols` numbers appended one at a time, kept in typed-array chunks rather than one array that
 * doubles: doubling touches up to twice the data and copies it at every step, while a chunk is
 * written once and copied once, into the exact-size array `finish` returns. With `expectedRows` right
 * (a CSV's line count), the first chunk is that array and nothing is copied at all: the data sits in
 * memory once. A wrong hint costs only a copy.
 */
export class RowStore {
  readonly cols: number;
  private readonly type: RowStoreConstructor;
  private chunks: RowStoreArray[] = [];
  private current: RowStoreArray;
  /** Values written in `current`. */
  private used = 0;
  private count = 0;

  constructor(cols: number, type: RowStoreConstructor, expectedRows = 0) {
    this.cols = cols;
    this.type = type;
    this.current = new type((expectedRows > 0 ? expectedRows : MIN_CHUNK_ROWS) * cols);
  }

  get rows(): number {
    return this.count;
  }

  /** Appends one row: the first `cols` values of `row`. */
  push(row: ArrayLike<number>): void {
    const cols = this.cols;
    if (this.used + cols > this.current.length) this.nextChunk();
    const target = this.current;
    const at = this.used;
    for (let k = 0; k < cols; k++) target[at + k] = row[k]!;
    this.used = at + cols;
    this.count++;
  }

  /** Appends one value to a one-column store (labels), without a row array. */
  pushValue(value: number): void {
    if (this.used + this.cols > this.current.length) this.nextChunk();
    this.current[this.used] = value;
    this.used += this.cols;
    this.count++;
  }

  /** Every row, as one array of exactly rows * cols values; the store is empty afterwards. */
  finish(): RowStoreArray {
    const length = this.count * this.cols;
    let out: RowStoreArray;
    if (this.chunks.length === 0 && this.current.length === length) {
      out = this.current; // the hint was exact: hand the chunk over
    } else {
      out = new this.type(length);
      let at = 0;
      for (const chunk of this.chunks) {
        out.set(chunk, at);
        at += chunk.length;
      }
      out.set(this.current.subarray(0, this.used), at);
    }
    this.chunks = [];
    this.current = new this.type(0);
    this.used = 0;
    this.count = 0;
    return out;
  }

  private nextChunk(): void {
    // A chunk is only left when full (its length is a multiple of cols).
    if (this.used > 0) this.chunks.push(this.current);
    const rows = Math.min(MAX_CHUNK_ROWS, Math.max(MIN_CHUNK_ROWS, this.count));
    this.current = new this.type(rows * this.cols);
    this.used = 0;
  }
}
