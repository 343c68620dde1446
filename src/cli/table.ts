import { oneLine } from "../index.js";

/** A plain-text table with aligned columns, for terminals; every cell is kept to one line (oneLine). */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : oneLine(c))));
  const head = header.map(oneLine);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // a whole number prints whole where it is exact (counts, supports, sizes of any data set); beyond 2^53, in
  // powers of ten like other numbers (a diverged cost of 3.408e19, integral in floating point, printed as
  // 34080000000000000000 beside 3.774e+99)
  if (Number.isSafeInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(2);
}

export { percent } from "../index.js";
