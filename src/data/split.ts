import { fail } from "../errors.js";
import { Rng } from "../tensor/rng.js";
import { classIndices, type Dataset, subset } from "./dataset.js";

export interface SplitSizes {
  train: number;
  dev: number;
  test: number;
  /** Fractions of the whole, e.g. [0.6, 0.2, 0.2]. */
  ratios: [number, number, number];
  /** Why these sizes, in the notes' terms. */
  reason: string;
}

/** Dev and test sets of this size tell apart models whose error rates differ by a few tenths of a percent. */
const ENOUGH_TO_COMPARE = 10_000;

/**
 * The notes' rule for dividing n examples. Small data (the classic regime): 60/20/20, or 70/30 without a
 * dev set. Large data: dev and test only as large as needed to compare models — about 10,000 examples
 * each (so 98/1/1 at a million), and at least 0.25% each beyond that (99.5/0.25/0.25 at ten million);
 * never more than the small-data 20% (30% for a lone test set).
 */
export function autoSplitSizes(n: number, options: { devSet?: boolean } = {}): SplitSizes {
  if (!Number.isInteger(n) || n < 3) fail("autoSplitSizes", "at least 3 examples", n);
  const devSet = options.devSet ?? true;
  const cap = devSet ? 0.2 : 0.3;
  const wanted = Math.max(ENOUGH_TO_COMPARE, Math.round(0.0025 * n));
  const small = Math.floor(cap * n) <= wanted;
  const each = small ? Math.floor(cap * n) : wanted;
  const dev = devSet ? each : 0;
  const test = each;
  const train = n - dev - test;
  const ratios: [number, number, number] = [train / n, dev / n, test / n];
  const percent = ratios.filter((r, i) => i !== 1 || devSet).map((r) => +(100 * r).toFixed(2)).join("/");
  const reason = small
    ? `${n} examples is small data: the classic ${devSet ? "60/20/20" : "70/30"} split`
    : `${n} examples is big data: ${devSet ? "dev and test" : "test"} only as large as needed to compare models ` +
      `(${each} examples${devSet ? " each" : ""}), the rest for training: ${percent}`;
  return { train, dev, test, ratios, reason };
}

export interface SplitOptions {
  /** Keep each class's share in every part (classification only). Default true for classification. */
  stratify?: boolean;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
}

export interface Split {
  train: Dataset;
  /** Absent when the ratios have no dev part. */
  dev?: Dataset;
  test: Dataset;
  sizes: SplitSizes;
  /** Positions in the input of each part's examples. */
  indices: { train: Int32Array; dev: Int32Array; test: Int32Array };
}

/** Sizes from explicit ratios (train, [dev,] test) that sum to 1. */
function sizesFromRatios(n: number, ratios: number[]): SplitSizes {
  if (ratios.length !== 2 && ratios.length !== 3) fail("split", "ratios [train, test] or [train, dev, test], or \"auto\"", ratios);
  const sum = ratios.reduce((s, r) => s + r, 0);
  if (ratios.some((r) => !(r >= 0)) || Math.abs(sum - 1) > 1e-9) fail("split", "ratios >= 0 that sum to 1", ratios);
  const [trainRatio, devRatio, testRatio] = ratios.length === 3 ? ratios : [ratios[0]!, 0, ratios[1]!];
  const dev = Math.round(devRatio! * n);
  const test = Math.round(testRatio! * n);
  const train = n - dev - test;
  if (train <= 0) fail("split", "ratios that leave at least one training example", ratios);
  return { train, dev, test, ratios: [trainRatio!, devRatio!, testRatio!], reason: `ratios given: ${ratios.join("/")}` };
}

/** Splits `count` positions (already shuffled) into parts of the given sizes, in order. */
function cut(order: Int32Array, sizes: SplitSizes): Split["indices"] {
  return {
    train: order.slice(0, sizes.train),
    dev: order.slice(sizes.train, sizes.train + sizes.dev),
    test: order.slice(sizes.train + sizes.dev, sizes.train + sizes.dev + sizes.test),
  };
}

/**
 * Shuffled positions 0..n-1 cut into train/dev/test. With `labels`, each class is cut in the same
 * proportions (its share lands within one example of the overall ratio) and the parts are reshuffled.
 */
export function splitIndices(n: number, sizes: SplitSizes, options: { labels?: Int32Array | null; seed?: number } = {}): Split["indices"] {
  const rng = new Rng(options.seed ?? 0);
  const labels = options.labels;
  if (!labels) return cut(rng.shuffle(Int32Array.from({ length: n }, (_, i) => i)), sizes);
  // Per class and part, the exact share is n_c * size / n. Round the table so that every part gets
  // exactly its size, every class all its members, and every cell is within one example of its share:
  // start from the floors, then hand the leftover examples of each class (most leftovers first) to the
  // parts still missing the most (the greedy that solves a bipartite degree sequence when one exists).
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const targets = [sizes.train, sizes.dev, sizes.test];
  const shares = classes.map((c) => targets.map((t) => (byClass.get(c)!.length * t) / n));
  const counts = shares.map((q) => q.map(Math.floor));
  const partMissing = targets.map((t, j) => t - counts.reduce((s, row) => s + row[j]!, 0));
  const classLeft = classes.map((c, k) => byClass.get(c)!.length - counts[k]!.reduce((s, v) => s + v, 0));
  const byLeftovers = classes.map((_, k) => k).sort((a, b) => classLeft[b]! - classLeft[a]!);
  for (const k of byLeftovers) {
    const parts = [0, 1, 2]
      .filter((j) => partMissing[j]! > 0)
      .sort((a, b) => partMissing[b]! - partMissing[a]! || shares[k]![b]! - counts[k]![b]! - (shares[k]![a]! - counts[k]![a]!));
    for (const j of parts.slice(0, classLeft[k]!)) {
      counts[k]![j]! += 1;
      partMissing[j]! -= 1;
    }
  }
  const parts = targets.map((t) => new Int32Array(t));
  const filled = [0, 0, 0];
  classes.forEach((c, k) => {
    const members = rng.shuffle(Int32Array.from(byClass.get(c)!));
    let from = 0;
    for (let j = 0; j < 3; j++) {
      const count = counts[k]![j]!;
      parts[j]!.set(members.subarray(from, from + count), filled[j]!);
      filled[j]! += count;
      from += count;
    }
  });
  const [train, dev, test] = parts.map((p) => rng.shuffle(p));
  return { train: train!, dev: dev!, test: test! };
}

/**
 * Divides a dataset into train, dev and test sets drawn from one shuffled distribution (the notes:
 * dev and test must come from the same distribution). `ratios`: "auto" (the notes' rule for the
 * dataset's size), [train, test] or [train, dev, test].
 */
export function split(data: Dataset, ratios: "auto" | number[] = "auto", options: SplitOptions = {}): Split {
  const n = data.x.rows;
  const sizes = ratios === "auto" ? autoSplitSizes(n) : sizesFromRatios(n, ratios);
  const stratify = options.stratify ?? data.task !== "regression";
  if (stratify && data.task === "regression") fail("split", "stratify only for classification data", data.task);
  const indices = splitIndices(n, sizes, { labels: stratify ? classIndices(data) : null, seed: options.seed });
  const result: Split = {
    train: subset(data, indices.train),
    test: subset(data, indices.test),
    sizes,
    indices,
  };
  if (sizes.dev > 0) result.dev = subset(data, indices.dev);
  return result;
}
