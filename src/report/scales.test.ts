import { describe, expect, it } from "vitest";
import { formatNumber } from "./format.js";
import { makeScale } from "./scales.js";

describe("makeScale", () => {
  it("linear: rounds the domain out to ticks and maps onto the range", () => {
    const s = makeScale("linear", [0.13, 0.71], [0, 100], { tickCount: 5 });
    expect(s.domain[0]).toBeCloseTo(0.1);
    expect(s.domain[1]).toBeCloseTo(0.8);
    expect(s.ticks.map((t) => t.label)).toEqual(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8"]);
    expect(s.map(s.domain[0])).toBe(0);
    expect(s.map(s.domain[1])).toBe(100);
  });

  it("linear: a constant series still gets a range, and no data gives [0, 1]", () => {
    const flat = makeScale("linear", [2, 2, 2], [0, 100]);
    expect(flat.domain[0]).toBeLessThan(2);
    expect(flat.domain[1]).toBeGreaterThan(2);
    expect(makeScale("linear", [NaN, Infinity], [0, 1]).domain).toEqual([0, 1]);
  });

  it("log: powers of ten, thinned over many decades; non-positive values are not drawable", () => {
    const s = makeScale("log", [3e-9, 0, -1, 40], [300, 0], { tickCount: 5 });
    // 12 decades, every other one labelled: the top is rounded out to 1e3 so that it carries a label.
    expect(s.domain).toEqual([1e-9, 1e3]);
    expect(s.ticks.length).toBeLessThanOrEqual(7);
    expect(s.ticks.at(-1)!.label).toBe("1000");
    expect(s.ticks.every((t) => Number.isInteger(Math.log10(t.value)))).toBe(true);
    expect(s.ticks[0]!.label).toBe("1e-9");
    expect(s.accepts(0)).toBe(false);
    expect(s.accepts(1e-300)).toBe(true);
    expect(s.map(1e-9)).toBe(300);
    expect(s.map(1e3)).toBeCloseTo(0);
  });

  it("log: within a decade, 1-2-5-style subdivisions", () => {
    const s = makeScale("log", [0.2, 0.9], [0, 100], { tickCount: 5 });
    expect(s.domain).toEqual([0.1, 1]);
    expect(s.ticks.length).toBeGreaterThan(2);
  });

  it("symlog: 0 and the swept values get distinct, ordered places", () => {
    const s = makeScale("symlog", [0, 0.01, 0.1, 0.7], [0, 300], { tickValues: [0, 0.01, 0.1, 0.7] });
    const at = [0, 0.01, 0.1, 0.7].map(s.map);
    expect(at[0]).toBe(0);
    expect(at[3]).toBe(300);
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThan(30);
    expect(s.ticks.map((t) => t.label)).toEqual(["0", "0.01", "0.1", "0.7"]);
  });
});

describe("formatNumber", () => {
  it("keeps 4 significant digits and uses exponents only for very small or large values", () => {
    expect(formatNumber(0.123456)).toBe("0.1235");
    expect(formatNumber(30000)).toBe("30000");
    expect(formatNumber(0.00012)).toBe("1.2e-4");
    expect(formatNumber(2.5e7)).toBe("2.5e7");
    expect(formatNumber(NaN)).toBe("-");
    expect(formatNumber(-Infinity)).toBe("-∞");
  });
});
