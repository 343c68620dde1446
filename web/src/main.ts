/**
 * The playground page: keeps the experiment spec (form <-> URL <-> spec text), sends it to the training
 * worker, and draws what it reports. All numbers come from the worker; this thread only draws, so the page stays
 * responsive however hard the worker trains.
 */
import { costChartSvg } from "./charts/cost-chart.js";
import { drawBoundary } from "./charts/boundary-view.js";
import { flowChartSvg, flowDescription } from "./charts/flow-chart.js";
import { NetworkDiagram } from "./charts/network-diagram.js";
import { readCsv, watchCsvInput } from "./csv-input.js";
import { CurveStore } from "./curve-store.js";
import { editSpec, element, showAutoSplit, writeForm } from "./form.js";
import { causeWords } from "./doctor-card.js";
import { clearInvalid, markInvalid, reasonOf } from "./field-error.js";
import { formatNumber } from "./html.js";
import { checkedSpec, isBuiltIn, type Spec, specFromText as checkedSpecText } from "./page-spec.js";
import type { CsvFile, ProgressMessage, ReadyMessage, Report } from "./protocol.js";
import { download, watchSpecBox } from "./spec-box.js";
import { type RunState, StatusLine } from "./status-line.js";
import { costLegendHtml, describeCosts } from "./views/cost-legend.js";
import { doctorDetailsHtml, doctorHeadline } from "./views/diagnosis-view.js";
import { scoresHtml } from "./views/scores-view.js";
import { gradientCheckHtml, showCheckProgress } from "./views/gradient-check-view.js";
import { specFromQuery, specToQuery } from "./url-state.js";

const loaded = specFromQuery(location.search);
/** `nnlab playground spec.json` prints an address with "?open": the page then asks its server for that spec. */
const opening = new URLSearchParams(location.search).has("open");
let spec: Spec = loaded.spec;
/** The CSV dropped in (or handed over with an opened spec); the worker reads it when the spec's source names it. */
let csv: CsvFile | null = null;
let ready: ReadyMessage | null = null;
let latest: ProgressMessage | null = null;
let running = false;
let dirty = false;
// Messages of the run before a "configure" may still be on their way; they are dropped until the
// new run's "ready" arrives (the worker answers in order).
let awaitingReady = true;
const curves = new CurveStore();
const diagram = new NetworkDiagram(element("network"), element("network-readout"));
const worker = new Worker(new URL("./worker.js", import.meta.url));

const statusLine = new StatusLine(element<HTMLParagraphElement>("status"));
const runButton = element<HTMLButtonElement>("run");
const trainOnButton = element<HTMLButtonElement>("train-on");
const checkButton = element<HTMLButtonElement>("check");
/** A state the worker's messages do not decide (a file to drop in, a failure): shown until the next run is configured. */
let heldState: RunState | null = null;

/** A note about the last thing done, under the run's state. */
function say(text: string): void {
  statusLine.note(text);
}

function hold(state: RunState): void {
  heldState = state;
  statusLine.show(state);
}

/** Runs started since the page opened (tests wait for a restart by it, not by the iteration counter). */
let runsStarted = 0;

function configure(run: boolean): void {
  running = run;
  awaitingReady = true;
  document.body.dataset.run = "configuring";
  document.body.dataset.runs = String(++runsStarted);
  curves.clear();
  latest = null;
  heldState = null;
  trainOnButton.hidden = true;
  statusLine.show({ kind: "loading" });
  clearRunViews();
  element("gradient-check").replaceChildren();
  const counter = element<HTMLOutputElement>("iteration");
  counter.value = "iteration 0";
  counter.dataset.value = "0";
  element<HTMLOutputElement>("epoch").value = "epoch 0";
  showRunning();
  worker.postMessage({ type: "configure", spec, csv: isBuiltIn(spec) ? null : csv, run });
}

function showRunning(): void {
  runButton.textContent = running ? "Pause" : "Train";
  runButton.setAttribute("aria-pressed", String(running));
}

function saveToUrl(): void {
  history.replaceState(null, "", `${location.pathname}?${specToQuery(spec)}`);
}

function onReady(message: ReadyMessage): void {
  ready = message;
  awaitingReady = false;
  document.body.dataset.run = "ready";
  checkButton.disabled = false;
  showAutoSplit(message.sizes);
  element("split-reason").textContent =
    `${message.sizes.train} train, ${message.sizes.dev} dev, ${message.sizes.test} test` + (spec.split === "auto" ? ` (${message.sizes.reason})` : "");
  element("model-summary").textContent = `${message.modelDescription}\n${message.dataSource}\n\n${message.summary}`;
  statusLine.show({ kind: "ready", parameters: message.parameters, examples: message.sizes.train });
}

