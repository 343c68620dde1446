/**
 * The page's run: the spec it trains (shown in the form, the URL and the spec box), the training worker
 * it is sent to, and what the worker reports, kept for the views. All numbers come from the worker; this
 * thread only draws, so the page stays responsive however hard the worker trains.
 */
import { CurveStore } from "../curve-store.js";
import { clearInvalid } from "../field-error.js";
import { element, showAutoSplit, showInputFeaturesUsable, showTask, writeForm } from "../form.js";
import { inputFeaturesRefusal } from "../form-rules.js";
import { checkedSpec, isBuiltIn, readInNodeOnly, type Spec, specFromText } from "../page-spec.js";
import type { Command, CsvFile, ProgressMessage, ReadyMessage, Report } from "../protocol.js";
import { download, type SpecBox, watchSpecBox } from "../spec-box.js";
import { type RunState, showWarnings, StatusLine } from "../status-line.js";
import { specToQuery } from "../url-state.js";
import { gradientCheckHtml, showCheckProgress } from "../views/gradient-check-view.js";
import { runState } from "./run-state.js";
import { RunViews } from "./run-views.js";

export class RunController {
  spec: Spec;
  /** The CSV dropped in (or handed over with an opened spec); the worker reads it when the spec's source names it. */
  csv: CsvFile | null = null;
  ready: ReadyMessage | null = null;
  latest: ProgressMessage | null = null;
  /** Whether the person asked the run to train (a Pause sets it false before the worker hears of it). */
  running = false;
  /**
   * Messages of the run before a "configure" may still be on their way; they are dropped until the
   * new run's "ready" arrives (the worker answers in order).
   */
  awaitingReady = true;
  readonly views = new RunViews();
  private readonly curves = new CurveStore();
  /** A new message since the views were last drawn. */
  private dirty = false;
  /** Told when there is something new to draw (the render loop then asks for a frame). */
  onNeedsRender: () => void = () => {};
  /** A state the worker's messages do not decide (a file to drop in, a failure): shown until the next run is configured. */
  private heldState: RunState | null = null;
  /** Why the page's spec did not start a run (null: it did, or is starting): there is no run until the next one is configured. */
  private startFailure: string | null = null;
  /** Told how the run being configured started (null: it did; else why not), then forgotten; a newer spec drops it untold. */
  private onStart: ((failure: string | null) => void) | null = null;
  /** Runs started since the page opened (tests wait for a restart by it, not by the iteration counter). */
  private runsStarted = 0;
  /** The run whose "ready" or "startFailed" the page waits for (0: none, as a spec waiting for its CSV has no run). */
  private awaitedRun = 0;
  // a module worker: it shares the library's chunk with this page (see buildPlayground)
  private readonly worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  private readonly statusLine = new StatusLine(element<HTMLParagraphElement>("status"));
  private readonly runButton = element<HTMLButtonElement>("run");
  readonly trainOnButton = element<HTMLButtonElement>("train-on");
  readonly checkButton = element<HTMLButtonElement>("check");
  /** The spec box (paste a spec, export this one): what is pasted there becomes the page's spec. */
  private readonly specBox: SpecBox;

  constructor(spec: Spec) {
    this.spec = spec;
    this.worker.onmessage = (event: MessageEvent<Report>) => this.onReport(event.data);
    this.worker.onerror = (event) => this.hold({ kind: "failed", text: `The training worker failed: ${event.message}` });
    this.specBox = watchSpecBox((text) => {
      const checked = specFromText(text);
      if ("problem" in checked) return checked.problem;
      this.csv = this.csv?.name === checked.spec.data.source ? this.csv : null;
      this.applySpec(checked.spec, "spec", (failure) => this.specBox.runStarted(failure));
      return null;
    });
  }

  send(command: Command): void {
    this.worker.postMessage(command);
  }

  /** A note about the last thing done, under the run's state. */
  say(text: string): void {
    this.statusLine.note(text);
  }

  hold(state: RunState): void {
    this.heldState = state;
    this.statusLine.show(state);
  }

