import { describe, expect, it } from "vitest";
import { Tensor } from "../tensor/tensor.js";
import { classCounts, makeDataset, PART_FREE, PART_TEST } from "./dataset.js";
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
      // Two ratios are train and dev (the notes' convention; this test once read them as train and test).
      const s = split(sorted, [0.8, 0.2], { seed: 3, stratify });
      const counts = classCounts(s.dev!);
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

describe("split: no empty part, one name for each part, missing classes said", () => {
  const data = blobs({ n: 100, classes: 2, seed: 1 });

  it("two ratios are train and dev: the test set is empty and said to be absent", () => {
    const s = split(data, [0.8, 0.2], { seed: 1 });
    expect([s.train.x.rows, s.dev!.x.rows, s.test.x.rows]).toEqual([80, 20, 0]);
    expect([s.sizes.train, s.sizes.dev, s.sizes.test]).toEqual([80, 20, 0]);
    expect(s.sizes.ratios).toEqual([0.8, 0.2, 0]);
    expect(s.sizes.reason).toBe("ratios given: 0.8/0.2 (train/dev, no test set)");
    // The same parts as the explicit three-way [0.8, 0.2, 0].
    expect(Array.from(s.indices.dev)).toEqual(Array.from(split(data, [0.8, 0.2, 0], { seed: 1 }).indices.dev));
  });

  it('"auto" on 4 examples is refused with the counts and what to do, instead of NaN figures later', () => {
    const tiny = makeDataset(Tensor.from2D([[0], [1], [2], [3]]), Tensor.column([0, 1, 0, 1]));
    expect(() => split(tiny, "auto")).toThrow(
      'split: "auto" needs at least 5 examples (3/1/1 train/dev/test); received 4 examples, which would leave the dev and test sets empty (4/0/0 train/dev/test): give more data, or a 2-way split such as [0.75, 0.25] (train and dev)',
    );
    expect(() => autoSplitSizes(3, { devSet: false })).toThrow(/needs at least 4 examples \(3\/1 train\/test\); received 3 examples, which would leave the test set empty \(3\/0 train\/test\)/);
    expect(autoSplitSizes(5)).toMatchObject({ train: 3, dev: 1, test: 1 });
    const twoWay = split(tiny, [0.75, 0.25], { seed: 1 });
    expect([twoWay.train.x.rows, twoWay.dev!.x.rows]).toEqual([3, 1]);
  });

  it("explicit ratios that round a part to no example are refused, naming the part and the counts", () => {
    const tiny = makeDataset(Tensor.from2D([[0], [1], [2], [3]]), Tensor.column([0, 1, 0, 1]));
    expect(() => split(tiny, [0.9, 0.1])).toThrow(
      "split: ratios [0.9,0.1] of 4 examples leave the dev set empty (4/0 train/dev); expected at least one example in each: give larger shares to the dev set, or at least 5 examples",
    );
    expect(() => split(tiny, [0.8, 0.1, 0.1])).toThrow(/leave the dev and test sets empty \(4\/0\/0 train\/dev\/test\)/);
    expect(() => split(tiny, [0, 0.5, 0.5])).toThrow(/leave the train set empty \(0\/2\/2 train\/dev\/test\)/);
    // A part asked to be empty (ratio 0) is not an error.
    expect(split(tiny, [0.5, 0, 0.5]).dev).toBeUndefined();
  });

  it("a class with no example in the dev or test set is a warning naming it and the counts", () => {
    const labels = Array.from({ length: 20 }, (_, i) => (i < 19 ? 0 : 1));
    const rare = makeDataset(Tensor.from2D(labels.map((_, i) => [i])), Tensor.column(labels), { classes: ["ham", "spam"] });
    const s = split(rare, [0.6, 0.2, 0.2], { seed: 1 });
    const where = ["train", "dev", "test"].filter((name) => classCounts(name === "train" ? s.train : name === "dev" ? s.dev! : s.test)[1] === 0);
    expect(where).toHaveLength(2);
    expect(s.warnings).toHaveLength(2);
    expect(s.warnings[0]).toMatch(new RegExp(`^class "spam" has 1 example in the data but none in the ${where[0]} set \\(${where[0]} counts per class: \\d+/0\\): `));
    expect(split(blobs({ n: 300, classes: 3, seed: 1 }), "auto", { seed: 1 }).warnings).toEqual([]);
    // A test set asked to be empty misses no class.
    expect(split(blobs({ n: 300, classes: 3, seed: 1 }), [0.8, 0.2], { seed: 1 }).warnings).toEqual([]);
  });

  it("a class too small for every part goes to the training set first, where the model can learn it", () => {
    // its one example went to the test set (96/3/1 and 98/1/1 on 60/20/20): "none in the train set"
    for (const counts of [[96, 3, 1], [98, 1, 1], [58, 1, 1], [97, 2, 1], [990, 9, 1]]) {
      const labels = Int32Array.from(counts.flatMap((c, k) => Array<number>(c).fill(k)));
      const sizes = autoSplitSizes(labels.length);
      for (const seed of [0, 1, 2]) {
        const parts = splitIndices(labels.length, sizes, { labels, seed });
        const inPart = (p: Int32Array) => counts.map((_, k) => Array.from(p).filter((i) => labels[i] === k).length);
        const train = inPart(parts.train);
        expect(train.every((c) => c > 0), `${counts.join("/")} seed ${seed}: train ${train.join("/")}`).toBe(true);
        // every part keeps its size, every example is in one part
        expect([parts.train.length, parts.dev.length, parts.test.length]).toEqual([sizes.train, sizes.dev, sizes.test]);
        expect(new Set([...parts.train, ...parts.dev, ...parts.test]).size).toBe(labels.length);
      }
    }
  });
});