/**
 * The previous run's scores, diagnosis and gradient flow go when a run is configured: they described
 * weights that are not the new run's (the new run's first views replace them at once).
 */
function clearRunViews(): void {
  const headline = doctorHeadline(undefined);
  shown.headline = headline.html;
  shown.details = "";
  shown.doctor = undefined;
  const verdict = element("verdict");
  verdict.innerHTML = headline.html;
  verdict.dataset.state = headline.state;
  verdict.dataset.cause = "";
  element("doctor-details").replaceChildren();
  element("scores").replaceChildren();
  element("flow-chart").replaceChildren();
  element("flow-findings").replaceChildren();
}

/** What the run is doing, from the worker's last message and what the person asked for. */
function runState(m: ProgressMessage, info: ReadyMessage): RunState {
  if (m.stopped) return { kind: "stopped", text: stopText(m.stopped, m.doctor) };
  if (running) return { kind: "training", epoch: m.epoch, epochs: m.epochs };
  if (m.iteration === 0) return { kind: "ready", parameters: info.parameters, examples: info.sizes.train };
  return { kind: "paused", epoch: m.epoch, epochs: m.epochs, iteration: m.iteration };
}

function onProgress(message: ProgressMessage): void {
  curves.add(message.points);
  // What the worker last said (tests wait for "false" after a Pause: the last views have arrived).
  document.body.dataset.workerRunning = String(message.running);
  // `running` is what the person asked for; messages sent before a Pause reached the worker still
  // say "running", so only a run that ended by itself (early stopping, divergence) changes it here.
  if (message.stopped && !message.running) {
    running = false;
    showRunning();
  }
  latest = {
    ...message,
    scores: message.scores ?? latest?.scores,
    // null is an answer ("no boundary for this data"), only undefined means "not in this message"
    boundary: message.boundary !== undefined ? message.boundary : latest?.boundary,
    flow: message.flow ?? latest?.flow,
    network: message.network ?? latest?.network,
    doctor: message.doctor ?? latest?.doctor,
  };
  dirty = true;
}

/** Why the run ended; for a divergence, with the doctor's first cause (the worker sends both in the run's last message). */
function stopText(stopped: NonNullable<ProgressMessage["stopped"]>, doctor: ProgressMessage["doctor"]): string {
  const text = `Stopped: ${stopped.message}.`;
  if (stopped.reason !== "diverged" || doctor?.state !== "diagnosed") return text;
  const first = doctor.diagnosis.causes[0];
  return `${text} Diagnosis: ${first ? causeWords(first.id) : "no cause found"} (see the Diagnosis card).`;
}

/** The doctor's markup last written to the page. */
const shown: { headline: string; details: string; doctor?: ProgressMessage["doctor"] } = { headline: "", details: "" };

// Redrawing about 15 times a second is smooth enough to watch, and leaves the CPU to the worker.
const RENDER_EVERY_MS = 66;
let lastRender = 0;

function render(now: number): void {
  requestAnimationFrame(render);
  if (!dirty || !latest || !ready || now - lastRender < RENDER_EVERY_MS) return;
  lastRender = now;
  dirty = false;
  const m = latest;
  if (!heldState) statusLine.show(runState(m, ready));
  trainOnButton.hidden = !m.canTrainOn;
  if (m.canTrainOn) trainOnButton.textContent = `Train on (${spec.training.epochs} more epochs)`;
  const iteration = element<HTMLOutputElement>("iteration");
  iteration.value = `iteration ${m.iteration}`;
  iteration.dataset.value = String(m.iteration);
  element<HTMLOutputElement>("epoch").value = `epoch ${m.epoch} of ${m.epochs}`;
  const speed = element<HTMLOutputElement>("speed");
  speed.value = `${formatNumber(Math.round(m.iterationsPerSecond))} it/s`;
  speed.dataset.value = String(m.iterationsPerSecond);
  const chart = element("cost-chart");
  const marks = m.stopped?.reason === "earlyStopping" ? { bestEpoch: m.stopped.bestEpoch } : {};
  chart.innerHTML = costChartSvg(curves, marks, chartSize(chart));
  chart.dataset.trainCost = String(curves.last(1));
  chart.dataset.firstTrainCost = String(curves.length ? curves.get(0, 1) : NaN);
  chart.dataset.points = String(curves.length);
  chart.setAttribute("aria-label", describeCosts(curves, marks));
  element("cost-legend").innerHTML = costLegendHtml(curves, marks);
  if (m.scores) element("scores").innerHTML = scoresHtml(m.scores);
  const verdict = element("verdict");
  const headline = doctorHeadline(m.doctor);
  // Rewriting an aria-live region announces it: only when the answer itself changes. (The markup as
  // written is compared: the browser's innerHTML spells escapes its own way.)
  if (shown.headline !== headline.html) {
    shown.headline = headline.html;
    verdict.innerHTML = headline.html;
    verdict.dataset.state = headline.state;
    verdict.dataset.cause = headline.cause;
  }
  const detailsHtml = doctorDetailsHtml(m.doctor);
  const details = element("doctor-details");
  if (shown.details !== detailsHtml) {
    shown.details = detailsHtml;
    details.innerHTML = detailsHtml;
  }
  if (shown.doctor !== m.doctor) {
    shown.doctor = m.doctor;
    // How long the worker's doctor took for this answer (the tests read it).
    if (m.doctor?.state === "diagnosed") details.dataset.ms = String(m.doctor.ms);
  }
  if (m.network) diagram.draw(m.network);
  if (m.boundary !== undefined) showBoundary(m.boundary, ready);
  if (m.flow) {
    const flow = element("flow-chart");
    flow.innerHTML = flowChartSvg(m.flow.snapshot, m.flow.findings);
    flow.setAttribute("aria-label", flowDescription(m.flow.snapshot));
    element("flow-findings").innerHTML = m.flow.findings.length
      ? m.flow.findings.map((f) => `<li><strong>${f.kind}</strong>: ${escapeText(f.message)}.</li>`).join("")
      : `<li class="hint">No vanishing, exploding, dead or saturated layers seen.</li>`;
  }
}

