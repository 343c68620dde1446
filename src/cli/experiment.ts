import { basename, dirname, isAbsolute, resolve } from "node:path";
import { classCounts, type Dataset } from "../data/dataset.js";
import { generate, type GeneratorName, generators } from "../data/generators.js";
import { NnlabError } from "../errors.js";
import { CliError } from "./context.js";
import { loadCsvFile } from "./data-file.js";
import { loadProgressLine } from "./load-progress.js";
import type { ExperimentSpec } from "./spec.js";

// What a spec builds is the library's (browser-safe); the CLI adds loading the data from files.
export * from "../experiment/build.js";

/** Loads the spec's data: a built-in generator, or a CSV file relative to the spec's folder. */
export async function loadData(spec: ExperimentSpec, specPath?: string): Promise<{ data: Dataset; source: string; dropped: number }> {
  const source = spec.data.source;
  if (source in generators) {
    const data = generate(source as GeneratorName, { n: spec.data.n, noise: spec.data.noise, classes: spec.data.classes, seed: spec.seed });
    refuseSingleClass(data, `built-in "${source}" (${data.x.rows} examples)`);
    return { data, source: `built-in "${source}" (${data.x.rows} examples)`, dropped: 0 };
  }
  if (!source.toLowerCase().endsWith(".csv")) {
    throw new NnlabError(`data.source must be a built-in dataset (${Object.keys(generators).join(", ")}) or a .csv file; received ${JSON.stringify(source)}`);
  }
  const path = isAbsolute(source) || !specPath ? source : resolve(dirname(specPath), source);
  const result = await loadCsvFile(path, {
    label: spec.data.label,
    features: spec.data.features,
    onInvalidRow: spec.data.onInvalidRow,
    // a float32 model's data is stored as float32 (half the memory); progress on a terminal for long loads
    dtype: spec.model.dtype,
    onProgress: loadProgressLine(basename(path)),
  });
  refuseSingleClass(result.data, path);
  return { data: result.data, source: `${path} (${result.summary.kept} rows kept, ${result.summary.dropped} dropped)`, dropped: result.summary.dropped };
}

/**
 * A classification dataset whose rows all have one label: a classifier trained on it is right by
 * construction (train and dev error 0) and has learned nothing, which the figures would call low bias and
 * low variance. Refused as bad input.
 */
function refuseSingleClass(data: Dataset, where: string): void {
  if (data.task === "regression" || data.x.rows === 0) return;
  const present = classCounts(data).flatMap((count, k) => (count > 0 ? [k] : []));
  if (present.length >= 2) return;
  const label = JSON.stringify(data.classes?.[present[0]!] ?? present[0]);
  throw new CliError(`${where}: every row has label ${label} (column "${data.labelName}"): a classifier needs at least two classes; check the label column and how the data was filtered`);
}

