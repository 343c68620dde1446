/** A CSV handed to the page, read without a browser: its separator found (by the library), bad rows refused or skipped. */
import { describe, expect, it } from "vitest";
import { csvTextLoader } from "../../src/index.js";
import { readCsv } from "../../web/src/csv-input.js";
import { DEFAULT_SPEC } from "../../web/src/page-spec.js";

const rows = (n: number, sep: string, bad = -1) =>
  Array.from({ length: n }, (_, i) => (i === bad ? ["oops", "1", "0"] : [String(i / 10), String((i % 7) / 3), String(i % 2)]).join(sep)).join("\n");

describe("a CSV dropped on the page", () => {
  it("reads semicolon- and tab-separated files (decimal commas too) to the same data as the comma-separated one, as the worker reads them", () => {
    const comma = readCsv(`x1,x2,y\n${rows(40, ",")}\n`, "d.csv", DEFAULT_SPEC);
    expect(comma.ok && comma.message).toMatch(/^Loaded d\.csv: 40 examples/);
    if (!comma.ok) return;
    const expected = csvTextLoader(comma.csv.text, "d.csv")(comma.spec);
    const decimalCommas = `x1;x2;y\n${rows(40, ";").replace(/\./g, ",")}\n`;
    for (const [text, note] of [
      [`x1;x2;y\n${rows(40, ";")}\n`, "(semicolon-separated)"],
      [`x1\tx2\ty\n${rows(40, "\t")}\n`, "(tab-separated)"],
      [decimalCommas, "(semicolon-separated, decimal commas)"],
    ] as const) {
      const other = readCsv(text, "d.csv", DEFAULT_SPEC);
      expect(other.ok && other.message).toContain(`Loaded d.csv ${note}: 40 examples`);
      if (!other.ok) return;
      // the worker is handed the file as it is, and reads it to the same numbers
      expect(other.csv.text).toBe(text);
      const read = csvTextLoader(other.csv.text, "d.csv")(other.spec);
      expect(read).toEqual(expected);
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
