import { Dense } from "../layers/dense.js";
import type { Layer } from "../layers/layer.js";
import type { Sequential } from "../model/sequential.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Callback, TrainingState } from "../train/callbacks/callback.js";
import { evenlySpacedRows } from "../train/evenly-spaced.js";

/** One layer at one moment of training. */
export interface LayerFlow {
  /** Position in model.layers. */
  index: number;
  /** "dense relu", "dropout", ... */
  kind: string;
  /** The weight's name (W1, W2, ...) for layers with weights. */
  weight?: string;
  activationMean: number;
  /** The std of all the layer's outputs pooled (units and examples together): each unit's constant offset counts in it. */
  activationStd: number;
  /**
   * The signal the layer passes on: the mean over its units of each unit's std across the probe examples.
   * A unit whose output is the same for every example carries nothing of the input, whatever its offset
   * (a faded sigmoid stack: pooled std 5e-3, this 1e-9 .. 1e-14). Absent from flows recorded before it.
   */
  signalStd?: number;
  /** Share of units that output 0 for every probe example (dead ReLUs). */
  deadUnits: number;
  /** Share of sigmoid/tanh outputs within 3% of their limits. */
  saturated: number;
  /** Root mean square of dJ/dW's entries, and the Frobenius norms of dJ/dW and W. */
  gradientRms?: number;
  gradientNorm?: number;
  weightNorm?: number;
  /** True when every unit of the layer has the same incoming weights (symmetry not broken). */
  unitsIdentical?: boolean;
  /** Inputs per unit (the weight's rows), and the root mean square of the weights. */
  fanIn?: number;
  weightRms?: number;
  /** ||W - W_initial|| / ||W_initial||: how far training has moved the weights from where they started. */
  drift?: number;
}

export interface FlowSnapshot {
  /** The epoch after which it was taken; -1 for the initial weights. */
  epoch: number;
  layers: LayerFlow[];
  /** The cost on the probe batch (dropout off). */
  cost?: number;
}

export interface GradientFlowOptions {
  /** Record after every `every` epochs. Default: about 100 snapshots over the run. */
  every?: number;
  /** Training examples used as the probe batch. Default 256. */
  probeSize?: number;
}

function kindOf(layer: Layer): string {
  return layer instanceof Dense ? `dense ${layer.activationName}` : layer.type;
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  if (Number.isFinite(sum)) return Math.sqrt(sum);
  // The squares overflowed (weights of 1e200 are finite, their squares are not): scaled by the largest
  // magnitude the norm is finite wherever the values are, so the doctor does not quote "Infinity times".
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  if (!Number.isFinite(largest)) return largest;
  let scaled = 0;
  for (let i = 0; i < values.length; i++) scaled += (values[i]! / largest) ** 2;
  return largest * Math.sqrt(scaled);
}

function activationStats(out: Tensor, activation: string): Pick<LayerFlow, "activationMean" | "activationStd" | "signalStd" | "deadUnits" | "saturated"> {
  const { rows, cols, data } = out;
  let sum = 0;
  let squares = 0;
  let saturated = 0;
  let dead = 0;
  let signal = 0;
  for (let j = 0; j < cols; j++) {
    let alwaysZero = true;
    let unitSum = 0;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j]!;
      sum += v;
      squares += v * v;
      unitSum += v;
      if (v !== 0) alwaysZero = false;
      if ((activation === "sigmoid" && (v < 0.03 || v > 0.97)) || (activation === "tanh" && Math.abs(v) > 0.97)) saturated++;
    }
    if (alwaysZero && rows > 0) dead++;
    // two passes: a unit at 0.5 +- 1e-12 keeps its 1e-12, which E[v^2] - E[v]^2 rounds to 0 (or to 1e-9)
    if (rows > 0) {
      const unitMean = unitSum / rows;
      let spread = 0;
      for (let i = 0; i < rows; i++) spread += (data[i * cols + j]! - unitMean) ** 2;
      signal += Math.sqrt(spread / rows);
    }
  }
  const n = Math.max(1, data.length);
  const mean = sum / n;
  return {
    activationMean: mean,
    activationStd: Math.sqrt(Math.max(0, squares / n - mean * mean)),
    signalStd: signal / Math.max(1, cols),
    deadUnits: activation === "relu" ? dead / Math.max(1, cols) : 0,
    saturated: saturated / n,
  };
}

