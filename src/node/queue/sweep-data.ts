/**
 * Where a queued sweep's workers get the data: built in (nothing to carry), the spec's CSV files shipped
 * through Redis when they are small (up to SHIP_LIMIT_BYTES), or else the same path on every worker, with
 * the files' hash in each job so that a worker whose copy differs says so instead of training on it.
 */
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { isBuiltInSource } from "../../experiment/data-source.js";
import type { ExperimentSpec } from "../../experiment/spec.js";
import type { ShippedData } from "../sweep/shipped-data.js";
import { contentsHash, filesHash } from "./files-hash.js";
import type { TrialDataRef } from "./trial-job.js";

/** CSV data up to this size (source and test together) travels with the trials. */
export const SHIP_LIMIT_BYTES = 4 * 1024 * 1024;

export interface SweepData {
  ref?: TrialDataRef;
  /** The text, when shipped. */
  shipped?: ShippedData;
  /** One line for the command: how the workers get the data. */
  note: string;
}

/** The data files a spec reads, as absolute paths (a relative one is relative to the spec's folder). */
export function dataFiles(spec: ExperimentSpec, specPath: string): string[] {
  const at = (file: string) => (isAbsolute(file) ? file : resolve(dirname(specPath), file));
  if (spec.data.source === "fashion-mnist") return [];
  // a built-in source is no file (iris with a test CSV: the CSV alone); testLabels, data.test's IDX labels, is one
  const source = isBuiltInSource(spec.data.source) ? undefined : spec.data.source;
  return [source, spec.data.labels, spec.data.test, spec.data.testLabels].filter((f): f is string => f !== undefined).map(at);
}

/**
 * The hash of the spec's data files (sweepData's sha256, without reading them as text), or null for
 * built-in data or a file that cannot be read (the loader reports that): what binds a sweep or improve
 * folder to its data.
 */
export async function dataFilesHash(spec: ExperimentSpec, specPath: string): Promise<string | null> {
  const files = isBuiltInSource(spec.data.source) && spec.data.test === undefined ? [] : dataFiles(spec, specPath);
  return files.length ? filesHash(files).catch(() => null) : null;
}

/** How the sweep's workers get its data (all the sweep's trials share the base spec's data). */
export async function sweepData(spec: ExperimentSpec, specPath: string): Promise<SweepData> {
  if (isBuiltInSource(spec.data.source) && spec.data.test === undefined) return { note: `data: built-in "${spec.data.source}"` };
  const files = dataFiles(spec, specPath);
  if (files.length === 0) return { note: `data: ${spec.data.source}, read by each worker from its own copy` };
  const texts = await Promise.all(files.map((f) => readFile(f)));
  const sha256 = contentsHash(texts);
  const bytes = texts.reduce((n, t) => n + t.length, 0);
  // shipped as text: a CSV source with its test CSV (a built-in source's test file is read where it lies)
  const csv = !isBuiltInSource(spec.data.source) && spec.data.labels === undefined && files.every((f) => f.toLowerCase().endsWith(".csv"));
  // NNLAB_SHIP_LIMIT_BYTES: tests set 0 to have workers read the files at their paths.
  const limit = Number(process.env.NNLAB_SHIP_LIMIT_BYTES ?? SHIP_LIMIT_BYTES);
  if (csv && bytes <= limit) {
    const [source, test] = files.map((name, i) => ({ name, text: texts[i]!.toString("utf8") }));
    return { ref: { sha256, files, shipped: true }, shipped: { source: source!, ...(test ? { test } : {}) }, note: `data: ${files.join(", ")} (${megabytes(bytes)}), shipped to the workers with the trials` };
  }
  return { ref: { sha256, files, shipped: false }, note: `data: ${files.join(", ")} (${megabytes(bytes)}), read by each worker at this same path` };
}


const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

