import { readFile } from "node:fs/promises";
import { type ExperimentSpec, isBuiltInSource, NnlabError, parseSpec } from "../index.js";


/** Reads and validates a spec file. */
export async function readSpec(path: string): Promise<ExperimentSpec> {
  return (await readSpecFile(path)).spec;
}

/** A spec file validated, with its JSON as written (a sweep varies that, not the defaults filled in). */
export async function readSpecFile(path: string): Promise<{ spec: ExperimentSpec; json: unknown }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new NnlabError(`${path}: expected a spec file (JSON); received a folder`);
    // `nnlab improve iris` said only "iris: no such spec file": a built-in set's name is a spec's data.source
    const builtIn = code === "ENOENT" && (isBuiltInSource(path) || path === "fashion-mnist") ? `; "${path}" is a built-in data set: a spec names it as "data": { "source": "${path}" }` : "";
    throw new NnlabError(code === "ENOENT" ? `${path}: no such spec file${builtIn}` : `${path}: cannot read the spec (${code})`);
  }
  // Editors on Windows may start UTF-8 with a byte-order mark, which JSON.parse refuses.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error, newlines and all: one line.
    throw new NnlabError(`${path}: the spec is not valid JSON: ${(error as Error).message.replace(/\s*\n\s*/g, " ")}`);
  }
  return { spec: parseSpec(json, path, text), json };
}

/**
 * The spec with every data file it names (a source file, data.test, IDX labels) passed through `move`:
 * a spec written to another folder (improve's final.json, doctor's suggested-spec.json) must still find them.
 */
export function withDataFiles(spec: ExperimentSpec, move: (file: string) => string): ExperimentSpec {
  const data = { ...spec.data };
  if (!isBuiltInSource(data.source) && data.source !== "fashion-mnist") data.source = move(data.source);
  if (data.test !== undefined) data.test = move(data.test);
  if (data.labels !== undefined) data.labels = move(data.labels);
  if (data.testLabels !== undefined) data.testLabels = move(data.testLabels);
  return { ...spec, data };
}
