import { element } from "./form.js";
import { type Spec, specJson } from "./page-spec.js";

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
  const tell = (text: string, ok: boolean) => {
    message.textContent = text;
    message.className = ok ? "message ok" : "message error";
  };
  element("spec-open").addEventListener("click", () => {
    const problem = open(box.value);
    if (problem) tell(problem, false);
    else tell("Opened: the settings, the address and the run are this spec's now.", true);
  });
  element("spec-download").addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([box.value], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${name}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  });
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
    },
  };
}
