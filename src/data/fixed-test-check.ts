/**
 * A test set the data fixes (a test file, a split column) is not drawn with the other rows, so the notes'
 * rule that dev and test come from one distribution no longer holds by construction, and nothing stops
 * the file from repeating training rows: both are checked where such a split is made.
 */
import type { Dataset } from "./dataset.js";
import { checkSameDistribution } from "./distribution-check.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * Rows compared per set: the parts are shuffled, so their first rows are a random sample. Enough to find
 * a shift of a tenth of a standard deviation; all of them made a 784-pixel image set's check take seconds.
 */
const SAMPLE = 2000;

/** Warnings for a fixed test set: a distribution unlike the training rows', and rows repeated from train or dev. */
export function fixedTestWarnings(train: Dataset, dev: Dataset | undefined, test: Dataset): string[] {
  if (test.x.rows < 2 || train.x.rows < 2) return []; // too few rows to compare (checkSameDistribution needs 2 a set)
  const warnings = checkSameDistribution(sample(train), sample(test), { names: ["train", "test"] }).warnings;
  const seen = new Set<number>();
  for (const part of [train, dev]) if (part) rowKeys(part.x, (key) => seen.add(key));
  let repeated = 0;
  rowKeys(test.x, (key) => (repeated += seen.has(key) ? 1 : 0));
  if (repeated > 0) {
    warnings.push(
      `${repeated} of the ${test.x.rows} test rows repeat a training or dev row's features: the test error counts them as unseen examples, ` +
        `so it is optimistic; drop them from the test file (or from the training data)`,
    );
  }
  return warnings;
}

function sample(data: Dataset): Dataset {
  if (data.x.rows <= SAMPLE) return data;
  const rows = (t: Tensor) => new Tensor(SAMPLE, t.cols, t.data.subarray(0, SAMPLE * t.cols));
  return { ...data, x: rows(data.x), y: rows(data.y), ids: data.ids.subarray(0, SAMPLE) };
}

/** Each row's 53-bit hash of its bits (two 32-bit multiplicative hashes), in order: equal rows, equal keys. */
function rowKeys(x: Tensor, each: (key: number) => void): void {
  const data = x.data;
  const words = new Uint32Array(data.buffer, data.byteOffset, (x.rows * x.cols * data.BYTES_PER_ELEMENT) / 4);
  const perRow = words.length / Math.max(1, x.rows);
  for (let i = 0; i < x.rows; i++) {
    let h1 = 0x811c9dc5;
    let h2 = 0x9e3779b9;
    for (let k = i * perRow, end = k + perRow; k < end; k++) {
      const w = words[k]!;
      h1 = Math.imul(h1 ^ w, 16777619);
      h2 = Math.imul(h2 ^ w, 2246822519) ^ (h2 >>> 15);
    }
    each((h1 >>> 0) * 2097152 + (h2 >>> 11));
  }
}
