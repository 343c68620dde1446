/**
 * Where a spec's data comes from. Built-in generators are the library's own; anything else (a CSV file,
 * a set the page was handed) comes through a `DataLoader`: Node reads files (`fileDataLoader` in
 * "nnlab/node"), the browser hands in the text of a CSV (`csvTextLoader`). The runner never touches a
 * file system, so it runs unchanged in both.
 */
import { parseCsv } from "../data/csv.js";
import type { CsvOptions } from "../data/csv-table.js";
import { classCounts, type Dataset } from "../data/dataset.js";
import { withTestSet } from "../data/fixed-parts.js";
import { generate, type GeneratorName, generators, withInputFeatures } from "../data/generators.js";
import { isRealDataset, loadRealDataset, type RealDatasetName, realDatasets } from "../data/real-datasets.js";
import { NnlabError } from "../errors.js";
import type { ExperimentSpec } from "./spec.js";

/** A spec's data, loaded, with a line saying where it came from (for reports). */
export interface LoadedData {
  data: Dataset;
  /** "built-in "moons" (400 examples)", "runs/x.csv (950 rows kept, 2 dropped)". */
  source: string;
  /** Rows dropped as invalid (spec.data.onInvalidRow "drop"). */
  dropped: number;
  /** The file's or set's name alone, for messages about its contents (default: source). */
  name?: string;
  /**
   * The fixed test set of `data.test`, when the loader read it itself (loadExperimentData joins it to
   * `data` with its rows marked "test"; the LoadedData it returns has none).
   */
  test?: Dataset;
}

/** Loads the data of a spec whose `data.source` is not built in. */
export type DataLoader = (spec: ExperimentSpec) => Promise<LoadedData> | LoadedData;

/** Whether `data.source` names a built-in set: a generator, or a real set shipped with nnlab (not a file). */
export function isBuiltInSource(source: string): source is GeneratorName | RealDatasetName {
  return Object.prototype.hasOwnProperty.call(generators, source) || isRealDataset(source);
}

/**
 * Refuses the generators' size, noise and classes for data read from a file, which would train on the file
 * as it is without a word (a CSV with "noise": 0.3). The CSV and IDX readers call it; a DataLoader of the
 * caller's own may give these fields a meaning.
 */
export function refuseGeneratorKnobs(spec: ExperimentSpec): void {
  const knob = (["n", "noise", "classes"] as const).find((key) => spec.data[key] !== undefined);
  if (knob) throw new NnlabError(`data.${knob}: expected nothing for a file (size, noise and classes are the generators' knobs); received ${JSON.stringify(spec.data[knob])}`);
}

/**
 * The CSV options a spec's `data` asks for (label and feature columns, separator, invalid rows, the model's
 * dtype); the generators' knobs are refused (refuseGeneratorKnobs).
 */
export function csvOptionsFor(spec: ExperimentSpec, source: string): CsvOptions {
  refuseGeneratorKnobs(spec);
  return {
    source,
    label: spec.data.label,
    features: spec.data.features,
    onInvalidRow: spec.data.onInvalidRow,
    // in a spec the option is a field of data (the reader's own hint names the library's CSV option)
    invalidRowHint: 'set data.onInvalidRow to "drop" in the spec to skip such rows',
    ...(spec.data.task !== undefined ? { task: spec.data.task } : {}),
    ...(spec.data.delimiter !== undefined ? { delimiter: spec.data.delimiter } : {}),
    dtype: spec.model.dtype,
    ...(spec.data.splitColumn !== undefined ? { splitColumn: spec.data.splitColumn } : {}),
  };
}

/**
 * How a CSV file's data is named in a run's first line: "runs/x.csv (950 rows kept, 2 dropped)", and where
 * the spec gave no data.label, the column read as the label (the last one): a CSV of x1,x2 was trained as a
 * regression of x2 on x1 and nothing said so (a README walkthrough).
 */
export function csvSourceText(name: string, data: Dataset, summary: { kept: number; dropped: number }, spec: ExperimentSpec): string {
  // (with a split column, the last column other than it)
  const last = spec.data.splitColumn === undefined ? "the last column" : "the last column other than the split column";
  const label = spec.data.label === undefined && data.labelName !== "" ? `; label ${JSON.stringify(data.labelName)}, ${last}, as no data.label was given` : "";
  return `${name} (${summary.kept} rows kept, ${summary.dropped} dropped${label})`;
}

/**
 * The spec's data: a built-in generator's (seeded by the spec's seed), or what `loader` loads for any
 * other source. A classification set with a single class is refused (see refuseSingleClass).
 */
/** The generators that draw as many classes as data.classes asks (the others' are fixed). */
const GENERATORS_WITH_CLASSES: readonly string[] = ["blobs", "spirals"];

