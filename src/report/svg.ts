import { escapeHtml } from "./escape.js";

export type Attrs = Record<string, string | number | boolean | null | undefined>;

/** Attributes as ` name="value"`; null, undefined and false are left out, true is written bare. */
export function attrs(values: Attrs): string {
  let out = "";
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

/** An element around already-rendered children (markup, not text: use `text` for text). */
export function el(name: string, values: Attrs, ...children: string[]): string {
  return children.length ? `<${name}${attrs(values)}>${children.join("")}</${name}>` : `<${name}${attrs(values)}/>`;
}

/** An SVG <text> element; the content is escaped. */
export function text(values: Attrs, content: string): string {
  return `<text${attrs(values)}>${escapeHtml(content)}</text>`;
}

/** Font for every chart: the system's UI font, so charts match the page and the playground. */
export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

/**
 * The root <svg>: a fixed viewBox that scales down with the page (width 100%, height auto in CSS), a
 * <title> for screen readers and tooltips.
 */
export function svgRoot(width: number, height: number, title: string, ...children: string[]): string {
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      "font-family": FONT,
      "font-size": 12,
      class: "nnlab-chart",
    },
    `<title>${escapeHtml(title)}</title>`,
    el("rect", { width, height, fill: "#fff" }),
    ...children,
  );
}
