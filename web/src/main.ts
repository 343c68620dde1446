/**
 * The playground page: keeps the experiment spec (form <-> URL <-> spec text), sends it to the training
 * worker, and draws what it reports. All numbers come from the worker; this thread only draws, so the page stays
 * responsive however hard the worker trains.
 */
import { costChartSvg } from "./charts/cost-chart.js";
import { drawBoundary } from "./charts/boundary-view.js";
import { flowChartSvg, flowDescription } from "./charts/flow-chart.js";
import { readCsv, watchCsvInput } from "./csv-input.js";
import { CurveStore } from "./curve-store.js";
import { editSpec, element, showAutoSplit, writeForm } from "./form.js";
import { causeWords } from "./doctor-card.js";
import { clearInvalid, markInvalid, reasonOf } from "./field-error.js";
import { formatNumber } from "./html.js";
import { checkedSpec, isBuiltIn, type Spec, specFromText as checkedSpecText } from "./page-spec.js";
import type { CsvFile, ProgressMessage, ReadyMessage, Report } from "./protocol.js";
import { watchSpecBox } from "./spec-box.js";
import { costLegendHtml, describeCosts } from "./views/cost-legend.js";
import { doctorDetailsHtml, doctorHeadline } from "./views/diagnosis-view.js";
import { scoresHtml } from "./views/scores-view.js";
import { gradientCheckHtml } from "./views/gradient-check-view.js";
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
const worker = new Worker(new URL("./worker.js", import.meta.url));

const status = element<HTMLParagraphElement>("status");
const runButton = element<HTMLButtonElement>("run");
const checkButton = element<HTMLButtonElement>("check");

function say(text: string): void {
  status.textContent = text;
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
  say(`Ready: ${message.parameters} parameters, ${message.sizes.train} training examples.`);
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
    doctor: message.doctor ?? latest?.doctor,
  };
  if (message.stopped) say(stopText(message.stopped, latest.doctor));
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
  const iteration = element<HTMLOutputElement>("iteration");
  iteration.value = `iteration ${m.iteration}`;
  iteration.dataset.value = String(m.iteration);
  element<HTMLOutputElement>("epoch").value = `epoch ${m.epoch}`;
  const speed = element<HTMLOutputElement>("speed");
  speed.value = `${formatNumber(Math.round(m.iterationsPerSecond))} it/s`;
  speed.dataset.value = String(m.iterationsPerSecond);
  const chart = element("cost-chart");
  const marks = m.stopped?.reason === "earlyStopping" ? { bestEpoch: m.stopped.bestEpoch } : {};
  chart.innerHTML = costChartSvg(curves, marks);
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
  if (m.boundary !== undefined) drawBoundary(element("boundary"), m.boundary, ready.train, ready.dev, ready.features);
  if (m.flow) {
    const flow = element("flow-chart");
    flow.innerHTML = flowChartSvg(m.flow.snapshot, m.flow.findings);
    flow.setAttribute("aria-label", flowDescription(m.flow.snapshot));
    element("flow-findings").innerHTML = m.flow.findings.length
      ? m.flow.findings.map((f) => `<li><strong>${f.kind}</strong>: ${escapeText(f.message)}.</li>`).join("")
      : `<li class="hint">No vanishing, exploding, dead or saturated layers seen.</li>`;
  }
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
  else if (message.type === "gradientCheck") {
    element("gradient-check").innerHTML = gradientCheckHtml(message.report);
    checkButton.disabled = false;
  } else if (message.type === "error") {
    running = false;
    showRunning();
    checkButton.disabled = false;
    say(`Problem: ${message.message}`);
  }
};
worker.onerror = (event) => say(`The training worker failed: ${event.message}`);

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
  running = false;
  showRunning();
  say(`This spec reads the file ${JSON.stringify(spec.data.source)}, which is not part of the link: drop it on the Data panel to train.`);
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

watchCsvInput(element("data-panel"), element("csv-file"), (text, name) => {
  const outcome = readCsv(text, name, spec);
  element("csv-message").textContent = outcome.message;
  element("csv-message").className = outcome.ok ? "message ok" : "message error";
  if (!outcome.ok) return;
  csv = outcome.csv;
  applySpec(outcome.spec);
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
    say(`Could not open the spec the server was started with: ${error instanceof Error ? error.message : String(error)}`);
    configure(false);
    return;
  }
  csv = opened.csv ?? null;
  if (!applySpec(opened.spec, "opened spec")) configure(false);
}

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