describe("split in place", () => {
  it("gives the same parts, bit for bit, as the copying split, as views of the reordered data", async () => {
    const { generate } = await import("./generators.js");
    for (const ratios of ["auto", [0.7, 0.3], [0.5, 0.25, 0.25]] as const) {
      const copied = split(generate("blobs", { n: 503, classes: 3, seed: 4 }), ratios as "auto" | number[], { seed: 9 });
      const data = generate("blobs", { n: 503, classes: 3, seed: 4 });
      const inPlace = split(data, ratios as "auto" | number[], { seed: 9, inPlace: true });
      for (const part of ["train", "dev", "test"] as const) {
        expect(Array.from(inPlace[part]?.x.data ?? [])).toEqual(Array.from(copied[part]?.x.data ?? []));
        expect(Array.from(inPlace[part]?.y.data ?? [])).toEqual(Array.from(copied[part]?.y.data ?? []));
        expect(Array.from(inPlace[part]?.ids ?? [])).toEqual(Array.from(copied[part]?.ids ?? []));
      }
      expect(inPlace.train.x.data.buffer).toBe(data.x.data.buffer); // a view, not a copy
      expect(inPlace.warnings).toEqual(copied.warnings);
    }
  });
});

describe("autoSplitSizes on a few dozen examples", () => {
  it("says where rounding down to whole examples moved the shares from 60/20/20", () => {
    // 9 examples: 20% is 1.8, rounded down to 1 each; the reason said "the classic 60/20/20 split"
    expect(autoSplitSizes(9)).toMatchObject({ train: 7, dev: 1, test: 1, reason: "9 examples is small data: the classic 60/20/20 split, rounded down to whole examples: 7/1/1 train/dev/test (77.78/11.11/11.11)" });
    expect(autoSplitSizes(24).reason).toBe("24 examples is small data: the classic 60/20/20 split, rounded down to whole examples: 16/4/4 train/dev/test (66.67/16.67/16.67)");
    expect(autoSplitSizes(13, { devSet: false }).reason).toBe("13 examples is small data: the classic 70/30 split, rounded down to whole examples: 10/3 train/test (76.92/23.08)");
    // where the shares are within a point of the rule, the reason is the rule's
    expect(autoSplitSizes(150).reason).toBe("150 examples is small data: the classic 60/20/20 split");
    expect(autoSplitSizes(569).reason).toBe("569 examples is small data: the classic 60/20/20 split");
  });
});

