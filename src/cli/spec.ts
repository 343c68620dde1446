import { readFile } from "node:fs/promises";
import { type ExperimentSpec, NnlabError, parseSpec } from "../index.js";


/** Reads and validates a spec file. */
export async function readSpec(path: string): Promise<ExperimentSpec> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new NnlabError(code === "ENOENT" ? `${path}: no such spec file` : `${path}: cannot read the spec (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new NnlabError(`${path}: the spec is not valid JSON: ${(error as Error).message}`);
  }
  return parseSpec(json, path, text);
}