/** The cost chart's size: one unit a CSS pixel of its box (text at its real size), 240 to 640 wide, about 3:2 on a narrow box. */
function chartSize(box: HTMLElement): { width: number; height: number } {
  const width = Math.round(Math.min(640, Math.max(240, box.clientWidth || 480)));
  return { width, height: Math.round(Math.max(170, Math.min(260, width * 0.62))) };
}

/** The boundary view as the "show test data" and "discretize output" boxes ask. */
function showBoundary(boundary: ProgressMessage["boundary"], info: ReadyMessage): void {
  drawBoundary(element("boundary"), boundary, info.train, info.dev, info.features, {
    test: element<HTMLInputElement>("show-test").checked ? info.test : null,
    discretize: element<HTMLInputElement>("discretize").checked,
  });
}
for (const id of ["show-test", "discretize"]) {
  element(id).addEventListener("change", () => {
    if (latest?.boundary !== undefined && ready) showBoundary(latest.boundary, ready);
  });
}

function escapeText(text: string): string {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

worker.onmessage = (event: MessageEvent<Report>) => {
  const message = event.data;
  if (message.type === "ready") onReady(message);
  else if (awaitingReady && message.type !== "error") return;
  else if (message.type === "progress") onProgress(message);
  else if (message.type === "gradientCheckProgress") showCheckProgress(element("gradient-check"), message.done, message.total);
  else if (message.type === "modelFile") download("model.json", message.json, "application/json");
  else if (message.type === "onnxFile") download("model.onnx", message.bytes, "application/octet-stream");
  else if (message.type === "gradientCheck") {
    element("gradient-check").innerHTML = gradientCheckHtml(message.report);
    checkButton.disabled = false;
  } else if (message.type === "error") {
    running = false;
    showRunning();
    checkButton.disabled = false;
    hold({ kind: "failed", text: `Problem: ${message.message}` });
  }
};
worker.onerror = (event) => hold({ kind: "failed", text: `The training worker failed: ${event.message}` });

/**
 * Makes `next` the page's spec once parseSpec accepts it (else says why, in the library's words, and keeps
 * the current one), shows it everywhere (form, URL, spec box) and starts it over.
 */
function applySpec(next: unknown, source = "settings"): boolean {
  const checked = checkedSpec(next, source);
  if ("problem" in checked) {
    say(`Not applied: ${checked.problem}`);
    return false;
  }
  spec = checked.spec;
  // a built-in set in use: the file input names no file
  if (isBuiltIn(spec)) fileInput.value = "";
  element("link-message").hidden = true;
  clearInvalid(element("settings"));
  showSpec();
  if (needsCsv()) return true;
  configure(running);
  return true;
}

/** The spec in the form, the URL and the spec box. */
function showSpec(): void {
  writeForm(spec);
  saveToUrl();
  specBox.show(spec);
}

/** A spec that reads a CSV the page has not been given cannot train yet: say which file to drop in. */
function needsCsv(): boolean {
  if (isBuiltIn(spec) || csv?.name === spec.data.source) return false;
  if (running) worker.postMessage({ type: "pause" });
  running = false;
  showRunning();
  // the last run's views go, and its messages still on their way are dropped: they are not this spec's
  awaitingReady = true;
  latest = null;
  clearRunViews();
  hold({ kind: "needs-file", text: `This spec reads the file ${JSON.stringify(spec.data.source)}, which is not part of the link: drop it on the Data panel to train.` });
  return true;
}

element<HTMLFormElement>("settings").addEventListener("change", (event) => {
  const field = event.target as HTMLElement;
  if (field.id === "csv-file") return;
  const checked = checkedSpec(editSpec(spec, field.id), "settings");
  if ("problem" in checked) {
    // the value stays as typed, marked, with the reason beside it; the run keeps the spec it has
    markInvalid(field, reasonOf(checked.problem));
    say(`Not applied: ${checked.problem}`);
    return;
  }
  applySpec(checked.spec);
});
element<HTMLFormElement>("settings").addEventListener("submit", (event) => event.preventDefault());

runButton.addEventListener("click", () => {
  if (needsCsv()) return; // nothing to train until the file is dropped in; the buttons stay usable
  running = !running;
  showRunning();
  worker.postMessage({ type: running ? "run" : "pause" });
});
element("step").addEventListener("click", () => {
  if (needsCsv()) return;
  running = false;
  showRunning();
  worker.postMessage({ type: "step" });
});
element("reset").addEventListener("click", () => {
  if (needsCsv()) return;
  configure(false);
  say("Reset: same settings and seed, back to the initial weights.");
});
element("model-download").addEventListener("click", () => {
  if (needsCsv()) return;
  worker.postMessage({ type: "exportModel", format: "json" });
});
element("model-onnx").addEventListener("click", () => {
  if (needsCsv()) return;
  worker.postMessage({ type: "exportModel", format: "onnx" });
});
trainOnButton.addEventListener("click", () => {
  running = true;
  showRunning();
  trainOnButton.hidden = true;
  worker.postMessage({ type: "trainOn" });
});
checkButton.addEventListener("click", () => {
  if (needsCsv()) return;
  checkButton.disabled = true;
  element("gradient-check").textContent = "Checking…";
  worker.postMessage({ type: "checkGradients" });
});
element("new-seed").addEventListener("click", () => {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0]! % 100_000;
  applySpec({ ...spec, seed });
});

