import { fail } from "../errors.js";
import { escapeHtml } from "./escape.js";
import { formatNumber } from "./format.js";
import type { TableSection } from "./run-report.js";

/** A cell as text: numbers rounded for reading (4 significant digits), strings as they are. */
export function cellText(value: string | number): string {
  return typeof value === "number" ? formatNumber(value) : String(value);
}

/** An HTML table; numeric cells are right-aligned so their digits line up. All text is escaped. */
export function htmlTable(section: TableSection): string {
  if (!section || !Array.isArray(section.columns) || !Array.isArray(section.rows)) {
    fail("htmlTable", "a TableSection { title, columns, rows }", section);
  }
  const head = section.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = section.rows
    .map((row, r) => {
      if (!Array.isArray(row)) fail("htmlTable", `rows[${r}] must be an array of cells`, row);
      const cells = row.map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${escapeHtml(cellText(v))}</td>`);
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** Key facts as a two-column table (name, value). */
export function factsTable(facts: Array<[string, string]>): string {
  const rows = facts.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  return `<table class="facts">\n${rows.join("\n")}\n</table>`;
}
