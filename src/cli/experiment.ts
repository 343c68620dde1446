import { type DataLoader, type ExperimentSpec, type LoadedData, loadExperimentData } from "../index.js";
import { fileDataLoader } from "../node/index.js";
import { loadProgressLine } from "./load-progress.js";

/**
 * What decides whether the load progress line is shown: the command's --quiet and --json (a command's
 * GlobalOptions can be passed as they are). Left out, the line shows on a terminal.
 */
export interface LoadOutput {
  quiet?: boolean;
  json?: boolean;
}

/**
 * The CLI's data loader: CSV files relative to the spec's folder, with a progress line on a terminal
 * (none under --quiet or --json: `output`).
 */
export function cliDataLoader(specPath?: string, invalidRowHint?: string, output: LoadOutput = {}): DataLoader {
  const quiet = output.quiet === true || output.json === true;
  return fileDataLoader({ specPath, onProgress: (name) => loadProgressLine(name, { quiet }), ...(invalidRowHint ? { invalidRowHint } : {}) });
}

/** Loads the spec's data: a built-in generator, or a CSV file relative to the spec's folder (see cliDataLoader for `output`). */
export function loadData(spec: ExperimentSpec, specPath?: string, output: LoadOutput = {}): Promise<LoadedData> {
  return loadExperimentData(spec, cliDataLoader(specPath, undefined, output));
}
