import { formatLocale } from "d3-format";

// d3's default locale writes negatives with U+2212 ("−1.5") while integers come from String ("-1"): one
// axis showed both. The ASCII hyphen-minus everywhere, as in the CLI's tables and in the JSON a reader
// compares the report with.
const { format } = formatLocale({ decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""], minus: "-" });
const general = format(".4~g");
const exponent = format(".1~e");

/**
 * A number for people: up to 4 significant digits, exponent notation only where plain digits would be
 * long (below 1e-3 or from 1e6), "-" for NaN, "∞" for infinities. Negatives carry the ASCII "-".
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "-";
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  if (value === 0) return "0";
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e6 ? exponent(value).replace("e+", "e") : general(value);
}

/**
 * A cost with four decimals, as the course's figures are given (0.1638), or four significant digits where
 * four decimals would hide it (a cost is in its target's units, and a target of 2e-4 mol/L costs 2e-10) or
 * say nothing (a blown-up cost of 1.661e+299).
 */
export function formatCost(value: number): string {
  // above 1e6 four decimals say nothing, and past 1e21 toFixed gives all 17 digits ("1.6609411457542003e+299")
  if (Number.isFinite(value) && Math.abs(value) >= 1e6) return value.toPrecision(4);
  return value === 0 || !Number.isFinite(value) || Math.abs(value) >= 0.01 ? value.toFixed(4) : value.toPrecision(4);
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