/** The signal a layer passes on (its signalStd; the pooled std for a flow recorded before signalStd was). */
export const signalOf = (l: Pick<LayerFlow, "activationStd" | "signalStd">): number => l.signalStd ?? l.activationStd;

/**
 * A hidden layer's signal (signalOf) below this, with the inputs standardized (std 1), has faded: what
 * `train` reports as "the signal fades" and compare-init as "the signal all but vanishes", one definition
 * for both. Healthy starts stay far above it (He on a deep ReLU stack, LeCun or Glorot on tanh: 0.1 to 0.7;
 * the second of two sigmoid layers under LeCun: 0.03); N(0, 0.01) falls below it from the second hidden
 * layer on (2e-4 to 3e-4 on moons), one layer of it alone does not (6e-3: the signal is small, not gone).
 */
export const SIGNAL_FADED = 1e-3;

/** Whether a layer's signal has faded (see SIGNAL_FADED). */
export const signalFaded = (l: Pick<LayerFlow, "activationStd" | "signalStd">): boolean => signalOf(l) < SIGNAL_FADED;

function identicalUnits(w: Tensor): boolean {
  if (w.cols < 2) return false;
  for (let i = 0; i < w.rows; i++) {
    const first = w.data[i * w.cols]!;
    for (let j = 1; j < w.cols; j++) if (w.data[i * w.cols + j] !== first) return false;
  }
  return true;
}

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  if (Number.isFinite(sum)) return Math.sqrt(sum);
  return norm(Array.from({ length: a.length }, (_, i) => a[i]! - b[i]!));
}

/**
 * A snapshot of every layer's activations and gradients on a probe batch (dropout off). With the initial
 * weights (W1, W2, ... in order), each layer also says how far training has moved it.
 */
export function probeFlow(model: Sequential, x: Tensor, y: Tensor, epoch: number, initialWeights?: ArrayLike<number>[]): FlowSnapshot {
  const layers: LayerFlow[] = [];
  let out = x;
  model.layers.forEach((layer, index) => {
    out = layer.forward(out, "eval");
    const activation = layer instanceof Dense ? layer.activationName : layer.type;
    layers.push({ index, kind: kindOf(layer), ...activationStats(out, activation) });
  });
  const cost = model.computeGradients(x, y, { mode: "eval" });
  let weightLayer = 0;
  model.layers.forEach((layer, index) => {
    const w = layer.params().find((p) => p.role === "weight");
    if (!w) return;
    weightLayer++;
    const record = layers[index]!;
    record.weight = `W${weightLayer}`;
    record.gradientNorm = norm(w.grad.data);
    record.gradientRms = record.gradientNorm / Math.sqrt(Math.max(1, w.grad.size));
    record.weightNorm = norm(w.value.data);
    record.unitsIdentical = identicalUnits(w.value);
    record.fanIn = w.value.rows;
    record.weightRms = record.weightNorm / Math.sqrt(Math.max(1, w.value.size));
    const start = initialWeights?.[weightLayer - 1];
    if (start && start.length === w.value.size) {
      const initialNorm = norm(start);
      record.drift = initialNorm > 0 ? distance(w.value.data, start) / initialNorm : record.weightNorm > 0 ? Infinity : 0;
    }
  });
  return { epoch, layers, cost };
}

/** Copies of the model's weight tensors (W1, W2, ...), for probeFlow's drift. */
export function weightCopies(model: Sequential): Float64Array[] {
  return model.params().filter((p) => p.role === "weight").map((p) => Float64Array.from(p.value.data));
}