const fileInput = element<HTMLInputElement>("csv-file");
const dropButton = element<HTMLButtonElement>("csv-drop");
/** A file refused for a bad row, which the "skip invalid rows" button loads again with onInvalidRow "drop". */
let refusedFile: { text: string; name: string } | null = null;

/** A CSV chosen or dropped in: the spec's data when it reads, else why not, and the data the run keeps. */
function loadCsv(text: string, name: string, drop = false): void {
  const outcome = readCsv(text, name, spec, { drop });
  const message = element("csv-message");
  message.className = outcome.ok ? "message ok" : "message error";
  refusedFile = !outcome.ok && outcome.canDrop ? { text, name } : null;
  dropButton.hidden = refusedFile === null;
  if (!outcome.ok) {
    // The file input must not name a file the run is not using: it is emptied, and the message says what the run has.
    fileInput.value = "";
    const using = ready && !awaitingReady ? ready.dataSource : JSON.stringify(spec.data.source);
    message.textContent = `${outcome.message}\nThe run keeps its data: ${using}.`;
    return;
  }
  message.textContent = outcome.message;
  csv = outcome.csv;
  applySpec(outcome.spec);
}

watchCsvInput(element("data-panel"), fileInput, (text, name) => loadCsv(text, name));
dropButton.addEventListener("click", () => {
  if (refusedFile) loadCsv(refusedFile.text, refusedFile.name, true);
});

const specBox = watchSpecBox((text) => {
  const checked = checkedSpecText(text);
  if ("problem" in checked) return checked.problem;
  csv = csv?.name === checked.spec.data.source ? csv : null;
  applySpec(checked.spec, "spec");
  return null;
});

/** The spec `nnlab playground spec.json` handed the server (with its CSV's text), opened as if pasted. */
async function openServedSpec(): Promise<void> {
  let opened: { spec: unknown; csv?: CsvFile | null };
  try {
    const response = await fetch("opened.json");
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    opened = (await response.json()) as typeof opened;
  } catch (error) {
    configure(false);
    say(`Could not open the spec the server was started with: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  csv = opened.csv ?? null;
  if (!applySpec(opened.spec, "opened spec")) configure(false);
}

// The settings column sits under the sticky header (styles.css reads its height).
const header = document.querySelector<HTMLElement>("header.top")!;
new ResizeObserver(() => document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`)).observe(header);

showSpec();
if (opening) void openServedSpec();
else {
  // What the link asked for that could not be used stays in view (the status line moves on) until the
  // person changes a setting.
  if (loaded.problems.length) {
    const linkMessage = element("link-message");
    linkMessage.textContent = `From the link, not used:\n${loaded.problems.join("\n")}`;
    linkMessage.hidden = false;
  }
  if (!needsCsv()) configure(false);
}
requestAnimationFrame(render);
