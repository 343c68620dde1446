import { type ActivationChoice, copySettings, type DatasetChoice, type InitChoice, type OptimizerChoice, type Settings } from "./settings.js";

/** The form's elements by id; a missing one is a bug in index.html, reported at once. */
export function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`playground: no element #${id} in the page`);
  return el as T;
}

const input = (id: string) => element<HTMLInputElement>(id);
const select = (id: string) => element<HTMLSelectElement>(id);
const numberOf = (id: string) => (input(id).value.trim() === "" ? NaN : Number(input(id).value));

/**
 * One row per hidden layer: its units and its dropout rate, with keep_prob (the course's name for
 * 1 - rate) shown beside it. Rebuilt only when the number of layers changes, so focus stays put.
 */
export function renderLayerRows(container: HTMLElement, s: Settings): void {
  if (container.children.length !== s.hidden.length) {
    container.replaceChildren(
      ...s.hidden.map((_, i) => {
        const row = document.createElement("fieldset");
        row.className = "layer-row";
        row.innerHTML =
          `<legend>Hidden layer ${i + 1}</legend>` +
          `<div><label for="units-${i}">Units</label><input id="units-${i}" type="number" min="1" max="256" step="1"></div>` +
          `<div><label for="dropout-${i}">Dropout rate</label><input id="dropout-${i}" type="number" min="0" max="0.95" step="0.05"></div>` +
          `<div class="keep"><span>keep_prob</span> <output id="keep-${i}" for="dropout-${i}"></output></div>`;
        return row;
      }),
    );
  }
  s.hidden.forEach((units, i) => {
    input(`units-${i}`).value = String(units);
    input(`dropout-${i}`).value = String(s.dropout[i] ?? 0);
    element<HTMLOutputElement>(`keep-${i}`).value = keepProb(s.dropout[i] ?? 0);
  });
}

function keepProb(rate: number): string {
  return Number.isFinite(rate) ? (1 - rate).toFixed(2) : "?";
}

/** Shows `s` in the form. */
export function writeForm(s: Settings): void {
  select("dataset").value = s.dataset;
  input("noise").value = String(s.noise);
  input("size").value = String(s.size);
  const auto = s.split === "auto";
  input("split-auto").checked = auto;
  if (!auto) {
    const [train, dev, test] = s.split as [number, number, number];
    input("split-train").value = String(train);
    input("split-dev").value = String(dev);
    input("split-test").value = String(test);
  }
  for (const id of ["split-train", "split-dev", "split-test"]) input(id).disabled = auto;
  input("normalize").checked = s.normalize;
  input("layer-count").value = String(s.hidden.length);
  renderLayerRows(element("layers"), s);
  select("activation").value = s.activation;
  select("init").value = s.init;
  input("init-scale").value = String(s.initScale);
  input("init-scale").disabled = s.init !== "random";
  input("l2").value = String(s.l2);
  input("l1").value = String(s.l1);
  input("early-stopping").checked = s.earlyStopping;
  input("patience").value = String(s.patience);
  input("patience").disabled = !s.earlyStopping;
  select("optimizer").value = s.optimizer;
  input("learning-rate").value = String(s.learningRate);
  const full = s.batchSize === "full";
  input("full-batch").checked = full;
  input("batch-size").disabled = full;
  if (!full) input("batch-size").value = String(s.batchSize);
  input("seed").value = String(s.seed);
  const csv = s.dataset === "csv";
  input("noise").disabled = csv;
  input("size").disabled = csv;
}

/** The settings the form shows; `previous` supplies what the form cannot hold (e.g. units of layers not shown yet). */
export function readForm(previous: Settings): Settings {
  const s = copySettings(previous);
  s.dataset = select("dataset").value as DatasetChoice;
  s.noise = numberOf("noise");
  s.size = numberOf("size");
  s.split = input("split-auto").checked ? "auto" : [numberOf("split-train"), numberOf("split-dev"), numberOf("split-test")];
  s.normalize = input("normalize").checked;
  const count = numberOf("layer-count");
  const rows = element("layers").children.length;
  s.hidden = Array.from({ length: rows }, (_, i) => numberOf(`units-${i}`));
  s.dropout = Array.from({ length: rows }, (_, i) => numberOf(`dropout-${i}`));
  if (Number.isInteger(count) && count >= 0 && count <= 6 && count !== rows) {
    s.hidden = Array.from({ length: count }, (_, i) => s.hidden[i] ?? s.hidden.at(-1) ?? 8);
    s.dropout = Array.from({ length: count }, (_, i) => s.dropout[i] ?? 0);
  }
  s.activation = select("activation").value as ActivationChoice;
  s.init = select("init").value as InitChoice;
  s.initScale = numberOf("init-scale");
  s.l2 = numberOf("l2");
  s.l1 = numberOf("l1");
  s.earlyStopping = input("early-stopping").checked;
  s.patience = numberOf("patience");
  s.optimizer = select("optimizer").value as OptimizerChoice;
  s.learningRate = numberOf("learning-rate");
  s.batchSize = input("full-batch").checked ? "full" : numberOf("batch-size");
  s.seed = numberOf("seed");
  return s;
}

/** The split inputs show the shares "auto" chose, so a person sees what the rule did. */
export function showAutoSplit(sizes: { train: number; dev: number; test: number }): void {
  if (!input("split-auto").checked) return;
  const n = sizes.train + sizes.dev + sizes.test;
  const percent = (v: number) => String(+((100 * v) / n).toFixed(2));
  input("split-train").value = percent(sizes.train);
  input("split-dev").value = percent(sizes.dev);
  input("split-test").value = percent(sizes.test);
}
