import { Tensor } from "../tensor/tensor.js";
import { checkOptions, fail, NnlabError } from "../errors.js";
import { Rng } from "../tensor/rng.js";
import { checkDataset, classCounts, classIndices, type Dataset, PART_DEV, PART_FREE, PART_TEST, subset } from "./dataset.js";
import { type CopiedRows, copiedRows } from "./copied-rows.js";
import { fixedDevWarnings, fixedTestWarnings } from "./fixed-test-check.js";

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

const PART_NAMES = ["train", "dev", "test"] as const;

/** "3/0/0 train/dev/test" (parts with a planned size of 0 left out, as in "3/1 train/dev"). */
function countsText(counts: number[], shown: boolean[]): string {
  const parts = PART_NAMES.filter((_, i) => shown[i]);
  return `${counts.filter((_, i) => shown[i]).join("/")} ${parts.join("/")}`;
}

/**
 * The notes' rule for dividing n examples. Small data (the classic regime): 60/20/20, or 70/30 without a
 * dev set. Large data: dev and test only as large as needed to compare models — about 10,000 examples
 * each (so 98/1/1 at a million), and at least 0.25% each beyond that (99.5/0.25/0.25 at ten million);
 * never more than the small-data 20% (30% for a lone test set). Refuses data too small to give every
 * part at least one example (fewer than 5 examples, 4 without a dev set): a part with no example has
 * no error to measure, and every figure computed from it would be NaN.
 */
export function autoSplitSizes(n: number, options: { devSet?: boolean } = {}): SplitSizes {
  if (!Number.isInteger(n) || n < 0) fail("autoSplitSizes", "a whole number of examples", n);
  const devSet = options.devSet ?? true;
  const cap = devSet ? 0.2 : 0.3;
  const wanted = Math.max(ENOUGH_TO_COMPARE, Math.round(0.0025 * n));
  const small = Math.floor(cap * n) <= wanted;
  const each = small ? Math.floor(cap * n) : wanted;
  const dev = devSet ? each : 0;
  const test = each;
  const train = n - dev - test;
  if (each === 0) {
    const least = Math.ceil(1 / cap);
    throw new NnlabError(
      `split: "auto" needs at least ${least} examples (${countsText(devSet ? [least - 2, 1, 1] : [least - 1, 0, 1], [true, devSet, true])}); ` +
        `received ${n} example${n === 1 ? "" : "s"}, which would leave ${devSet ? "the dev and test sets" : "the test set"} empty ` +
        `(${countsText([train, dev, test], [true, devSet, true])}): give more data, or a 2-way split such as [0.75, 0.25] (train and dev)`,
    );
  }
  const ratios: [number, number, number] = [train / n, dev / n, test / n];
  const percent = ratios.filter((r, i) => i !== 1 || devSet).map((r) => +(100 * r).toFixed(2)).join("/");
  // whole examples: the held-out parts are rounded down, so on a few dozen examples the shares drift from the rule's
  const classic = devSet ? "60/20/20" : "70/30";
  const drifted = Math.abs(test / n - cap) > 0.01;
  const reason = small
    ? `${n} examples is small data: the classic ${classic} split${drifted ? `, rounded down to whole examples: ${countsText([train, dev, test], [true, devSet, true])} (${percent})` : ""}`
    : `${n} examples is big data: ${devSet ? "dev and test" : "test"} only as large as needed to compare models ` +
      `(${each} examples${devSet ? " each" : ""}), the rest for training: ${percent}`;
  return { train, dev, test, ratios, reason };
}

export interface SplitOptions {
  /** Keep each class's share in every part (classification only). Default true for classification. */
  stratify?: boolean;
  /** Seed of the shuffle. Default 0. */
  seed?: number;
  /**
   * Reorder `data`'s own rows (train, then dev, then test) and return views of them instead of copies:
   * for large sets, where a copy would double the memory. `data` is changed. Same parts, same bits.
   */
  inPlace?: boolean;
}

/** SplitOptions' fields, for refusing a misspelt one (a Record: a new field must be listed). */
const SPLIT_OPTION_FIELDS: Record<keyof SplitOptions, true> = { stratify: true, seed: true, inPlace: true };
const SPLIT_OPTION_KEYS = Object.keys(SPLIT_OPTION_FIELDS);

