/** Text made safe to put inside HTML or SVG markup (data from a CSV can contain anything). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A number for people: 3 significant digits, exponent form when very small or large. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(+v.toPrecision(3));
}

export const percent = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : "–");
