/** The Data panel's CSV: chosen or dropped in, read (see readCsv), and offered again with bad rows skipped. */
import { readCsv, watchCsvInput } from "../csv-input.js";
import { element } from "../form.js";
import type { RunController } from "./run-controller.js";

export function wireCsvPanel(run: RunController): void {
  const fileInput = element<HTMLInputElement>("csv-file");
  const dropButton = element<HTMLButtonElement>("csv-drop");
  /** A file refused for a bad row, which the "skip invalid rows" button loads again with onInvalidRow "drop". */
  let refusedFile: { text: string; name: string } | null = null;

  /** A file that is not used, and why: the file input must not name a file the run is not using (it is emptied), and the message says what the run has. */
  function refuse(why: string): void {
    const message = element("csv-message");
    message.className = "message error";
    fileInput.value = "";
    const using = run.ready && !run.awaitingReady ? run.ready.dataSource : JSON.stringify(run.spec.data.source);
    message.textContent = `${why}\nThe run keeps its data: ${using}.`;
  }

  /** A CSV chosen or dropped in: the spec's data when it reads, else why not, and the data the run keeps. */
  function loadCsv(text: string, name: string, drop = false): void {
    const outcome = readCsv(text, name, run.spec, { drop });
    const message = element("csv-message");
    message.className = outcome.ok ? "message ok" : "message error";
    refusedFile = !outcome.ok && outcome.canDrop ? { text, name } : null;
    dropButton.hidden = refusedFile === null;
    if (!outcome.ok) return refuse(outcome.message);
    message.textContent = outcome.message;
    run.csv = outcome.csv;
    // A file that reads may still not train (one class, say): then the panel does not say "Loaded" alone, in green.
    run.applySpec(outcome.spec, "settings", (failure) => {
      if (failure === null) return;
      message.className = "message error";
      message.textContent = `${outcome.message}\nBut the run did not start: ${failure}`;
    });
  }

  watchCsvInput(element("data-panel"), fileInput, (text, name) => loadCsv(text, name), (why, name) => {
    refusedFile = null;
    dropButton.hidden = true;
    refuse(`Could not use ${name}: ${why}`);
  });
  dropButton.addEventListener("click", () => {
    if (refusedFile) loadCsv(refusedFile.text, refusedFile.name, true);
  });
}
