import { describe, expect, it } from "vitest";
import { classCounts } from "./dataset.js";
import { type GeneratorName, generate, generators } from "./generators.js";

describe("built-in datasets", () => {
  it.each(Object.keys(generators) as GeneratorName[])("%s: the size asked for, balanced classes, seeded", (name) => {
    const a = generate(name, { n: 240, seed: 1 });
    expect(a.x.rows).toBe(240);
    expect(a.x.cols).toBe(2);
    expect(a.x.data.every(Number.isFinite)).toBe(true);
    const counts = classCounts(a);
    expect(counts.length).toBe(a.classes!.length);
    for (const c of counts) expect(Math.abs(c - 240 / counts.length)).toBeLessThanOrEqual(1);
    expect(Array.from(generate(name, { n: 240, seed: 1 }).x.data)).toEqual(Array.from(a.x.data));
    expect(Array.from(generate(name, { n: 240, seed: 2 }).x.data)).not.toEqual(Array.from(a.x.data));
  });

  it("noise spreads the points: circles without noise lie exactly on radius 1 and 0.5", () => {
    const clean = generate("circles", { n: 100, noise: 0 });
    for (let i = 0; i < 100; i++) {
      const r = Math.hypot(clean.x.get(i, 0), clean.x.get(i, 1));
      expect(r).toBeCloseTo(clean.y.data[i] === 1 ? 0.5 : 1, 12);
    }
  });

  it("blobs and spirals take a number of classes; bad options are refused", () => {
    expect(generate("blobs", { classes: 5, n: 100 }).classes).toEqual([0, 1, 2, 3, 4]);
    expect(generate("spirals", { classes: 3, n: 90 }).task).toBe("multiclass");
    expect(() => generate("moons", { n: 0 })).toThrow("moons: n must be a positive integer; received 0");
    expect(() => generate("moons", { noise: -1 })).toThrow("moons: noise must be a finite number >= 0; received -1");
    expect(() => generate("donut" as never)).toThrow(/a dataset name among circles, moons, spirals, flower, xor, blobs, football; received "donut"/);
  });
});
