import { element } from "./form.js";
import { EXPORT_FILES, type ExportFormat, exportText } from "./export-code.js";
import { type Spec, specFromText, specJson } from "./page-spec.js";

/** Hands `content` (text, or bytes such as an ONNX model) to the browser as a file download named `file`. */
export function download(file: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** The file "Download spec.json" writes, as the button and the exported command (`nnlab train spec.json`) name it. */
export const SPEC_FILE = "spec.json";

/**
 * What "Download spec.json" and "Copy" hand out: the spec the run uses (`spec`), never the box's text as
 * such, which may hold edits not opened yet (or not JSON at all); `unopened` says that it does, so the
 * person is told their edits are not in the file. Text that reads as the same spec (other spacing, the
 * defaults left out) is no edit.
 */
export function specToHandOut(boxText: string, spec: Readonly<Spec>): { file: string; text: string; unopened: boolean } {
  const text = specJson(spec);
  if (boxText === text) return { file: SPEC_FILE, text, unopened: false };
  const read = specFromText(boxText);
  return { file: SPEC_FILE, text, unopened: "problem" in read || specJson(read.spec) !== text };
}

export interface SpecBox {
  /** Shows the page's spec in the box (what "Download" and "Copy" hand out). */
  show(spec: Spec): void;
  /**
   * How the run of a spec opened from the box started: `failure` null when it did, else why not (the
   * box's message then says so rather than claim the run is this spec's). Ignored when the box opened nothing since.
   */
  runStarted(failure: string | null): void;
}

/**
 * The spec as text: the box always holds the page's spec, as `nnlab train` reads it; "Download spec.json"
 * and "Copy" export it; a spec pasted or typed in opens with "Open this spec". `open` returns the reason a
 * text cannot be opened (parseSpec's message, or the JSON error), shown under the box, or null; how its
 * run started comes later, to runStarted.
 */
export function watchSpecBox(open: (text: string) => string | null): SpecBox {
  const box = element<HTMLTextAreaElement>("spec-text");
  const message = element("spec-message");
  let spec: Spec | null = null;
  /** While "Open this spec" is at work (the page then shows the opened spec), and until its run has started or failed. */
  let opening = false;
  let awaitingRun = false;
  const tell = (text: string, ok: boolean, to = message) => {
    to.textContent = text;
    to.className = ok ? "message ok" : "message error";
  };
  // The same run as TypeScript with the library, or as the nnlab command.
  const format = element<HTMLSelectElement>("export-format");
  const code = element<HTMLTextAreaElement>("export-text");
  const exportButton = element<HTMLButtonElement>("export-download");
  const exportMessage = element("export-message");
  let current: Spec | null = null;
  const showExport = (spec: Spec) => {
    current = spec;
    const chosen = format.value as ExportFormat;
    code.value = exportText(chosen, spec);
    exportButton.textContent = `Download ${EXPORT_FILES[chosen]}`;
  };
  format.addEventListener("change", () => current && showExport(current));
  exportButton.addEventListener("click", () => download(EXPORT_FILES[format.value as ExportFormat], code.value, "text/plain"));
  element("export-copy").addEventListener("click", () => {
    navigator.clipboard.writeText(code.value).then(
      () => tell("Copied.", true, exportMessage),
      () => tell("Could not copy here: select the text in the box instead.", false, exportMessage),
    );
  });
  element("spec-open").addEventListener("click", () => {
    // (said first: the run's outcome may come at once, from within open, for a spec that waits for its CSV)
    tell("Opened: the settings and the address are this spec's; its run is starting…", true);
    opening = awaitingRun = true;
    let problem: string | null;
    try {
      problem = open(box.value);
    } finally {
      opening = false;
    }
    if (problem) {
      awaitingRun = false;
      tell(problem, false);
    }
  });
  /** The spec the run uses, and whether the box holds edits not in it (said, so that nobody takes the file for their edits). */
  const handOut = (done: string) => {
    if (!spec) return null;
    const out = specToHandOut(box.value, spec);
    const unopened = out.unopened ? ` The box's edits are not in it: they are not opened yet ("Open this spec" opens them).` : "";
    return { ...out, said: `${done} the spec the run uses.${unopened}`, ok: !out.unopened };
  };
  element("spec-download").addEventListener("click", () => {
    const out = handOut("Downloaded");
    if (!out) return;
    download(out.file, out.text, "application/json");
    tell(out.said, out.ok);
  });
  element("spec-copy").addEventListener("click", () => {
    const out = handOut("Copied");
    if (!out) return;
    navigator.clipboard.writeText(out.text).then(
      () => tell(`${out.said}${out.ok ? ` Paste it into ${SPEC_FILE} and run \`nnlab train ${SPEC_FILE}\` for the same run.` : ""}`, out.ok),
      () => tell("Could not copy here: select the text in the box instead.", false),
    );
  });
  return {
    show(next) {
      spec = next;
      box.value = specJson(next);
      showExport(next);
      // the box now holds another spec than the one a message was about (a setting changed, say)
      if (!opening) {
        awaitingRun = false;
        tell("", true);
      }
    },
    runStarted(failure) {
      if (!awaitingRun) return;
      awaitingRun = false;
      if (failure === null) tell("Opened: the settings, the address and the run are this spec's now.", true);
      else tell(`Opened: the settings and the address are this spec's, but the run did not start: ${failure}`, false);
    },
  };
}
