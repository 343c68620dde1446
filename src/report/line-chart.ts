import { line } from "d3-shape";
import { fail, failReceived } from "../errors.js";
import { axes, X_AXIS_HEIGHT, yAxisWidth } from "./axes.js";
import { downsample } from "./downsample.js";
import { px, textWidth } from "./format.js";
import { legend } from "./legend.js";
import { bottom, type Box, MARKER_ROW, TITLE_HEIGHT } from "./layout.js";
import { COLORS, seriesColor } from "./palette.js";
import { makeScale, type ScaleKind } from "./scales.js";
import { el, svgRoot, text } from "./svg.js";

export interface LineSeries {
  name: string;
  values: ArrayLike<number>;
  /** x of each value; default the chart's `x`. */
  x?: ArrayLike<number>;
  color?: string;
  dashed?: boolean;
}

/** A vertical line across the plot with a label above it ("best epoch 57"). */
export interface ChartMarker {
  x: number;
  label: string;
  color?: string;
}

export interface LineChartOptions {
  /** Drawn at the top when given (the report puts titles in captions instead). */
  title?: string;
  /** Accessible name of the chart; default the title, else "yLabel against xLabel". */
  description?: string;
  xLabel: string;
  yLabel: string;
  /** Shared x of all series (e.g. history epochs). */
  x?: ArrayLike<number>;
  series: LineSeries[];
  /** Log x; a symmetric log (which keeps 0) when some x is 0. */
  logX?: boolean;
  /**
   * Log y. Values exactly 0 are drawn on a labelled "0" baseline below the lowest decade (a line does not
   * join them to the decades: a log scale has no distance between 0 and them), and the series that are 0
   * at every point are named on it; negative values are not drawn.
   */
  logY?: boolean;
  /** x counts whole steps (epochs): ticks at whole numbers within the x values only. */
  xIntegers?: boolean;
  /**
   * The y axis covers at least [lo, hi] (rounded out to ticks), whatever the data: charts meant to be
   * compared side by side get one scale. The data's extent is included too, so no line leaves the plot.
   */
  yDomain?: [number, number];
  /** Ticks on x at these values (e.g. the swept values). */
  xTicks?: number[];
  markers?: ChartMarker[];
  width?: number;
  height?: number;
  /** Points per series after downsampling. Default 400. */
  maxPoints?: number;
  /** Draw a dot at each point (default: when every series has at most 30 points). */
  dots?: boolean;
}

/**
 * Places each marker label: centred on its line, or pushed in to start at the plot's left edge or end at
 * its right one, on the first row where it does not run into the previous label. The label is drawn
 * where it was placed (the anchor says which end is fixed), so rows never overlap.
 */
function markerRows(markers: Array<{ px: number; label: string }>, left: number, right: number): Array<{ row: number; x: number; anchor: "start" | "middle" | "end" }> {
  const ends: number[] = [];
  return markers.map((m) => {
    const w = textWidth(m.label, 11);
    const start = Math.min(Math.max(m.px - w / 2, left), right - w);
    let row = ends.findIndex((end) => end + 8 <= start);
    if (row < 0) row = ends.length;
    ends[row] = start + w;
    if (start === m.px - w / 2) return { row, x: m.px, anchor: "middle" };
    return start > m.px - w / 2 ? { row, x: start, anchor: "start" } : { row, x: start + w, anchor: "end" };
  });
}

/**
 * A line chart as an SVG string: several series, a legend above the plot, axes with ticks and titles,
 * optional log scales and labelled vertical markers. Long series are downsampled (min-max per bucket)
 * so that 30,000 epochs still make a small file. Non-finite values (and negative ones on a log scale)
 * break the line instead of bending it; on a log y scale, zeros lie on a "0" baseline of their own.
 */
