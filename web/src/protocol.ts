import type { Task } from "../../src/index.js";
import type { DoctorCard } from "./doctor-card.js";
import type { NetworkView } from "./network-view.js";
import type { Boundary, Flow, GradientCheckSummary, Scores } from "./observe.js";
import type { StopInfo } from "./session.js";
import type { Spec } from "./page-spec.js";

/** A CSV the person dropped in (or the server handed over with a spec): its text, parsed by the worker with the spec's columns. */
export interface CsvFile {
  name: string;
  text: string;
}

/** Page -> worker. */
export type Command =
  /** `id`: the page's count of runs started, which "ready" and "startFailed" answer with (an older run's answer is not this one's). */
  | { type: "configure"; spec: Spec; csv: CsvFile | null; run: boolean; id: number }
  | { type: "run" }
  | { type: "pause" }
  | { type: "step" }
  /** The model as it is now, as a model file (the worker answers "modelFile"). */
  | { type: "exportModel"; format: "json" | "onnx" }
  /** A run whose epochs ran out goes on to `epochs` in all (the page's spec says so too: its export reproduces the run). */
  | { type: "trainOn"; epochs: number }
  | { type: "checkGradients" };

/** Points to draw: raw 2-D inputs and class indices, for the scatter over the boundary. */
export interface Points {
  x: Float64Array;
  y: Float64Array;
}

export interface ReadyMessage {
  type: "ready";
  /** The "configure" this answers. */
  id: number;
  sizes: { train: number; dev: number; test: number; reason: string };
  parameters: number;
  summary: string;
  /** Where the data came from and the network in one line, as `nnlab train` says them. */
  dataSource: string;
  modelDescription: string;
  task: Task;
  classes: number;
  /** Input features of the model (after the spec's input features, if any). */
  features: number;
  /** Input features of the data as loaded, before the spec's input features (x1², ...), which need exactly 2. */
  dataFeatures: number;
  train: Points | null;
  dev: Points | null;
  test: Points | null;
  /** The library's warnings for this run (TrainingSession.warnings), as `nnlab train` prints them. */
  warnings: string[];
}

export interface ProgressMessage {
  type: "progress";
  running: boolean;
  iteration: number;
  epoch: number;
  /** The epochs the run is to train (the spec's, more after "train on"). */
  epochs: number;
  /** The run ended because its epochs ran out: "train on" can continue it. */
  canTrainOn: boolean;
  iterationsPerSecond: number;
  /** New curve points, POINT_SIZE numbers each (see session.ts). */
  points: Float64Array;
  stopped: StopInfo | null;
  /** The heavier views, sent a few times a second. */
  scores?: Scores;
  boundary?: Boundary | null;
  flow?: Flow | null;
  /** The network drawn: every unit over the input plane, the weights, dead and saturated units. */
  network?: NetworkView;
  /** The doctor's card for the run so far (absent: keep the last one). */
  doctor?: DoctorCard;
  /** Every warning of the run so far, when there are new ones since the last message (absent: no new one). */
  warnings?: string[];
}

/** Worker -> page. */
export type Report =
  | ReadyMessage
  | ProgressMessage
  | { type: "gradientCheck"; report: GradientCheckSummary }
  /** The current weights as `nnlab train` saves them (saveModel's JSON). */
  | { type: "modelFile"; json: string }
  /** The current weights as an ONNX model (toOnnx: normalization inside the graph, probabilities out). */
  | { type: "onnxFile"; bytes: Uint8Array }
  /** How far a gradient check is: `done` of its `total` cost evaluations. */
  | { type: "gradientCheckProgress"; done: number; total: number }
  /** The spec could not start a run (its data or its network could not be built): there is no run now. */
  | { type: "startFailed"; id: number; message: string }
  | { type: "error"; message: string };