  /** Starts the spec over in the worker (training at once when `run`); `onStart` is told how it started. */
  configure(run: boolean, onStart: ((failure: string | null) => void) | null = null): void {
    this.running = run;
    this.awaitingReady = true;
    this.onStart = onStart;
    document.body.dataset.run = "configuring";
    document.body.dataset.runs = String(++this.runsStarted);
    this.awaitedRun = this.runsStarted;
    this.curves.clear();
    this.latest = null;
    this.heldState = null;
    this.startFailure = null;
    this.trainOnButton.hidden = true;
    this.statusLine.show({ kind: "loading" });
    showWarnings(element("run-warnings"), []); // the last run's; the new run's come with its "ready"
    this.views.clear();
    element("gradient-check").replaceChildren();
    this.views.resetCounters();
    this.showRunning();
    const spec = this.spec;
    this.send({ type: "configure", spec, csv: isBuiltIn(spec) ? null : this.csv, run, id: this.awaitedRun });
  }

  showRunning(): void {
    this.runButton.textContent = this.running ? "Pause" : "Train";
    this.runButton.setAttribute("aria-pressed", String(this.running));
  }

  /**
   * Makes `next` the page's spec once parseSpec accepts it (else says why, in the library's words, and keeps
   * the current one), shows it everywhere (form, URL, spec box) and starts it over. `onStart` is told how
   * its run started: null when it did, else why not (refused, waiting for its CSV, failed to start).
   */
  applySpec(next: unknown, source = "settings", onStart?: (failure: string | null) => void): boolean {
    this.onStart = null; // a run still starting is no longer the one asked for
    const checked = checkedSpec(next, source);
    if ("problem" in checked) {
      this.say(`Not applied: ${checked.problem}`);
      onStart?.(`Not applied: ${checked.problem}`);
      return false;
    }
    this.spec = checked.spec;
    // a built-in set in use: the file input names no file
    if (isBuiltIn(this.spec)) element<HTMLInputElement>("csv-file").value = "";
    element("link-message").hidden = true;
    clearInvalid(element("settings"));
    this.showSpec();
    if (this.needsCsv()) {
      onStart?.(this.heldState && "text" in this.heldState ? this.heldState.text : "it waits for its CSV file");
      return true;
    }
    this.configure(this.running, onStart);
    return true;
  }

  /** The spec in the form, the URL and the spec box. */
  showSpec(): void {
    writeForm(this.spec);
    history.replaceState(null, "", `${location.pathname}?${specToQuery(this.spec)}`);
    this.specBox.show(this.spec);
  }

  /** A spec that reads a CSV the page has not been given cannot train yet: say which file to drop in. */
  needsCsv(): boolean {
    if (isBuiltIn(this.spec) || this.csv?.name === this.spec.data.source) return false;
    if (this.running) this.send({ type: "pause" });
    this.running = false;
    this.showRunning();
    // the last run's views go, and its messages still on their way are dropped: they are not this spec's
    this.awaitingReady = true;
    this.awaitedRun = 0;
    this.latest = null;
    const nodeOnly = readInNodeOnly(this.spec);
    showWarnings(element("run-warnings"), []);
    this.views.clearAll(nodeOnly ? "no run: this data is read in Node" : `no run yet: drop ${this.spec.data.source} on the Data panel`);
    element("gradient-check").replaceChildren();
    this.trainOnButton.hidden = true;
    const source = JSON.stringify(this.spec.data.source);
    this.hold({
      kind: "needs-file",
      text: nodeOnly
        ? `This spec reads ${source}, which only nnlab in Node reads (${this.spec.data.source === "fashion-mnist" ? "from Debian's dataset-fashion-mnist package" : "IDX files"}): train it there with nnlab train spec.json.`
        : `This spec reads the file ${source}, which is not part of the link: drop it on the Data panel to train.`,
    });
    return true;
  }

  /**
   * Whether the page's spec has no run for a button to act on: it waits for its CSV (see needsCsv), or it
   * did not start, which is said beside the reason (kept in view) rather than sent to the worker.
   */
  hasNoRun(): boolean {
    if (this.needsCsv()) return true;
    if (this.startFailure === null) return false;
    this.say("Not done: there is no run, as this spec did not start (why is said above). Change a setting or open another spec.");
    return true;
  }

  /** Redraws the views when a message came since the last time (see startRenderLoop). */
  render(): void {
    if (!this.dirty || !this.latest || !this.ready) return;
    this.dirty = false;
    const m = this.latest;
    if (!this.heldState) this.statusLine.show(runState(m, this.ready, this.running));
    this.trainOnButton.hidden = !m.canTrainOn;
    if (m.canTrainOn) this.trainOnButton.textContent = `Train on (${this.spec.training.epochs} more epochs)`;
    this.views.draw(m, this.ready, this.curves);
  }

