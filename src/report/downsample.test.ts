import { describe, expect, it } from "vitest";
import { downsample } from "./downsample.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("downsample", () => {
  it("returns short series unchanged", () => {
    expect(downsample([0, 1, 2], [5, 4, 3], 100)).toEqual({ x: [0, 1, 2], y: [5, 4, 3] });
  });

  it("thins 30,000 epochs to about maxPoints, keeping the ends, order and extremes", () => {
    const x = range(30_000);
    const y = x.map((i) => Math.exp(-i / 3000) + 0.01 * Math.sin(i));
    y[12_345] = 9; // one divergent epoch must survive
    const out = downsample(x, y, 400);
    expect(out.x.length).toBeLessThanOrEqual(400);
    expect(out.x.length).toBeGreaterThan(350);
    expect(out.x[0]).toBe(0);
    expect(out.x[out.x.length - 1]).toBe(29_999);
    expect(out.x.every((v, i) => i === 0 || v > out.x[i - 1]!)).toBe(true);
    expect(out.x).toContain(12_345);
    expect(Math.max(...out.y)).toBe(9);
    expect(Math.min(...out.y)).toBe(Math.min(...y));
  });

  it("keeps a gap where values are missing", () => {
    const x = range(1000);
    const y = x.map((i) => (i >= 500 && i < 520 ? NaN : i));
    const out = downsample(x, y, 50);
    expect(out.y.some(Number.isNaN)).toBe(true);
  });

  it("rejects mismatched lengths and a tiny budget, saying what it expected", () => {
    expect(() => downsample([1, 2], [1], 10)).toThrow(/x and y of the same length \(2\); received y of length 1/);
    expect(() => downsample([1], [1], 2)).toThrow(/maxPoints must be an integer >= 4; received 2/);
  });
});