/**
 * Records, over training, each layer's activation statistics and gradient and weight norms on a fixed
 * probe batch: the data behind "vanishing or exploding gradients made visible" and behind watching L2
 * and dropout shrink the weights. Recording does not change training.
 */
export class GradientFlow implements Callback {
  readonly snapshots: FlowSnapshot[] = [];
  private every: number;
  private readonly probeSize: number;
  private probe: { x: Tensor; y: Tensor } | null = null;
  private initialWeights: Float64Array[] = [];

  constructor(options: GradientFlowOptions = {}) {
    this.every = options.every ?? 0;
    this.probeSize = options.probeSize ?? 256;
  }

  onTrainBegin(state: TrainingState): void {
    if (!this.every) this.every = Math.max(1, Math.ceil(state.epochs / 100));
    const m = state.y.rows;
    const rows = Math.min(this.probeSize, m);
    const pick = evenlySpacedRows(m, rows);
    this.probe = { x: state.gatherX ? state.gatherX(pick) : state.x.gatherRows(pick), y: state.y.gatherRows(pick) };
    this.initialWeights = weightCopies(state.model);
    this.snapshots.push(probeFlow(state.model, this.probe.x, this.probe.y, -1, this.initialWeights));
  }

  onEpochEnd(state: TrainingState): void {
    const done = state.epoch + 1;
    if (done % this.every === 0 || done === state.epochs) {
      this.snapshots.push(probeFlow(state.model, this.probe!.x, this.probe!.y, state.epoch, this.initialWeights));
    }
  }

  /**
   * A snapshot of the model as it is now, on the same probe: after training, the weights it kept (early
   * stopping or a divergence may have put earlier ones back). Not added to `snapshots`.
   */
  measure(model: Sequential, epoch: number): FlowSnapshot | null {
    return this.probe ? probeFlow(model, this.probe.x, this.probe.y, epoch, this.initialWeights) : null;
  }
}

export interface FlowFinding {
  kind: "vanishing" | "exploding" | "dead" | "saturated" | "symmetric";
  /** Position in model.layers, and the weight's name where there is one. */
  layer: number;
  weight?: string;
  /** First snapshot's epoch where it showed (-1: at initialization). */
  epoch: number;
  message: string;
}

/**
 * What the snapshots show, each with the layer and the epoch, as observations (naming their cause is the
 * doctor's job, which weighs them against the rest of the run): vanishing or exploding
 * gradients (the first layer's gradient RMS below 1/100 or above 100 times the last's, both nonzero, or any above
 * 100), dead ReLU units, saturated sigmoid/tanh units, and layers whose units never became different.
 */
