import { Dense, Tensor } from "../../src/index.js";
import type { TrainingSession } from "./session.js";
import { planeGrid } from "./plane-grid.js";

/** Units drawn per layer at most (TensorFlow Playground stops at 8); the rest are counted, not drawn. */
export const MAX_DRAWN_UNITS = 10;
/** Each unit's heat map: its output on a RESOLUTION x RESOLUTION grid over the input plane. */
export const NETWORK_RESOLUTION = 20;
/** Training examples the dead and saturated marks are measured on (evenly spaced over the training set). */
const PROBE_ROWS = 256;
/** A tanh or sigmoid unit is saturated when at least this share of the probe examples sit in its flat tails. */
export const SATURATED_SHARE = 0.9;

/** One column of the diagram: the inputs, a hidden layer or the output layer. */
export interface NetworkLayer {
  /** "input", "hidden 1", ..., "output". */
  name: string;
  /** "input" for the input features, else the layer's activation ("tanh", "relu", "sigmoid", "softmax", "linear"). */
  activation: string;
  /** Units in the layer; the first `shown` are drawn. */
  units: number;
  shown: number;
  /** Unit names: the input features' names, else "h1.3" (hidden layer 1, unit 3), "out" / "out 2". */
  labels: string[];
  /**
   * Each shown unit's output over the input plane, RESOLUTION^2 values per unit (row 0 at the top), or
   * null when the data does not have 2 input features (no plane to draw on).
   */
  maps: Float32Array | null;
  /** Per shown unit: 1 when it is dead (a ReLU giving 0 on every probe example), else 0. */
  dead: Uint8Array;
  /** Per shown unit: the share of probe examples in its flat tails (tanh |a| > 0.97, sigmoid < 0.03 or > 0.97); 0 for other activations. */
  saturation: Float32Array;
  /** Per shown unit: its bias (0 for the inputs). */
  bias: Float32Array;
}

/** What the page draws of the network: its layers, and the weights between the shown units. */
export interface NetworkView {
  resolution: number;
  /** Whether the maps cover the input plane (2 input features). */
  plane: boolean;
  layers: NetworkLayer[];
  /** weights[l]: from layer l's shown units to layer l+1's, row-major (shown_l x shown_{l+1}). */
  weights: Float32Array[];
  /** The largest |weight| over all the layers' weights (not only the shown ones), for the line widths. */
  maxWeight: number;
}

/** The first `shown` columns of a rows x cols tensor, column by column (unit-major): shown x rows values. */
function unitMajor(t: Tensor, shown: number): Float32Array {
  const out = new Float32Array(shown * t.rows);
  for (let r = 0; r < t.rows; r++) for (let u = 0; u < shown; u++) out[u * t.rows + r] = t.data[r * t.cols + u]!;
  return out;
}

/**
 * Runs `input` (as the first layer sees it) through the model layer by layer, eval mode, and hands each
 * Dense layer's output to `visit` (a buffer the next forward pass reuses: read it at once).
 */
function forEachDense(session: TrainingSession, input: Tensor, visit: (index: number, layer: Dense, output: Tensor) => void): void {
  let out = input;
  let d = 0;
  for (const layer of session.model.layers) {
    out = layer.forward(out, "eval");
    if (layer instanceof Dense) visit(d++, layer, out);
  }
}

/** The share of `values` (one unit's outputs) in the flat tails of its activation. */
function tailShare(activation: string, t: Tensor, unit: number): number {
  if (activation !== "tanh" && activation !== "sigmoid") return 0;
  let flat = 0;
  for (let r = 0; r < t.rows; r++) {
    const a = t.data[r * t.cols + unit]!;
    if (activation === "tanh" ? Math.abs(a) > 0.97 : a < 0.03 || a > 0.97) flat++;
  }
  return flat / t.rows;
}

function isDead(activation: string, t: Tensor, unit: number): boolean {
  if (activation !== "relu") return false;
  for (let r = 0; r < t.rows; r++) if (t.data[r * t.cols + unit]! > 0) return false;
  return true;
}

