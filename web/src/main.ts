/**
 * The playground page: keeps the settings (form <-> URL), sends them to the training worker, and
 * draws what it reports. All numbers come from the worker; this thread only draws, so the page stays
 * responsive however hard the worker trains.
 */
import { costChartSvg } from "./charts/cost-chart.js";
import { drawBoundary } from "./charts/boundary-view.js";
import { flowChartSvg, flowDescription } from "./charts/flow-chart.js";
import { readCsv, watchCsvInput } from "./csv-input.js";
import { CurveStore } from "./curve-store.js";
import { element, readForm, showAutoSplit, writeForm } from "./form.js";
import { causeWords } from "./doctor-card.js";
import { formatNumber } from "./html.js";
import type { ProgressMessage, PlainDataset, ReadyMessage, Report } from "./protocol.js";
import { costLegendHtml, describeCosts } from "./views/cost-legend.js";
import { doctorDetailsHtml, doctorHeadline } from "./views/diagnosis-view.js";
import { scoresHtml } from "./views/scores-view.js";
import { gradientCheckHtml } from "./views/gradient-check-view.js";
import { type Settings, settingsProblems } from "./settings.js";
import { settingsFromQuery, settingsToQuery } from "./url-state.js";

const loaded = settingsFromQuery(location.search);
let settings: Settings = loaded.settings;
let csv: PlainDataset | null = null;
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

function configure(run: boolean): void {
  running = run;
  awaitingReady = true;
  document.body.dataset.run = "configuring";
  curves.clear();
  latest = null;
  element("gradient-check").replaceChildren();
  const counter = element<HTMLOutputElement>("iteration");
  counter.value = "iteration 0";
  counter.dataset.value = "0";
  element<HTMLOutputElement>("epoch").value = "epoch 0";
  showRunning();
  worker.postMessage({ type: "configure", settings, csv: settings.dataset === "csv" ? csv : null, run });
}

function showRunning(): void {
  runButton.textContent = running ? "Pause" : "Train";
  runButton.setAttribute("aria-pressed", String(running));
}

function saveToUrl(): void {
  history.replaceState(null, "", `${location.pathname}?${settingsToQuery(settings)}`);
}

function onReady(message: ReadyMessage): void {
  ready = message;
  awaitingReady = false;
  document.body.dataset.run = "ready";
  checkButton.disabled = false;
  showAutoSplit(message.sizes);
  element("split-reason").textContent =
    `${message.sizes.train} train, ${message.sizes.dev} dev, ${message.sizes.test} test` + (settings.split === "auto" ? ` (${message.sizes.reason})` : "");
  element("model-summary").textContent = message.summary;
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
    boundary: message.boundary ?? latest?.boundary,
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

function applySettings(next: Settings): void {
  const problems = settingsProblems(next);
  if (problems.length > 0) {
    say(`Not applied: ${problems.join("; ")}.`);
    return;
  }
  settings = next;
  writeForm(settings);
  saveToUrl();
  configure(running);
}

element<HTMLFormElement>("settings").addEventListener("change", (event) => {
  if ((event.target as HTMLElement).id === "csv-file") return;
  applySettings(readForm(settings));
});
element<HTMLFormElement>("settings").addEventListener("submit", (event) => event.preventDefault());

runButton.addEventListener("click", () => {
  running = !running;
  showRunning();
  worker.postMessage({ type: running ? "run" : "pause" });
});
element("step").addEventListener("click", () => {
  running = false;
  showRunning();
  worker.postMessage({ type: "step" });
});
element("reset").addEventListener("click", () => {
  configure(false);
  say("Reset: same settings and seed, back to the initial weights.");
});
checkButton.addEventListener("click", () => {
  checkButton.disabled = true;
  element("gradient-check").textContent = "Checking…";
  worker.postMessage({ type: "checkGradients" });
});
element("new-seed").addEventListener("click", () => {
  const seed = crypto.getRandomValues(new Uint32Array(1))[0]! % 100_000;
  applySettings({ ...settings, seed });
});

watchCsvInput(element("data-panel"), element("csv-file"), (text, name) => {
  const outcome = readCsv(text, name);
  element("csv-message").textContent = outcome.message;
  element("csv-message").className = outcome.ok ? "message ok" : "message error";
  if (!outcome.ok) return;
  csv = outcome.data;
  applySettings({ ...settings, dataset: "csv" });
});

writeForm(settings);
saveToUrl();
if (loaded.problems.length) say(loaded.problems.join("; "));
if (settings.dataset === "csv") {
  say("This link uses a CSV file, which is not part of the link: drop the file on the Data panel to train.");
} else {
  configure(false);
}
requestAnimationFrame(render);
