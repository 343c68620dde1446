import { fail } from "../errors.js";
import { Dense } from "../layers/dense.js";
import type { Sequential } from "../model/sequential.js";
import type { Tensor } from "../tensor/tensor.js";

/** When training counts as diverged although the cost is still a finite number. */
export interface DivergenceOptions {
  /**
   * The epoch's cost rose above `factor` times the cost of the initial weights, and above the cost of a
   * constant predictor (so a run that started near 0 may wander a little), for `patience` epochs in a
   * row (a spike that training recovers from, as with very large initial weights, is not divergence).
   * Defaults 4 and 3.
   */
  factor?: number;
  patience?: number;
  /**
   * Epochs over which a cost that jumps up and down without falling counts as oscillating (every other
   * epoch up, mean step over 20% of the level, and no lower than where it started). Default 20.
   */
  window?: number;
  /**
   * Check, over the first epochs, for a ReLU layer that was alive at initialization and whose units all
   * output 0 for every probe example: the network's output no longer depends on its input. Default true.
   */
  deadLayers?: boolean;
}

/** What stopped a run, in measured numbers. */
export interface Divergence {
  kind: "cost-blow-up" | "oscillation" | "dead-layer";
  message: string;
  /** The layer (W1, W2, ...) for "dead-layer". */
  weight?: string;
  /** The norm of all weights over their initial norm when it was seen: a blow-up grows them, a penalty shrinks them. */
  weightGrowth: number;
}

/** What the watch has seen, for a checkpoint (see Trainer.snapshot). */
export interface DivergenceWatchState {
  /** Epochs in a row above the blow-up level. */
  above: number;
  /** The last costs (the oscillation window). */
  recent: number[];
  /** ReLU layers (by position) alive at the start. */
  aliveAtStart: number[];
  initialNorm: number;
  initialCost: number;
  constantCost: number;
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toPrecision(4));

/**
 * Watches a run for the divergence that a finite cost hides: a cost far above its start, a cost that
 * oscillates without trend, a ReLU layer that dies in the first steps. The trainer asks it after every
 * epoch; it allocates only a probe batch once.
 */
export class DivergenceWatch {
  private readonly factor: number;
  private readonly patience: number;
  private above = 0;
  private readonly window: number;
  private readonly deadCheckEpochs: number;
  private readonly recent: number[] = [];
  private aliveAtStart: Set<number>;
  private readonly probe: Tensor;
  private initialNorm: number;
  private initialCost: number;
  private constantCost: number;

  constructor(
    private readonly model: Sequential,
    x: Tensor,
    initialCost: number,
    constantCost: number,
    epochs: number,
    options: DivergenceOptions = {},
  ) {
    this.initialCost = initialCost;
    this.constantCost = constantCost;
    this.factor = options.factor ?? 4;
    this.patience = options.patience ?? 3;
    this.window = options.window ?? Math.min(200, Math.max(20, Math.round(0.05 * epochs)));
    const rows = Math.min(128, x.rows);
    this.probe = x.gatherRows(Int32Array.from({ length: rows }, (_, i) => Math.floor((i * x.rows) / rows)));
    this.deadCheckEpochs = options.deadLayers === false ? 0 : Math.min(50, Math.max(3, Math.ceil(0.05 * epochs)));
    this.aliveAtStart = new Set(this.deadLayers().alive);
    this.initialNorm = this.weightNorm();
  }

  getState(): DivergenceWatchState {
    return {
      above: this.above,
      recent: [...this.recent],
      aliveAtStart: [...this.aliveAtStart],
      initialNorm: this.initialNorm,
      initialCost: this.initialCost,
      constantCost: this.constantCost,
    };
  }

  /** Puts back a state from getState (the levels it measured at the start, and what it has seen since). */
  setState(state: DivergenceWatchState): void {
    if (!state || !Number.isInteger(state.above) || !Array.isArray(state.recent) || !Array.isArray(state.aliveAtStart)) {
      fail("DivergenceWatch.setState", "a state from DivergenceWatch.getState", state);
    }
    this.above = state.above;
    this.recent.length = 0;
    this.recent.push(...state.recent);
    this.aliveAtStart = new Set(state.aliveAtStart);
    this.initialNorm = state.initialNorm;
    this.initialCost = state.initialCost;
    this.constantCost = state.constantCost;
  }

