import { fail } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { Tensor } from "../tensor/tensor.js";
import type { ImageShape } from "./augment.js";

/** What the labels mean: two classes (y in {0, 1}), several classes (y = class index) or numbers. */
export type Task = "binary" | "multiclass" | "regression";

/**
 * Examples with their labels, always float64 (a model converts to its own dtype). `ids` are the rows'
 * positions in the original data, so that splits, folds and normalization can be checked for leaks.
 */
export interface Dataset {
  /** [examples, features]. */
  x: Tensor;
  /** [examples, 1]: 0/1, a class index (makeDataset turns a one-hot y into these), or a regression target. */
  y: Tensor;
  featureNames: string[];
  labelName: string;
  task: Task;
  /** The original label of each class index (for classification), e.g. ["cat", "dog"] or [0, 1]. */
  classes: Array<string | number> | null;
  ids: Int32Array;
  /**
   * Parts fixed by the data itself, one per example: PART_TRAIN, PART_DEV, PART_TEST, or PART_FREE (split
   * by the ratios). Set by a split column or a separate test file; `split` honours it. Absent: all free.
   */
  part?: Uint8Array;
  /**
   * For features computed by data.inputFeatures (x1^2, sin x1, ...): the two columns they were computed
   * from, as the data named them, so that a model's predictions can start again from those columns.
   */
  inputFeaturesFrom?: string[];
  /**
   * Label cells a CSV wrote differently that were read as one class because they are one number, where
   * one has a leading zero: each entry a class's number and its spellings, as written ({ value: 1,
   * spellings: ["01", "1"] }). The column checks (featureWarnings) warn of them: as codes they may name
   * different things.
   */
  mergedLabels?: Array<{ value: number; spellings: string[] }>;
  /** For image data: each row is a flattened [height, width, channels] image (augmentation, reports). */
  image?: ImageShape;
}

/** The most classes a label may have (CSV labels and IDX class indices alike): more is a regression target or an id column read as classes. */
export const MAX_CLASSES = 1000;

export const PART_TRAIN = 0;
export const PART_DEV = 1;
export const PART_TEST = 2;
export const PART_FREE = 255;

export function makeDataset(
  x: Tensor,
  y: Tensor,
  options: Partial<Omit<Dataset, "x" | "y">> = {},
): Dataset {
  if (!(x instanceof Tensor) && (x as Partial<Dataset> | null)?.x instanceof Tensor) fail("makeDataset", "(x, y): two Tensors, not one object { x, y }", x);
  checkTensor("makeDataset", "x", x);
  checkTensor("makeDataset", "y", y);
  if (y.rows !== x.rows) fail("makeDataset", `y to have one row per example (${x.rows})`, `${y.rows} rows`);
  // One-hot rows (which softmaxCrossEntropy takes) are classes 0..k-1, kept as a class-index column: every
  // reader of a Dataset (splits, folds, class counts) reads y's one column as the class index. Read as 0/1
  // labels, a 3-column one-hot y made a binary task with classes [0, 1]: a 3-class model trained on it then
  // predicted null labels, and its saved file did not load.
  const oneHot = options.task === "regression" ? null : oneHotIndices(y);
  if (oneHot) y = oneHot.indices;
  const task = options.task ?? (oneHot ? "multiclass" : inferTask(y));
  let classes = options.classes ?? null;
  if (task !== "regression") {
    let max = 0;
    for (let i = 0; i < y.rows; i++) max = Math.max(max, y.data[i]!);
    const count = oneHot ? oneHot.classes : Math.max(2, max + 1);
    // a label per class index: fewer left predictLabels to give undefined for the classes beyond them
    if (classes && (!Array.isArray(classes) || (oneHot ? classes.length !== count : classes.length < count))) {
      const what = oneHot ? `${count} labels, one per column of the one-hot y` : `a label for each class index in y (at least ${count})`;
      fail("makeDataset", `classes must be ${what}`, classes);
    }
    classes ??= Array.from({ length: count }, (_, i) => i);
  }
  return {
    x: x.dtype === "float64" ? x : x.clone("float64"),
    y: y.dtype === "float64" ? y : y.clone("float64"),
    featureNames: options.featureNames ?? Array.from({ length: x.cols }, (_, j) => `x${j + 1}`),
    labelName: options.labelName ?? "y",
    task,
    classes,
    ids: options.ids ?? Int32Array.from({ length: x.rows }, (_, i) => i),
  };
}

/**
 * The class index of each row when y has several columns and every row is one-hot (0s and a single 1);
 * otherwise null (one column, soft labels, or several values per row).
 */
function oneHotIndices(y: Tensor): { indices: Tensor; classes: number } | null {
  if (y.cols < 2 || y.rows === 0) return null;
  const indices = Tensor.zeros(y.rows, 1, "float64");
  for (let r = 0; r < y.rows; r++) {
    let hot = -1;
    for (let j = 0; j < y.cols; j++) {
      const v = y.data[r * y.cols + j]!;
      if (v === 1 && hot < 0) hot = j;
      else if (v !== 0) return null;
    }
    if (hot < 0) return null;
    indices.data[r] = hot;
  }
  return { indices, classes: y.cols };
}

/** 0/1 labels are binary, small non-negative integers multiclass, anything else regression. */
function inferTask(y: Tensor): Task {
  let max = 0;
  for (let i = 0; i < y.size; i++) {
    const v = y.data[i]!;
    if (!Number.isInteger(v) || v < 0) return "regression";
    max = Math.max(max, v);
  }
  return max <= 1 ? "binary" : max < 100 ? "multiclass" : "regression";
}

/** The examples at `indices`, in that order, keeping their ids. */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const ids = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) ids[i] = data.ids[indices[i]!]!;
  const result: Dataset = { ...data, x: data.x.gatherRows(indices), y: data.y.gatherRows(indices), ids };
  if (data.part) {
    const part = new Uint8Array(indices.length);
    for (let i = 0; i < indices.length; i++) part[i] = data.part[indices[i]!]!;
    result.part = part;
  }
  return result;
}

/** Number of examples of each class index (classification only). */
export function classCounts(data: Dataset, k = data.classes?.length ?? 0): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < data.y.rows; i++) counts[data.y.data[i]!]! += 1;
  return counts;
}

/** The class index of every example, or null for regression. */
export function classIndices(data: Dataset): Int32Array | null {
  if (data.task === "regression") return null;
  return Int32Array.from(data.y.data);
}

/** Throws unless `value` is a Dataset: an object whose x and y are Tensors (makeDataset makes one). */
export function checkDataset(where: string, name: string, value: unknown): Dataset {
  const d = value as Partial<Dataset> | null | undefined;
  if (value instanceof Tensor || !d || typeof d !== "object" || !(d.x instanceof Tensor) || !(d.y instanceof Tensor)) {
    fail(where, `${name} must be a Dataset { x, y, ... } (makeDataset(x, y) makes one)`, value);
  }
  return value as Dataset;
}
