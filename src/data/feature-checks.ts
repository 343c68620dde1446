/**
 * Feature columns that carry nothing or what they should not (an improve audit on users' CSVs: an id
 * column, a constant one and a copy of another went into the network without a word, and dev error was
 * 6.1% with them, 4.2% without the id). Said as warnings, in the data's own names; nothing is dropped.
 * Images are left out: their border pixels are constant by nature. Browser-safe.
 */
import { classCounts, type Dataset } from "./dataset.js";

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

  // a feature that is the label in other words (a copy of it, or a code for each class): a network that reads
  // it learns nothing else, and scores no model will reach on data without it (a label column copied into
  // the features scored 0% error and was called healthy; the doctor audit on planted CSVs, session 20)
  // From 20 rows, and for classes from 5 rows of each: a class of a few rows is matched by any feature unique
  // to them (a one-hot city column on the one positive row of 60: a review); past these a chance match is
  // under one in a million.
  const fewestInAClass = data.task === "regression" ? Infinity : Math.min(...classCounts(data, data.classes?.length ?? 2).filter((c) => c > 0));
  const leaks = rows < 20 || fewestInAClass < 5 ? [] : indices.filter((j) => !constant.includes(j) && determinesLabel(data, j));
  if (leaks.length) {
    warnings.push(
      leaks.length > 1
        ? `features ${list(leaks)} are the label in other words (${data.task === "regression" ? "each equal to the target, or a straight-line function of it" : "in each, each value goes with one class and each class with one value"}): copies of the label, or computed from it? Scores with them will not hold on data without them; leave them out of data.features`
        : `feature ${list(leaks)} is the label in other words (${data.task === "regression" ? "equal to the target, or a straight-line function of it" : "each value goes with one class and each class with one value"}): a copy of the label, or computed from it? Scores with it will not hold on data without it; leave it out of data.features`,
    );
  }
  // label cells written two ways, one with a leading zero, read as one number and so one class (the CSV reader)
  for (const { value, spellings } of (data.mergedLabels ?? []).slice(0, LISTED)) {
    const shown = spellings.slice(0, LISTED).map((t) => JSON.stringify(t));
    warnings.push(
      `label ${JSON.stringify(data.labelName)}: ${shown.slice(0, -1).join(", ")} and ${shown.at(-1)}${spellings.length > LISTED ? ` (${spellings.length} spellings in all)` : ""} were read as one class, ${value}, since the labels are numbers; if they are different codes, write each with a letter (such as "c${spellings[0]!.trim()}") so that they are read as text, each spelling a class`,
    );
  }
  return warnings;
}

/** Whether feature `j` gives the label away: a one-to-one code for the classes, or a regression target to within a straight line. */
function determinesLabel(data: Dataset, j: number): boolean {
  const { rows, cols } = data.x;
  const x = data.x.data;
  const y = data.y.data;
  if (data.task === "regression") {
    // |correlation| 1 to rounding: the target itself, rescaled or shifted
    let mx = 0;
    let my = 0;
    for (let i = 0; i < rows; i++) {
      mx += x[i * cols + j]!;
      my += y[i]!;
    }
    mx /= rows;
    my /= rows;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < rows; i++) {
      const dx = x[i * cols + j]! - mx;
      const dy = y[i]! - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxx > 0 && syy > 0 && Math.abs(sxy) / Math.sqrt(sxx * syy) > 1 - 1e-9;
  }
  const classes = data.classes?.length ?? 2;
  const classOf = new Map<number, number>();
  const valueOf = new Map<number, number>();
  for (let i = 0; i < rows; i++) {
    const v = x[i * cols + j]!;
    const c = y[i]!;
    const seen = classOf.get(v);
    if (seen === undefined) {
      // more values than classes: not a code for them (a measurement whose values each fall in one class)
      if (classOf.size === classes || valueOf.has(c)) return false;
      classOf.set(v, c);
      valueOf.set(c, v);
    } else if (seen !== c) return false;
  }
  return classOf.size >= 2;
}