export interface Split {
  train: Dataset;
  /** Absent when the ratios have no dev part ([train, 0, test]). */
  dev?: Dataset;
  /**
   * Empty (0 rows, `sizes.test` 0) when the ratios have no test part: [train, dev] or [train, dev, 0].
   * Code that wants "the held-out set" uses `dev ?? test`.
   */
  test: Dataset;
  sizes: SplitSizes;
  /** Positions in the input of each part's examples. */
  indices: { train: Int32Array; dev: Int32Array; test: Int32Array };
  /**
   * What makes the parts' figures unreliable, one sentence each: a class with examples in the data but
   * none in the training, dev or test set (that set's error says nothing about it). Empty when all is well.
   */
  warnings: string[];
  /** Set where a dev set fixed by the data (a split column) does not look drawn from the training rows' distribution. */
  devShifted?: boolean;
  /** A random split's dev rows that copy a training row (features and label), counted once here for the doctor. */
  devCopies?: CopiedRows;
}

/**
 * Sizes from explicit ratios that sum to 1: [train, dev] (with two sets they are train and dev, as in
 * the notes: the test set is the one to leave out when no unbiased estimate is needed) or
 * [train, dev, test]. A part whose ratio is above 0 but rounds to no example is refused.
 */
function sizesFromRatios(n: number, ratios: number[]): SplitSizes {
  if (ratios.length !== 2 && ratios.length !== 3) fail("split", "ratios [train, dev] or [train, dev, test], or \"auto\"", ratios);
  const sum = ratios.reduce((s, r) => s + r, 0);
  if (ratios.some((r) => !(r >= 0)) || Math.abs(sum - 1) > 1e-9) fail("split", "ratios >= 0 that sum to 1", ratios);
  const [trainRatio, devRatio, testRatio] = ratios.length === 3 ? ratios : [ratios[0]!, ratios[1]!, 0];
  const dev = Math.round(devRatio! * n);
  const test = Math.round(testRatio! * n);
  const train = n - dev - test;
  const asked = [true, devRatio! > 0, testRatio! > 0]; // training needs an example whatever its ratio
  const counts = [train, dev, test];
  const empty = PART_NAMES.filter((_, i) => asked[i] && counts[i]! <= 0);
  if (empty.length) {
    const shown = ratios.length === 3 ? [true, true, true] : [true, true, false];
    const least = Math.max(...[trainRatio!, devRatio!, testRatio!].map((r) => (r > 0 ? Math.ceil(0.5 / r) : 0)));
    throw new NnlabError(
      `split: ratios ${JSON.stringify(ratios)} of ${n} example${n === 1 ? "" : "s"} leave the ${empty.join(" and ")} set${empty.length > 1 ? "s" : ""} empty ` +
        `(${countsText(counts.map((c) => Math.max(0, c)), shown)}); expected at least one example in each: give larger shares to the ${empty.join(" and ")} set${empty.length > 1 ? "s" : ""}` +
        (least > n ? `, or at least ${least} examples` : ""),
    );
  }
  const reason = ratios.length === 2 ? `ratios given: ${ratios.join("/")} (train/dev, no test set)` : `ratios given: ${ratios.join("/")}`;
  return { train, dev, test, ratios: [trainRatio!, devRatio!, testRatio!], reason };
}

/** How many of `rows` are of each class index 0..k-1. */
function classCountsOf(data: Dataset, rows: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < rows.length; i++) counts[data.y.data[rows[i]!]!]! += 1;
  return counts;
}

/** A sentence for each part that misses a class the data has (parts planned empty are not counted). */
/**
 * "dev counts per class: 3/0/4", or, past a dozen classes (200 unlabelled counts said nothing; a scale
 * audit), how many of the classes the set holds.
 */
export function countsPerClass(name: string, counts: readonly number[]): string {
  if (counts.length <= 12) return `${name} counts per class: ${counts.join("/")}`;
  return `the ${name} set holds ${counts.filter((c) => c > 0).length} of the ${counts.length} classes`;
}

