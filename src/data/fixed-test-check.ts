/**
 * A test set the data fixes (a test file, a split column) is not drawn with the other rows, so the notes'
 * rule that dev and test come from one distribution no longer holds by construction, and nothing stops
 * the file from repeating training rows: both are checked where such a split is made.
 */
import type { Dataset } from "./dataset.js";
import { checkSameDistribution } from "./distribution-check.js";
import { Tensor } from "../tensor/tensor.js";
import { rowKeys } from "./row-keys.js";

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

/**
 * Warnings for a dev set the data fixes (a split column's "dev" rows) that is unlike the training rows: its
 * error then mixes the model's variance with the difference between the two, which the doctor reads as
 * bias or variance (dev rows shifted 1.5 std from the training rows, 90% positives against 49%, went without
 * a word, and the run was told "regularization rather than a bigger network" with dev error below train
 * error; the doctor audit on planted CSVs, session 20). The notes allow training data from elsewhere, but
 * ask that dev and test be alike: this says what the dev figures then measure.
 */
export function fixedDevWarnings(train: Dataset, dev: Dataset): string[] {
  if (dev.x.rows < 2 || train.x.rows < 2) return [];
  const { warnings } = checkSameDistribution(sample(train), sample(dev), { names: ["train", "dev"] });
  if (!warnings.length) return [];
  return [
    ...warnings.slice(0, -1),
    `the dev rows (fixed by the data) do not look drawn from the training rows' distribution: the dev error then measures that difference as well as the model's variance, and the bias/variance reading of train against dev is unsure; where the training data comes from elsewhere on purpose, keep dev and test alike (both from the data you will see in use)`,
  ];
}

function sample(data: Dataset): Dataset {
  if (data.x.rows <= SAMPLE) return data;
  const rows = (t: Tensor) => new Tensor(SAMPLE, t.cols, t.data.subarray(0, SAMPLE * t.cols));
  return { ...data, x: rows(data.x), y: rows(data.y), ids: data.ids.subarray(0, SAMPLE) };
}
