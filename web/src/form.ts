import { dropForeignOptimizerFields, INPUT_FEATURES, type InputFeature, isRealDataset, regressionGenerators, type Task } from "../../src/index.js";
import {
  decayProblem,
  fromPercent,
  keepProbText,
  monitorWords,
  newLayer,
  type NumberReading,
  type NumberRule,
  numberProblem,
  type PerLayerField,
  perLayerNotes,
  shownInit,
  SPLIT_PARTS,
  type SplitPart,
  splitProblem,
  splitRatios,
} from "./form-rules.js";
import { dataFields } from "./generator-defaults.js";
import { copySpec, type HiddenLayer, isBuiltIn, MAX_FORM_LAYERS, type Spec } from "./page-spec.js";

/** The input-feature checkboxes' ids, in INPUT_FEATURES' order. */
export const FEATURE_IDS: Readonly<Record<InputFeature, string>> = {
  x1: "feature-x1",
  x2: "feature-x2",
  "x1^2": "feature-x1sq",
  "x2^2": "feature-x2sq",
  "x1*x2": "feature-x1x2",
  "sin x1": "feature-sinx1",
  "sin x2": "feature-sinx2",
};

/** The form's elements by id; a missing one is a bug in index.html, reported at once. */
export function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: no element #${id} in the page`);
  return el as T;
}

const input = (id: string) => element<HTMLInputElement>(id);
const select = (id: string) => element<HTMLSelectElement>(id);
/** A number field's value; fieldProblem has refused an empty or unreadable one before editSpec reads it. */
const numberOf = (id: string) => (input(id).value.trim() === "" || input(id).validity.badInput ? NaN : Number(input(id).value));
/**
 * An optional number: a truly empty field leaves it unset (the spec's default). Text the browser could
 * not read ("1e309": its value is "" too) is NaN, which the spec refuses, never the default.
 */
const optionalNumber = (id: string) => (input(id).validity.badInput ? NaN : input(id).value.trim() === "" ? undefined : Number(input(id).value));
const percent = (ratio: number) => String(+(100 * ratio).toFixed(6));

/** Sets `key` of `object` to `value`, or deletes it when `value` is undefined (a spec without the field takes its default). */
function setOptional<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete object[key];
  else object[key] = value;
}

/** Number fields that may be left empty: the spec's default (shown as the placeholder) is used. */
const OPTIONAL_FIELDS = new Set(["noise", "size", "momentum", "beta1", "beta2", "weight-decay", "min-delta", "baseline-error"]);

/**
 * A number field's rule from the page itself: its label (a hidden layer's with the layer's legend before
 * it), step="1" for whole numbers, min and max, data-above and data-below (exclusive bounds), so that every
 * bound the field shows is enforced, with a message in the form's terms.
 */
function ruleOf(field: HTMLInputElement): NumberRule {
  const labelText = document.querySelector(`label[for="${field.id}"]`)?.textContent?.trim() ?? field.id;
  const legend = field.closest(".layer-row")?.querySelector("legend")?.textContent?.trim();
  const bound = (name: string) => {
    const text = field.getAttribute(name);
    return text === null || text === "" ? undefined : Number(text);
  };
  return {
    label: legend ? `${legend} ${labelText.toLowerCase()}` : labelText,
    // a whole step (1, 10) is a field of whole numbers; "any" or 0.05 is not
    integer: Number.isInteger(Number(field.getAttribute("step") || "NaN")) && Number(field.getAttribute("step")) >= 1,
    min: bound("min"),
    max: bound("max"),
    above: bound("data-above"),
    below: bound("data-below"),
    optional: OPTIONAL_FIELDS.has(field.id),
  };
}

const readingOf = (field: HTMLInputElement) => ({ text: field.value, badInput: field.validity.badInput });

/**
 * Why the control `id` cannot be applied, in one line and the form's own terms ("Examples: expected a
 * whole number at least 10, or nothing for the default; received text that is not a number"), before the
 * spec is edited; null when it can (the spec may still refuse the value, with its own message). An empty
 * or unreadable number is said as such (it was "received NaN (not a number)"), the split in percent as
 * the fields show it, and a value past a bound the field shows is refused (it trained).
 */
