import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import { fileHead } from "../node/save-file.js";
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

/**
 * Refuses to write predictions over an existing file that is not an earlier predictions file (whose first
 * line has a column predict adds: "prediction", "prediction 2", "p(cat)", with the ".1" a clash adds):
 * --out at another run's model.json, or at a data file, replaced it with predictions and said "Wrote ...",
 * exit 0 (an export audit). An empty file is nothing to lose.
 */
export async function refuseReplacingOtherThanPredictions(flag: string, out: string): Promise<void> {
  const line = await firstLine(out);
  if (line === null || line === "") return;
  const cells = line.split(/[,;\t]/).map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  if (cells.some((c) => /^(prediction( \d+)?|p\(.*\))(\.\d+)?$/.test(c))) return;
  throw new CliError(`${flag} ${out}: expected a new file, or an earlier predictions file to replace (a "prediction" or "p(...)" column in its first line); received a file that is not one (another run's model? the data?): give ${flag} another name`);
}

/** The first line of the regular file at `path` (read up to 16 MB: a predictions file of thousands of columns); null where there is no file. */
async function firstLine(path: string): Promise<string | null> {
  const LIMIT = 16 * 1024 * 1024;
  let size = 64 * 1024;
  for (;;) {
    const head = await fileHead(path, size);
    if (head === null) return null;
    const end = head.indexOf(0x0a);
    if (end >= 0 || head.length < size || size >= LIMIT) return head.subarray(0, end >= 0 ? end : head.length).toString("utf8").replace(/\r$/, "");
    size *= 4;
  }
}
