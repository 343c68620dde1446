/**
 * Feature columns that carry nothing or what they should not (an improve audit on users' CSVs: an id
 * column, a constant one and a copy of another went into the network without a word, and dev error was
 * 6.1% with them, 4.2% without the id). Said as warnings, in the data's own names; nothing is dropped.
 * Images are left out: their border pixels are constant by nature. Browser-safe.
 */
import type { Dataset } from "./dataset.js";

/** At most this many names are listed in one warning. */
const LISTED = 5;

/** Each dataset's warnings, found once: buildExperiment asks for every trial, fold, seed and probe of one loaded set. */
const found = new WeakMap<Dataset, string[]>();

/** Warnings about `data`'s features, read in its rows' order (before any split shuffles them). */
export function featureWarnings(data: Dataset): string[] {
  let warnings = found.get(data);
  if (!warnings) found.set(data, (warnings = findWarnings(data)));
  return warnings;
}

function findWarnings(data: Dataset): string[] {
  if (data.image || data.x.rows < 3) return [];
  const { rows, cols } = data.x;
  const values = data.x.data;
  // read in place, column by column (a copy of a 3-million-row set would double its memory)
  const at = (i: number, j: number) => values[i * cols + j]!;
  const all = (holds: (i: number) => boolean) => {
    for (let i = 0; i < rows; i++) if (!holds(i)) return false;
    return true;
  };
  const names = data.featureNames;
  const list = (js: number[]) => `${js.slice(0, LISTED).map((j) => JSON.stringify(names[j] ?? `column ${j + 1}`)).join(", ")}${js.length > LISTED ? `, ... (${js.length} in all)` : ""}`;
  const warnings: string[] = [];
  const indices = Array.from({ length: cols }, (_, j) => j);

  const constant = indices.filter((j) => all((i) => at(i, j) === at(0, j)));
  // every feature constant is the doctor's finding (a data problem); one or a few are this warning's
  if (constant.length > 0 && constant.length < cols) {
    warnings.push(
      `feature${constant.length > 1 ? "s" : ""} ${list(constant)} ha${constant.length > 1 ? "ve" : "s"} one value in every row: ${constant.length > 1 ? "they carry" : "it carries"} nothing to learn from; leave ${constant.length > 1 ? "them" : "it"} out of data.features`,
    );
  }

  // columns compared only where their hashes agree: pairs of sparse 0/1 columns (bag of words, one-hot)
  // agree for hundreds of rows, and comparing every pair row by row took 12.5 s on 50000 x 2000 (a review)
  const hashes = indices.map((j) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < rows; i++) h = Math.imul(h ^ (Math.fround(at(i, j)) * 2654435761) | 0, 16777619);
    return h;
  });
  const copies: string[] = [];
  for (let a = 0; a < cols; a++) {
    if (constant.includes(a)) continue;
    for (let b = a + 1; b < cols; b++) {
      if (hashes[a] === hashes[b] && all((i) => at(i, a) === at(i, b))) copies.push(`${JSON.stringify(names[b])} is a copy of ${JSON.stringify(names[a])}`);
    }
  }
  if (copies.length) warnings.push(`${copies.slice(0, LISTED).join("; ")}${copies.length > LISTED ? `; ... (${copies.length} in all)` : ""}: a copy adds no information; leave it out of data.features`);

  // whole numbers that step by the same amount from row to row (1000, 1001, 1002, ...): a row number or an
  // id, which a network would read as a measurement, and which a split's dev and test rows extend past
  const counters = indices.filter((j) => {
    const step = at(1, j) - at(0, j);
    if (constant.includes(j) || step === 0 || !Number.isInteger(step) || !Number.isInteger(at(0, j))) return false;
    return all((i) => i === 0 || at(i, j) - at(i - 1, j) === step);
  });
  if (counters.length) {
    warnings.push(
      `feature${counters.length > 1 ? "s" : ""} ${list(counters)} count${counters.length > 1 ? "" : "s"} the rows (the same step from each row to the next): a row number or an id, not a measurement? The network reads it as one; leave it out of data.features unless the order means something`,
    );
  }
  return warnings;
}
