import type { FlowSnapshot } from "../../../src/index.js";
import { escapeHtml, formatNumber } from "../html.js";
import type { FlowObservation } from "../observe.js";

const WIDTH = 480;
const ROW = 30;
const LEFT = 120;
const RIGHT = 60;
const TOP = 8;
const AXIS = 24;
const LOW = -8;
const HIGH = 2;

/**
 * One bar per weight matrix: the RMS of dJ/dW on a log scale from 1e-8 to 1e2, so that gradients
 * that shrink (vanishing) or grow (exploding) from layer to layer show at a glance. Bars of layers
 * named in a finding are red.
 */
export function flowChartSvg(snapshot: FlowSnapshot | undefined, findings: FlowObservation[]): string {
  const layers = snapshot?.layers.filter((l) => l.gradientRms !== undefined) ?? [];
  const height = TOP + AXIS + Math.max(1, layers.length) * ROW;
  const parts = [`<svg viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true">`];
  const x = (v: number) => {
    const log = v > 0 ? Math.log10(v) : LOW;
    return LEFT + ((Math.min(HIGH, Math.max(LOW, log)) - LOW) / (HIGH - LOW)) * (WIDTH - LEFT - RIGHT);
  };
  for (let e = LOW; e <= HIGH; e += 2) {
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
    parts.push(`<rect x="${LEFT}" y="${y + 6}" width="${Math.max(1, x(l.gradientRms!) - LEFT)}" height="${ROW - 12}" fill="${colour}" rx="2"/>`);
    parts.push(`<text x="${x(l.gradientRms!) + 4}" y="${y + 18}" font-size="11" fill="#222">${formatNumber(l.gradientRms!)}${escapeHtml(extra)}</text>`);
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
