import { type DType, Tensor } from "./tensor.js";

/**
 * Output buffers reused across steps: a layer asks for a [rows, cols] tensor every forward pass and gets
 * the same one back while the batch size stays the same, so training allocates nothing per step. A few
 * shapes are kept (the full batch, the last partial batch, a dev set); the oldest is dropped beyond that.
 */
export class BufferCache {
  private entries: Tensor[] = [];

  constructor(private readonly capacity = 4) {}

  get(rows: number, cols: number, dtype: DType): Tensor {
    const entries = this.entries;
    for (let i = 0; i < entries.length; i++) {
      const t = entries[i]!;
      if (t.rows === rows && t.cols === cols && t.dtype === dtype) return t;
    }
    const t = Tensor.zeros(rows, cols, dtype);
    entries.push(t);
    if (entries.length > this.capacity) entries.shift();
    return t;
  }
}
