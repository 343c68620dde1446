import { describe, expect, it } from "vitest";
import { RowStore } from "./row-store.js";

function fill(store: RowStore, rows: number): number[] {
  const expected: number[] = [];
  for (let i = 0; i < rows; i++) {
    const row = [i, -i, i / 2];
    store.push(row);
    expected.push(...row);
  }
  return expected;
}

describe("RowStore", () => {
  it("an exact hint: the first chunk is handed over, not copied", () => {
    const store = new RowStore(3, Float64Array, 5);
    const expected = fill(store, 5);
    const first = (store as unknown as { current: Float64Array }).current;
    const out = store.finish();
    expect(out).toBe(first);
    expect(Array.from(out)).toEqual(expected);
  });

  it("no hint, a short hint, a long hint: the rows in order, in an array of exactly their size", () => {
    for (const hint of [0, 1, 1000, 5000]) {
      const store = new RowStore(3, Float32Array, hint);
      const expected = fill(store, 3000); // several chunks without a hint (1024 rows, then more)
      expect(store.rows).toBe(3000);
      const out = store.finish();
      expect(out).toBeInstanceOf(Float32Array);
      expect(Array.from(out)).toEqual(expected.map(Math.fround));
      expect(store.rows).toBe(0);
    }
  });

  it("one-value rows (labels) and zero-width rows", () => {
    const labels = new RowStore(1, Int32Array);
    for (let i = 0; i < 2500; i++) labels.pushValue(i % 3);
    expect(Array.from(labels.finish())).toEqual(Array.from({ length: 2500 }, (_, i) => i % 3));
    const empty = new RowStore(0, Float64Array, 10);
    for (let i = 0; i < 4; i++) empty.push([]);
    expect(empty.rows).toBe(4);
    expect(empty.finish().length).toBe(0);
  });
});
