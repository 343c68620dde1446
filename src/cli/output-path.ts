import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { CliError } from "./context.js";

/** A file's real path (links followed), or its absolute path where it does not exist yet. */
const real = (path: string) => realpath(path).catch(() => resolve(path));

/**
 * Refuses an output path that is one of the command's own input files: `--out` over the model being
 * exported or predicted with, or over the CSV being read, replaced it with the output and said "Wrote ..."
 * (exit 0): the trained model, or the data, was gone. `written` lists the files the output will write.
 */
export async function refuseOverwritingInputs(flag: string, out: string, written: readonly string[], inputs: ReadonlyArray<{ path: string; what: string }>): Promise<void> {
  const sources = await Promise.all(inputs.map(async (input) => ({ ...input, real: await real(input.path) })));
  for (const file of written) {
    const target = await real(file);
    const hit = sources.find((s) => s.real === target);
    if (hit) throw new CliError(`${flag} ${out}: expected a path apart from ${hit.what}; received one that would write ${file} over ${hit.path}`);
  }
}
