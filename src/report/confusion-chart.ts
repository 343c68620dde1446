/**
 * The confusion matrix as an SVG heat map: one row per true class, one column per predicted class, each
 * cell's count written in it and its colour the share of its row (the true class's examples), so a rare
 * class reads as clearly as a frequent one. Correct cells (the diagonal) are blue, errors vermillion: the
 * darker an off-diagonal cell, the more of that class goes to the wrong one. Drawn like the other charts
 * (svgRoot, the Okabe-Ito palette, d3's DOM-free scales), so Node and the browser draw the same.
 */
import { scaleLinear } from "d3-scale";
import { fail } from "../errors.js";
import { escapeHtml } from "./escape.js";
import { px, textWidth } from "./format.js";
import { COLORS } from "./palette.js";
import { el, svgRoot, text } from "./svg.js";

export interface ConfusionChartOptions {
  /** Class names for the rows and columns; default 0, 1, ... */
  labels?: Array<string | number>;
  /** Shown above the matrix and as the SVG's title. */
  title?: string;
  /** Side of the square matrix in px (cells share it); default from the number of classes, 180 to 480. */
  size?: number;
}

/** Caption for the report: how to read the heat map. */
export const CONFUSION_CAPTION =
  "Rows are the true classes, columns the predicted ones; each cell counts the examples of its row's class predicted as its column's. The diagonal (blue) is correct; an off-diagonal cell (vermillion) is a confusion, darker the larger its share of the row. A row's share on the diagonal is that class's recall; a column's, its precision.";

const correctScale = scaleLinear<string>().domain([0, 1]).range(["#f7fbff", COLORS.train]).clamp(true);
const errorScale = scaleLinear<string>().domain([0, 1]).range(["#fff7f2", COLORS.dev]).clamp(true);

/** A label cut to `max` characters, with an ellipsis. */
function short(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** The heat map of a k x k confusion matrix (rows true, columns predicted); null for an empty matrix. */
export function confusionMatrixChart(confusion: number[][], options: ConfusionChartOptions = {}): string | null {
  if (!Array.isArray(confusion)) fail("confusionMatrixChart", "a square matrix of counts (rows true, columns predicted)", confusion);
  const k = confusion.length;
  if (k === 0) return null;
  confusion.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== k) fail("confusionMatrixChart", `row ${r} of ${k} counts (a square matrix)`, row);
  });
  const labels = (options.labels ?? confusion.map((_, i) => i)).map((l) => short(String(l), 14));
  if (labels.length !== k) fail("confusionMatrixChart", `${k} labels (one per class)`, options.labels);
  const side = options.size ?? Math.min(480, Math.max(180, 44 * k));
  const cell = side / k;
  const fontSize = cell >= 30 ? 12 : cell >= 18 ? 9 : 0; // too small for digits: colour only
  // labels where a cell can carry one (over 60 classes they printed on top of each other): each cell's
  // title still names its classes
  const showLabels = cell >= 6;
  const labelWidth = showLabels ? labels.reduce((w, l) => Math.max(w, textWidth(l, 11)), 0) : 0;
  const left = 28 + labelWidth + 8;
  let top = 8;
  const parts: string[] = [];
  if (options.title) {
    parts.push(text({ x: 10, y: top + 14, "font-size": 14, "font-weight": 600, fill: COLORS.text }, options.title));
    top += 22;
  }
  parts.push(text({ x: left + side / 2, y: top + 12, "text-anchor": "middle", fill: COLORS.text }, "predicted class"));
  top += 18;
  // column labels, rotated when they would overlap
  const rotate = labelWidth > cell - 4;
  const columnLabels = labels.map((l, j) => {
    const cx = px(left + (j + 0.5) * cell);
    return rotate
      ? text({ x: 0, y: 0, transform: `translate(${cx},${px(top + labelWidth)}) rotate(-60)`, "font-size": 11, fill: COLORS.text }, l)
      : text({ x: cx, y: top + 11, "text-anchor": "middle", "font-size": 11, fill: COLORS.text }, l);
  });
  // (children joined, not spread: a spread of k^2 cells overflowed the call stack from 351 classes; an audit)
  if (showLabels) parts.push(el("g", { class: "column-labels" }, columnLabels.join("")));
  top += showLabels ? (rotate ? labelWidth * 0.9 : 14) + 6 : 4;
  // where cells are too small for their counts, an empty cell off the diagonal is left to the background,
  // its colour (200 classes wrote 40,000 rects, a 7.8 MB report); the diagonal is drawn whole
  const cells: string[] = [el("rect", { x: left, y: px(top), width: px(side), height: px(side), fill: errorScale(0) })];
  const rowLabels: string[] = [];
  for (let t = 0; t < k; t++) {
    const row = confusion[t]!;
    const total = row.reduce((s, v) => s + v, 0);
    const y = top + t * cell;
    if (showLabels) rowLabels.push(text({ x: left - 6, y: px(y + cell / 2), dy: "0.32em", "text-anchor": "end", "font-size": 11, fill: COLORS.text }, labels[t]!));
    for (let p = 0; p < k; p++) {
      const count = row[p]!;
      if (count === 0 && t !== p && !fontSize) continue; // too small for its "0": the background says it
      const share = total > 0 ? count / total : 0;
      const fill = t === p ? correctScale(share) : errorScale(share);
      const x = left + p * cell;
      const title = `true ${labels[t]}, predicted ${labels[p]}: ${count}${total > 0 ? ` (${(100 * share).toFixed(1)}% of the row)` : ""}`;
      cells.push(
        el("g", { class: t === p ? "cell correct" : "cell error" },
          `<title>${escapeHtml(title)}</title>`,
          el("rect", { x: px(x), y: px(y), width: px(cell), height: px(cell), fill, stroke: "#fff", "stroke-width": 1 }),
          fontSize
            ? text({ x: px(x + cell / 2), y: px(y + cell / 2), dy: "0.32em", "text-anchor": "middle", "font-size": fontSize, fill: share > 0.55 ? "#fff" : COLORS.text }, String(count))
            : "",
        ),
      );
    }
  }
  if (showLabels) parts.push(el("g", { class: "row-labels" }, rowLabels.join("")));
  parts.push(el("g", { class: "cells" }, cells.join("")));
  parts.push(
    text({ x: 0, y: 0, transform: `translate(14,${px(top + side / 2)}) rotate(-90)`, "text-anchor": "middle", fill: COLORS.text }, "true class"),
    el("rect", { x: left, y: px(top), width: px(side), height: px(side), fill: "none", stroke: COLORS.axis, "stroke-width": 0.8 }),
  );
  const width = Math.ceil(left + side + 16);
  const height = Math.ceil(top + side + 12);
  return svgRoot(width, height, options.title ?? `confusion matrix of ${k} classes`, ...parts);
}
