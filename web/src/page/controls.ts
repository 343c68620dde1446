/** The settings form and the run's buttons (train, step, reset, train on, check, downloads, new seed). */
import { clearInvalid, markInvalid, reasonOf } from "../field-error.js";
import { editSpec, element, fieldProblem, specChecked } from "../form.js";
import { checkedSpec } from "../page-spec.js";
import type { RunController } from "./run-controller.js";

export function wireControls(run: RunController): void {
  for (const id of ["show-test", "discretize"]) {
    element(id).addEventListener("change", () => {
      if (run.latest?.boundary !== undefined && run.ready) run.views.showBoundary(run.latest.boundary, run.ready);
    });
  }

  const settings = element<HTMLFormElement>("settings");
  /** Refused: the field marked with the reason, and a box put back to the setting the run keeps (it showed the refused one). */
  const refuse = (field: HTMLElement, reason: string, problem: string) => {
    if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = specChecked(run.spec, field.id) ?? !field.checked;
    // the split's three fields share one problem, said on the field that changed: another's older reason
    // ("received 80 + 20 + 20 = 120") no longer held once Dev read 0 (a page audit)
    if (field.id.startsWith("split-")) clearInvalid(field.closest("fieldset") ?? undefined);
    markInvalid(field, reason);
    run.say(`Not applied: ${problem}`);
  };
  const apply = (field: HTMLElement) => {
    if (field.id === "activation" && run.spec.model.hidden.length === 0) {
      // nothing to set now: the menu keeps the choice for the first layer added (see newLayer)
      run.say(`No hidden layer to set: the first one added will be ${element<HTMLSelectElement>("activation").selectedOptions[0]?.text ?? "this"}.`);
      return;
    }
    // first in the form's own terms: an empty or unreadable number, the split in percent, a bound the field shows
    const problem = fieldProblem(field.id);
    if (problem) return refuse(field, problem, problem);
    const checked = checkedSpec(editSpec(run.spec, field.id), "settings");
    // the value stays as typed, marked, with the reason beside it; the run keeps the spec it has
    if ("problem" in checked) return refuse(field, reasonOf(checked.problem), checked.problem);
    run.applySpec(checked.spec);
  };
  settings.addEventListener("change", (event) => {
    const field = event.target as HTMLElement;
    if (field.id === "csv-file") return;
    apply(field);
  });
  // A number field fires no "change" when its value ("" for text it cannot read) stays the same: "1e"
  // typed into an empty field (the run used the default while the field showed the text), or a refused
  // "1e" cleared (the old value stayed in force, the error beside an empty field). On leaving the field,
  // unreadable text is refused and a field marked refused is checked again, as a change is.
  settings.addEventListener("focusout", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.type !== "number") return;
    if (field.validity.badInput || field.getAttribute("aria-invalid") === "true") apply(field);
  });
  settings.addEventListener("submit", (event) => event.preventDefault());

  // Each button first checks that the spec can train: a spec whose CSV was not dropped in says so, and
  // the buttons stay usable.
  element("run").addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.running = !run.running;
    run.showRunning();
    run.send({ type: run.running ? "run" : "pause" });
  });
  element("step").addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.running = false;
    run.showRunning();
    run.send({ type: "step" });
  });
  element("reset").addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.configure(false);
    run.say("Reset: same settings and seed, back to the initial weights.");
  });
  element("model-download").addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.send({ type: "exportModel", format: "json" });
  });
  element("model-onnx").addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.send({ type: "exportModel", format: "onnx" });
  });
  run.trainOnButton.addEventListener("click", () => {
    run.running = true;
    run.showRunning();
    run.trainOnButton.hidden = true;
    // as many epochs again, now the spec's: the form, the link and every export ask for what the run trains
    const epochs = 2 * run.spec.training.epochs;
    run.spec = { ...run.spec, training: { ...run.spec.training, epochs } };
    run.showSpec();
    run.send({ type: "trainOn", epochs });
  });
  run.checkButton.addEventListener("click", () => {
    if (run.hasNoRun()) return;
    run.checkButton.disabled = true;
    element("gradient-check").textContent = "Checking…";
    run.send({ type: "checkGradients" });
  });
  element("new-seed").addEventListener("click", () => {
    const seed = crypto.getRandomValues(new Uint32Array(1))[0]! % 100_000;
    run.applySpec({ ...run.spec, seed });
  });
}
