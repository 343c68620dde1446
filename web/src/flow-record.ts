import { type Callback, type FlowSnapshot, GradientFlow, type Sequential, type TrainingState } from "../../src/index.js";

/** Snapshots kept besides the initial one: enough for the doctor's "by epoch N", bounded however long the page trains. */
export const MAX_FLOW_SNAPSHOTS = 50;

/**
 * The run's gradient flow on a fixed probe, for the doctor: the library's GradientFlow (the CLI's probe,
 * drift from the initial weights included), but thinned as the run grows, because the playground trains
 * open-ended. A snapshot every `every` epochs; when more than MAX_FLOW_SNAPSHOTS pile up, every other one
 * goes and `every` doubles, so the kept ones stay evenly spaced over the whole run (the initial one
 * always stays first).
 */
export class FlowRecord implements Callback {
  private readonly flow = new GradientFlow({ every: 1 });
  private every = 1;

  /** The initial snapshot (epoch -1), then up to MAX_FLOW_SNAPSHOTS more, oldest first. */
  get snapshots(): readonly FlowSnapshot[] {
    return this.flow.snapshots;
  }

  onTrainBegin(state: TrainingState): void {
    this.flow.onTrainBegin(state);
  }

  onEpochEnd(state: TrainingState): void {
    const done = state.epoch + 1;
    if (done % this.every !== 0) return;
    this.flow.onEpochEnd(state);
    const kept = this.flow.snapshots;
    if (kept.length - 1 > MAX_FLOW_SNAPSHOTS) {
      this.every *= 2;
      const thinned = kept.filter((s, i) => i === 0 || (s.epoch + 1) % this.every === 0);
      kept.splice(0, kept.length, ...thinned);
    }
  }

  /**
   * This record as a callback of a trainer that continues the run ("train on"): it keeps recording as the
   * epochs end, without a new start (onTrainBegin would take the trained weights as the initial ones).
   */
  continuing(): Callback {
    return { onEpochEnd: (state) => this.onEpochEnd(state) };
  }

  /** The model as it is now, on the same probe (not kept): the gradient-flow card and the doctor's final weights. */
  measure(model: Sequential, epoch: number): FlowSnapshot | null {
    return this.flow.measure(model, epoch);
  }
}
