import { format } from "d3-format";

const general = format(".4~g");
const exponent = format(".1~e");

/**
 * A number for people: up to 4 significant digits, exponent notation only where plain digits would be
 * long (below 1e-3 or from 1e6), "-" for NaN, "∞" for infinities.
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "-";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  if (value === 0) return "0";
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e6 ? exponent(value).replace("e+", "e") : general(value);
}

/** Round an SVG coordinate to 0.1 px: sub-pixel digits only make the file bigger. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Rough width of a label in px (no DOM to measure on the server side): ~0.6 em per character. */
export function textWidth(text: string, fontSize = 12): number {
  return text.length * fontSize * 0.6;
}

/** A share as a percentage with one decimal ("12.5%"); "-" when there is none. */
export function percent(v: number | undefined | null): string {
  return v === undefined || v === null ? "-" : `${(100 * v).toFixed(1)}%`;
}
