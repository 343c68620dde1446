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

/** What a view was last drawn from: nothing yet (or the view cleared since). */
const NOT_DRAWN = Symbol("not drawn");

export class RunViews {
  private readonly diagram = new NetworkDiagram(element("network"), element("network-readout"));
  /** The doctor's markup last written to the page. */
  private readonly shown: { headline: string; details: string; doctor?: ProgressMessage["doctor"] } = { headline: "", details: "" };
  /**
   * What each of the heavier views was last drawn from. The worker sends them a few times a second, and
   * the page draws about 15 times a second: a view is drawn again only when a message brought it anew
   * (each message's views are new objects), not on every frame with the same picture.
   */
  private drawn: {
    scores: ProgressMessage["scores"] | typeof NOT_DRAWN;
    boundary: ProgressMessage["boundary"] | typeof NOT_DRAWN;
    flow: ProgressMessage["flow"] | typeof NOT_DRAWN;
    network: ProgressMessage["network"] | typeof NOT_DRAWN;
    /** The cost chart's curves (CurveStore.version), marks and size. */
    chart: string;
  } = { scores: NOT_DRAWN, boundary: NOT_DRAWN, flow: NOT_DRAWN, network: NOT_DRAWN, chart: "" };
  /**
   * The cost chart's box width in CSS pixels (0: not measured yet), kept by a ResizeObserver: read in
   * draw(), after the status line and the counters were written, it forced a layout on every frame.
   */
  private chartWidth = 0;

  constructor() {
    const chart = element("cost-chart");
    new ResizeObserver(() => (this.chartWidth = chart.clientWidth)).observe(chart);
  }

  /**
   * The previous run's scores, diagnosis and gradient flow go when a run is configured: they described
   * weights that are not the new run's (the new run's first views replace them at once).
   */
  clear(): void {
    this.drawn = { scores: NOT_DRAWN, boundary: NOT_DRAWN, flow: NOT_DRAWN, network: NOT_DRAWN, chart: "" };
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

  /** Every view from the worker's latest message `m` (with the curves gathered so far), drawn again where it changed. */
  draw(m: ProgressMessage, ready: ReadyMessage, curves: CurveStore): void {
    const chart = element("cost-chart");
    const size = chartSize(this.chartWidth);
    const iteration = element<HTMLOutputElement>("iteration");
    iteration.value = `iteration ${m.iteration}`;
    iteration.dataset.value = String(m.iteration);
    element<HTMLOutputElement>("epoch").value = `epoch ${m.epoch} of ${m.epochs}`;
    const speed = element<HTMLOutputElement>("speed");
    speed.value = `${formatNumber(Math.round(m.iterationsPerSecond))} it/s`;
    speed.dataset.value = String(m.iterationsPerSecond);
    const marks = m.stopped?.reason === "earlyStopping" ? { bestEpoch: m.stopped.bestEpoch } : {};
    const chartKey = `${curves.version}|${marks.bestEpoch}|${size.width}x${size.height}`;
    if (this.drawn.chart !== chartKey) {
      this.drawn.chart = chartKey;
      chart.innerHTML = costChartSvg(curves, marks, size);
      chart.dataset.trainCost = String(curves.last(1));
      chart.dataset.firstTrainCost = String(curves.length ? curves.get(0, 1) : NaN);
      chart.dataset.points = String(curves.length);
      chart.setAttribute("aria-label", describeCosts(curves, marks));
      element("cost-legend").innerHTML = costLegendHtml(curves, marks);
    }
    if (m.scores && m.scores !== this.drawn.scores) {
      this.drawn.scores = m.scores;
      element("scores").innerHTML = scoresHtml(m.scores);
      // the train cost J of the current weights in full, as nnlab train and the exported train.ts print it
      element("scores").dataset.trainLoss = String(m.scores.trainLoss);
    }
    if (m.doctor !== this.shown.doctor) this.drawDoctor(m.doctor);
    if (m.network && m.network !== this.drawn.network) {
      this.drawn.network = m.network;
      this.diagram.draw(m.network);
    }
    if (m.boundary !== undefined && m.boundary !== this.drawn.boundary) this.showBoundary(m.boundary, ready);
    if (m.flow && m.flow !== this.drawn.flow) {
      this.drawn.flow = m.flow;
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
    this.drawn.boundary = boundary;
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
function chartSize(boxWidth: number): { width: number; height: number } {
  const width = Math.round(Math.min(640, Math.max(240, boxWidth || 480)));
  return { width, height: Math.round(Math.max(170, Math.min(260, width * 0.62))) };
}

function escapeText(text: string): string {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}
