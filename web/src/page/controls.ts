/** The settings form and the run's buttons (train, step, reset, train on, check, downloads, new seed). */
import { markInvalid, reasonOf } from "../field-error.js";
import { editSpec, element, fieldProblem } from "../form.js";
import { checkedSpec } from "../page-spec.js";
import type { RunController } from "./run-controller.js";

export function wireControls(run: RunController): void {
  for (const id of ["show-test", "discretize"]) {
    element(id).addEventListener("change", () => {
      if (run.latest?.boundary !== undefined && run.ready) run.views.showBoundary(run.latest.boundary, run.ready);
    });
  }

  const settings = element<HTMLFormElement>("settings");
  settings.addEventListener("change", (event) => {
    const field = event.target as HTMLElement;
    if (field.id === "csv-file") return;
    if (field.id === "activation" && run.spec.model.hidden.length === 0) {
      // nothing to set now: the menu keeps the choice for the first layer added (see newLayer)
      run.say(`No hidden layer to set: the first one added will be ${element<HTMLSelectElement>("activation").selectedOptions[0]?.text ?? "this"}.`);
      return;
    }
    // first in the form's own terms: an empty or unreadable number, the split in percent, a bound the field shows
    const problem = fieldProblem(field.id);
    if (problem) {
      markInvalid(field, problem);
      run.say(`Not applied: ${problem}`);
      return;
    }
    const checked = checkedSpec(editSpec(run.spec, field.id), "settings");
    if ("problem" in checked) {
      // the value stays as typed, marked, with the reason beside it; the run keeps the spec it has
      markInvalid(field, reasonOf(checked.problem));
      run.say(`Not applied: ${checked.problem}`);
      return;
    }
    run.applySpec(checked.spec);
  });
  // Text a number field cannot read ("1e", "-") typed into an empty field fires no "change" (its value
  // stays ""): the run used the default while the field showed the text. It is refused on leaving the field.
  settings.addEventListener("focusout", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.type !== "number" || !field.validity.badInput) return;
    const problem = fieldProblem(field.id);
    if (problem) {
      markInvalid(field, problem);
      run.say(`Not applied: ${problem}`);
    }
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
    run.send({ type: "trainOn" });
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
