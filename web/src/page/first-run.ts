/** The page's first run: the spec of its link, or the one `nnlab playground spec.json` handed its server. */
import { element } from "../form.js";
import type { CsvFile } from "../protocol.js";
import type { RunController } from "./run-controller.js";

/**
 * `opening` (the address has "?open"): the page asks its server for the spec (and its CSV's text) and
 * opens it as if pasted. Otherwise the link's spec starts, with what the link asked for that could not
 * be used kept in view (the status line moves on) until the person changes a setting.
 */
export function startFirstRun(run: RunController, opening: boolean, linkProblems: string[]): void {
  if (opening) {
    void openServedSpec(run);
    return;
  }
  if (linkProblems.length) {
    const linkMessage = element("link-message");
    linkMessage.textContent = `From the link, not used:\n${linkProblems.join("\n")}`;
    linkMessage.hidden = false;
  }
  if (!run.needsCsv()) run.configure(false);
}

async function openServedSpec(run: RunController): Promise<void> {
  let opened: { spec: unknown; csv?: CsvFile | null };
  try {
    const response = await fetch("opened.json");
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    opened = (await response.json()) as typeof opened;
  } catch (error) {
    run.configure(false);
    run.say(`Could not open the spec the server was started with: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  run.csv = opened.csv ?? null;
  if (!run.applySpec(opened.spec, "opened spec")) run.configure(false);
}
