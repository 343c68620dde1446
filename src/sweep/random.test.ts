import { describe, expect, it } from "vitest";
import { NnlabError } from "../errors.js";
import { drawFromRange, parseRange, randomPoints, randomTrials, rangeAxes } from "./random.js";

/** Kolmogorov-Smirnov distance between the sample and the uniform distribution on [0, 1]. */
function ksUniform(sample: number[]): number {
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted.reduce((d, x, i) => Math.max(d, (i + 1) / sorted.length - x, x - i / sorted.length), 0);
}

describe("parseRange", () => {
  it("reads NAME=LOW..HIGH with :log and :int, aliases to spec paths", () => {
    expect(parseRange("lr=1e-4..1e-1:log")).toEqual({ name: "lr", path: "optimizer.learningRate", low: 1e-4, high: 0.1, log: true, integer: false });
    expect(parseRange("dropout=0..0.5")).toEqual({ name: "dropout", path: "dropout", low: 0, high: 0.5, log: false, integer: false });
    expect(parseRange("epochs=50..400:int")).toMatchObject({ path: "training.epochs", low: 50, high: 400, integer: true, log: false });
    expect(parseRange("model.hidden.0.units=4..64:log:int")).toMatchObject({ low: 4, high: 64, integer: true, log: true });
  });

  it("gives null for another shape, and refuses ranges that cannot be drawn from, saying why", () => {
    for (const text of ["lr", "lr=0.1", "lr=..1", "lr=0..", "lr=a..b", "lr=0..1:sqrt", "=0..1"]) expect(parseRange(text), text).toBeNull();
    expect(() => parseRange("lr=0.1..0.01")).toThrow(new NnlabError('range "lr=0.1..0.01": expected LOW below HIGH; received 0.1 and 0.01'));
    expect(() => parseRange("lambda=0..1:log")).toThrow(/expected LOW above 0 for a log scale; received 0/);
    expect(() => parseRange("epochs=1.5..4:int")).toThrow(/expected whole numbers for :int/);
  });
});

describe("random search", () => {
  const lr = parseRange("lr=1e-4..1e-1:log")!;
  const dropout = parseRange("dropout=0..0.5")!;

  it("draws a log range log-uniformly: log10(lr) is uniform on [-4, -1], a third of the points in each decade (fixed seed)", () => {
    const n = 3000;
    const draws = randomPoints([lr, dropout], n, 7).map((p) => p.lr!);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...draws)).toBeLessThanOrEqual(0.1);
    // Kolmogorov-Smirnov against the uniform law of log10(lr), at the 1% level: D < 1.63 / sqrt(n).
    const exponents = draws.map((x) => (Math.log10(x) + 4) / 3);
    expect(ksUniform(exponents)).toBeLessThan(1.63 / Math.sqrt(n));
    // Per decade: a chi-square with 2 degrees of freedom below its 1% point, 9.21.
    const decades = [0, 0, 0];
    for (const x of draws) decades[Math.min(2, Math.floor(Math.log10(x) + 4))]!++;
    const chi2 = decades.reduce((s, c) => s + (c - n / 3) ** 2 / (n / 3), 0);
    expect(chi2).toBeLessThan(9.21);
    // The same test on the linear scale fails by far: a uniform draw would put 9% below 0.01, this puts two thirds.
    expect(ksUniform(draws.map((x) => (x - 1e-4) / (0.1 - 1e-4)))).toBeGreaterThan(0.5);
    expect(draws.filter((x) => x < 0.01).length / n).toBeCloseTo(2 / 3, 1);
  });

  it("draws a linear range uniformly, and the same seed gives the same points (another seed, others)", () => {
    const n = 3000;
    const rates = randomPoints([lr, dropout], n, 7).map((p) => p.dropout!);
    expect(ksUniform(rates.map((r) => r / 0.5))).toBeLessThan(1.63 / Math.sqrt(n));
    expect(randomPoints([lr, dropout], 20, 7)).toEqual(randomPoints([lr, dropout], 20, 7));
    expect(randomPoints([lr, dropout], 20, 8)).not.toEqual(randomPoints([lr, dropout], 20, 7));
  });

  it("keeps 3 significant digits, covers integer ranges end to end, and builds validated trials", () => {
    expect(drawFromRange(lr, 0.5)).toBe(0.00316); // 10^-2.5
    expect(drawFromRange(lr, 0)).toBe(1e-4);
    const epochs = parseRange("epochs=1..3:int")!;
    expect([0, 0.34, 0.67, 0.999].map((u) => drawFromRange(epochs, u))).toEqual([1, 2, 3, 3]);
    const units = parseRange("units=4..64:log:int")!;
    expect([0, 0.999999].map((u) => drawFromRange(units, u))).toEqual([4, 64]);
    // a narrow range keeps the digits it needs and stays inside (0.3001..0.3004 drew 0.3, below it, every time)
    const narrow = parseRange("dropout=0.3001..0.3004")!;
    const drawn = [0, 0.3, 0.6, 0.999].map((u) => drawFromRange(narrow, u));
    expect(drawn).toEqual([0.3001, 0.30019, 0.30028, 0.3004]);

    const base = { name: "r", data: { source: "moons" }, optimizer: { name: "adam" } };
    const tasks = randomTrials(base, [lr, dropout], 5, 3, { specPath: "r.json" });
    expect(tasks.map((t) => t.index)).toEqual([0, 1, 2, 3, 4]);
    expect(tasks[2]!.spec.optimizer.learningRate).toBe(tasks[2]!.values.lr);
    expect(tasks[2]!.spec.dropout).toBe(tasks[2]!.values.dropout);
    const axes = rangeAxes([lr, dropout], tasks);
    expect(axes[0]!.values).toEqual(tasks.map((t) => t.values.lr).sort((a, b) => (a as number) - (b as number)));
    expect(() => randomTrials(base, [lr], 0, 1)).toThrow(/expected a whole number of points >= 1; received 0/);
  });
});
