import type { FlowSnapshot } from "../../../src/index.js";
import { escapeHtml, formatNumber } from "../html.js";
import type { FlowObservation } from "../observe.js";

const WIDTH = 480;
const ROW = 30;
const LEFT = 120;
const RIGHT = 60;
const TOP = 8;
const AXIS = 24;
/** The axis shows at least 1e-8 to 1e2, and reaches further either way when a gradient does. */
const LOW = -8;
const HIGH = 2;
/** The shortest bar: a gradient at the axis's low end still shows as a bar, its value written beside it. */
const MIN_BAR = 3;

/** The axis's ends (decimal logarithms, even numbers): [-8, 2] widened to hold every gradient with a decade to spare. */
function axisRange(values: number[]): [number, number] {
  let low = LOW;
  let high = HIGH;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    const log = Math.log10(v);
    low = Math.min(low, 2 * Math.floor((log - 1) / 2));
    high = Math.max(high, 2 * Math.ceil((log + 1) / 2));
  }
  return [low, high];
}

/**
 * One bar per weight matrix: the RMS of dJ/dW on a log scale from 1e-8 (or lower: a gradient of 1e-12
 * must not vanish off the axis) to 1e2 (or higher), so that gradients that shrink (vanishing) or grow
 * (exploding) from layer to layer show at a glance. Bars of layers named in a finding are red.
 */
export function flowChartSvg(snapshot: FlowSnapshot | undefined, findings: FlowObservation[]): string {
  const layers = snapshot?.layers.filter((l) => l.gradientRms !== undefined) ?? [];
  const height = TOP + AXIS + Math.max(1, layers.length) * ROW;
  const [low, high] = axisRange(layers.map((l) => l.gradientRms!));
  const parts = [`<svg viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" data-log-low="${low}" data-log-high="${high}">`];
  const x = (v: number) => {
    const log = v > 0 ? Math.log10(v) : low;
    return LEFT + ((Math.min(high, Math.max(low, log)) - low) / (high - low)) * (WIDTH - LEFT - RIGHT);
  };
  const tickStep = 2 * Math.max(1, Math.ceil((high - low) / 12));
  for (let e = high; e >= low; e -= tickStep) {
    const tx = x(10 ** e);
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${TOP}" y2="${height - AXIS}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${tx}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#555">1e${e}</text>`);
  }
  const flagged = new Set(findings.filter((f) => f.kind === "vanishing" || f.kind === "exploding").map((f) => f.layer));
  layers.forEach((l, i) => {
    const y = TOP + i * ROW;
    const colour = flagged.has(l.index) ? "#c62828" : "#1f6fb2";
    // (a saturated output layer is just a confident classifier, as flowFindings says too)
    const hidden = i < layers.length - 1;
    const extra = l.deadUnits > 0 ? `, ${Math.round(100 * l.deadUnits)}% dead` : hidden && l.saturated > 0.05 ? `, ${Math.round(100 * l.saturated)}% saturated` : "";
    parts.push(`<text x="${LEFT - 6}" y="${y + 18}" text-anchor="end" font-size="12" fill="#222">${escapeHtml(`${l.weight} ${l.kind.replace("dense ", "")}`)}</text>`);
    const width = l.gradientRms! > 0 ? Math.max(MIN_BAR, x(l.gradientRms!) - LEFT) : 0; // (no bar for a gradient of exactly 0)
    parts.push(`<rect x="${LEFT}" y="${y + 6}" width="${width.toFixed(1)}" height="${ROW - 12}" fill="${colour}" rx="1"/>`);
    const label = x(l.gradientRms!) + 4 > WIDTH - RIGHT ? { at: LEFT + width - 4, anchor: ' text-anchor="end"', fill: "#fff" } : { at: LEFT + width + 4, anchor: "", fill: "#222" };
    parts.push(`<text x="${label.at.toFixed(1)}" y="${y + 18}"${label.anchor} font-size="11" fill="${label.fill}">${formatNumber(l.gradientRms!)}${escapeHtml(extra)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}

/** The same numbers in words, for the chart's accessible name. */
export function flowDescription(snapshot: FlowSnapshot | undefined): string {
  const layers = snapshot?.layers.filter((l) => l.gradientRms !== undefined) ?? [];
  if (layers.length === 0) return "Gradient size per layer: not measured yet";
  return `Gradient RMS per layer: ${layers.map((l) => `${l.weight} ${formatNumber(l.gradientRms!)}`).join(", ")}`;
}
