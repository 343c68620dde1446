import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCsv } from "../node/load-csv.js";
import { parseCsv } from "./csv.js";
import { detectCsvDialect } from "./csv-dialect.js";

const dialect = (text: string, delimiter?: string) => {
  const d = detectCsvDialect(text, delimiter);
  return `${d.name}${d.decimalComma ? " decimal-comma" : ""}`;
};

describe("detectCsvDialect", () => {
  it("finds comma, semicolon or tab from the first lines, quotes respected", () => {
    expect(dialect("a,b,c\n1.5,2,0\n")).toBe("comma");
    expect(dialect("a;b;c\n1.5;2;0\n")).toBe("semicolon");
    expect(dialect("a\tb\tc\n1\t2\t0\n")).toBe("tab");
    expect(dialect('"a,1";b;c\n1;2;0\n')).toBe("semicolon");
    expect(dialect('a;"b;c"\n1;"2;0"\n')).toBe("semicolon");
    // a comma file whose text cells hold semicolons: comma splits every line the same way
    expect(dialect("name,note,y\nA,x;y;z,0\nB,plain,1\n")).toBe("comma");
    // no separator at all (one column), or nothing: comma
    expect(dialect("single\n1\n2\n")).toBe("comma");
    expect(dialect("")).toBe("comma");
    // ragged first lines: the separator most frequent in the header
    expect(dialect("a;b;c\n1;2\n")).toBe("semicolon");
  });

  it("reads what review found misread: lines ended by \\r alone, a headerless semicolon file, one comma cell beside decimal points", () => {
    // old Mac line ends: the separator and the decimal commas are found, and the file reads
    expect(dialect("x1;x2;y\r1,5;2,5;0\r0,5;1;1\r")).toBe("semicolon decimal-comma");
    expect(parseCsv("x1;x2;y\r1,5;2,5;0\r0,5;1;1\r", { label: "y" }).data.x.data).toEqual(new Float64Array([1.5, 2.5, 0.5, 1]));
    // no header, every line with as many commas as semicolons: the commas are decimal marks
    expect(dialect("0,5;1,25;0\n0,75;2,5;1\n1,5;0,25;0\n")).toBe("semicolon decimal-comma");
    // a "1,2" in a text column beside numbers with decimal points: points stay points
    expect(dialect("x1;x2;tags;y\n0.5;1.2;1,2;0\n0.7;1.1;3;1\n")).toBe("semicolon");
    const mixed = parseCsv("x1;x2;tags;y\n0.5;1.2;1,2;0\n0.7;1.1;3;1\n", { label: "y", features: ["x1", "x2"] });
    expect(Array.from(mixed.data.x.data)).toEqual([0.5, 1.2, 0.7, 1.1]);
  });

  it("finds decimal commas only in a file not separated by commas, anywhere in its first 200 rows", () => {
    expect(dialect("x1;x2;y\n1,5;2;0\n")).toBe("semicolon decimal-comma");
    expect(dialect("x1\tx2\ty\n1\t-0,25\t0\n")).toBe("tab decimal-comma");
    expect(dialect('x1;x2;y\n"1,5";2;0\n')).toBe("semicolon"); // a quoted cell is text, not sniffed
    expect(dialect(`x;y\n${"1;0\n".repeat(150)}2,5;1\n`)).toBe("semicolon decimal-comma");
    expect(dialect(`x;y\n${"1;0\n".repeat(250)}2,5;1\n`)).toBe("semicolon");
    // a header with a comma in a name is not a number
    expect(dialect("a,b;y\n1;0\n")).toBe("semicolon");
  });

  it("takes a given separator as it is, and still finds its decimal mark", () => {
    expect(dialect("a,b;c\n1,5;2\n", ";")).toBe("semicolon decimal-comma");
    expect(dialect("a;b\n1;2\n", ",")).toBe("comma");
    expect(detectCsvDialect("a|b\n1|2\n", "|")).toEqual({ delimiter: "|", name: '"|"', decimalComma: false });
  });
});

