import { describe, expect, it } from "vitest";
import { classCounts } from "./dataset.js";
import { type GeneratorName, generate, generators, inputFeatures, regressionGenerators, withInputFeatures } from "./generators.js";
import { Tensor } from "../tensor/tensor.js";

describe("built-in datasets", () => {
  const classification = Object.keys(generators).filter((name) => !regressionGenerators.includes(name)) as GeneratorName[];
  it.each(classification)("%s: the size asked for, balanced classes, seeded", (name) => {
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
    expect(() => generate("donut" as never)).toThrow(/a dataset name among circles, moons, spirals, flower, xor, blobs, football, gauss, plane, gauss-mixture; received "donut"/);
  });

  it("plane and gauss-mixture are regression sets (TensorFlow Playground's), seeded, with their targets", () => {
    const p = generate("plane", { n: 200, seed: 3 });
    expect([p.task, p.classes, p.x.rows, p.x.cols]).toEqual(["regression", null, 200, 2]);
    for (let i = 0; i < 200; i++) expect(p.y.data[i]).toBeCloseTo((p.x.get(i, 0) + p.x.get(i, 1)) / 10, 12); // no noise by default
    const m = generate("gauss-mixture", { n: 400, seed: 3 });
    expect(m.task).toBe("regression");
    const ys = Array.from(m.y.data);
    expect(Math.min(...ys)).toBeLessThan(-0.5);
    expect(Math.max(...ys)).toBeGreaterThan(0.5);
    // at a bump's centre the target is its sign: (0, 2.5) is a -1 bump
    const near = ys.filter((_, i) => Math.hypot(m.x.get(i, 0), m.x.get(i, 1) - 2.5) < 0.6);
    expect(near.length).toBeGreaterThan(0);
    for (const y of near) expect(y).toBeLessThan(-0.7);
    expect(Array.from(generate("gauss-mixture", { n: 400, seed: 3 }).y.data)).toEqual(ys);
    const g = generate("gauss", { n: 100, noise: 0 });
    expect(new Set(Array.from(g.x.data))).toEqual(new Set([2, -2]));
  });

  it("computes TensorFlow Playground's input features from 2-D inputs, in the order named", () => {
    const x = Tensor.from2D([[2, -3], [0.5, 0]], "float64");
    const f = inputFeatures(x, ["x1*x2", "x1^2", "x2^2", "sin x1", "x2", "sin x2", "x1"]);
    expect([f.rows, f.cols]).toEqual([2, 7]);
    expect(Array.from(f.data.slice(0, 7))).toEqual([-6, 4, 9, Math.sin(2), -3, Math.sin(-3), 2]);
    const data = withInputFeatures(generate("circles", { n: 20 }), ["x1^2", "x2^2"]);
    expect(data.featureNames).toEqual(["x1^2", "x2^2"]);
    expect(() => withInputFeatures({ ...data, x: Tensor.zeros(20, 3, "float64"), featureNames: ["a", "b", "c"] }, ["x1"])).toThrow(
      "data.inputFeatures: data with 2 input features (x1, x2); received 3 features (a, b, c)",
    );
  });
});
