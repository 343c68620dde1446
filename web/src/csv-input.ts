import { type Dataset, parseCsv } from "../../src/index.js";
import type { PlainDataset } from "./protocol.js";

export type CsvOutcome = { ok: true; data: PlainDataset; message: string } | { ok: false; message: string };

/**
 * Parses a dropped-in CSV in the page with the library's parseCsv (header row, last column the label).
 * Any problem comes back as a message naming the line and column, never as an exception, so a bad
 * file leaves the page as it was.
 */
export function readCsv(text: string, name: string): CsvOutcome {
  let data: Dataset;
  try {
    data = parseCsv(text, { source: name }).data;
  } catch (error) {
    return { ok: false, message: `Could not use ${name}: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (data.x.rows < 10) return { ok: false, message: `Could not use ${name}: it has ${data.x.rows} examples; the playground needs at least 10` };
  const kind = data.task === "regression" ? "regression" : `${data.classes!.length} classes`;
  return {
    ok: true,
    data: {
      rows: data.x.rows,
      cols: data.x.cols,
      x: Float64Array.from(data.x.data),
      y: Float64Array.from(data.y.data),
      featureNames: data.featureNames,
      labelName: data.labelName,
      task: data.task,
      classes: data.classes,
    },
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
