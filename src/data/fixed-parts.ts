/**
 * Test sets the user fixes: a separate test file joined to the training data with its rows marked
 * "test" (so that `split` keeps them apart from every seed's train/dev split), and the words a split
 * column may hold. Browser-safe.
 */
import { NnlabError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";
import { type Dataset, PART_DEV, PART_FREE, PART_TEST, PART_TRAIN } from "./dataset.js";

/** A split column's cell as a part, or null when it is not one of the words. */
export function partOfWord(cell: string): number | null {
  const word = cell.trim().toLowerCase();
  if (word === "train" || word === "training") return PART_TRAIN;
  if (word === "dev" || word === "val" || word === "valid" || word === "validation") return PART_DEV;
  if (word === "test") return PART_TEST;
  return null;
}

/**
 * `data` and `test` as one dataset whose last rows (ids after the data's) are marked as the test set. The test
 * rows must have the same features (by name) and task; their class labels are matched to the data's by
 * value (a class the training data lacks is refused: no model could predict it).
 */
export function withTestSet(data: Dataset, test: Dataset, where = "data.test"): Dataset {
  if (test.featureNames.join("\u0000") !== data.featureNames.join("\u0000")) {
    throw new NnlabError(
      `${where}: expected the training data's features (${names(data.featureNames)}); received ${names(test.featureNames)}`,
    );
  }
  const classification = data.task !== "regression";
  if (classification !== (test.task !== "regression")) {
    throw new NnlabError(`${where}: expected ${classification ? "class labels" : "numeric targets"} like the training data's; received ${test.task} labels`);
  }
  const n = data.x.rows;
  const m = test.x.rows;
  const cols = data.x.cols;
  const x = Tensor.zeros(n + m, cols, data.x.dtype);
  x.data.set(data.x.data.subarray(0, n * cols));
  x.data.set(test.x.data.subarray(0, m * cols), n * cols);
  const y = Tensor.zeros(n + m, 1, data.y.dtype);
  y.data.set(data.y.data.subarray(0, n));
  if (classification) {
    const indexOf = new Map((data.classes ?? []).map((c, k) => [String(c), k]));
    const remap = (test.classes ?? []).map((c) => indexOf.get(String(c)) ?? -1);
    // classes the test rows have (an IDX file's class list is 0..its largest label, not what it holds)
    const present = new Set<number>();
    for (let i = 0; i < m; i++) present.add(test.y.data[i]!);
    const unknown = (test.classes ?? []).filter((_, k) => remap[k] === -1 && present.has(k));
    if (unknown.length) {
      throw new NnlabError(
        `${where}: expected labels the training data has (${(data.classes ?? []).map((c) => JSON.stringify(c)).join(", ")}); received ${unknown.map((c) => JSON.stringify(c)).join(", ")}, which no training row has`,
      );
    }
    for (let i = 0; i < m; i++) y.data[n + i] = remap[test.y.data[i]!]!;
  } else {
    y.data.set(test.y.data.subarray(0, m), n);
  }
  const ids = new Int32Array(n + m);
  for (let i = 0; i < n; i++) ids[i] = data.ids[i]!;
  let base = n;
  for (let i = 0; i < n; i++) base = Math.max(base, ids[i]! + 1);
  for (let i = 0; i < m; i++) ids[n + i] = base + i;
  const part = new Uint8Array(n + m).fill(PART_FREE);
  if (data.part) part.set(data.part);
  part.fill(PART_TEST, n);
  return { ...data, x, y, ids, part };
}

/** A list of names for a message: the first and last few of a long one (784 pixel names made 7.9 KB). */
function names(list: string[]): string {
  if (list.length <= 12) return list.join(", ");
  return `${list.slice(0, 5).join(", ")}, ..., ${list.slice(-2).join(", ")} (${list.length} names)`;
}