describe("parseCsv with the dialect found", () => {
  const comma = parseCsv("x1,x2,y\n1.5,-2,0\n0.25,3e-1,1\n4,5,1\n", { source: "c.csv" });

  it("reads a semicolon file with decimal commas, and a tab file, to the comma file's numbers", () => {
    for (const text of ["x1;x2;y\n1,5;-2;0\n0,25;3e-1;1\n4;5;1\n", "x1\tx2\ty\n1.5\t-2\t0\n0.25\t3e-1\t1\n4\t5\t1\n", "x1;x2;y\r\n1.5;-2;0\r\n0.25;3e-1;1\r\n4;5;1\r\n"]) {
      const other = parseCsv(text, { source: "c.csv" });
      expect(other.data).toEqual(comma.data);
    }
  });

  it("reads decimal commas in a regression label too", () => {
    const { data } = parseCsv(`x;price\n${Array.from({ length: 30 }, (_, i) => `${i};${i},5`).join("\n")}\n`, { task: "regression" });
    expect(Array.from(data.y.data.slice(0, 3))).toEqual([0.5, 1.5, 2.5]);
  });

  it("refuses a decimal point in a decimal-comma file, and a decimal comma the first rows did not announce, naming line and column", () => {
    // decimal commas in the first 200 rows, then a decimal point ("1.234" may mean 1234 there)
    const eu = `x1;x2;y\n${"1,5;2;0\n".repeat(200)}1.234;2;1\n`;
    expect(() => parseCsv(eu, { source: "eu.csv" })).toThrow(
      'eu.csv:202:1: column "x1" must be a number written with a decimal comma, as in the file\'s first rows; received "1.234"',
    );
    // both marks in the first rows: decimal points are kept, and the comma is named where it stands
    expect(() => parseCsv("x1;x2;y\n1,5;2;0\n1.234;2;1\n", { source: "both.csv" })).toThrow(
      'both.csv:2:1: column "x1" must be a number; received "1,5" (a decimal comma, where the file\'s first rows were read as writing decimal points: they decide the decimal mark)',
    );
    const late = `x;y\n${"1;0\n".repeat(250)}2,5;1\n`;
    expect(() => parseCsv(late, { source: "late.csv" })).toThrow(
      'late.csv:252:1: column "x" must be a number; received "2,5" (a decimal comma, where the file\'s first rows were read as writing decimal points: they decide the decimal mark)',
    );
    // an explicit decimalComma reads it
    expect(parseCsv(late, { decimalComma: true }).data.x.data[250]).toBe(2.5);
  });

  it("obeys a given delimiter: a semicolon file read as comma-separated is one column (what every file got before)", () => {
    expect(() => parseCsv("x1;x2;y\n1;2;0\n3;4;1\n", { delimiter: ",", source: "s.csv" })).toThrow("s.csv:1: expected at least 2 columns (features and a label); received 1");
    expect(parseCsv("x1;x2;y\n1;2;0\n3;4;1\n", { delimiter: "auto" }).data.x.cols).toBe(2);
  });
});

describe("loadCsv (streaming) with the dialect found", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "nnlab-dialect-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads a semicolon file with decimal commas as parseCsv does, from its first 64 KiB", async () => {
    // rows past the first 64 KiB, so the sample is a cut of the file
    const rows = Array.from({ length: 6000 }, (_, i) => `${(i / 8).toFixed(3).replace(".", ",")};${i % 7};${i % 2}`);
    const text = `x1;x2;y\n${rows.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(64 * 1024);
    const path = join(dir, "eu.csv");
    await writeFile(path, text);
    const streamed = await loadCsv(path);
    expect(streamed.data.x.rows).toBe(6000);
    expect(streamed.data.x.data[2 * 5999]).toBe(749.875);
    expect(streamed.data).toEqual(parseCsv(text, { source: path }).data);
  });
});
