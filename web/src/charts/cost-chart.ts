import type { CurveStore } from "../curve-store.js";

/** Colours shared with the legend; train blue, dev orange as in the boundary view. */
export const COST_SERIES = [
  { field: 1, key: "train", label: "train cost J", colour: "#1f6fb2", dash: "" },
  { field: 2, key: "trainData", label: "train data loss", colour: "#1f6fb2", dash: "5 4" },
  { field: 4, key: "dev", label: "dev cost J", colour: "#d9730d", dash: "" },
  { field: 5, key: "devData", label: "dev data loss", colour: "#d9730d", dash: "5 4" },
  { field: 3, key: "regularization", label: "regularization term", colour: "#6b6b6b", dash: "2 3" },
] as const;

/** The chart's size in its own units; the page sizes it to its box (one unit a CSS pixel), so text stays legible. */
export interface ChartSize {
  width: number;
  height: number;
}
const DEFAULT_SIZE: ChartSize = { width: 480, height: 240 };
const LEFT = 46;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 30;
const MAX_DRAWN = 600;
/** The early-stopping mark's green: 5.4:1 on white (WCAG AA for its 11 px label). */
export const GOOD = "#1e7a34";

export interface CostMarks {
  /** 0-based epoch of the best dev cost when early stopping ended the run. */
  bestEpoch?: number;
  stoppedEpoch?: number;
}

/** Whether the data-loss and regularization series differ from J (only with L2/L1 on). */
export function hasRegularization(store: CurveStore): boolean {
  for (let i = 0; i < store.length; i += Math.max(1, Math.floor(store.length / 50))) if (store.get(i, 3) > 0) return true;
  return store.last(3) > 0;
}

/**
 * Cost curves as an SVG string (presentation attributes only, no inline styles). Epochs on x
 * (1-based, as people count), cost on y from 0; at most MAX_DRAWN points per line.
 */
export function costChartSvg(store: CurveStore, marks: CostMarks = {}, size: ChartSize = DEFAULT_SIZE): string {
  const { width: WIDTH, height: HEIGHT } = size;
  const n = store.length;
  const open = `<svg viewBox="0 0 ${WIDTH} ${HEIGHT}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">`;
  if (n === 0) {
    return `${open.replace(">", ' data-points="0">')}<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#666" font-size="13">press Train or Step to start</text></svg>`;
  }
  const regularized = hasRegularization(store);
  const series = COST_SERIES.filter((s) => regularized || s.field === 1 || s.field === 4);
  const step = Math.max(1, Math.ceil(n / MAX_DRAWN));
  const indices: number[] = [];
  for (let i = 0; i < n; i += step) indices.push(i);
  if (indices.at(-1) !== n - 1) indices.push(n - 1);
  // A log scale: costs fall by orders of magnitude, and a linear axis would flatten everything after
  // the first epochs (where a dev cost turning up, the sign of overfitting, must stay visible).
  let high = 0;
  let low = Infinity;
  for (const i of indices) {
    for (const s of series) {
      const v = store.get(i, s.field);
      if (v > 0 && Number.isFinite(v)) {
        high = Math.max(high, v);
        low = Math.min(low, v);
      }
    }
  }
  if (!(high > 0)) high = low = 1;
  // The axis hugs the data (with a 5% margin), however many decades it spans: a cost still falling
  // towards 0 must keep falling on the chart, not run flat along a floor (it was cut 8 decades below the top).
  const span = Math.max(0.3, Math.log10(high) - Math.log10(low));
  const top = Math.log10(high) + 0.05 * span;
  const bottom = Math.log10(low) - 0.05 * span;
  const xMax = Math.max(2, store.last(0) + 1);
  const x = (epoch: number) => LEFT + (epoch / (xMax - 1)) * (WIDTH - LEFT - RIGHT);
  const y = (v: number) => {
    const log = v > 0 ? Math.min(top, Math.max(bottom, Math.log10(v))) : bottom;
    return TOP + ((top - log) / (top - bottom)) * (HEIGHT - TOP - BOTTOM);
  };
  // (the axis's ends as decimal logarithms, for tests and tools that read the chart)
  const parts: string[] = [open.replace(">", ` data-log-top="${top}" data-log-bottom="${bottom}">`)];
  for (const [value, label] of logTicks(bottom, top)) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y(value)}" y2="${y(value)}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${LEFT - 4}" y="${y(value) + 4}" text-anchor="end" font-size="11" fill="#555">${label}</text>`);
  }
  parts.push(`<text x="${LEFT}" y="${HEIGHT - 8}" font-size="11" fill="#555">epoch 0</text>`);
  parts.push(`<text x="${WIDTH - RIGHT}" y="${HEIGHT - 8}" text-anchor="end" font-size="11" fill="#555">epoch ${formatEpoch(xMax - 1)}</text>`);
  for (const s of series) {
    const d = indices.map((i, k) => `${k ? "L" : "M"}${x(store.get(i, 0)).toFixed(1)} ${y(store.get(i, s.field)).toFixed(1)}`).join("");
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="${s.dash ? 1.5 : 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>`);
    // The latest value as a dot: a line of one epoch has no length, and the dot shows where the run is now.
    const last = n - 1;
    parts.push(`<circle class="latest" cx="${x(store.get(last, 0)).toFixed(1)}" cy="${y(store.get(last, s.field)).toFixed(1)}" r="${s.dash ? 2.5 : 3.5}" fill="${s.colour}"/>`);
  }
  if (marks.bestEpoch !== undefined && marks.bestEpoch >= 0) {
    const bx = x(marks.bestEpoch);
    parts.push(`<line x1="${bx}" x2="${bx}" y1="${TOP}" y2="${HEIGHT - BOTTOM}" stroke="${GOOD}" stroke-width="2" stroke-dasharray="6 3"/>`);
    const anchor = bx > WIDTH * 0.7 ? "end" : "start";
    parts.push(`<text x="${bx + (anchor === "start" ? 4 : -4)}" y="${TOP + 12}" text-anchor="${anchor}" font-size="11" fill="${GOOD}">early-stopping epoch ${marks.bestEpoch}</text>`);
  }
  parts.push("</svg>");
  return parts.join("");
}

function formatEpoch(v: number): string {
  return v >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : v >= 1e4 ? `${Math.round(v / 1e3)}k` : String(v);
}

/** Ticks of a log axis from 10^bottom to 10^top: each decade, with 2 and 5 too when few decades show. */
function logTicks(bottom: number, top: number): Array<[number, string]> {
  const decades = top - bottom;
  const multiples = decades < 1.2 ? [1, 1.5, 2, 3, 5, 7] : decades < 3 ? [1, 2, 5] : [1];
  const stride = Math.max(1, Math.ceil(decades / 6));
  const ticks: Array<[number, string]> = [];
  for (let e = Math.floor(bottom); e <= Math.ceil(top); e++) {
    if (multiples.length === 1 && e % stride !== 0) continue;
    for (const m of multiples) {
      const value = m * 10 ** e;
      const log = Math.log10(value);
      if (log < bottom || log > top) continue;
      ticks.push([value, e >= -3 && e <= 3 ? String(+value.toPrecision(2)) : `${m === 1 ? "" : `${m}×`}1e${e}`]);
    }
  }
  if (ticks.length >= 2) return ticks;
  // A nearly flat curve spans too little for round ticks: four evenly spaced ones then.
  return [0, 1, 2, 3].map((k) => {
    const value = 10 ** (bottom + ((top - bottom) * (k + 0.5)) / 4);
    return [value, String(+value.toPrecision(3))];
  });
}