export function fieldProblem(id: string): string | null {
  const split = /^split-(train|dev|test)$/.exec(id);
  if (split) return input("split-auto").checked ? null : splitProblem(split[1] as SplitPart, Object.fromEntries(SPLIT_PARTS.map((p) => [p, readingOf(input(`split-${p}`))])) as Record<SplitPart, NumberReading>);
  // a generator chosen in the menu takes the Examples and Noise fields as they are (a real set or a CSV has none)
  const source = select("dataset").value;
  const generator = source !== "csv" && !isRealDataset(source);
  // A box that turns fields on checks them (disabled until the box applies): early stopping ticked on its
  // patience and minimum improvement, full batch unticked its batch size. Turning them off checks nothing:
  // a bad value in a field the run stops using does not keep the box's old setting in force.
  const enabling = id === "early-stopping" ? (input(id).checked ? ["patience", "min-delta"] : []) : id === "full-batch" ? (input(id).checked ? [] : ["batch-size"]) : [];
  const fields = id === "dataset" ? (generator ? ["size", "noise"] : []) : id === "early-stopping" || id === "full-batch" ? enabling : [id];
  for (const fieldId of fields) {
    const field = document.getElementById(fieldId);
    if (!(field instanceof HTMLInputElement) || field.type !== "number" || (field.disabled && !enabling.includes(fieldId))) continue;
    const problem = numberProblem(ruleOf(field), readingOf(field));
    if (problem) return problem;
  }
  // learning rate x weight decay below 1, said on the field that changed (the other field as it shows, when it is not marked refused)
  if (id === "learning-rate" || id === "weight-decay") {
    const other = input(id === "learning-rate" ? "weight-decay" : "learning-rate");
    if (other.getAttribute("aria-invalid") === "true") return null;
    return decayProblem(id, numberOf("learning-rate"), optionalNumber("weight-decay"));
  }
  return null;
}

/**
 * Whether the box `id` is ticked for `spec` (as writeForm ticks it): a refused tick or untick is put back
 * to it, so that the box shows the setting the run keeps. undefined: not one of the form's boxes.
 */
export function specChecked(spec: Readonly<Spec>, id: string): boolean | undefined {
  const ratios = typeof spec.split === "object" && !Array.isArray(spec.split) ? spec.split.ratios : spec.split;
  const feature = INPUT_FEATURES.find((name) => FEATURE_IDS[name] === id);
  if (feature) return (spec.data.inputFeatures ?? ["x1", "x2"]).includes(feature);
  switch (id) {
    case "split-auto":
      return ratios === "auto";
    case "normalize":
      return spec.normalize;
    case "normalize-target":
      return spec.normalizeTarget === true;
    case "early-stopping":
      return spec.training.earlyStopping !== false;
    case "class-weight":
      return spec.classWeight !== undefined;
    case "full-batch":
      return spec.training.batchSize === "full";
    default:
      return undefined;
  }
}

/**
 * One row per hidden layer: its units and its dropout rate, with keep_prob (the course's name for
 * 1 - rate) shown beside it. Rebuilt only when the number of layers changes, so focus stays put.
 */
export function renderLayerRows(container: HTMLElement, spec: Spec): void {
  const hidden = spec.model.hidden;
  if (container.children.length !== hidden.length) {
    container.replaceChildren(
      ...hidden.map((_, i) => {
        const row = document.createElement("fieldset");
        row.className = "layer-row";
        row.innerHTML =
          `<legend>Hidden layer ${i + 1}</legend>` +
          `<div><label for="units-${i}">Units</label><input id="units-${i}" type="number" min="1" step="1"></div>` +
          `<div><label for="dropout-${i}">Dropout rate</label><input id="dropout-${i}" type="number" min="0" data-below="1" step="0.05"></div>` +
          `<div class="keep"><span>keep_prob</span> <output id="keep-${i}" for="dropout-${i}"></output></div>`;
        return row;
      }),
    );
  }
  hidden.forEach((layer, i) => {
    const rate = layer.dropout ?? spec.dropout;
    input(`units-${i}`).value = String(layer.units);
    input(`dropout-${i}`).value = String(rate);
    element<HTMLOutputElement>(`keep-${i}`).value = keepProbText(rate);
  });
}

/**
 * Shows `spec` in the form. The activation and initialization menus set every hidden layer; they show
 * the first layer's (a spec with mixed layers keeps them until the menu is changed). With no hidden
 * layer the activation menu keeps its choice, which the next layer added takes (see newLayer).
 */