  private weightNorm(): number {
    let sum = 0;
    for (const p of this.model.params()) {
      if (p.role !== "weight") continue;
      const w = p.value.data;
      for (let i = 0; i < w.length; i++) sum += w[i]! * w[i]!;
    }
    return Math.sqrt(sum);
  }

  private growth(): number {
    return this.initialNorm > 0 ? this.weightNorm() / this.initialNorm : Infinity;
  }

  /** After epoch `epoch` (0-based) whose mean training cost was `cost`: null, or why training diverged. */
  check(epoch: number, cost: number): Divergence | null {
    const high = Number.isFinite(this.initialCost) && cost > this.factor * this.initialCost && cost > this.constantCost;
    this.above = high ? this.above + 1 : 0;
    if (this.above >= this.patience) {
      return {
        kind: "cost-blow-up",
        weightGrowth: this.growth(),
        message: `the cost stayed above ${this.factor} times its starting value for ${this.above} epochs: ${fmt(cost)} at epoch ${epoch}, ${fmt(cost / this.initialCost)} times its starting value ${fmt(this.initialCost)} (a constant prediction costs ${fmt(this.constantCost)})`,
      };
    }
    this.recent.push(cost);
    if (this.recent.length > this.window) this.recent.shift();
    const oscillation = this.oscillation();
    if (oscillation) return { kind: "oscillation", weightGrowth: this.growth(), message: `${oscillation} by epoch ${epoch}` };
    if (epoch < this.deadCheckEpochs && this.aliveAtStart.size > 0) {
      const { dead } = this.deadLayers();
      const killed = dead.find((d) => this.aliveAtStart.has(d.index));
      if (killed) {
        const growth = this.growth();
        return {
          kind: "dead-layer",
          weight: killed.weight,
          weightGrowth: growth,
          message: `every ReLU unit of layer ${killed.index + 1} (${killed.weight}) outputs 0 for every probe example by epoch ${epoch}, although they were alive at initialization, and the weights' norm is ${fmt(growth)} times its initial value: the output no longer depends on the input`,
        };
      }
    }
    return null;
  }

  private oscillation(): string | null {
    const c = this.recent;
    if (c.length < this.window) return null;
    let turns = 0;
    let stepSum = 0;
    let level = 0;
    for (let i = 1; i < c.length; i++) {
      stepSum += Math.abs(c[i]! - c[i - 1]!);
      if (i > 1 && Math.sign(c[i]! - c[i - 1]!) * Math.sign(c[i - 1]! - c[i - 2]!) < 0) turns++;
    }
    for (const v of c) level += v / c.length;
    const meanStep = stepSum / (c.length - 1);
    const half = c.length >> 1;
    let firstSum = 0;
    let secondSum = 0;
    for (let i = 0; i < c.length; i++) {
      if (i < half) firstSum += c[i]!;
      else secondSum += c[i]!;
    }
    const firstHalf = firstSum / half; // (no copies: this runs after every epoch)
    const secondHalf = secondSum / (c.length - half);
    const trendless = secondHalf > firstHalf - meanStep / 2;
    if (turns >= 0.6 * (c.length - 2) && meanStep > 0.2 * level && trendless && level >= this.initialCost) {
      return `the cost oscillates without trend: over the last ${c.length} epochs it changed direction ${turns} times, by ${fmt(meanStep)} a step on average around ${fmt(level)} (it started at ${fmt(this.initialCost)})`;
    }
    return null;
  }

  /** ReLU layers (by position) whose units all output 0 on the probe, and those that do not. */
  private deadLayers(): { dead: Array<{ index: number; weight: string }>; alive: number[] } {
    const dead: Array<{ index: number; weight: string }> = [];
    const alive: number[] = [];
    let out = this.probe;
    let weights = 0;
    const layers = this.model.layers;
    for (let index = 0; index < layers.length - 1; index++) {
      const layer = layers[index]!;
      out = layer.forward(out, "eval");
      if (!(layer instanceof Dense)) continue;
      weights++;
      if (layer.activationName !== "relu") continue;
      let anyPositive = false;
      for (let i = 0; i < out.data.length && !anyPositive; i++) anyPositive = out.data[i]! > 0;
      if (anyPositive) alive.push(index);
      else dead.push({ index, weight: `W${weights}` });
    }
    return { dead, alive };
  }
}
