import { contours } from "d3-contour";
import { scaleLinear } from "d3-scale";
import { fail } from "../errors.js";
import { axes, X_AXIS_HEIGHT, yAxisWidth } from "./axes.js";
import { px } from "./format.js";
import { legend, type LegendItem, TRIANGLE } from "./legend.js";
import { bottom, type Box, right, TITLE_HEIGHT } from "./layout.js";
import { classColor, COLORS } from "./palette.js";
import type { DecisionBoundary } from "./run-report.js";
import { makeScale } from "./scales.js";
import { el, svgRoot, text } from "./svg.js";

export interface BoundaryChartOptions {
  title?: string;
  /** Side of the square plot in px. Default 380. */
  size?: number;
  /** Prefix of the ids (clip path, gradient) in the SVG; must be unique in the page. Default "boundary". */
  id?: string;
  /** Points drawn at most (evenly thinned beyond). Default 1500. */
  maxPoints?: number;
}

/** P(class 1) as colour: light blue (class 0) through near-white at 0.5 to light vermillion (class 1). */
export function probabilityColor(p: number): string {
  return probabilityScale(p);
}
const probabilityScale = scaleLinear<string>().domain([0, 0.5, 1]).range(["#8fbfe0", "#f7f7f7", "#f3b38c"]).clamp(true);

type Ring = number[][];

/** Contour rings (grid units, sample i at i + 0.5) as one SVG path in plot pixels. */
function ringsPath(polygons: Ring[][], toX: (g: number) => number, toY: (g: number) => number): string {
  let d = "";
  for (const polygon of polygons) {
    for (const ring of polygon) {
      ring.forEach(([gx, gy], i) => {
        d += `${i ? "L" : "M"}${px(toX(gx!))},${px(toY(gy!))}`;
      });
      d += "Z";
    }
  }
  return d;
}

function checkBoundary(b: DecisionBoundary): void {
  if (!b || typeof b !== "object") fail("decisionBoundaryChart", "a DecisionBoundary", b);
  if (!Number.isInteger(b.resolution) || b.resolution < 2) fail("decisionBoundaryChart", "resolution must be an integer >= 2", b.resolution);
  if (!Array.isArray(b.values) || b.values.length !== b.resolution * b.resolution) {
    fail("decisionBoundaryChart", `values of length resolution^2 (${b.resolution * b.resolution})`, b.values);
  }
  for (const [name, r] of [["xRange", b.xRange], ["yRange", b.yRange]] as const) {
    if (!Array.isArray(r) || !(r[1] > r[0])) fail("decisionBoundaryChart", `${name} must be [lo, hi] with lo < hi`, r);
  }
}

/**
 * The decision boundary as a heat map with the examples on top: for a binary model, bands of P(class 1)
 * and the 0.5 line (the boundary itself); for several classes, each class's region in its colour.
 * Training points are filled circles, dev points hollow triangles, both coloured by their true label, so
 * a dev triangle of the wrong colour inside a region is a dev error.
 */
