import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCsv } from "../node/load-csv.js";
import { parseCsv } from "./csv.js";

const good = "x1,x2,label\n0.5,1,cat\n-1,2.5,dog\n3,0,cat\n";

describe("parseCsv", () => {
  it("reads features and maps string labels to classes, kept in order", () => {
    const { data, summary } = parseCsv(good);
    expect(data.x.toArray()).toEqual([[0.5, 1], [-1, 2.5], [3, 0]]);
    expect(Array.from(data.y.data)).toEqual([0, 1, 0]);
    expect(data.classes).toEqual(["cat", "dog"]);
    expect(data.task).toBe("binary");
    expect(data.featureNames).toEqual(["x1", "x2"]);
    expect(data.labelName).toBe("label");
    expect(summary).toEqual({ rows: 3, kept: 3, dropped: 0, problems: [] });
  });

  it("chooses label and features by name or index; numeric classes sort numerically", () => {
    const text = "id,y,a,b\n1,10,0.1,5\n2,2,0.2,6\n3,2,0.3,7\n4,7,0.4,8\n";
    const byName = parseCsv(text, { label: "y", features: ["b", "a"] }).data;
    expect(byName.featureNames).toEqual(["b", "a"]);
    expect(byName.x.toArray()[0]).toEqual([5, 0.1]);
    expect(byName.classes).toEqual([2, 7, 10]);
    expect(Array.from(byName.y.data)).toEqual([2, 0, 0, 1]);
    expect(byName.task).toBe("multiclass");
    const byIndex = parseCsv(text, { label: 1, features: [2, 3] }).data;
    expect(byIndex.x.toArray()).toEqual(byName.x.toArray().map(([b, a]) => [a, b]));
  });

  it("reads regression targets", () => {
    const { data } = parseCsv("x,price\n1,10.5\n2,20.25\n3,30\n", { task: "regression" });
    expect(data.task).toBe("regression");
    expect(Array.from(data.y.data)).toEqual([10.5, 20.25, 30]);
    expect(parseCsv("x,t\n" + Array.from({ length: 30 }, (_, i) => `${i},${i * 1.5}`).join("\n")).data.task).toBe("regression");
  });

  it("a non-numeric cell: file, line and column", () => {
    expect(() => parseCsv("x1,x2,y\n1,2,0\n3,abc,1\n", { source: "data.csv" })).toThrow(
      'data.csv:3:2: column "x2" must be a number; received "abc" (pass onInvalidRow: "drop" to skip such rows)',
    );
  });

  it("a missing cell and a missing label", () => {
    expect(() => parseCsv("x1,x2,y\n1,,0\n")).toThrow('csv:2:2: column "x2" is missing a value');
    expect(() => parseCsv("x1,x2,y\n1,2, \n")).toThrow('csv:2:3: label "y" is missing');
  });

  it("a wrong column count", () => {
    expect(() => parseCsv("x1,x2,y\n1,2,0\n1,2,3,4\n", { source: "f.csv" })).toThrow("f.csv:3: expected 3 columns (like the header); received 4");
  });

  it("an unclosed quote", () => {
    expect(() => parseCsv('x1,x2,y\n1,2,0\n1,"2,0\n', { source: "q.csv" })).toThrow(/q\.csv:\d+: malformed CSV: Quote Not Closed/);
  });

  it("an unknown label column, an empty file, no valid rows", () => {
    expect(() => parseCsv(good, { label: "species" })).toThrow(
      'csv:1: label must name a column ("x1", "x2", "label") or give its index 0..2; received "species"',
    );
    expect(() => parseCsv("")).toThrow("csv: expected a header and at least one data row; received an empty file");
    expect(() => parseCsv("a,b\nx,1\n", { onInvalidRow: "drop" })).toThrow(/at least one valid data row; received none \(1 dropped\)/);
  });

  it("drops bad rows when asked, and counts them with their line and column", () => {
    const { data, summary } = parseCsv("x1,x2,y\n1,2,0\n1,oops,1\n4,5,1\n6,7\n8,9,0\n", { onInvalidRow: "drop" });
    expect(data.x.rows).toBe(3);
    expect(Array.from(data.ids)).toEqual([0, 1, 2]);
    expect(summary.rows).toBe(5);
    expect(summary.kept).toBe(3);
    expect(summary.dropped).toBe(2);
    expect(summary.problems).toEqual([
      { line: 3, column: 2, message: 'column "x2" must be a number; received "oops"' },
      { line: 5, message: "expected 3 columns (like the header); received 2" },
    ]);
  });

  it("a header-less file, and text that is not a number in disguise", () => {
    const { data } = parseCsv("1,2,0\n3,4,1\n", { header: false });
    expect(data.featureNames).toEqual(["c1", "c2"]);
    expect(() => parseCsv("a,y\n0x1F,1\n")).toThrow(/must be a number; received "0x1F"/);
    expect(() => parseCsv("a,y\nInfinity,1\n")).toThrow(/must be a number; received "Infinity"/);
  });
});

describe("loadCsv (streaming, Node)", () => {
  it("reads a file as parseCsv reads its text, and names the file in errors", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-csv-"));
    const path = join(dir, "pets.csv");
    await writeFile(path, good);
    const streamed = await loadCsv(path);
    expect(streamed.data).toEqual(parseCsv(good).data);
    const bad = join(dir, "bad.csv");
    await writeFile(bad, "x1,x2,y\n1,2,0\n1,2,x,9\n");
    await expect(loadCsv(bad)).rejects.toThrow(`${bad}:3: expected 3 columns (like the header); received 4`);
    const quote = join(dir, "quote.csv");
    await writeFile(quote, 'x1,x2,y\n1,"2,0\n');
    await expect(loadCsv(quote)).rejects.toThrow(/quote\.csv:\d+: malformed CSV/);
    await expect(loadCsv(join(dir, "missing.csv"))).rejects.toThrow(/ENOENT/);
  });
});
