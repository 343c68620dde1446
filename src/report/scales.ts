import { extent } from "d3-array";
import { scaleLinear, scaleLog, scaleSymlog } from "d3-scale";
import { formatNumber } from "./format.js";

/**
 * "linear"; "log" (positive values only: negative ones are not drawn, and 0 only on a zero baseline, see
 * ScaleOptions.zeroBaseline); "symlog", a log-like scale that also has a place for 0 (a sweep over
 * lambda = 0, 0.01, 0.1, 0.7).
 */
export type ScaleKind = "linear" | "log" | "symlog";

export interface Tick {
  value: number;
  label: string;
}

/** A d3 scale reduced to what charts need, so that no d3 type leaks into the public API. */
export interface Scale {
  kind: ScaleKind;
  domain: [number, number];
  range: [number, number];
  /** Pixel position of a value. */
  map(value: number): number;
  /** Whether the value can be drawn on this scale (finite, and > 0 on a log scale, or 0 on its zero baseline). */
  accepts(value: number): boolean;
  ticks: Tick[];
  /**
   * A log scale with a zero baseline: the pixel where 0 is drawn, set apart from the decades (which start
   * at map(domain[0])). Undefined on every other scale.
   */
  zero?: number;
}

export interface ScaleOptions {
  /** About how many ticks to aim for. Default 6. */
  tickCount?: number;
  /** Ticks at these values (e.g. the swept values) instead of computed ones. */
  tickValues?: number[];
  /** Round the domain out to tick values (default true); false keeps the data's exact extent. */
  nice?: boolean;
  /**
   * Log only: when some value is exactly 0, give 0 a place of its own, a labelled baseline at the start
   * of the range below the lowest decade, instead of leaving it out (a gradient that is exactly 0 is the
   * fact a gradient chart must show). Default false.
   */
  zeroBaseline?: boolean;
  /**
   * Linear only: the values are counts (epochs): ticks at whole numbers only, and the domain is the
   * values' extent, not rounded out, so that no tick falls outside them (a one-epoch run gets the single
   * tick 0, not -1, -0.5, 0.5, 1). Default false.
   */
  integer?: boolean;
}

const accepts = (kind: ScaleKind, zero: boolean) => (v: number) => Number.isFinite(v) && (kind !== "log" || v > 0 || (zero && v === 0));

/** Share of the range (at most 24 px) set apart below the decades for a log scale's zero baseline. */
const ZERO_BAND = { share: 0.12, maxPx: 24 };

/** Thins ticks evenly down to at most `max`, keeping the first. */
function thin(ticks: number[], max: number): number[] {
  if (ticks.length <= max) return ticks;
  const step = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % step === 0);
}

/** Powers of ten in [lo, hi], every `step`-th decade so that at most `max` remain. */
function decades(lo: number, hi: number, max: number): number[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const step = Math.max(1, Math.ceil((last - first + 1) / max));
  const out: number[] = [];
  for (let k = first; k <= last; k += step) out.push(Number(`1e${k}`));
  return out;
}

/**
 * A scale over the drawable `values`, mapped onto `range` (pixels; give [bottom, top] for a y axis),
 * with its ticks and their labels.
 */
