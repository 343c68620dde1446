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

  it("log with zeroBaseline: exact zeros get a labelled place below the lowest decade", () => {
    const s = makeScale("log", [0, 2e-3, 0.3, -1], [300, 0], { tickCount: 5, zeroBaseline: true });
    expect(s.accepts(0)).toBe(true);
    expect(s.accepts(-1)).toBe(false);
    expect(s.zero).toBe(300);
    expect(s.map(0)).toBe(300);
    // The decades start above the baseline, with room between them.
    expect(s.domain).toEqual([1e-3, 1]);
    expect(s.map(1e-3)).toBeLessThan(300 - 20);
    expect(s.map(1)).toBeCloseTo(0);
    expect(s.ticks[0]).toEqual({ value: 0, label: "0" });
    expect(s.ticks.slice(1).every((t) => Number.isInteger(Math.log10(t.value)))).toBe(true);
    // Only zeros: 0 is the one tick (no made-up decades).
    expect(makeScale("log", [0, 0], [300, 0], { zeroBaseline: true }).ticks.map((t) => t.label)).toEqual(["0"]);
    // Without zeros the option changes nothing; without the option 0 is still left out.
    expect(makeScale("log", [2e-3, 0.3], [300, 0], { zeroBaseline: true }).zero).toBeUndefined();
    expect(makeScale("log", [0, 2e-3], [300, 0]).accepts(0)).toBe(false);
  });

  it("integer: whole-number ticks within the values only, never a padded -1 or a 0.5", () => {
    const ticks = (values: number[]) => makeScale("linear", values, [0, 500], { tickCount: 6, integer: true }).ticks.map((t) => t.label);
    expect(ticks([0])).toEqual(["0"]);
    expect(ticks([0, 1])).toEqual(["0", "1"]);
    expect(ticks([0, 1, 2, 3, 4])).toEqual(["0", "1", "2", "3", "4"]);
    expect(ticks(Array.from({ length: 1500 }, (_, i) => i)).every((l) => Number.isInteger(Number(l)) && Number(l) <= 1499)).toBe(true);
    const one = makeScale("linear", [7], [0, 100], { integer: true });
    expect(one.map(7)).toBe(50);
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

describe("tick labels", () => {
  it("tell the ticks apart where 4 significant digits would not (a cost that barely moved read 0.6931 at every tick)", () => {
    const labels = makeScale("linear", [0.693142, 0.693148], [0, 100]).ticks.map((t) => t.label);
    expect(labels.length).toBeGreaterThan(2);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((l) => l.startsWith("0.69314"))).toBe(true);
    // the usual case keeps the usual labels
    expect(makeScale("linear", [0, 1], [0, 100]).ticks.map((t) => t.label)).toContain("0.2");
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

  it("writes every negative with the same ASCII minus, integer or not", () => {
    expect(formatNumber(-1)).toBe("-1");
    expect(formatNumber(-1.5)).toBe("-1.5");
    expect(formatNumber(-2.5e-5)).toBe("-2.5e-5");
    expect(formatNumber(-3.2e7)).toBe("-3.2e7");
    const labels = makeScale("linear", [-1.5, 1], [0, 100], { tickCount: 6 }).ticks.map((t) => t.label);
    expect(labels).toContain("-1.5");
    expect(labels).toContain("-1");
    expect(labels.join("")).not.toContain("\u2212");
  });
});
