/**
 * The Data panel's CSV: chosen or dropped in, read in a worker of its own (csv-reader-worker.ts: read on
 * the page, a 75 MB file froze it for 7-12 s), and offered again with bad rows skipped.
 */
import { type CsvOutcome, type CsvReadAnswer, type CsvReadRequest, watchCsvInput } from "../csv-input.js";
import { element } from "../form.js";
import type { Spec } from "../page-spec.js";
import type { RunController } from "./run-controller.js";

export function wireCsvPanel(run: RunController): void {
  const fileInput = element<HTMLInputElement>("csv-file");
  const dropButton = element<HTMLButtonElement>("csv-drop");
  const message = element("csv-message");
  const reader = new CsvReader();
  /** A file refused for a bad row, which the "skip invalid rows" button reads again with onInvalidRow "drop". */
  let refusedFile: File | null = null;

  /** A file that is not used, and why: the file input must not name a file the run is not using (it is emptied), and the message says what the run has. */
  function refuse(why: string): void {
    message.className = "message error";
    fileInput.value = "";
    const using = run.ready && !run.awaitingReady ? run.ready.dataSource : JSON.stringify(run.spec.data.source);
    message.textContent = `${why}\nThe run keeps its data: ${using}.`;
  }

  /** A CSV chosen or dropped in: read by the reader worker, the panel saying so meanwhile (a big file takes seconds). */
  function loadCsv(file: File, drop = false): void {
    refusedFile = null;
    dropButton.hidden = true;
    message.className = "message";
    // (not the file's name: the message names the file once it is read, the answer tests wait for)
    message.textContent = `Reading the file (${sizeOf(file.size)})…`;
    reader.read(file, run.spec, drop, (outcome) => useCsv(file, outcome));
  }

  /** A CSV read: the spec's data when it reads, else why not, and the data the run keeps. */
  function useCsv(file: File, outcome: CsvOutcome): void {
    message.className = outcome.ok ? "message ok" : "message error";
    refusedFile = !outcome.ok && outcome.canDrop ? file : null;
    dropButton.hidden = refusedFile === null;
    if (!outcome.ok) return refuse(outcome.message);
    message.textContent = outcome.message;
    run.csv = outcome.csv;
    // The page stayed usable while the file was read: settings changed meanwhile are kept, the file brings the data.
    const spec = { ...run.spec, data: outcome.spec.data };
    // A file that reads may still not train (one class, say): then the panel does not say "Loaded" alone, in green.
    run.applySpec(spec, "settings", (failure) => {
      if (failure === null) return;
      message.className = "message error";
      message.textContent = `${outcome.message}\nBut the run did not start: ${failure}`;
    });
  }

  watchCsvInput(element("data-panel"), fileInput, (file) => loadCsv(file));
  dropButton.addEventListener("click", () => {
    if (refusedFile) loadCsv(refusedFile, true);
  });
}

/**
 * Reads CSV files in the CSV reader worker, started on first use and kept for the next file. One read at
 * a time: a new one supersedes a read under way, whose worker is stopped (the new file would otherwise
 * wait behind the old one's parse, which cannot be interrupted) and whose answer is never given.
 */
class CsvReader {
  private worker: Worker | null = null;
  private reads = 0;
  /** The read under way: its request's id, its file, and who is told its outcome. */
  private pending: { id: number; file: File; done: (outcome: CsvOutcome) => void } | null = null;

  read(file: File, spec: Spec, drop: boolean, done: (outcome: CsvOutcome) => void): void {
    if (this.pending) this.stop();
    this.worker ??= this.start();
    const request: CsvReadRequest = { id: ++this.reads, file, spec, drop };
    this.pending = { id: request.id, file, done };
    this.worker.postMessage(request);
  }

  private start(): Worker {
    // a module worker: it shares the library's chunks with the page and the training worker (see buildPlayground)
    const worker = new Worker(new URL("./csv-reader-worker.js", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<CsvReadAnswer>) => {
      const pending = this.pending;
      // (the id: an answer already on its way when its read was superseded is not this read's)
      if (pending?.id !== event.data.id) return;
      this.pending = null;
      pending.done(event.data.outcome);
    };
    // A reader that failed (its script did not load, say) is not kept: the read under way is refused, the next file starts a new one.
    worker.onerror = (event) => {
      const pending = this.pending;
      this.stop();
      pending?.done({ ok: false, canDrop: false, message: `Could not read ${pending.file.name}: the CSV reader failed: ${event.message || "it did not start"}` });
    };
    return worker;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending = null;
  }
}

/** A file's size as the panel says it: "840 bytes", "12.5 KB", "75.3 MB". */
function sizeOf(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