describe("split with a fixed test set", () => {
  /** `free` rows to split and `fixedTest` rows marked test, as a test file makes them. */
  const withTest = (free: number, fixedTest: number) => {
    const n = free + fixedTest;
    const x = new Tensor(n, 1, Float64Array.from({ length: n }, (_, i) => i));
    const data = makeDataset(x, new Tensor(n, 1, Float64Array.from({ length: n }, (_, i) => (i * 0.37) % 1)));
    data.part = Uint8Array.from({ length: n }, (_, i) => (i < free ? PART_FREE : PART_TEST));
    return split(data, "auto", { seed: 3 });
  };

  it("gives the dev set what \"auto\" gives a dev set however large the test file is", () => {
    // 300 rows beside 200,000 test rows kept 16 for dev (3 beside a million): the whole was big data
    for (const test of [100, 1_000, 60_000, 200_000]) {
      const s = withTest(300, test);
      expect([s.sizes.train, s.sizes.dev, s.sizes.test], `${test} test rows`).toEqual([225, 75, test]);
    }
    // where the free rows are big data themselves, the dev set is as large as needed to compare models
    const big = withTest(1_000_000, 10_000);
    expect([big.sizes.dev, big.sizes.test]).toEqual([10_000, 10_000]);
  });
});

describe("copies of one record on both sides of a random split (an audit helper)", () => {
  // 50 distinct rows, each written 4 times: 35 of the 40 test rows were copies, test accuracy 100%, no word
  const distinct = blobs({ n: 50, seed: 4 });
  const x = Tensor.zeros(200, 2, "float64");
  const y = Tensor.zeros(200, 1, "float64");
  for (let i = 0; i < 200; i++) {
    x.data[2 * i] = distinct.x.data[2 * (i % 50)]!;
    x.data[2 * i + 1] = distinct.x.data[2 * (i % 50) + 1]!;
    y.data[i] = distinct.y.data[i % 50]!;
  }
  const copied = makeDataset(x, y, { task: "multiclass" });

  it("is said for the dev and the test set, with the count", () => {
    const s = split(copied, "auto", { seed: 1 });
    const test = s.warnings.find((w) => w.includes("test rows copy a training row"));
    expect(test).toMatch(/^\d+ of the 40 test rows copy a training row \(features and label\): if the data holds one record several times, the test error counts copies of training examples as unseen and is optimistic; remove the copies before the split$/);
    expect(Number(test!.split(" ")[0])).toBeGreaterThan(30);
    expect(s.warnings.some((w) => w.includes("dev rows copy a training row"))).toBe(true);
  });

  it("is not said for data without copies, nor for a copy or two (features alike are not a leak)", () => {
    expect(split(distinct, "auto", { seed: 1 }).warnings).toEqual([]);
    const one = makeDataset(Tensor.from2D([...Array.from({ length: 99 }, (_, i) => [i, i % 7]), [0, 0]], "float64"), Tensor.column([...Array.from({ length: 99 }, (_, i) => i % 2), 0], "float64"), { task: "multiclass" });
    expect(split(one, "auto", { seed: 1 }).warnings.filter((w) => w.includes("copy a training row"))).toEqual([]);
  });
});

describe("a class missing from a part, among many classes (a scale audit: 200 unlabelled counts said nothing)", () => {
  it("says how many of the classes the part holds, not every count", () => {
    const labels = [...Array.from({ length: 290 }, (_, i) => i % 29), 29]; // class 29 has one example
    const x = Tensor.from2D(labels.map((_, i) => [i, i % 7]), "float64");
    const data = makeDataset(x, Tensor.column(labels, "float64"), { task: "multiclass", classes: Array.from({ length: 30 }, (_, k) => `k${k}`) });
    const warnings = split(data, "auto", { seed: 1 }).warnings.filter((w) => w.includes('class "k29"'));
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) {
      expect(w).toMatch(/\(the (train|dev|test) set holds 29 of the 30 classes\)/);
      expect(w).not.toContain("counts per class");
    }
  });
});
