import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor/tensor.js";
import { classCounts, makeDataset } from "./dataset.js";
import { blobs } from "./generators.js";
import { autoSplitSizes, split, splitIndices } from "./split.js";

describe("autoSplitSizes: the notes' regimes", () => {
  it("1e3 examples: small data, 60/20/20 (70/30 without a dev set)", () => {
    const s = autoSplitSizes(1000);
    expect([s.train, s.dev, s.test]).toEqual([600, 200, 200]);
    expect(s.reason).toMatch(/small data: the classic 60\/20\/20/);
    const noDev = autoSplitSizes(1000, { devSet: false });
    expect([noDev.train, noDev.dev, noDev.test]).toEqual([700, 0, 300]);
  });

  it("1e5 examples: dev and test only as large as needed (10,000 each), 80/10/10", () => {
    const s = autoSplitSizes(100_000);
    expect([s.train, s.dev, s.test]).toEqual([80_000, 10_000, 10_000]);
    expect(s.reason).toMatch(/big data/);
  });

  it("1e6 examples: 98/1/1", () => {
    const s = autoSplitSizes(1_000_000);
    expect([s.train, s.dev, s.test]).toEqual([980_000, 10_000, 10_000]);
    expect(s.ratios).toEqual([0.98, 0.01, 0.01]);
  });

  it("1e7 examples: 99.5/0.25/0.25", () => {
    const s = autoSplitSizes(10_000_000);
    expect([s.train, s.dev, s.test]).toEqual([9_950_000, 25_000, 25_000]);
    expect(s.reason).toMatch(/99\.5\/0\.25\/0\.25/);
  });

  it("the split of a million positions has those exact sizes and no position twice", () => {
    const sizes = autoSplitSizes(1_000_000);
    const parts = splitIndices(1_000_000, sizes, { seed: 1 });
    expect([parts.train.length, parts.dev.length, parts.test.length]).toEqual([980_000, 10_000, 10_000]);
    const seen = new Uint8Array(1_000_000);
    for (const part of [parts.train, parts.dev, parts.test]) for (const i of part) seen[i]! += 1;
    expect(seen.every((v) => v === 1)).toBe(true);
  });
});

describe("split", () => {
  const data = blobs({ n: 1003, classes: 3, seed: 2 });

  it("keeps each class's share in every part within one example (stratified)", () => {
    const s = split(data, "auto", { seed: 4 });
    const total = classCounts(data);
    for (const [part, size] of [[s.train, s.sizes.train], [s.dev!, s.sizes.dev], [s.test, s.sizes.test]] as const) {
      expect(part.x.rows).toBe(size);
      classCounts(part).forEach((count, c) => expect(Math.abs(count - (total[c]! * size) / 1003)).toBeLessThanOrEqual(1));
    }
  });

  it("the same seed gives the same split, another seed another; no example in two sets", () => {
    const a = split(data, [0.6, 0.2, 0.2], { seed: 1 });
    const b = split(data, [0.6, 0.2, 0.2], { seed: 1 });
    const c = split(data, [0.6, 0.2, 0.2], { seed: 2 });
    expect(Array.from(a.indices.dev)).toEqual(Array.from(b.indices.dev));
    expect(Array.from(a.indices.dev)).not.toEqual(Array.from(c.indices.dev));
    const ids = [...a.train.ids, ...a.dev!.ids, ...a.test.ids];
    expect(new Set(ids).size).toBe(1003);
  });

  it("a file sorted by label still gives a mixed dev set (not Keras' last-rows validation split)", () => {
    const n = 500;
    const sorted = makeDataset(
      Tensor.from2D(Array.from({ length: n }, (_, i) => [i])),
      Tensor.column(Array.from({ length: n }, (_, i) => (i < 400 ? 0 : 1))),
    );
    for (const stratify of [true, false]) {
      const s = split(sorted, [0.8, 0.2], { seed: 3, stratify });
      expect(s.dev).toBeUndefined();
      const counts = classCounts(s.test);
      expect(counts[0]).toBeGreaterThan(60);
      expect(counts[1]).toBeGreaterThan(10);
    }
  });

  it("rejects ratios that do not sum to 1 and stratifying a regression", () => {
    expect(() => split(data, [0.5, 0.2, 0.2])).toThrow("split: ratios >= 0 that sum to 1; received an array of length 3");
    const regression = makeDataset(Tensor.from2D([[1], [2], [3]]), Tensor.column([0.5, 1.5, 2.5]));
    expect(() => split(regression, [0.34, 0.33, 0.33], { stratify: true })).toThrow(/stratify only for classification/);
  });
});