function missingClassWarnings(data: Dataset, parts: Split["indices"]): string[] {
  if (data.task === "regression" || !data.classes) return [];
  const classes = data.classes;
  const total = classCounts(data);
  const warnings: string[] = [];
  for (const name of PART_NAMES) {
    const part = parts[name];
    if (part.length === 0) continue;
    const counts = classCountsOf(data, part, total.length);
    const missing = total.flatMap((c, k) => (c > 0 && counts[k] === 0 ? [k] : []));
    if (!missing.length) continue;
    const names = missing.map((k) => JSON.stringify(classes[k])).join(", ");
    const these = missing.length > 1 ? "these classes" : "this class";
    warnings.push(
      `class ${names} ha${missing.length > 1 ? "ve" : "s"} ${missing.map((k) => total[k]).join(", ")} example${missing.reduce((s, k) => s + total[k]!, 0) > 1 ? "s" : ""} in the data but none in the ${name} set ` +
        `(${countsPerClass(name, counts)}): ${name === "train" ? `the model cannot learn ${these}` : `the ${name} error says nothing about ${these}`}; gather more examples of ${these}`,
    );
  }
  return warnings;
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
 * proportions (its share lands within one example of the overall ratio, but for a class too small to reach
 * the training set that way: see below) and the parts are reshuffled.
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
  // The greedy may hand a class of one or two examples to dev or test alone, where the model cannot learn
  // it ("none in the train set"). Such a class trades one example's place with the class most over its
  // share in train: every part keeps its size and every class its members; those two cells move off their
  // shares by one example.
  for (let k = 0; k < classes.length; k++) {
    const from = counts[k]![1]! > 0 ? 1 : counts[k]![2]! > 0 ? 2 : -1;
    if (counts[k]![0]! > 0 || from < 0) continue;
    let donor = -1;
    for (let m = 0; m < classes.length; m++) {
      if (counts[m]![0]! >= 2 && (donor < 0 || counts[m]![0]! - shares[m]![0]! > counts[donor]![0]! - shares[donor]![0]!)) donor = m;
    }
    if (donor < 0) continue;
    counts[k]![from]! -= 1;
    counts[k]![0]! += 1;
    counts[donor]![0]! -= 1;
    counts[donor]![from]! += 1;
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
 * dataset's size), [train, dev] (no test set: `test` is empty) or [train, dev, test]. Sizes that would
 * leave a part empty are refused (NnlabError naming the counts); a class missing from a part is a warning.
 */
export function split(data: Dataset, ratios: "auto" | number[] = "auto", options: SplitOptions = {}): Split {
  checkDataset("split", "data", data);
  checkOptions("split", options, SPLIT_OPTION_KEYS, "{ seed: 1 }");
  if (data.part && data.part.some((p) => p !== PART_FREE)) return splitWithFixedParts(data, ratios, options);
  const n = data.x.rows;
  const sizes = ratios === "auto" ? autoSplitSizes(n) : sizesFromRatios(n, ratios);
  const stratify = options.stratify ?? data.task !== "regression";
  if (stratify && data.task === "regression") fail("split", "stratify only for classification data", data.task);
  const indices = splitIndices(n, sizes, { labels: stratify ? classIndices(data) : null, seed: options.seed });
  const warnings = missingClassWarnings(data, indices);
  const result = assemble(data, indices, sizes, warnings, options);
  const copied = copiedRows(result.train, [["dev", result.dev], ["test", result.test]]);
  result.warnings.push(...copied.warnings);
  if (copied.counts.dev) result.devCopies = copied.counts.dev;
  return result;
}

/**
 * A classifier's training set needs two classes: with one, it is right by construction and learns
 * nothing (refuseSingleClass refuses such a data set; a split column or a test file can leave the
 * training rows so even when the data has more).
 */
function refuseSingleClassTraining(data: Dataset, train: Int32Array): void {
  if (data.task === "regression" || train.length === 0) return;
  const counts = classCountsOf(data, train, Math.max(2, data.classes?.length ?? 0));
  const present = counts.flatMap((c, k) => (c > 0 ? [k] : []));
  if (present.length >= 2) return;
  const label = JSON.stringify(data.classes?.[present[0]!] ?? present[0]);
  throw new NnlabError(
    `split: expected training rows of at least two classes; received ${train.length} training row${train.length === 1 ? "" : "s"}, all of class ${label} (train counts per class: ${counts.join("/")}): a classifier would learn nothing; mark rows of the other classes "train"`,
  );
}

/** The parts' datasets (copies, or views of `data` reordered in place), without the fixed-part marks. */
function assemble(data: Dataset, indices: Split["indices"], sizes: SplitSizes, warnings: string[], options: SplitOptions): Split {
  refuseSingleClassTraining(data, indices.train);
  const take = options.inPlace ? inPlaceParts(data, indices) : (which: keyof typeof indices) => subset(data, indices[which]);
  const part = (which: keyof typeof indices): Dataset => {
    const { part: _marks, ...rest } = take(which);
    return rest;
  };
  const result: Split = { train: part("train"), test: part("test"), sizes, indices, warnings };
  if (sizes.dev > 0) result.dev = part("dev");
  return result;
}

const PART_WORDS = ["train", "dev", "test"] as const;

/**
 * A split in which the data fixes some rows' parts (`data.part`: a split column, or a separate test file):
 * fixed rows keep their part; the free rows are split by `ratios` — into train and dev only when the
 * test set is fixed ("auto": the dev share "auto" would give the whole). Each part is then shuffled
 * with the seed, so that its first rows are a random sample (learning curves take them).
 */
function splitWithFixedParts(data: Dataset, ratios: "auto" | number[], options: SplitOptions): Split {
  const marks = data.part!;
  const n = data.x.rows;
  const fixed: number[][] = [[], [], []];
  const free: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = marks[i]!;
    if (p === PART_FREE) free.push(i);
    else if (p <= PART_TEST) fixed[p]!.push(i);
    else fail("split", "part marks 0 (train), 1 (dev), 2 (test) or 255 (free)", p);
  }
  const testFixed = fixed[PART_TEST]!.length > 0;
  const stratify = options.stratify ?? data.task !== "regression";
  if (stratify && data.task === "regression") fail("split", "stratify only for classification data", data.task);
  const fromFree: number[][] = [[], [], []];
  let freeReason = "";
  // ratios with no row to divide did nothing, silently: a split column with train, dev and test rows and
  // split [0.5, 0.5] trained on the column's parts; one without dev rows gave no dev set, not half the rows
  if (free.length === 0 && Array.isArray(ratios)) {
    const fixedText = PART_WORDS.flatMap((word, j) => (fixed[j]!.length ? [`${fixed[j]!.length} ${word}`] : [])).join(", ");
    throw new NnlabError(
      `split: every row's part is fixed by the data (${fixedText}: a split column), so split ratios have no rows to divide; expected no split ratios (or "auto"); received ${JSON.stringify(ratios)}`,
    );
  }
  if (free.length > 0) {
    let sizes: SplitSizes;
    if (testFixed && Array.isArray(ratios) && ratios.length === 3 && ratios[2]! > 0) {
      throw new NnlabError(
        `split: the test set is fixed (${fixed[PART_TEST]!.length} rows from a test file or a split column), so the ratios divide the other rows into train and dev; expected [train, dev] ratios; received ${JSON.stringify(ratios)}`,
      );
    }
    if (testFixed && ratios === "auto") {
      const whole = autoSplitSizes(free.length + fixed[PART_TEST]!.length);
      const devShare = whole.dev / (whole.train + whole.dev);
      sizes = sizesFromRatios(free.length, [1 - devShare, devShare]);
      freeReason = `; the other ${free.length} split into train and dev as "auto" splits ${free.length + fixed[PART_TEST]!.length}`;
      // A large test file makes the whole big data, whose dev share is small: 300 rows beside a million test
      // rows kept 3 for dev. The dev set still gets what "auto" gives a dev set (up to 20% of the data, as
      // with 60/20/20: a quarter of the rows that are not test).
      const needed = Math.min(whole.dev, Math.floor(0.25 * free.length));
      if (needed > sizes.dev) {
        sizes = { ...sizes, train: free.length - needed, dev: needed };
        freeReason = `; the other ${free.length} split into train and dev, ${needed} for dev (as many as "auto" gives a dev set, at most a quarter of these rows)`;
      }
    } else {
      sizes = ratios === "auto" ? autoSplitSizes(free.length) : sizesFromRatios(free.length, ratios);
      freeReason = `; the other ${free.length}: ${sizes.reason}`;
    }
    const labels = stratify ? Int32Array.from(free, (i) => data.y.data[i]!) : null;
    const picked = splitIndices(free.length, sizes, { labels, seed: options.seed });
    PART_WORDS.forEach((word, j) => picked[word].forEach((k) => fromFree[j]!.push(free[k]!)));
  }
  const rng = new Rng(options.seed ?? 0);
  const [train, dev, test] = PART_WORDS.map((_, j) => rng.shuffle(Int32Array.from([...fixed[j]!, ...fromFree[j]!])));
  if (train!.length === 0) {
    throw new NnlabError(
      `split: expected at least one training row; received none (fixed parts: ${fixed.map((f) => f.length).join("/")} train/dev/test, ${free.length} free): mark some rows "train"`,
    );
  }
  const indices = { train: train!, dev: dev!, test: test! };
  const fixedText = PART_WORDS.flatMap((word, j) => (fixed[j]!.length ? [`${fixed[j]!.length} ${word}`] : [])).join(", ");
  const sizes: SplitSizes = {
    train: train!.length,
    dev: dev!.length,
    test: test!.length,
    ratios: [train!.length / n, dev!.length / n, test!.length / n],
    reason: `rows fixed by the data: ${fixedText}${freeReason}`,
  };
  const result = assemble(data, indices, sizes, missingClassWarnings(data, indices), options);
  if (testFixed) result.warnings.push(...fixedTestWarnings(result.train, result.dev, result.test));
  if (fixed[PART_DEV]!.length > 0 && result.dev) {
    const shifted = fixedDevWarnings(result.train, result.dev);
    result.warnings.push(...shifted);
    if (shifted.length) result.devShifted = true;
  }
  return result;
}

/** Reorders data's rows to train, dev, test (following each permutation cycle, one row of scratch) and hands out views. */
function inPlaceParts(data: Dataset, indices: { train: Int32Array; dev: Int32Array; test: Int32Array }) {
  const order = new Int32Array(data.x.rows); // row i of the result is row order[i] of the original
  order.set(indices.train, 0);
  order.set(indices.dev, indices.train.length);
  order.set(indices.test, indices.train.length + indices.dev.length);
  for (const t of [data.x, data.y]) permuteRows(t.data, t.cols, order);
  permuteRows(data.ids, 1, order);
  if (data.part) permuteRows(data.part, 1, order);
  const starts = { train: 0, dev: indices.train.length, test: indices.train.length + indices.dev.length };
  return (which: keyof typeof indices): Dataset => {
    const from = starts[which];
    const to = from + indices[which].length;
    const rows = (t: Tensor) => new Tensor(to - from, t.cols, t.data.subarray(from * t.cols, to * t.cols));
    return { ...data, x: rows(data.x), y: rows(data.y), ids: data.ids.subarray(from, to) };
  };
}

/** values (rows of `cols`) become values[order[0]], values[order[1]], ... in place. */
function permuteRows(values: { [i: number]: number; length: number; subarray(a: number, b: number): ArrayLike<number>; set(a: ArrayLike<number>, at: number): void; slice(a: number, b: number): ArrayLike<number> }, cols: number, order: Int32Array): void {
  const done = new Uint8Array(order.length);
  for (let start = 0; start < order.length; start++) {
    if (done[start] || order[start] === start) continue;
    const saved = values.slice(start * cols, start * cols + cols); // the row the cycle overwrites first
    let at = start;
    for (;;) {
      done[at] = 1;
      const from = order[at]!;
      if (from === start) {
        values.set(saved, at * cols);
        break;
      }
      values.set(values.subarray(from * cols, from * cols + cols), at * cols);
      at = from;
    }
  }
}