export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 340;
  const maxPoints = options.maxPoints ?? 400;
  if (!Array.isArray(options.series)) fail("lineChart", "series must be an array", options.series);
  const series = options.series.map((s, i) => {
    const xs = s.x ?? options.x;
    if (!xs) fail("lineChart", `series "${s.name}" needs x (its own or the chart's)`, xs);
    if (xs.length !== s.values.length) {
      failReceived("lineChart", `series "${s.name}" to have one value per x (${xs.length})`, `${s.values.length} values`);
    }
    return { ...s, color: s.color ?? seriesColor(i), points: downsample(xs, s.values, maxPoints) };
  });
  const xKind: ScaleKind = options.logX ? (series.some((s) => s.points.x.some((v) => v <= 0)) ? "symlog" : "log") : "linear";
  const yKind: ScaleKind = options.logY ? "log" : "linear";

  // Vertical layout, top to bottom: title, legend, marker labels, plot, x axis.
  let top = 8;
  const titleSvg = options.title
    ? text({ x: 10, y: top + 14, "font-size": 14, "font-weight": 600, fill: COLORS.text }, options.title)
    : "";
  if (options.title) top += TITLE_HEIGHT;
  const allY = series.flatMap((s) => s.points.y);
  if (options.yDomain !== undefined) {
    if (!Array.isArray(options.yDomain) || options.yDomain.length !== 2 || !options.yDomain.every(Number.isFinite) || !(options.yDomain[0] <= options.yDomain[1])) {
      fail("lineChart", "yDomain [lo, hi] of finite numbers with lo <= hi", options.yDomain);
    }
    allY.push(...options.yDomain);
  }
  const yTickCount = Math.max(3, Math.round((height - 110) / 50));
  const yOptions = { tickCount: yTickCount, zeroBaseline: true };
  const left = yAxisWidth(makeScale(yKind, allY, [1, 0], yOptions));
  const plotWidth = width - left - 24;
  const legendPart = legend(
    series.map((s) => ({ label: s.name, color: s.color, shape: s.dashed ? "dashed" : "line" })),
    left,
    top,
    plotWidth,
  );
  top += legendPart.height + 4;
  const markersIn = (options.markers ?? []).filter((m) => Number.isFinite(m.x));
  const xValues = [...series.flatMap((s) => s.points.x.filter((_, i) => Number.isFinite(s.points.y[i]))), ...markersIn.map((m) => m.x)];
  const xTickCount = Math.max(2, Math.floor(plotWidth / 80));
  const x = makeScale(xKind, xValues, [left, left + plotWidth], { tickCount: xTickCount, tickValues: options.xTicks, integer: options.xIntegers });
  const markers = markersIn.filter((m) => x.accepts(m.x)).sort((a, b) => a.x - b.x);
  const rows = markerRows(markers.map((m) => ({ px: x.map(m.x), label: m.label })), left, left + plotWidth);
  const markerHeight = markers.length ? (Math.max(...rows.map((r) => r.row)) + 1) * MARKER_ROW + 2 : 0;
  top += markerHeight;
  const box: Box = { left, top, width: plotWidth, height: height - top - X_AXIS_HEIGHT };
  const y = makeScale(yKind, allY, [bottom(box), box.top], yOptions);

  const path = line<number>().digits(1);
  const drawn: string[] = [];
  const allZero: string[] = [];
  let anyPath = false;
  const dots = options.dots ?? series.every((t) => t.points.x.length <= 30);
  // On a zero baseline, 0 and the decades are apart: a run of points stays on one side of the break.
  const side = (v: number) => (y.zero !== undefined && v === 0 ? 0 : 1);
  for (const s of series) {
    const { x: xs, y: ys } = s.points;
    const ok = (i: number) => x.accepts(xs[i]!) && y.accepts(ys[i]!);
    const runs: number[][] = [];
    for (let i = 0; i < xs.length; i++) {
      if (!ok(i)) continue;
      const run = runs.at(-1);
      if (run && run.at(-1) === i - 1 && side(ys[i - 1]!) === side(ys[i]!)) run.push(i);
      else runs.push([i]);
    }
    const finite = runs.flat();
    if (y.zero !== undefined && finite.length && finite.every((i) => ys[i] === 0)) allZero.push(s.name);
    const lines = runs.filter((r) => r.length > 1);
    const d = lines.map((r) => path.x((i) => x.map(xs[i]!)).y((i) => y.map(ys[i]!))(r) ?? "").join("");
    if (d && lines.length) {
      anyPath = true;
      drawn.push(
        el("path", {
          d,
          fill: "none",
          stroke: s.color,
          "stroke-width": 2,
          "stroke-linejoin": "round",
          "stroke-dasharray": s.dashed ? "6 3" : undefined,
          class: "data",
        }),
      );
    }
    // Every point when dots are on; otherwise the points no line passes through, which would not show.
    const dotted = dots ? finite : runs.filter((r) => r.length === 1).flat();
    if (dotted.length) {
      drawn.push(
        el(
          "g",
          { fill: s.color },
          ...dotted.map((i) => el("circle", { cx: px(x.map(xs[i]!)), cy: px(y.map(ys[i]!)), r: 3 })),
        ),
      );
    }
  }
  // Series that are 0 throughout lie on top of each other on the baseline: name them there.
  let zeroNote = "";
  if (y.zero !== undefined && allZero.length) {
    let note = `exactly 0 at every point: ${allZero.join(", ")}`;
    // Too long for the plot: the names without their parenthesized details ("W1 (dense tanh)" -> "W1").
    if (textWidth(note, 11) > box.width - 12) note = `exactly 0 at every point: ${allZero.map((n) => n.replace(/\s*\(.*\)$/, "")).join(", ")}`;
    zeroNote = text({ x: px(box.left + 6), y: px(y.zero - 6), "font-size": 11, fill: COLORS.text, class: "zero-note" }, note);
  }
  const markerSvg = markers.map((m, i) => {
    const mx = px(x.map(m.x));
    const { row, x: lx, anchor } = rows[i]!;
    const color = m.color ?? COLORS.marker;
    return el(
      "g",
      { class: "marker" },
      el("line", { x1: mx, x2: mx, y1: box.top, y2: bottom(box), stroke: color, "stroke-width": 1.2, "stroke-dasharray": "4 3" }),
      text({ x: px(lx), y: box.top - 4 - row * MARKER_ROW, "text-anchor": anchor, "font-size": 11, fill: color }, m.label),
    );
  });
  // Finite values a log scale cannot place are negative (zeros have their baseline).
  const placeable = series.some((s) => s.points.y.some((v, i) => Number.isFinite(v) && x.accepts(s.points.x[i]!)));
  const nothing = yKind === "log" && placeable ? "no positive values to draw on a log scale" : "no finite values to draw";
  const empty = anyPath || drawn.length
    ? ""
    : text({ x: px(box.left + box.width / 2), y: px(box.top + box.height / 2), "text-anchor": "middle", fill: COLORS.axis }, nothing);
  const description = options.description ?? options.title ?? `${options.yLabel} against ${options.xLabel}`;
  return svgRoot(
    width,
    height,
    description,
    titleSvg,
    legendPart.svg,
    axes(x, y, box, { x: options.xLabel, y: options.yLabel }),
    ...markerSvg,
    ...drawn,
    zeroNote,
    empty,
  );
}
