import { px, textWidth } from "./format.js";
import { bottom, type Box, right } from "./layout.js";
import { COLORS } from "./palette.js";
import type { Scale } from "./scales.js";
import { el, text } from "./svg.js";

/** Room the y tick labels need left of the plot, plus the rotated axis title. */
export function yAxisWidth(y: Scale): number {
  const widest = y.ticks.reduce((w, t) => Math.max(w, textWidth(t.label, 11)), 0);
  return Math.ceil(widest) + 10 + 22;
}

/** Height below the plot: tick labels, then the axis title. */
export const X_AXIS_HEIGHT = 44;

/**
 * Grid lines, both axes with ticks and tick labels, and the axis titles. Drawn before the data, so
 * the grid lies under the curves.
 */
export function axes(x: Scale, y: Scale, box: Box, labels: { x: string; y: string }): string {
  const parts: string[] = [];
  const grid: string[] = [];
  for (const t of y.ticks) {
    const py = px(y.map(t.value));
    grid.push(`M${box.left},${py}H${right(box)}`);
    parts.push(el("line", { x1: box.left - 4, x2: box.left, y1: py, y2: py, stroke: COLORS.axis }));
    parts.push(text({ x: box.left - 7, y: py, dy: "0.32em", "text-anchor": "end", "font-size": 11, fill: COLORS.text }, t.label));
  }
  for (const t of x.ticks) {
    const pxx = px(x.map(t.value));
    grid.push(`M${pxx},${box.top}V${bottom(box)}`);
    parts.push(el("line", { x1: pxx, x2: pxx, y1: bottom(box), y2: bottom(box) + 4, stroke: COLORS.axis }));
    parts.push(text({ x: pxx, y: bottom(box) + 16, "text-anchor": "middle", "font-size": 11, fill: COLORS.text }, t.label));
  }
  const frame = el("path", {
    d: `M${box.left},${box.top}V${bottom(box)}H${right(box)}`,
    fill: "none",
    stroke: COLORS.axis,
    class: "axis",
  });
  // A log scale's zero baseline is no decade: a break in the y axis between it and the lowest one.
  const yBreak =
    y.zero !== undefined
      ? (() => {
          const mid = px((y.zero + y.map(y.domain[0])) / 2);
          return el(
            "g",
            { class: "axis-break" },
            el("rect", { x: box.left - 6, y: mid - 3, width: 12, height: 6, fill: "#fff" }),
            el("path", { d: `M${box.left - 6},${mid - 1}l12,-4M${box.left - 6},${mid + 5}l12,-4`, stroke: COLORS.axis, fill: "none" }),
          );
        })()
      : "";
  const xTitle = text(
    { x: px(box.left + box.width / 2), y: bottom(box) + 36, "text-anchor": "middle", fill: COLORS.text },
    labels.x,
  );
  const cy = px(box.top + box.height / 2);
  const yTitle = text(
    { x: 0, y: 0, transform: `translate(13,${cy}) rotate(-90)`, "text-anchor": "middle", fill: COLORS.text },
    labels.y,
  );
  return el(
    "g",
    { class: "axes" },
    grid.length ? el("path", { d: grid.join(""), stroke: COLORS.grid, fill: "none", class: "grid" }) : "",
    frame,
    yBreak,
    ...parts,
    xTitle,
    yTitle,
  );
}