/**
 * The network as TensorFlow Playground draws it, measured on the current weights: every unit's output
 * over the input plane (for 2-D data), the weights between the drawn units, and which units are dead
 * (ReLU at 0 on every probe example: they pass no gradient and never recover) or saturated (tanh or
 * sigmoid in their flat tails on most examples: their gradients vanish). The probe is up to 256
 * training examples, evenly spaced. Reads the model between steps, as predict does.
 */
export function networkView(session: TrainingSession, resolution = NETWORK_RESOLUTION): NetworkView {
  const { model, data } = session;
  const names = data.train.featureNames;
  const dense = model.layers.filter((l): l is Dense => l instanceof Dense);
  const inputs = model.inputSize;
  const inputShown = Math.min(inputs, MAX_DRAWN_UNITS);
  const layers: NetworkLayer[] = [
    {
      name: "input",
      activation: "input",
      units: inputs,
      shown: inputShown,
      labels: Array.from({ length: inputShown }, (_, i) => names[i] ?? `x${i + 1}`),
      maps: null,
      dead: new Uint8Array(inputShown),
      saturation: new Float32Array(inputShown),
      bias: new Float32Array(inputShown),
    },
  ];
  dense.forEach((layer, d) => {
    const shown = Math.min(layer.units, MAX_DRAWN_UNITS);
    const last = d === dense.length - 1;
    const b = layer.params()[1]?.value.data;
    layers.push({
      name: last ? "output" : `hidden ${d + 1}`,
      activation: layer.activationName,
      units: layer.units,
      shown,
      labels: Array.from({ length: shown }, (_, u) => (last ? (layer.units === 1 ? "out" : `out ${u + 1}`) : `h${d + 1}.${u + 1}`)),
      maps: null,
      dead: new Uint8Array(shown),
      saturation: new Float32Array(shown),
      bias: Float32Array.from({ length: shown }, (_, u) => (b ? b[u]! : 0)),
    });
  });
  let maxWeight = 0;
  const weights = dense.map((layer, d) => {
    const W = layer.params()[0]!.value;
    for (let i = 0; i < W.data.length; i++) maxWeight = Math.max(maxWeight, Math.abs(W.data[i]!));
    const from = layers[d]!.shown;
    const to = layers[d + 1]!.shown;
    const out = new Float32Array(from * to);
    for (let i = 0; i < from; i++) for (let j = 0; j < to; j++) out[i * to + j] = W.data[i * W.cols + j]!;
    return out;
  });

  // Dead and saturated units, on the probe.
  const trainX = data.trainX;
  const rows = Math.min(PROBE_ROWS, trainX.rows);
  const probe = trainX.gatherRows(Int32Array.from({ length: rows }, (_, i) => Math.floor((i * trainX.rows) / rows)));
  forEachDense(session, probe, (d, layer, out) => {
    const view = layers[d + 1]!;
    if (d === dense.length - 1) return; // a confident output is the goal, not a problem
    for (let u = 0; u < view.shown; u++) {
      view.dead[u] = isDead(layer.activationName, out, u) ? 1 : 0;
      view.saturation[u] = tailShare(layer.activationName, out, u);
    }
  });

  // Each unit over the input plane.
  const extent = data.extent;
  if (extent) {
    const grid = model.prepareInputs(session.inputsFor(planeGrid(extent, resolution)), "network view");
    layers[0]!.maps = unitMajor(grid, inputShown);
    forEachDense(session, grid, (d, _layer, out) => {
      layers[d + 1]!.maps = unitMajor(out, layers[d + 1]!.shown);
    });
  }
  return { resolution, plane: extent !== null, layers, weights, maxWeight };
}

/** The buffers of a view, to transfer rather than copy from the worker. */
export function networkBuffers(view: NetworkView): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const l of view.layers) {
    if (l.maps) buffers.push(l.maps.buffer as ArrayBuffer);
    buffers.push(l.dead.buffer as ArrayBuffer, l.saturation.buffer as ArrayBuffer, l.bias.buffer as ArrayBuffer);
  }
  for (const w of view.weights) buffers.push(w.buffer as ArrayBuffer);
  return buffers;
}
