import { fail, failReceived } from "../errors.js";

export interface Points {
  x: number[];
  y: number[];
}

/**
 * Thins a long series (30,000 epochs) to about `maxPoints` points for drawing. The x range is cut into
 * buckets, and each bucket keeps its lowest and highest point in their original order (min-max
 * decimation): a spike or a sudden divergence survives, where taking every k-th point could skip it.
 * First and last points are always kept; a bucket holding a non-finite value also keeps one NaN, so a
 * line drawn from the result still shows the gap.
 */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): Points {
  if (x.length !== y.length) failReceived("downsample", `x and y of the same length (${x.length})`, `y of length ${y.length}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 4) fail("downsample", "maxPoints must be an integer >= 4", maxPoints);
  const n = x.length;
  if (n <= maxPoints) return { x: Array.from(x), y: Array.from(y) };
  const out: Points = { x: [x[0]!], y: [y[0]!] };
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (let i = start; i < end; i++) {
      const v = y[i]!;
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < y[lo]!) lo = i;
      if (hi < 0 || v > y[hi]!) hi = i;
    }
    const keep = [...new Set([lo, hi, gap].filter((i) => i >= 0))].sort((a, b) => a - b);
    for (const i of keep) {
      out.x.push(x[i]!);
      out.y.push(i === gap ? NaN : y[i]!);
    }
  }
  out.x.push(x[n - 1]!);
  out.y.push(y[n - 1]!);
  return out;
}