export function decisionBoundaryChart(boundary: DecisionBoundary, options: BoundaryChartOptions = {}): string {
  checkBoundary(boundary);
  const { resolution: n, values, classes } = boundary;
  const id = options.id ?? "boundary";
  const side = options.size ?? 380;
  const binary = classes <= 2;
  let top = 8;
  const title = options.title ? text({ x: 10, y: top + 14, "font-size": 14, "font-weight": 600, fill: COLORS.text }, options.title) : "";
  if (options.title) top += TITLE_HEIGHT;
  const yProbe = makeScale("linear", boundary.yRange, [side, 0], { nice: false, tickCount: 6 });
  const left = yAxisWidth(yProbe);
  const colorBarWidth = binary ? 70 : 0;
  const width = left + side + 24 + colorBarWidth;

  const names = boundary.classNames ?? Array.from({ length: Math.max(2, classes) }, (_, k) => `class ${k}`);
  const items: LegendItem[] = [
    { label: "train", color: COLORS.axis, shape: "circle" },
    { label: "dev", color: COLORS.axis, shape: "triangle" },
    ...names.map((name, k) => ({ label: String(name), color: classColor(k), shape: "square" as const })),
  ];
  const legendPart = legend(items, left, top, side + colorBarWidth);
  top += legendPart.height + 8;
  const box: Box = { left, top, width: side, height: side };
  const height = top + side + X_AXIS_HEIGHT;
  const x = makeScale("linear", boundary.xRange, [box.left, right(box)], { nice: false, tickCount: 6 });
  const y = makeScale("linear", boundary.yRange, [bottom(box), box.top], { nice: false, tickCount: 6 });
  // Grid sample i sits at data x0 + i * step; d3-contour puts it at i + 0.5 in its own units.
  const toX = (g: number) => box.left + ((g - 0.5) * box.width) / (n - 1);
  const toY = (g: number) => bottom(box) - ((g - 0.5) * box.height) / (n - 1);

  const regions: string[] = [];
  const generator = contours().size([n, n]);
  if (binary) {
    const thresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    regions.push(el("rect", { ...boxAttrs(box), fill: probabilityColor(0.05) }));
    const bands = generator.thresholds(thresholds)(values);
    bands.forEach((band, i) => {
      const upper = thresholds[i + 1] ?? 1;
      const d = ringsPath(band.coordinates as Ring[][], toX, toY);
      if (d) regions.push(el("path", { d, fill: probabilityColor((band.value + upper) / 2), "fill-rule": "evenodd", class: "data" }));
    });
    const line = bands.find((b) => b.value === 0.5);
    const d = line ? ringsPath(line.coordinates as Ring[][], toX, toY) : "";
    if (d) regions.push(el("path", { d, fill: "none", stroke: "#333", "stroke-width": 1.5, class: "data decision-line" }));
  } else {
    regions.push(el("rect", { ...boxAttrs(box), fill: "#f7f7f7" }));
    for (let k = 0; k < classes; k++) {
      const indicator = values.map((v) => (Math.round(v) === k ? 1 : 0));
      const [region] = generator.thresholds([0.5])(indicator);
      const d = region ? ringsPath(region.coordinates as Ring[][], toX, toY) : "";
      if (d) {
        regions.push(
          el("path", { d, fill: classColor(k), "fill-opacity": 0.3, stroke: "#333", "stroke-width": 0.8, "stroke-opacity": 0.6, "fill-rule": "evenodd", class: "data" }),
        );
      }
    }
  }

  const maxPoints = options.maxPoints ?? 1500;
  const step = Math.max(1, Math.ceil(boundary.points.length / maxPoints));
  const shown = boundary.points.filter((p, i) => i % step === 0 && x.accepts(p.x) && y.accepts(p.y));
  // Train first, so the fewer dev points stay visible on top.
  const trainPoints = shown
    .filter((p) => p.set === "train")
    .map((p) => el("circle", { cx: px(x.map(p.x)), cy: px(y.map(p.y)), r: 3.2, fill: classColor(p.label) }));
  const devPoints = shown
    .filter((p) => p.set === "dev")
    .map((p) => el("path", { d: TRIANGLE, transform: `translate(${px(x.map(p.x))},${px(y.map(p.y))})`, stroke: classColor(p.label) }));

  return svgRoot(
    width,
    height,
    options.title ?? `decision boundary over ${boundary.featureNames[0]} and ${boundary.featureNames[1]}`,
    el("defs", {}, el("clipPath", { id: `${id}-clip` }, el("rect", boxAttrs(box)))),
    title,
    legendPart.svg,
    el("g", { "clip-path": `url(#${id}-clip)` }, ...regions),
    axes(x, y, box, { x: boundary.featureNames[0], y: boundary.featureNames[1] }),
    el("g", { class: "points", "clip-path": `url(#${id}-clip)` },
      el("g", { stroke: "#fff", "stroke-width": 0.8 }, ...trainPoints),
      el("g", { fill: "#fff", "stroke-width": 1.6 }, ...devPoints),
    ),
    binary ? colorBar(right(box) + 24, box.top, side, id) : "",
  );
}

function boxAttrs(box: Box) {
  return { x: box.left, y: box.top, width: box.width, height: box.height };
}

/** A vertical colour bar for P(class 1), 0 at the bottom, with the 0.5 boundary marked. */
function colorBar(x: number, top: number, height: number, id: string): string {
  // Offsets must ascend; offset 0 is the top of the bar, where P = 1.
  const stops = [0, 0.25, 0.5, 0.75, 1].map((o) => el("stop", { offset: o, "stop-color": probabilityColor(1 - o) }));
  const scale = (t: number) => px(top + (1 - t) * height);
  return el(
    "g",
    { class: "color-bar" },
    el("defs", {}, el("linearGradient", { id: `${id}-gradient`, x1: 0, x2: 0, y1: 0, y2: 1 }, ...stops)),
    el("rect", { x, y: top, width: 12, height, fill: `url(#${id}-gradient)`, stroke: COLORS.axis, "stroke-width": 0.5 }),
    ...[0, 0.5, 1].map((t) =>
      el("g", {},
        el("line", { x1: x + 12, x2: x + 16, y1: scale(t), y2: scale(t), stroke: COLORS.axis }),
        text({ x: x + 18, y: scale(t), dy: "0.32em", "font-size": 11, fill: COLORS.text }, String(t)),
      ),
    ),
    text({ x: 0, y: 0, transform: `translate(${x + 52},${px(top + height / 2)}) rotate(90)`, "text-anchor": "middle", fill: COLORS.text }, "P(class 1)"),
  );
}
