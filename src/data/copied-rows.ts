/**
 * Rows of a random split's dev and test sets that copy a training row, features and label: a data set that
 * holds one record several times (a join that repeated rows, an augmented copy saved beside its source)
 * puts copies on both sides of a random split, and the held-out error then counts training examples as
 * unseen (an audit helper: 50 rows each written 4 times, 35 of the 40 test rows copies, test accuracy
 * 100%, no word said). Few copies are expected where features are coarse, so only a share is said.
 */
import type { Dataset } from "./dataset.js";
import { rowKeys } from "./row-keys.js";

/** A part is warned of when at least this share of its rows (and 2 rows) copy a training row. */
const SHARE = 0.05;

/** Each row's key: its features' hash and its label. */
function keysOf(data: Dataset): string[] {
  const keys: string[] = [];
  const y = data.y.data;
  const cols = data.y.cols;
  rowKeys(data.x, (key) => {
    const i = keys.length;
    keys.push(`${key}:${cols === 1 ? y[i] : Array.from(y.subarray(i * cols, (i + 1) * cols)).join(",")}`);
  });
  return keys;
}

/** How many of a held-out part's rows copy a training row, of how many rows. */
export interface CopiedRows {
  copies: number;
  rows: number;
}

/**
 * The held-out parts' rows that copy a training row: a warning for each part where they are a share worth
 * saying, and every part's count (the doctor reads the dev set's: Split.devCopies).
 */
export function copiedRows(train: Dataset, held: Array<[name: "dev" | "test", part: Dataset | undefined]>): { warnings: string[]; counts: Partial<Record<"dev" | "test", CopiedRows>> } {
  const parts = held.filter(([, part]) => part && part.x.rows > 0) as Array<["dev" | "test", Dataset]>;
  const warnings: string[] = [];
  const counts: Partial<Record<"dev" | "test", CopiedRows>> = {};
  if (parts.length === 0) return { warnings, counts };
  const seen = new Set(keysOf(train));
  for (const [name, part] of parts) {
    const copies = keysOf(part).filter((k) => seen.has(k)).length;
    counts[name] = { copies, rows: part.x.rows };
    if (copies >= 2 && copies >= SHARE * part.x.rows) {
      warnings.push(
        `${copies} of the ${part.x.rows} ${name} rows copy a training row (features and label): if the data holds one record several times, ` +
          `the ${name} error counts copies of training examples as unseen and is optimistic; remove the copies before the split`,
      );
    }
  }
  return { warnings, counts };
}