  /** Whether render has something new to draw (the render loop asks before it spends a frame on it). */
  get needsRender(): boolean {
    return this.dirty && this.latest !== null && this.ready !== null;
  }

  private onReport(message: Report): void {
    // the answer to a "configure" since replaced by another (a setting changed while it loaded) is not this run's
    if ((message.type === "ready" || message.type === "startFailed") && message.id !== this.awaitedRun) return;
    if (message.type === "ready") this.onReady(message);
    else if (this.awaitingReady && message.type !== "error" && message.type !== "startFailed") return;
    else if (message.type === "progress") this.onProgress(message);
    else if (message.type === "gradientCheckProgress") showCheckProgress(element("gradient-check"), message.done, message.total);
    else if (message.type === "modelFile") download("model.json", message.json, "application/json");
    else if (message.type === "onnxFile") download("model.onnx", message.bytes, "application/octet-stream");
    else if (message.type === "gradientCheck") {
      element("gradient-check").innerHTML = gradientCheckHtml(message.report);
      this.checkButton.disabled = false;
    } else if (message.type === "startFailed") this.onStartFailed(message.message);
    else if (message.type === "error") {
      this.running = false;
      this.showRunning();
      this.checkButton.disabled = false;
      // a refusal after a spec that did not start adds to its reason, which stays in view
      if (this.startFailure !== null) this.say(`Not done: ${message.message}.`);
      else this.hold({ kind: "failed", text: `Problem: ${message.message}` });
    }
  }

  /**
   * The page's spec did not start a run: nothing of the last run stays on the page (its pictures, model
   * card, split and speed described other weights), and why is held in the status line.
   */
  private onStartFailed(reason: string): void {
    this.startFailure = reason;
    this.running = false;
    this.showRunning();
    this.latest = null;
    this.dirty = false;
    document.body.dataset.run = "failed";
    this.checkButton.disabled = false;
    this.trainOnButton.hidden = true;
    this.views.clearAll("no run: this spec did not start (see the status above)");
    showWarnings(element("run-warnings"), []);
    element("gradient-check").replaceChildren();
    showInputFeaturesUsable(null); // the data is not known: the library says what it refuses
    this.hold({ kind: "failed", text: `Problem: ${reason}` });
    this.onStart?.(reason);
    this.onStart = null;
  }

  private onReady(message: ReadyMessage): void {
    this.ready = message;
    this.awaitingReady = false;
    document.body.dataset.run = "ready";
    this.checkButton.disabled = false;
    showAutoSplit(message.sizes);
    element("split-reason").textContent =
      `${message.sizes.train} train, ${message.sizes.dev} dev, ${message.sizes.test} test` + (this.spec.split === "auto" ? ` (${message.sizes.reason})` : "");
    element("model-summary").textContent = `${message.modelDescription}\n${message.dataSource}\n\n${message.summary}`;
    // a regression target can be standardized; class labels cannot (the library leaves the option unused)
    (element("normalize-target") as HTMLInputElement).disabled = message.task !== "regression";
    // and x1², sin x1, ... are computed from exactly 2 input features; class weights are for classes
    showInputFeaturesUsable(inputFeaturesRefusal(message.dataFeatures));
    showTask(message.task);
    // what the library warned of (a setting it does not use, say), as nnlab train prints it
    showWarnings(element("run-warnings"), message.warnings);
    this.statusLine.show({ kind: "ready", parameters: message.parameters, examples: message.sizes.train });
    this.onStart?.(null);
    this.onStart = null;
  }

  private onProgress(message: ProgressMessage): void {
    this.curves.add(message.points);
    if (message.warnings) showWarnings(element("run-warnings"), message.warnings);
    // What the worker last said (tests wait for "false" after a Pause: the last views have arrived).
    document.body.dataset.workerRunning = String(message.running);
    // `running` is what the person asked for; messages sent before a Pause reached the worker still
    // say "running", so only a run that ended by itself (early stopping, divergence) changes it here.
    if (message.stopped && !message.running) {
      this.running = false;
      this.showRunning();
    }
    const latest = this.latest;
    this.latest = {
      ...message,
      scores: message.scores ?? latest?.scores,
      // null is an answer ("no boundary for this data"), only undefined means "not in this message"
      boundary: message.boundary !== undefined ? message.boundary : latest?.boundary,
      flow: message.flow ?? latest?.flow,
      network: message.network ?? latest?.network,
      doctor: message.doctor ?? latest?.doctor,
    };
    this.dirty = true;
    this.onNeedsRender();
  }
}
