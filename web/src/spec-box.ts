import { element } from "./form.js";
import { EXPORT_FILES, type ExportFormat, exportText } from "./export-code.js";
import { type Spec, specJson } from "./page-spec.js";

/** Hands `content` (text, or bytes such as an ONNX model) to the browser as a file download named `file`. */
export function download(file: string, content: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([content as BlobPart], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export interface SpecBox {
  /** Shows the page's spec in the box (what "Download" and "Copy" hand out). */
  show(spec: Spec): void;
}

/**
 * The spec as text: the box always holds the page's spec, as `nnlab train` reads it; "Download spec.json"
 * and "Copy" export it; a spec pasted or typed in opens with "Open this spec". `open` returns the reason a
 * text cannot be opened (parseSpec's message, or the JSON error), shown under the box, or null.
 */
export function watchSpecBox(open: (text: string) => string | null): SpecBox {
  const box = element<HTMLTextAreaElement>("spec-text");
  const message = element("spec-message");
  let name = "spec";
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
    const problem = open(box.value);
    if (problem) tell(problem, false);
    else tell("Opened: the settings, the address and the run are this spec's now.", true);
  });
  element("spec-download").addEventListener("click", () => download(`${name}.json`, box.value, "application/json"));
  element("spec-copy").addEventListener("click", () => {
    navigator.clipboard.writeText(box.value).then(
      () => tell("Copied: paste it into a file and run `nnlab train spec.json` for the same run.", true),
      () => tell("Could not copy here: select the text in the box instead.", false),
    );
  });
  return {
    show(spec) {
      name = spec.name;
      box.value = specJson(spec);
      showExport(spec);
    },
  };
}