export function writeForm(spec: Spec): void {
  const builtIn = isBuiltIn(spec);
  select("dataset").value = builtIn ? spec.data.source : "csv";
  // a field the spec leaves out shows the generator's default as its placeholder: what trains
  const fields = dataFields(spec.data);
  for (const [id, field] of [["noise", fields?.noise], ["size", fields?.n]] as const) {
    input(id).value = field?.value ?? "";
    input(id).placeholder = field?.placeholder ?? "";
    input(id).disabled = !field;
  }
  const ratios = typeof spec.split === "object" && !Array.isArray(spec.split) ? spec.split.ratios : spec.split;
  const auto = ratios === "auto";
  input("split-auto").checked = auto;
  if (!auto) {
    const [train, dev, test = 0] = ratios as number[];
    input("split-train").value = percent(train!);
    input("split-dev").value = percent(dev!);
    input("split-test").value = percent(test);
  }
  for (const id of ["split-train", "split-dev", "split-test"]) input(id).disabled = auto;
  input("normalize").checked = spec.normalize;
  input("normalize-target").checked = spec.normalizeTarget === true;
  const features = spec.data.inputFeatures ?? ["x1", "x2"];
  for (const name of INPUT_FEATURES) input(FEATURE_IDS[name]).checked = features.includes(name);
  const hidden = spec.model.hidden;
  input("layer-count").value = String(hidden.length);
  input("layer-count").max = String(MAX_FORM_LAYERS); // (fieldProblem enforces the field's max)
  renderLayerRows(element("layers"), spec);
  if (hidden[0]) select("activation").value = hidden[0].activation;
  const { init, initScale: scale } = shownInit(spec);
  select("init").value = init;
  if (scale !== undefined) input("init-scale").value = String(scale);
  else if (input("init-scale").value === "") input("init-scale").value = "0.01";
  input("init-scale").disabled = init !== "randomNormal";
  input("l2").value = String(spec.l2);
  input("l1").value = String(spec.l1);
  showPerLayerNotes(perLayerNotes(spec));
  const es = spec.training.earlyStopping;
  input("early-stopping").checked = es !== false;
  element("early-stopping-on").textContent = monitorWords(es ? es.monitor : "valLoss");
  // a field the spec does not use (disabled) keeps what it holds, for when its box turns it on, unless the
  // field would refuse it: it then shows the default, not a refused value that cannot be edited
  const usable = (id: string) => numberProblem(ruleOf(input(id)), readingOf(input(id))) === null;
  if (es) input("patience").value = String(es.patience);
  else if (!usable("patience")) input("patience").value = "20";
  if (es) input("min-delta").value = String(es.minDelta);
  else if (!usable("min-delta")) input("min-delta").value = "";
  input("patience").disabled = es === false;
  input("min-delta").disabled = es === false;
  // (a value the menu does not offer, from a pasted spec or a link, is shown as an option of its own)
  const watched = es ? es.monitor : "valLoss";
  if (!Array.from(select("monitor").options).some((o) => o.value === watched)) select("monitor").add(new Option(watched, watched));
  select("monitor").value = watched;
  select("monitor").disabled = es === false;
  const optimizer = spec.optimizer;
  select("optimizer").value = optimizer.name;
  input("learning-rate").value = String(optimizer.learningRate);
  // each optimizer's own fields, shown for it alone; empty: the optimizer's default (the placeholder)
  element("momentum-row").hidden = optimizer.name !== "momentum";
  element("adam-row").hidden = optimizer.name !== "adam";
  input("momentum").value = optimizer.momentum === undefined ? "" : String(optimizer.momentum);
  input("beta1").value = optimizer.beta1 === undefined ? "" : String(optimizer.beta1);
  input("beta2").value = optimizer.beta2 === undefined ? "" : String(optimizer.beta2);
  input("weight-decay").value = optimizer.weightDecay === undefined ? "" : String(optimizer.weightDecay);
  const weights = spec.classWeight;
  input("class-weight").checked = weights !== undefined;
  const weightsNote = element("class-weight-note");
  weightsNote.textContent = Array.isArray(weights) ? `per class: ${weights.join(", ")} (see the spec); unticked: every example counts the same` : "";
  weightsNote.hidden = !Array.isArray(weights);
  showClassWeightRow(weights !== undefined);
  input("baseline-error").value = spec.baselineError === undefined ? "" : percent(spec.baselineError);
  const full = spec.training.batchSize === "full";
  input("full-batch").checked = full;
  input("batch-size").disabled = full;
  if (!full) input("batch-size").value = String(spec.training.batchSize);
  else if (!usable("batch-size")) input("batch-size").value = "32";
  input("epochs").value = String(spec.training.epochs);
  input("seed").value = String(spec.seed);
}

