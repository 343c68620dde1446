/** The shape of a training cost curve, in numbers the causes read. */
export interface CurveShape {
  /** Epochs recorded. */
  length: number;
  /** Lowest cost and its epoch; the mean of the last 5% of epochs. */
  min: number;
  minEpoch: number;
  end: number;
  /** Highest cost over the cost of the initial weights. */
  peakOverInitial: number;
  /** The epoch of that highest cost (absent in evidence saved before it was recorded). */
  peakEpoch?: number;
  /** The highest cost after the lowest one (the lowest itself when nothing follows it; absent in older evidence). */
  peakAfterMin?: number;
  /** 1 - end / initial: the share of the starting cost training removed. */
  fallen: number;
  /** 1 - end / constant: how far below a constant prediction's cost the run ended (0 or less: learned nothing). */
  learned: number;
  /** Relative fall over the last fifth of the run: (mean of its first tenth - mean of the last tenth) / the former. */
  recentFall: number;
  /** The end over the lowest cost reached: well above 1 when the cost went back up after its best. */
  endOverMin: number;
  /**
   * The largest rise of the cost above its lowest point so far, over that point (0 for a cost that never
   * rose): a swing the run came back from, which endOverMin and the last fifth's fall miss where the cost
   * fell again by the end (absent in evidence saved before it was measured).
   */
  rebound?: number;
  /** The cost's fall over the first tenth of the run over its fall over the last tenth (about 1 for a straight line). */
  deceleration: number;
  /** Over the last half: mean step size over the mean level, and the share of steps that turn direction. */
  wobble: number;
  turns: number;
}

/** Largest and smallest of the finite values, by a loop (a spread into Math.max fails past ~60k values in some engines). */
export function finiteExtent(values: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : NaN);

/** Block means of ten equal parts (fewer for short curves). */
function tenths(curve: number[]): number[] {
  const parts = Math.min(10, curve.length);
  return Array.from({ length: parts }, (_, b) => mean(curve.slice(Math.floor((b * curve.length) / parts), Math.floor(((b + 1) * curve.length) / parts))));
}

/** Measures a cost curve against the cost of the initial weights and of a constant prediction. */
export function curveShape(curve: number[], initial: number, constant: number): CurveShape {
  const finite = curve.filter(Number.isFinite);
  const length = curve.length;
  let min = Infinity;
  let minEpoch = -1;
  finite.forEach((v, i) => {
    if (v < min) {
      min = v;
      minEpoch = i;
    }
  });
  const end = finite.length ? mean(finite.slice(-Math.max(1, Math.floor(finite.length / 20)))) : NaN;
  const peak = finite.length ? finiteExtent(finite).max : NaN;
  const peakEpoch = finite.indexOf(peak);
  const peakAfterMin = minEpoch >= 0 ? finiteExtent(finite.slice(minEpoch)).max : NaN;
  const blocks = tenths(finite);
  const n = blocks.length;
  // With under three blocks (a run of one or two epochs) the whole run is its recent part: the fall from
  // the initial cost (a 1-epoch iris run read 0, "not falling", and was never called undertrained).
  const recentFall = n >= 3 ? (blocks[n - 3]! - blocks[n - 1]!) / Math.abs(blocks[n - 3]!) : n >= 1 && Number.isFinite(initial) && initial !== 0 ? (initial - blocks[n - 1]!) / Math.abs(initial) : 0;
  const startFall = n >= 2 ? initial - blocks[0]! + (blocks[0]! - blocks[1]!) : 0;
  const endFall = n >= 2 ? blocks[n - 2]! - blocks[n - 1]! : 0;
  const deceleration = endFall > 0 ? startFall / endFall : Infinity;
  let rebound = 0;
  let lowest = Infinity;
  for (const v of finite) {
    lowest = Math.min(lowest, v);
    if (lowest > 0) rebound = Math.max(rebound, v / lowest - 1);
  }
  const half = finite.slice(Math.floor(finite.length / 2));
  let steps = 0;
  let turns = 0;
  for (let i = 1; i < half.length; i++) {
    steps += Math.abs(half[i]! - half[i - 1]!);
    if (i > 1 && (half[i]! - half[i - 1]!) * (half[i - 1]! - half[i - 2]!) < 0) turns++;
  }
  return {
    length,
    min,
    minEpoch,
    end,
    peakOverInitial: peak / initial,
    peakEpoch,
    peakAfterMin,
    fallen: 1 - end / initial,
    learned: 1 - end / constant,
    recentFall: Number.isFinite(recentFall) ? recentFall : 0,
    endOverMin: min > 0 ? end / min : 1,
    rebound,
    deceleration,
    wobble: half.length > 1 ? steps / (half.length - 1) / Math.abs(mean(half)) : 0,
    turns: half.length > 2 ? turns / (half.length - 2) : 0,
  };
}
