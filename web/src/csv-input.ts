import { csvTextLoader } from "../../src/index.js";
import type { Spec } from "./page-spec.js";
import type { CsvFile } from "./protocol.js";

export type CsvOutcome = { ok: true; csv: CsvFile; spec: Spec; message: string } | { ok: false; message: string };

/**
 * A dropped-in CSV made the spec's data: the spec's source becomes the file's name (the label is its last
 * column unless the spec names one for this file), read here once with the library's csvTextLoader — the worker reads
 * the same text the same way — so that a bad file is explained at once, naming the line and column, and
 * leaves the page as it was. Never throws.
 */
export function readCsv(text: string, name: string, current: Spec): CsvOutcome {
  // The spec's columns are kept for the file it names (a spec opened with its CSV, dropped in again);
  // another file starts from its last column as the label.
  const same = current.data.source === name;
  const data0 = current.data;
  const spec: Spec = {
    ...current,
    data: { source: name, onInvalidRow: same ? data0.onInvalidRow : "error", ...(same && data0.label !== undefined ? { label: data0.label } : {}), ...(same && data0.features ? { features: data0.features } : {}) },
  };
  let data;
  try {
    data = csvTextLoader(text, name)(spec);
    if (data instanceof Promise) throw new Error("the CSV loader answered asynchronously");
    data = data.data;
  } catch (error) {
    return { ok: false, message: `Could not use ${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (data.x.rows < 10) return { ok: false, message: `Could not use ${name}: it has ${data.x.rows} examples; the playground needs at least 10` };
  const kind = data.task === "regression" ? "regression" : `${data.classes!.length} classes`;
  return {
    ok: true,
    csv: { name, text },
    spec,
    message: `Loaded ${name}: ${data.x.rows} examples, ${data.x.cols} features (${data.featureNames.join(", ")}), label "${data.labelName}" (${kind}).`,
  };
}

/** Calls `onFile` with the text of a CSV chosen with the file input or dropped anywhere on `panel`. */
export function watchCsvInput(panel: HTMLElement, input: HTMLInputElement, onFile: (text: string, name: string) => void): void {
  const read = (file: File | undefined) => {
    if (file) void file.text().then((text) => onFile(text, file.name));
  };
  input.addEventListener("change", () => read(input.files?.[0]));
  panel.addEventListener("dragover", (event) => {
    event.preventDefault();
    panel.classList.add("dropping");
  });
  panel.addEventListener("dragleave", () => panel.classList.remove("dropping"));
  panel.addEventListener("drop", (event) => {
    event.preventDefault();
    panel.classList.remove("dropping");
    read(event.dataTransfer?.files[0]);
  });
}
