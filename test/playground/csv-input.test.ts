/** A CSV handed to the page, read without a browser: its separator found, bad rows refused or skipped. */
import { describe, expect, it } from "vitest";
import { asCommaSeparated, detectDelimiter } from "../../web/src/csv-delimiter.js";
import { readCsv } from "../../web/src/csv-input.js";
import { DEFAULT_SPEC } from "../../web/src/page-spec.js";

const rows = (n: number, sep: string, bad = -1) =>
  Array.from({ length: n }, (_, i) => (i === bad ? ["oops", "1", "0"] : [String(i / 10), String((i % 7) / 3), String(i % 2)]).join(sep)).join("\n");

describe("a CSV dropped on the page", () => {
  it("finds the separator: comma, semicolon or tab, quotes respected", () => {
    expect(detectDelimiter("a,b,c\n1,2,0\n").name).toBe("comma");
    expect(detectDelimiter("a;b;c\n1,5;2,25;0\n").name).toBe("semicolon"); // decimal commas in the cells
    expect(detectDelimiter("a\tb\tc\n1\t2\t0\n").name).toBe("tab");
    expect(detectDelimiter('"a,1";b;c\n1;2;0\n').name).toBe("semicolon");
    expect(detectDelimiter("single\n1\n2\n").name).toBe("comma");
    // line for line, cell for cell, so that the reader's messages name the file's own lines
    expect(asCommaSeparated('a;b;c\n\n"x;y";2,5;"q""r"\n', ";")).toBe('a,b,c\n\nx;y,"2,5","q""r"\n');
  });

  it("reads semicolon- and tab-separated files to the same data as the comma-separated one", () => {
    const comma = readCsv(`x1,x2,y\n${rows(40, ",")}\n`, "d.csv", DEFAULT_SPEC);
    for (const sep of [";", "\t"]) {
      const other = readCsv(`x1${sep}x2${sep}y\n${rows(40, sep)}\n`, "d.csv", DEFAULT_SPEC);
      expect(other.ok && comma.ok).toBe(true);
      if (!other.ok || !comma.ok) return;
      expect(other.csv.text).toBe(comma.csv.text);
      expect(other.message).toContain(sep === ";" ? "semicolon-separated" : "tab-separated");
    }
  });

  it("refuses a bad row with the line and column, and offers onInvalidRow drop, which the spec then carries", () => {
    const text = `x1,x2,y\n${rows(30, ",", 4)}\n`;
    const refused = readCsv(text, "r.csv", DEFAULT_SPEC);
    expect(refused).toEqual({ ok: false, canDrop: true, message: 'Could not use r.csv: r.csv:6:1: column "x1" must be a number; received "oops"' });
    const dropped = readCsv(text, "r.csv", DEFAULT_SPEC, { drop: true });
    expect(dropped.ok).toBe(true);
    if (!dropped.ok) return;
    expect(dropped.spec.data).toEqual({ source: "r.csv", onInvalidRow: "drop" });
    expect(dropped.message).toContain("29 examples; 1 invalid row skipped");
    expect(readCsv('a,b\n1,"2\n', "q.csv", DEFAULT_SPEC)).toMatchObject({ ok: false, canDrop: false });
  });
});