/**
 * The spec after the control `id` changed: only what that control holds is changed, so the rest of a
 * pasted or opened spec (per-layer regularization, Adam's betas, ...) stays as it was. The result is not
 * checked yet: parseSpec does that, with its messages.
 */
export function editSpec(previous: Spec, id: string): unknown {
  const spec = copySpec(previous);
  const hidden = spec.model.hidden;
  const layer = /^(units|dropout)-(\d+)$/.exec(id);
  if (layer) {
    const target = hidden[Number(layer[2])];
    if (target && layer[1] === "units") target.units = numberOf(id);
    if (target && layer[1] === "dropout") target.dropout = numberOf(id);
    return spec;
  }
  if (id.startsWith("feature-")) {
    const chosen = INPUT_FEATURES.filter((name) => input(FEATURE_IDS[name]).checked);
    // x1 and x2 alone are the inputs as they come: no feature list in the spec
    if (chosen.length === 2 && chosen[0] === "x1" && chosen[1] === "x2") delete spec.data.inputFeatures;
    else spec.data.inputFeatures = chosen;
    return spec;
  }
  switch (id) {
    case "dataset": {
      const source = select("dataset").value;
      // "CSV file" keeps the spec until a file is dropped in (main.ts then sets its name as the source).
      const features = spec.data.inputFeatures ? { inputFeatures: spec.data.inputFeatures } : {};
      // "balanced" class weights are for classes: a regression set would fail the run (a pasted spec's own weights stay, refused by the spec)
      if (spec.classWeight === "balanced" && regressionGenerators.includes(source)) delete spec.classWeight;
      // a real set has no size or noise to choose (the spec refuses them), and its features are its own
      if (source !== "csv") spec.data = isRealDataset(source) ? { source, onInvalidRow: "error" } : { source, onInvalidRow: "error", n: optionalNumber("size"), noise: optionalNumber("noise"), ...features };
      return spec;
    }
    case "noise":
      spec.data.noise = optionalNumber("noise");
      return spec;
    case "size":
      spec.data.n = optionalNumber("size");
      return spec;
    case "split-auto":
    case "split-train":
    case "split-dev":
    case "split-test": {
      if (input("split-auto").checked) {
        spec.split = "auto";
        return spec;
      }
      // Typed as percentages, the shares may miss 100 by a rounding; the spec wants fractions summing to 1.
      const ratios = splitRatios([numberOf("split-train"), numberOf("split-dev"), numberOf("split-test")]);
      spec.split = ratios[2] === 0 ? ratios.slice(0, 2) : ratios;
      return spec;
    }
    case "normalize":
      spec.normalize = input("normalize").checked;
      return spec;
    case "normalize-target":
      // left out when off, so that a classification spec (which may not ask for it) stays valid
      if (input("normalize-target").checked) spec.normalizeTarget = true;
      else delete spec.normalizeTarget;
      return spec;
    case "layer-count": {
      // (fieldProblem refused a count outside 0 to MAX_FORM_LAYERS: the field's max)
      const count = numberOf("layer-count");
      const activation = select("activation").value as HiddenLayer["activation"];
      spec.model.hidden = Array.from({ length: count }, (_, i) => hidden[i] ?? newLayer({ ...spec, model: { ...spec.model, hidden: hidden.slice(0, i) } }, activation));
      return spec;
    }
    case "activation":
      for (const h of hidden) h.activation = select("activation").value as HiddenLayer["activation"];
      return spec;
    case "init":
    case "init-scale": {
      // Every layer, the output one included, so that "zeros" zeroes the whole network (the notes' symmetry demonstration).
      const init = (select("init").value || undefined) as HiddenLayer["init"];
      const initScale = init === "randomNormal" ? numberOf("init-scale") : undefined;
      const chosen = { ...(init ? { init } : {}), ...(initScale !== undefined ? { initScale } : {}) };
      for (const h of hidden) {
        delete h.init;
        delete h.initScale;
        Object.assign(h, chosen);
      }
      if (init) spec.model.output = chosen;
      else delete spec.model.output;
      return spec;
    }
    case "l2":
      spec.l2 = numberOf("l2");
      return spec;
    case "l1":
      spec.l1 = numberOf("l1");
      return spec;
    case "early-stopping":
    case "patience":
    case "min-delta":
    case "monitor": {
      const previousStop = spec.training.earlyStopping || { minDelta: 0, monitor: "valLoss" };
      spec.training.earlyStopping = input("early-stopping").checked
        ? { ...previousStop, patience: numberOf("patience"), minDelta: optionalNumber("min-delta") ?? 0, monitor: select("monitor").value as (typeof previousStop)["monitor"] }
        : false;
      return spec;
    }
    case "momentum":
      setOptional(spec.optimizer, "momentum", optionalNumber("momentum"));
      return spec;
    case "beta1":
    case "beta2":
      setOptional(spec.optimizer, id, optionalNumber(id));
      return spec;
    case "weight-decay":
      setOptional(spec.optimizer, "weightDecay", optionalNumber("weight-decay"));
      return spec;
    case "class-weight":
      // "balanced" (scikit-learn's n / (k x count)); a pasted spec's own weights stay until it is unticked
      if (!input("class-weight").checked) delete spec.classWeight;
      else if (spec.classWeight === undefined) spec.classWeight = "balanced";
      return spec;
    case "baseline-error": {
      const shown = optionalNumber("baseline-error");
      setOptional(spec, "baselineError", shown === undefined ? undefined : fromPercent(shown));
      return spec;
    }
    case "optimizer":
      spec.optimizer.name = select("optimizer").value as Spec["optimizer"]["name"];
      dropForeignOptimizerFields(spec.optimizer);
      return spec;
    case "learning-rate":
      spec.optimizer.learningRate = numberOf("learning-rate");
      return spec;
    case "full-batch":
    case "batch-size":
      spec.training.batchSize = input("full-batch").checked ? "full" : numberOf("batch-size");
      return spec;
    case "epochs":
      spec.training.epochs = numberOf("epochs");
      return spec;
    case "seed":
      spec.seed = numberOf("seed");
      return spec;
    default:
      return spec;
  }
}

