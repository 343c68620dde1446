/**
 * The playground's knobs as the tests name them, turned into the page's spec the way the form turns them
 * (the activation and initialization set every layer, the output one included), then checked by parseSpec.
 */
import { parseSpec } from "../../src/index.js";
import { copySpec, DEFAULT_SPEC, type Spec } from "../../web/src/page-spec.js";
import { TrainingSession } from "../../web/src/session.js";

export interface Knobs {
  dataset?: string;
  noise?: number;
  size?: number;
  hidden?: number[];
  dropout?: number[];
  activation?: Spec["model"]["hidden"][number]["activation"];
  init?: NonNullable<Spec["model"]["hidden"][number]["init"]>;
  initScale?: number;
  l2?: number;
  l1?: number;
  optimizer?: Spec["optimizer"]["name"];
  learningRate?: number;
  batchSize?: number | "full";
  patience?: number;
  epochs?: number;
  seed?: number;
}

export function pageSpec(k: Knobs = {}): Spec {
  const spec = copySpec(DEFAULT_SPEC);
  if (k.dataset !== undefined) spec.data = { ...spec.data, source: k.dataset };
  if (k.noise !== undefined) spec.data.noise = k.noise;
  if (k.size !== undefined) spec.data.n = k.size;
  const template = spec.model.hidden[0]!;
  if (k.hidden) spec.model.hidden = k.hidden.map((units) => ({ ...template, units }));
  spec.model.hidden.forEach((h, i) => {
    if (k.dropout?.[i]) h.dropout = k.dropout[i];
    if (k.activation) h.activation = k.activation;
    if (k.init) {
      h.init = k.init;
      if (k.initScale !== undefined) h.initScale = k.initScale;
    }
  });
  if (k.init) spec.model.output = { init: k.init, ...(k.initScale !== undefined ? { initScale: k.initScale } : {}) };
  if (k.l2 !== undefined) spec.l2 = k.l2;
  if (k.l1 !== undefined) spec.l1 = k.l1;
  if (k.optimizer) spec.optimizer.name = k.optimizer;
  if (k.learningRate !== undefined) spec.optimizer.learningRate = k.learningRate;
  if (k.batchSize !== undefined) spec.training.batchSize = k.batchSize;
  if (k.patience !== undefined) spec.training.earlyStopping = { patience: k.patience, minDelta: 0, monitor: "valLoss" };
  if (k.epochs !== undefined) spec.training.epochs = k.epochs;
  if (k.seed !== undefined) spec.seed = k.seed;
  return parseSpec(spec, "test knobs");
}

/** A session of the page's spec with these knobs, as the worker opens one. */
export function openSession(k: Knobs = {}): Promise<TrainingSession> {
  return TrainingSession.open(pageSpec(k));
}
