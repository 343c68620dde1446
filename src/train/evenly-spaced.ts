/** The most training rows a cost is measured on outside the training loop (the initial cost, a check at the end). */
export const COST_SAMPLE_ROWS = 4096;

/** `count` row indices spread evenly over `m` rows (all of them when m <= count). */
export function evenlySpacedRows(m: number, count: number): Int32Array {
  const rows = Math.min(m, count);
  return Int32Array.from({ length: rows }, (_, i) => Math.floor((i * m) / rows));
}
