/**
 * The run's views (counters, cost chart, scores, diagnosis, network, boundary, gradient flow), drawn
 * from the worker's latest message; partly cleared when a new run is configured, wholly when a spec
 * has no run (it did not start, or waits for its CSV).
 */
import { costChartSvg } from "../charts/cost-chart.js";
import { drawBoundary, drawNoBoundary } from "../charts/boundary-view.js";
import { flowChartSvg, flowDescription } from "../charts/flow-chart.js";
import { NetworkDiagram } from "../charts/network-diagram.js";
import type { CurveStore } from "../curve-store.js";
import { element } from "../form.js";
import { formatNumber } from "../html.js";
import type { ProgressMessage, ReadyMessage } from "../protocol.js";
import { costLegendHtml, describeCosts } from "../views/cost-legend.js";
import { doctorDetailsHtml, doctorHeadline } from "../views/diagnosis-view.js";
import { scoresHtml } from "../views/scores-view.js";

export class RunViews {
  private readonly diagram = new NetworkDiagram(element("network"), element("network-readout"));
  /** The doctor's markup last written to the page. */
  private readonly shown: { headline: string; details: string; doctor?: ProgressMessage["doctor"] } = { headline: "", details: "" };

  /**
   * The previous run's scores, diagnosis and gradient flow go when a run is configured: they described
   * weights that are not the new run's (the new run's first views replace them at once).
   */
  clear(): void {
    const headline = doctorHeadline(undefined);
    this.shown.headline = headline.html;
    this.shown.details = "";
    this.shown.doctor = undefined;
    const verdict = element("verdict");
    verdict.innerHTML = headline.html;
    verdict.dataset.state = headline.state;
    verdict.dataset.cause = "";
    element("doctor-details").replaceChildren();
    element("scores").replaceChildren();
    delete element("scores").dataset.trainLoss;
    element("flow-chart").replaceChildren();
    element("flow-findings").replaceChildren();
  }

  /**
   * Every view of the last run, when the page's spec has none: the pictures (cost curves, network,
   * boundary) and the model card too, which clear() leaves for the new run's first message to replace
   * (so that a change of setting does not blank the page), and the counters with the speed. `why` is
   * said where the boundary was.
   */
  clearAll(why: string): void {
    this.clear();
    this.resetCounters();
    const chart = element("cost-chart");
    chart.replaceChildren();
    for (const key of ["trainCost", "firstTrainCost", "points"]) delete chart.dataset[key];
    chart.setAttribute("aria-label", "Train and dev cost curves: no run");
    element("cost-legend").replaceChildren();
    this.diagram.draw(null);
    drawNoBoundary(element<HTMLCanvasElement>("boundary"), why);
    element("model-summary").textContent = "";
    element("split-reason").textContent = "";
  }

  /** The counters (and the speed) back at the start of a run. */
  resetCounters(): void {
    const counter = element<HTMLOutputElement>("iteration");
    counter.value = "iteration 0";
    counter.dataset.value = "0";
    element<HTMLOutputElement>("epoch").value = "epoch 0";
    const speed = element<HTMLOutputElement>("speed");
    speed.value = "0 it/s";
    speed.dataset.value = "0";
  }

  /** Every view from the worker's latest message `m` (with the curves gathered so far). */
  draw(m: ProgressMessage, ready: ReadyMessage, curves: CurveStore): void {
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
    if (m.scores) {
      element("scores").innerHTML = scoresHtml(m.scores);
      // the train cost J of the current weights in full, as nnlab train and the exported train.ts print it
      element("scores").dataset.trainLoss = String(m.scores.trainLoss);
    }
    this.drawDoctor(m.doctor);
    if (m.network) this.diagram.draw(m.network);
    if (m.boundary !== undefined) this.showBoundary(m.boundary, ready);
    if (m.flow) {
      const flow = element("flow-chart");
      flow.innerHTML = flowChartSvg(m.flow.snapshot, m.flow.findings);
      flow.setAttribute("aria-label", flowDescription(m.flow.snapshot));
      element("flow-findings").innerHTML = m.flow.findings.length
        ? m.flow.findings.map((f) => `<li><strong>${f.kind}</strong>: ${escapeText(f.message)}.</li>`).join("")
        : `<li class="hint">No vanishing, exploding, dead or saturated layers seen.</li>`;
    }
  }

  /** The boundary view as the "show test data" and "discretize output" boxes ask. */
  showBoundary(boundary: ProgressMessage["boundary"], info: ReadyMessage): void {
    drawBoundary(element("boundary"), boundary, info.train, info.dev, info.features, {
      test: element<HTMLInputElement>("show-test").checked ? info.test : null,
      discretize: element<HTMLInputElement>("discretize").checked,
    });
  }

  private drawDoctor(doctor: ProgressMessage["doctor"]): void {
    const verdict = element("verdict");
    const headline = doctorHeadline(doctor);
    // Rewriting an aria-live region announces it: only when the answer itself changes. (The markup as
    // written is compared: the browser's innerHTML spells escapes its own way.)
    if (this.shown.headline !== headline.html) {
      this.shown.headline = headline.html;
      verdict.innerHTML = headline.html;
      verdict.dataset.state = headline.state;
      verdict.dataset.cause = headline.cause;
    }
    const detailsHtml = doctorDetailsHtml(doctor);
    const details = element("doctor-details");
    if (this.shown.details !== detailsHtml) {
      this.shown.details = detailsHtml;
      details.innerHTML = detailsHtml;
    }
    if (this.shown.doctor !== doctor) {
      this.shown.doctor = doctor;
      // How long the worker's doctor took for this answer (the tests read it).
      if (doctor?.state === "diagnosed") details.dataset.ms = String(doctor.ms);
    }
  }
}

/** The cost chart's size: one unit a CSS pixel of its box (text at its real size), 240 to 640 wide, about 3:2 on a narrow box. */
function chartSize(box: HTMLElement): { width: number; height: number } {
  const width = Math.round(Math.min(640, Math.max(240, box.clientWidth || 480)));
  return { width, height: Math.round(Math.max(170, Math.min(260, width * 0.62))) };
}

function escapeText(text: string): string {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}
