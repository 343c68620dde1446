/**
 * The training worker: owns the TrainingSession and runs it in chunks of about 30 ms, posting what
 * changed after each chunk (so the page gets at most ~30 messages a second however fast training is)
 * and the heavier views (scores, boundary, gradient flow, the doctor's diagnosis) a few times a second.
 */
import { csvTextLoader, type Dataset, type FlowSnapshot, saveModel, toOnnx } from "../../src/index.js";
import { type DoctorCard, doctorCard } from "./doctor-card.js";
import { boundary, type Evaluations, evaluations, flowNow, gradientCheck, scores } from "./observe.js";
import type { Command, Points, ProgressMessage, ReadyMessage, Report } from "./protocol.js";
import { TrainingSession } from "./session.js";
import { modelSummary } from "./model-summary.js";
import { networkBuffers, networkView } from "./network-view.js";
import { SpeedMeter } from "./speed-meter.js";

interface WorkerScope {
  postMessage(message: Report, options?: { transfer?: Transferable[] }): void;
  onmessage: ((event: MessageEvent<Command>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const CHUNK_MS = 30;
const VIEWS_EVERY_MS = 250;
const BOUNDARY_RESOLUTION = 64;
/**
 * The doctor reads the cost curves (up to MAX_CURVE_POINTS points each: a few milliseconds): while
 * training runs it is asked again only once its last answer's time is under this share of the time
 * since, and always on a pause, a step or a stop.
 */
const DOCTOR_SHARE = 0.02;

let session: TrainingSession | null = null;
let running = false;
let scheduled = false;
let lastViews = 0;
let doctorDueAt = 0;
/** How many of the session's warnings the page has been sent. */
let warningsSent = 0;
const speed = new SpeedMeter();

// A MessageChannel yields to the worker's event loop (to receive "pause") without setTimeout's
// minimum delay.
const tick = new MessageChannel();
tick.port1.onmessage = () => {
  scheduled = false;
  if (!running || !session) return;
  try {
    const done = session.runFor(CHUNK_MS, () => performance.now());
    speed.add(done, performance.now());
    if (session.stopped) running = false;
    post(performance.now() - lastViews >= VIEWS_EVERY_MS || !running);
  } catch (error) {
    // An error in training (it left "The training worker failed: Uncaught ..." and the button on "Pause"):
    // training stops, and the page is told why, as handle() tells it of a failed command.
    running = false;
    const where = `training stopped at epoch ${session.epochsShown}, iteration ${session.iteration}`;
    scope.postMessage({ type: "error", message: `${where}: ${error instanceof Error ? error.message : String(error)}` });
    return;
  }
  schedule();
};

function schedule(): void {
  if (running && !scheduled) {
    scheduled = true;
    tick.port2.postMessage(null);
  }
}

function post(withViews: boolean): void {
  if (!session) return;
  const message: ProgressMessage = {
    type: "progress",
    running,
    iteration: session.iteration,
    epoch: session.epochsShown,
    epochs: session.epochBudget,
    canTrainOn: session.canTrainOn,
    iterationsPerSecond: speed.perSecond(performance.now()),
    points: session.takePoints(),
    stopped: session.stopped,
  };
  const warnings = session.warnings;
  if (warnings.length !== warningsSent) {
    message.warnings = warnings;
    warningsSent = warnings.length;
  }
  const transfer: Transferable[] = [message.points.buffer];
  if (withViews) {
    lastViews = performance.now();
    // One evaluation of the current weights on train and dev, and one flow probe, serve both the
    // views and the doctor.
    const views = evaluations(session);
    message.scores = scores(session, views);
    message.boundary = boundary(session, BOUNDARY_RESOLUTION);
    message.flow = flowNow(session);
    if (!running || lastViews >= doctorDueAt) message.doctor = diagnoseNow(session, views, message.flow?.snapshot ?? null);
    if (message.boundary) transfer.push(message.boundary.values.buffer);
    message.network = networkView(session);
    transfer.push(...networkBuffers(message.network));
  }
  scope.postMessage(message, { transfer });
}

/** The doctor's card; a doctor that fails says so on its card and leaves training running. */
function diagnoseNow(session: TrainingSession, views: Evaluations, finalFlow: FlowSnapshot | null): DoctorCard {
  try {
    const card = doctorCard(session, views, finalFlow);
    // (at least every 2 s: one slow call, a garbage collection in it, should not leave the card stale)
    if (card.state === "diagnosed") doctorDueAt = performance.now() + Math.min(2000, card.ms / DOCTOR_SHARE);
    return card;
  } catch (error) {
    doctorDueAt = Infinity; // it would fail again: ask again only on a pause, a step or a stop
    return { state: "failed", epoch: session.epochsRecorded, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A part of the split as points on the plane (its 2-D inputs, before any input features), or null for other data. */
function points(session: TrainingSession, part: Dataset | null): Points | null {
  const x = part ? session.planeOf(part) : null;
  return part && x ? { x, y: Float64Array.from(part.y.data) } : null;
}

async function configure(command: Extract<Command, { type: "configure" }>): Promise<void> {
  running = false;
  session = null; // if the new spec cannot train, no stale run answers "step" or "check"
  const { spec, csv } = command;
  session = await TrainingSession.open(spec, csv ? csvTextLoader(csv.text, csv.name) : undefined);
  speed.reset(performance.now());
  doctorDueAt = 0;
  const { data, model } = session;
  const ready: ReadyMessage = {
    type: "ready",
    id: command.id,
    sizes: { train: data.sizes.train, dev: data.sizes.dev, test: data.sizes.test, reason: data.sizes.reason },
    parameters: model.countParams(),
    summary: modelSummary(model),
    dataSource: session.dataSource,
    modelDescription: session.modelDescription,
    task: data.train.task,
    classes: data.train.classes?.length ?? 1,
    features: data.train.x.cols,
    dataFeatures: session.dataFeatures,
    train: points(session, data.train),
    dev: points(session, data.dev),
    test: points(session, data.test),
    warnings: session.warnings,
  };
  warningsSent = ready.warnings.length;
  scope.postMessage(ready);
  running = command.run;
  post(true);
  schedule();
}

/**
 * Commands are handled one after another: loading a spec's data is asynchronous, and a "step" sent
 * after a "configure" must find the new run.
 */
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};

async function handle(command: Command): Promise<void> {
  try {
    if (command.type === "configure") {
      try {
        await configure(command);
      } catch (error) {
        running = false;
        session = null;
        scope.postMessage({ type: "startFailed", id: command.id, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    }
    if (!session) {
      // (a spec that did not start): say so, so that no button waits for an answer that never comes
      scope.postMessage({ type: "error", message: "there is no run to train or check: the spec did not start" });
      return;
    }
    if (command.type === "run") {
      running = !session.stopped;
      speed.reset(performance.now());
      // A run that ended by itself stays ended (Reset starts it over); say so, so the button returns to "Train".
      if (!running) post(false);
      schedule();
    } else if (command.type === "exportModel") {
      if (command.format === "onnx") {
        const bytes = toOnnx(session.model);
        scope.postMessage({ type: "onnxFile", bytes });
      } else scope.postMessage({ type: "modelFile", json: saveModel(session.model) });
    } else if (command.type === "trainOn") {
      running = session.trainOn(command.epochs);
      speed.reset(performance.now());
      if (!running) post(false);
      schedule();
    } else if (command.type === "pause") {
      running = false;
      post(true);
    } else if (command.type === "step") {
      running = false;
      session.step();
      post(true);
    } else if (command.type === "checkGradients") {
      const report = gradientCheck(session, (done, total) => scope.postMessage({ type: "gradientCheckProgress", done, total }));
      scope.postMessage({ type: "gradientCheck", report });
    }
  } catch (error) {
    running = false;
    scope.postMessage({ type: "error", message: error instanceof Error ? error.message : String(error) });
  }
}
