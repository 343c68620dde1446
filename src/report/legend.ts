import { px, textWidth } from "./format.js";
import { LEGEND_ROW } from "./layout.js";
import { COLORS } from "./palette.js";
import { el, text } from "./svg.js";

export interface LegendItem {
  label: string;
  color: string;
  /** How the swatch looks: a line (optionally dashed), a filled circle, a hollow triangle or a square. */
  shape?: "line" | "dashed" | "circle" | "triangle" | "square";
}

/** The triangle used for dev points, centred on (0, 0); also drawn in legends. */
export const TRIANGLE = "M0,-4.6L4.2,2.6H-4.2Z";

function swatch(item: LegendItem, x: number, y: number): string {
  switch (item.shape ?? "line") {
    case "circle":
      return el("circle", { cx: x + 9, cy: y, r: 3.5, fill: item.color, stroke: "#fff", "stroke-width": 0.8 });
    case "triangle":
      return el("path", { d: TRIANGLE, transform: `translate(${x + 9},${y})`, fill: "#fff", stroke: item.color, "stroke-width": 1.6 });
    case "square":
      return el("rect", { x: x + 3, y: y - 6, width: 12, height: 12, fill: item.color, stroke: COLORS.axis, "stroke-width": 0.5 });
    default:
      return el("line", {
        x1: x,
        x2: x + 18,
        y1: y,
        y2: y,
        stroke: item.color,
        "stroke-width": 2.5,
        "stroke-dasharray": item.shape === "dashed" ? "6 3" : undefined,
      });
  }
}

/**
 * Legend items laid out left to right from (x, y), wrapping within `width`. Returns the markup and the
 * height it takes, so the plot can start below it (a legend above the plot never hides a curve).
 */
export function legend(items: LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  if (!items.length) return { svg: "", height: 0 };
  const parts: string[] = [];
  let cx = x;
  let row = 0;
  for (const item of items) {
    const w = 24 + textWidth(item.label) + 16;
    if (cx > x && cx + w > x + width) {
      row++;
      cx = x;
    }
    const cy = y + row * LEGEND_ROW + LEGEND_ROW / 2;
    parts.push(swatch(item, cx, cy));
    parts.push(text({ x: px(cx + 24), y: cy, dy: "0.32em", fill: COLORS.text }, item.label));
    cx += w;
  }
  return { svg: el("g", { class: "legend" }, ...parts), height: (row + 1) * LEGEND_ROW };
}
