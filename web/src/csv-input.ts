import { csvTextLoader, csvTextOfBytes, detectCsvDialect } from "../../src/index.js";
import type { Spec } from "./page-spec.js";
import type { CsvFile } from "./protocol.js";

export type CsvOutcome =
  | { ok: true; csv: CsvFile; spec: Spec; message: string }
  /** `canDrop`: the problem is a bad row, which onInvalidRow "drop" would skip (the page offers it as a button). */
  | { ok: false; message: string; canDrop: boolean };

/** The library's advice at the end of a bad row's message; the page offers it as a button instead. */
const DROP_ADVICE = / \(set data\.onInvalidRow to "drop" in the spec to skip such rows\)/;

/**
 * A dropped-in CSV made the spec's data: the spec's source becomes the file's name (the label is its last
 * column unless the spec names one for this file), read once with the library's csvTextLoader (by the CSV
 * reader worker: see readCsvBytes) — the training worker reads the same text the same way — so that a bad
 * file is explained at once, naming the line and column, and leaves the page as it was. `drop` skips bad
 * rows (the spec's onInvalidRow "drop"). A file separated by semicolons or tabs, with decimal commas or
 * not, reads as it is: the library finds its dialect (see detectCsvDialect), here, in the training worker
 * and in `nnlab train` alike. Never throws.
 */
export function readCsv(file: string, name: string, current: Spec, options: { drop?: boolean } = {}): CsvOutcome {
  // The spec's columns are kept for the file it names (a spec opened with its CSV, dropped in again);
  // another file starts from its last column as the label.
  const same = current.data.source === name;
  const data0 = current.data;
  const spec: Spec = {
    ...current,
    data: {
      source: name,
      onInvalidRow: options.drop ? "drop" : same ? data0.onInvalidRow : "error",
      ...(same && data0.label !== undefined ? { label: data0.label } : {}),
      ...(same && data0.features ? { features: data0.features } : {}),
      ...(same && data0.delimiter ? { delimiter: data0.delimiter } : {}),
    },
  };
  let loaded;
  try {
    loaded = csvTextLoader(file, name)(spec);
    if (loaded instanceof Promise) throw new Error("the CSV loader answered asynchronously");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const canDrop = DROP_ADVICE.test(message);
    return { ok: false, canDrop, message: `Could not use ${name}: ${message.replace(DROP_ADVICE, "")}` };
  }
  const data = loaded.data;
  if (data.x.rows < 10) return { ok: false, canDrop: false, message: `Could not use ${name}: it has ${data.x.rows} examples; the playground needs at least 10` };
  const classes = data.classes?.length ?? 0;
  const kind = data.task === "regression" ? "regression" : `${classes} class${classes === 1 ? "" : "es"}`;
  // the dialect as the library read it
  const dialect = detectCsvDialect(file, spec.data.delimiter);
  const read = dialect.delimiter === "," ? "" : ` (${dialect.name}-separated${dialect.decimalComma ? ", decimal commas" : ""})`;
  const dropped = loaded.dropped ? `; ${loaded.dropped} invalid row${loaded.dropped === 1 ? "" : "s"} skipped` : "";
  return {
    ok: true,
    csv: { name, text: file },
    spec,
    message: `Loaded ${name}${read}: ${data.x.rows} examples${dropped}, ${data.x.cols} features (${data.featureNames.join(", ")}), label "${data.labelName}" (${kind}).`,
  };
}

/**
 * A CSV file's bytes read as `nnlab train` reads the file (csvTextOfBytes: UTF-8; binary or UTF-16
 * refused), then as readCsv reads its text: what the CSV reader worker does (csv-reader-worker.ts). Never throws.
 */
export function readCsvBytes(bytes: Uint8Array, name: string, current: Spec, options: { drop?: boolean } = {}): CsvOutcome {
  let text: string;
  try {
    text = csvTextOfBytes(bytes, name);
  } catch (error) {
    return { ok: false, canDrop: false, message: `Could not use ${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  return readCsv(text, name, current, options);
}

/** Page -> CSV reader worker: read `file` for `spec` (with onInvalidRow "drop" when `drop`); the answer carries `id`. */
export interface CsvReadRequest {
  id: number;
  file: File;
  spec: Spec;
  drop: boolean;
}

/**
 * CSV reader worker -> page: readCsvBytes's outcome. The file's text comes back only in a CSV that reads
 * (the training worker needs it): the page never decodes the file itself.
 */
export interface CsvReadAnswer {
  id: number;
  outcome: CsvOutcome;
}

/**
 * Calls `onFile` with a CSV file chosen with the file input or dropped anywhere on `panel`. The page does
 * not read it: a worker does (see wireCsvPanel), as decoding and parsing a big file froze the page.
 */
export function watchCsvInput(panel: HTMLElement, input: HTMLInputElement, onFile: (file: File) => void): void {
  const chosen = (file: File | undefined) => {
    if (file) onFile(file);
  };
  input.addEventListener("change", () => chosen(input.files?.[0]));
  panel.addEventListener("dragover", (event) => {
    event.preventDefault();
    panel.classList.add("dropping");
  });
  panel.addEventListener("dragleave", () => panel.classList.remove("dropping"));
  panel.addEventListener("drop", (event) => {
    event.preventDefault();
    panel.classList.remove("dropping");
    chosen(event.dataTransfer?.files[0]);
  });
}