export async function loadExperimentData(spec: ExperimentSpec, loader?: DataLoader): Promise<LoadedData> {
  const source = spec.data.source;
  let loaded: LoadedData;
  if (isBuiltInSource(source) && spec.data.task !== undefined) {
    const kind = isRealDataset(source) ? "real" : "built-in";
    throw new NnlabError(`data.task: expected nothing for the ${kind} data set "${source}" (its task is fixed: task is for CSV files); received ${JSON.stringify(spec.data.task)}`);
  }
  if (isRealDataset(source)) {
    const given = (["n", "noise", "classes", "seed"] as const).filter((key) => spec.data[key] !== undefined);
    if (given.length) {
      throw new NnlabError(
        `data.${given[0]}: expected nothing for the real data set "${source}" (size, noise, classes and seed are the generators' knobs); received ${JSON.stringify(spec.data[given[0]!])}`,
      );
    }
    const data = await loadRealDataset(source);
    loaded = { data, source: `built-in "${source}" (${data.x.rows} examples: ${realDatasets[source].about})`, dropped: 0 };
  } else if (isBuiltInSource(source)) {
    if (spec.data.classes !== undefined && !GENERATORS_WITH_CLASSES.includes(source)) {
      throw new NnlabError(`data.classes: expected nothing for "${source}" (its classes are fixed; ${GENERATORS_WITH_CLASSES.join(" and ")} take a number of classes); received ${JSON.stringify(spec.data.classes)}`);
    }
    const data = generate(source as GeneratorName, { n: spec.data.n, noise: spec.data.noise, classes: spec.data.classes, seed: spec.data.seed ?? spec.seed });
    loaded = { data, source: `built-in "${source}" (${data.x.rows} examples)`, dropped: 0 };
  } else if (loader) {
    if (spec.data.seed !== undefined) {
      throw new NnlabError(`data.seed: expected nothing for a file (it seeds the generators' points; the split's seed is split.seed); received ${JSON.stringify(spec.data.seed)}`);
    }
    loaded = await loader(spec);
  } else {
    throw new NnlabError(
      `data.source: expected a built-in dataset (${[...Object.keys(generators), ...Object.keys(realDatasets)].join(", ")}), or a data loader for other sources (nnlab/node's fileDataLoader reads CSV files); received ${JSON.stringify(source)} and no loader`,
    );
  }
  if (spec.data.test !== undefined) loaded = await joinTestSet(spec, loaded, loader);
  refuseSingleClass(loaded.data, loaded.name ?? loaded.source);
  // TensorFlow Playground's input features (x1^2, sin x1, ...): the network's inputs are these columns
  if (spec.data.inputFeatures) loaded = { ...loaded, data: withInputFeatures(loaded.data, spec.data.inputFeatures) };
  return loaded;
}

/**
 * `data.test`'s rows joined to the loaded data, marked as the test set (see withTestSet): the loader's
 * own `test` when it read one, else what the loader reads for a spec whose source is the test file.
 */
async function joinTestSet(spec: ExperimentSpec, loaded: LoadedData, loader?: DataLoader): Promise<LoadedData> {
  const file = spec.data.test!;
  let test = loaded.test;
  let testSource = file;
  if (!test) {
    if (!loader) {
      throw new NnlabError(`data.test: expected a data loader to read ${JSON.stringify(file)} (nnlab/node's fileDataLoader reads CSV files); received none`);
    }
    const { test: _t, splitColumn: _s, testLabels, ...rest } = spec.data;
    // IDX test images come with their own labels' file; a CSV test file is read with the source's columns,
    // and with the task the training data has (15 test rows with 13 distinct ages read as classes, though
    // the training file's 47 were a regression target).
    const task = sameTask(loaded.data);
    const testLoaded = await loader({ ...spec, data: { ...rest, source: file, task, ...(testLabels !== undefined ? { labels: testLabels } : {}) } });
    test = testLoaded.data;
    testSource = testLoaded.source;
  }
  const { test: _test, ...kept } = loaded;
  return { ...kept, data: withTestSet(loaded.data, test, `data.test ${JSON.stringify(file)}`), source: `${loaded.source}; test set ${testSource}` };
}

/** The CSV task that reads a test file as `data` was read: its classes, or its regression target. */
const sameTask = (data: Dataset): "classification" | "regression" => (data.task === "regression" ? "regression" : "classification");

/**
 * A loader for CSV text already in memory (a file dropped on a page, a fetch): parsed with the spec's
 * label and feature columns. `name` is used in messages.
 */
export function csvTextLoader(text: string, name = "csv", options: { test?: { text: string; name?: string } } = {}): DataLoader {
  return (spec) => {
    const result = parseCsv(text, csvOptionsFor(spec, name));
    // (the label is not named here: the page, its one caller, says it in its own line about the file)
    const loaded: LoadedData = { data: result.data, source: `${name} (${result.summary.kept} rows kept, ${result.summary.dropped} dropped)`, dropped: result.summary.dropped, name };
    if (options.test) {
      const { splitColumn: _s, ...testSpecData } = spec.data;
      loaded.test = parseCsv(options.test.text, csvOptionsFor({ ...spec, data: { ...testSpecData, task: sameTask(result.data) } }, options.test.name ?? "test csv")).data;
    }
    return loaded;
  };
}

/**
 * A classification dataset whose rows all have one label: a classifier trained on it is right by
 * construction (train and dev error 0) and has learned nothing, which the figures would call low bias and
 * low variance. Refused as bad input.
 */
export function refuseSingleClass(data: Dataset, where: string): void {
  if (data.task === "regression" || data.x.rows === 0) return;
  const present = classCounts(data).flatMap((count, k) => (count > 0 ? [k] : []));
  if (present.length >= 2) return;
  const label = JSON.stringify(data.classes?.[present[0]!] ?? present[0]);
  throw new NnlabError(
    `${where}: every row has label ${label} (column "${data.labelName}"): a classifier needs at least two classes; check the label column and how the data was filtered`,
  );
}