export function makeScale(kind: ScaleKind, values: Iterable<number>, range: [number, number], options: ScaleOptions = {}): Scale {
  const count = options.tickCount ?? 6;
  const all = Array.from(values);
  const zeroBaseline = kind === "log" && options.zeroBaseline === true && all.some((v) => v === 0);
  const ok = accepts(kind, zeroBaseline);
  const drawable = all.filter(ok);
  // On a log scale the decades span the positive values only; a zero baseline sits below them.
  const positive = kind === "log" ? drawable.filter((v) => v > 0) : drawable;
  let [lo, hi] = extent(positive) as [number | undefined, number | undefined];
  if (lo === undefined || hi === undefined) [lo, hi] = kind === "log" ? [1, 10] : [0, 1];
  let map: (v: number) => number;
  let tickValues: number[];
  let domain: [number, number];
  let zero: number | undefined;
  if (kind === "log") {
    if (options.nice !== false) {
      const first = Math.floor(Math.log10(lo));
      let last = Math.max(first + 1, Math.ceil(Math.log10(hi)));
      // With every step-th decade labelled, round the top out to a labelled decade too.
      const step = Math.max(1, Math.ceil((last - first + 1) / (count + 1)));
      last = first + Math.ceil((last - first) / step) * step;
      lo = Number(`1e${first}`);
      hi = Number(`1e${last}`);
    }
    if (hi <= lo) hi = lo * 10;
    let logRange = range;
    if (zeroBaseline) {
      const span = range[1] - range[0];
      const band = Math.sign(span) * Math.min(ZERO_BAND.maxPx, Math.abs(span) * ZERO_BAND.share);
      logRange = [range[0] + band, range[1]];
      zero = range[0];
    }
    const s = scaleLog().domain([lo, hi]).range(logRange);
    // Within about a decade show 1-2-5-style subdivisions; across many, powers of ten only.
    tickValues = Math.log10(hi / lo) < 1.5 ? thin(s.ticks(count), count + 2) : decades(lo, hi, count + 1);
    if (zeroBaseline) {
      // Only zeros: the decades would be made up, so 0 is the one tick.
      tickValues = positive.length ? [0, ...tickValues] : [0];
      map = (v) => (v === 0 ? range[0] : s(v));
    } else {
      map = (v) => s(v);
    }
    domain = [lo, hi];
  } else if (kind === "symlog") {
    // The constant sets where the scale turns from linear (near 0) to logarithmic: the smallest
    // non-zero magnitude in the data, so that it and 0 get distinct places.
    const smallest = drawable.filter((v) => v !== 0).reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
    const constant = Number.isFinite(smallest) ? smallest : 1;
    if (hi <= lo) hi = lo + constant;
    const s = scaleSymlog().constant(constant).domain([lo, hi]).range(range);
    tickValues = lo <= 0 && hi >= 0 ? [0, ...decades(Math.max(constant, 1e-300), Math.abs(hi), count)] : decades(Math.abs(lo) || constant, Math.abs(hi), count);
    map = (v) => s(v);
    domain = [lo, hi];
  } else if (options.integer) {
    if (hi === lo) {
      lo -= 0.5;
      hi += 0.5;
    }
    const s = scaleLinear().domain([lo, hi]).range(range);
    tickValues = s.ticks(count).filter((v) => Number.isInteger(v));
    map = (v) => s(v);
    domain = [lo, hi];
  } else {
    if (hi === lo) {
      const pad = Math.abs(lo) * 0.1 || 1;
      lo -= pad;
      hi += pad;
    }
    const s = scaleLinear().domain([lo, hi]).range(range);
    if (options.nice !== false) s.nice(count);
    tickValues = s.ticks(count);
    map = (v) => s(v);
    domain = s.domain() as [number, number];
  }
  if (options.tickValues) {
    tickValues = thin(
      [...new Set(options.tickValues.filter((v) => ok(v) && ((v >= domain[0] && v <= domain[1]) || (zeroBaseline && v === 0))))].sort((a, b) => a - b),
      Math.max(count + 4, 8),
    );
  }
  return {
    kind,
    domain,
    range,
    map,
    accepts: ok,
    ticks: tickLabels(tickValues).map((label, i) => ({ value: tickValues[i]!, label })),
    ...(zero !== undefined ? { zero } : {}),
  };
}

/**
 * Labels that tell the ticks apart: formatNumber's 4 significant digits, or more where two ticks would
 * read alike (a cost that barely moved had every tick read "0.6931").
 */
function tickLabels(values: number[]): string[] {
  const distinct = (labels: string[]) => new Set(labels).size === labels.length;
  const plain = values.map(formatNumber);
  if (distinct(plain)) return plain;
  for (let digits = 5; digits <= 15; digits++) {
    const labels = values.map((v) => (Number.isFinite(v) && v !== 0 ? String(Number(v.toPrecision(digits))) : formatNumber(v)));
    if (distinct(labels)) return labels;
  }
  return plain;
}