export function flowFindings(snapshots: FlowSnapshot[]): FlowFinding[] {
  const findings: FlowFinding[] = [];
  const seen = new Set<string>();
  const add = (f: FlowFinding) => {
    const key = `${f.kind}:${f.layer}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(f);
  };
  const when = (epoch: number) => (epoch < 0 ? "at initialization" : `by epoch ${epoch}`);
  for (const snap of snapshots) {
    const weighted = snap.layers.filter((l) => l.gradientRms !== undefined);
    const first = weighted[0];
    const last = weighted[weighted.length - 1];
    if (first && last && first !== last) {
      // A gradient of exactly 0 at either end is no scale to compare against: a last layer fed by zero
      // weights (a tanh layer started at zeros outputs 0 for every example) has none while the first has an
      // ordinary one (quoted as "1.3e+299 times the last layer's"), and a first layer behind zero weights
      // has none however the gradients scale. The zero weights are the cause, which the symmetric finding names;
      // so too while a hidden layer's units are still identical (two sigmoid layers from zeros: W1's gradient
      // 0 at the start, 1.3e-38 times W3's an epoch later, the zeros still the only cause).
      const symmetric = snap.layers.some((l) => l.index < snap.layers.length - 1 && l.unitsIdentical);
      const comparable = !symmetric && first.gradientRms! > 0 && last.gradientRms! > 0 && Number.isFinite(first.gradientRms!) && Number.isFinite(last.gradientRms!);
      const ratio = comparable ? first.gradientRms! / last.gradientRms! : NaN;
      if (ratio < 1e-2) {
        add({
          kind: "vanishing",
          layer: first.index,
          weight: first.weight,
          epoch: snap.epoch,
          message: `vanishing gradients ${when(snap.epoch)}: ${first.weight}'s gradient is ${ratio.toExponential(1)} times ${last.weight}'s, so the first layer barely learns`,
        });
      }
      // A first layer's gradient large against the last's is exploding only where it has not shrunk since
      // the start: where the last layer's fell further (circles at SGD 5: W1 1.1e-2 -> 6.4e-3, the last
      // 0.114 -> 3.7e-5) the ratio grows while nothing explodes.
      const startRms = snapshots[0]?.layers.find((l) => l.index === first.index)?.gradientRms;
      const firstHeld = snap === snapshots[0] || startRms === undefined || first.gradientRms! >= startRms;
      if ((ratio > 1e2 && firstHeld) || weighted.some((l) => !(l.gradientRms! <= 1e2))) {
        const worst = weighted.reduce((a, b) => (!(b.gradientRms! <= a.gradientRms!) ? b : a));
        add({
          kind: "exploding",
          layer: worst.index,
          weight: worst.weight,
          epoch: snap.epoch,
          message: `exploding gradients ${when(snap.epoch)}: ${worst.weight}'s gradient RMS is ${worst.gradientRms!.toExponential(1)}${ratio > 1e2 && firstHeld ? `, ${ratio.toExponential(1)} times the last layer's` : ""}`,
        });
      }
    }
    for (const l of snap.layers) {
      const hidden = l.index < snap.layers.length - 1;
      if (hidden && l.weight && signalFaded(l) && l.deadUnits < 1 && !l.unitsIdentical) {
        add({
          kind: "vanishing",
          layer: l.index,
          weight: l.weight,
          epoch: snap.epoch,
          message: `the signal fades ${when(snap.epoch)}: ${layerName(l)}'s outputs have std ${signalOf(l).toExponential(1)} across the probe examples (each unit's, averaged), so the output barely depends on the input`,
        });
      }
      // Symmetry matters where units feed the same next layer: an output layer's units each have a target
      // of their own, which tells them apart (softmax regression from zeros reached 96.7% on iris, and was
      // told "symmetry is not broken, so the network is no better than one unit per layer")
      if (hidden && l.unitsIdentical) {
        add({
          kind: "symmetric",
          layer: l.index,
          weight: l.weight,
          epoch: snap.epoch,
          message: `all units of ${layerName(l)} have identical weights ${when(snap.epoch)}: symmetry is not broken`,
        });
      }
      if (l.deadUnits > 0.5) {
        add({
          kind: "dead",
          layer: l.index,
          weight: l.weight,
          epoch: snap.epoch,
          message: `${Math.round(100 * l.deadUnits)}% of ${layerName(l)}'s ReLU units output 0 for every probe example ${when(snap.epoch)}`,
        });
      }
      // (a saturated output layer is just a confident classifier)
      if (l.saturated > 0.5 && l.index < snap.layers.length - 1) {
        add({
          kind: "saturated",
          layer: l.index,
          weight: l.weight,
          epoch: snap.epoch,
          message: `${Math.round(100 * l.saturated)}% of ${layerName(l)}'s ${l.kind.replace("dense ", "")} outputs are saturated ${when(snap.epoch)}`,
        });
      }
    }
  }
  return findings;
}

/**
 * A layer as the person who wrote the spec counts it: by its weight (layer 3 (W3) is the third Dense layer),
 * not by its place among the model's layers, where Dropout layers count too ("layer 5" of a network with
 * three hidden layers).
 */
function layerName(l: { index: number; weight?: string | null }): string {
  const ordinal = l.weight ? /^W(\d+)$/.exec(l.weight)?.[1] : undefined;
  return ordinal ? `layer ${ordinal} (${l.weight})` : `layer ${l.index + 1}`;
}
