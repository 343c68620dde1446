import { describe, expect, it } from "vitest";
import { escapeHtml } from "./escape.js";
import { attrs, el, text } from "./svg.js";

describe("escapeHtml", () => {
  it("escapes the five characters that can open markup or close an attribute", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("leaves other text alone and stringifies non-strings", () => {
    expect(escapeHtml("λ/2m · ΣW²")).toBe("λ/2m · ΣW²");
    expect(escapeHtml(0.5)).toBe("0.5");
    expect(escapeHtml(null)).toBe("null");
  });

  it("escapes SVG text and attribute values", () => {
    expect(text({ x: 1 }, "<b>")).toBe('<text x="1">&lt;b&gt;</text>');
    expect(attrs({ title: '"><script>', hidden: true, skip: undefined, off: false })).toBe(' title="&quot;&gt;&lt;script&gt;" hidden');
    expect(el("g", { class: "a" })).toBe('<g class="a"/>');
  });
});