/**
 * The input-feature boxes, usable or not for the data the run has (`refusal`: why not, shown beside
 * them; see inputFeaturesRefusal). The person cannot tick what the spec would refuse.
 */
export function showInputFeaturesUsable(refusal: string | null): void {
  for (const name of INPUT_FEATURES) input(FEATURE_IDS[name]).disabled = refusal !== null;
  const reason = element("features-reason");
  reason.textContent = refusal ?? "";
  reason.hidden = refusal === null;
}

/** The split inputs show the shares "auto" chose, so a person sees what the rule did. */
export function showAutoSplit(sizes: { train: number; dev: number; test: number }): void {
  if (!input("split-auto").checked) return;
  const n = sizes.train + sizes.dev + sizes.test;
  const share = (v: number) => String(+((100 * v) / n).toFixed(2));
  input("split-train").value = share(sizes.train);
  input("split-dev").value = share(sizes.dev);
  input("split-test").value = share(sizes.test);
}

/** The note beside each field a layer of the spec overrides (see perLayerNotes), tied to the field for screen readers. */
function showPerLayerNotes(notes: Partial<Record<PerLayerField, string>>): void {
  for (const id of ["l2", "l1", "activation", "init"] as const) {
    const note = element(`${id}-note`);
    const text = notes[id] ?? "";
    note.textContent = text;
    note.hidden = text === "";
    const field = element(id);
    // (an error mark, set after this, points at its own reason)
    if (text) field.setAttribute("aria-describedby", note.id);
    else if (field.getAttribute("aria-describedby") === note.id) field.removeAttribute("aria-describedby");
  }
}

/** The task of the last run that started (null: none yet): class weights are for classification data. */
let knownTask: Task | null = null;

/** Class weights apply to classification only: the box is hidden for a regression run, unless the spec asks for them (to untick). */
function showClassWeightRow(asked: boolean): void {
  element("class-weight-row").hidden = knownTask === "regression" && !asked;
}

/** The data's task, once a run has started on it: the form shows the knobs that apply to it. */
export function showTask(task: Task): void {
  knownTask = task;
  showClassWeightRow(input("class-weight").checked);
}
