import { basename, dirname, isAbsolute, resolve } from "node:path";
import { csvOptionsFor, type DataLoader } from "../experiment/data-source.js";
import { builtInDatasets } from "../experiment/spec.js";
import { NnlabError } from "../errors.js";
import { loadCsvFile } from "./data-file.js";
import type { LoadProgress } from "./load-csv.js";

export interface FileDataLoaderOptions {
  /** The spec file's path: a relative `data.source` is read from its folder (default: the working folder). */
  specPath?: string;
  /** Called while a file loads (see loadCsv), given the file's name. */
  onProgress?: (name: string) => ((progress: LoadProgress) => void) | undefined;
}

/**
 * The Node DataLoader: reads a spec's CSV `data.source` (relative to the spec's folder), streamed into
 * typed arrays of the model's dtype, with every way the file can fail said in one line that names it.
 */
export function fileDataLoader(options: FileDataLoaderOptions = {}): DataLoader {
  return async (spec) => {
    const source = spec.data.source;
    if (!source.toLowerCase().endsWith(".csv")) {
      throw new NnlabError(`data.source: expected a built-in dataset (${builtInDatasets.join(", ")}) or a .csv file; received ${JSON.stringify(source)}`);
    }
    const path = isAbsolute(source) || !options.specPath ? source : resolve(dirname(options.specPath), source);
    const result = await loadCsvFile(path, { ...csvOptionsFor(spec, path), onProgress: options.onProgress?.(basename(path)) });
    return { data: result.data, source: `${path} (${result.summary.kept} rows kept, ${result.summary.dropped} dropped)`, dropped: result.summary.dropped, name: path };
  };
}
