/**
 * Escaping for text and attribute values in HTML and SVG. Everything a report shows comes from specs,
 * CSV headers and file names that a user (or an attacker) wrote, so every string goes through here.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes &, <, >, " and ' (safe in text content and in quoted attribute values). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
