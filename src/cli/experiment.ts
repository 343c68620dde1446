import { type DataLoader, type ExperimentSpec, type LoadedData, loadExperimentData } from "../internal.js";
import { fileDataLoader } from "../node/index.js";
import { loadProgressLine } from "./load-progress.js";

/** The CLI's data loader: CSV files relative to the spec's folder, with a progress line on a terminal. */
export function cliDataLoader(specPath?: string, invalidRowHint?: string): DataLoader {
  return fileDataLoader({ specPath, onProgress: loadProgressLine, ...(invalidRowHint ? { invalidRowHint } : {}) });
}

/** Loads the spec's data: a built-in generator, or a CSV file relative to the spec's folder. */
export function loadData(spec: ExperimentSpec, specPath?: string): Promise<LoadedData> {
  return loadExperimentData(spec, cliDataLoader(specPath));
}
