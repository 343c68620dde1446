import type { Tensor } from "../tensor/tensor.js";

/** Each row's 53-bit hash of its bits (two 32-bit multiplicative hashes), in order: equal rows, equal keys. */
export function rowKeys(x: Tensor, each: (key: number) => void): void {
  const data = x.data;
  const words = new Uint32Array(data.buffer, data.byteOffset, (x.rows * x.cols * data.BYTES_PER_ELEMENT) / 4);
  const perRow = words.length / Math.max(1, x.rows);
  for (let i = 0; i < x.rows; i++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x9e3779b9;
    for (let k = i * perRow, end = k + perRow; k < end; k++) {
      const w = words[k]!;
      h1 = Math.imul(h1 ^ w, 16777619);
      h2 = Math.imul(h2 ^ w, 2246822519) ^ (h2 >>> 15);
    }
    each((h1 >>> 0) * 2097152 + (h2 >>> 11));
  }
}
