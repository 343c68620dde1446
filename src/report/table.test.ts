import { describe, expect, it } from "vitest";
import { factsTable, htmlTable } from "./table.js";

describe("tables", () => {
  it("renders columns and rows, rounds numbers and right-aligns them, escapes text", () => {
    const html = htmlTable({ title: "t", columns: ["lambda", "<dev>"], rows: [["0.1 & more", 0.123456], [1, NaN]] });
    expect(html).toContain("<th>&lt;dev&gt;</th>");
    expect(html).toContain("<td>0.1 &amp; more</td>");
    expect(html).toContain('<td class="num">0.1235</td>');
    expect(html).toContain('<td class="num">-</td>');
    expect(html.match(/<tr>/g)).toHaveLength(3);
  });

  it("facts are name/value rows", () => {
    expect(factsTable([["data", "<moons>"]])).toContain('<th scope="row">data</th><td>&lt;moons&gt;</td>');
  });

  it("rejects a row that is not an array", () => {
    expect(() => htmlTable({ title: "t", columns: ["a"], rows: ["x" as never] })).toThrow('htmlTable: rows[0] must be an array of cells; received "x"');
  });
});
