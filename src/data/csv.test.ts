import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCsv } from "../node/load-csv.js";
import { parseCsv } from "./csv.js";
import { parseNumber } from "./csv-table.js";
import { featureWarnings } from "./feature-checks.js";

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

  it("keeps text labels as written: '007' and '7' are two classes, '1.50' is not shown as 1.5 (they were merged through numbers)", () => {
    const { data } = parseCsv("a,y\n1,007\n2,7\n3,abc\n4,1.50\n5,7\n");
    expect(data.classes).toEqual(["007", "1.50", "7", "abc"]);
    expect(Array.from(data.y.data)).toEqual([0, 2, 3, 1, 2]);
    // numeric labels are still classes by value: "2" and "2.0" one class
    expect(parseCsv("a,y\n1,2\n2,2.0\n3,5\n").data.classes).toEqual([2, 5]);
  });

  it("lists the numeric labels with a leading zero that were read as one class with another spelling ('01' and '1'), and not '2' beside '2.0'", () => {
    const { data } = parseCsv("a,y\n1,01\n2,1\n3,02\n4,2.0\n5,3\n6,1\n7,2\n8,3.0\n");
    expect(data.classes).toEqual([1, 2, 3]); // still one class per number
    expect(data.mergedLabels).toEqual([
      { value: 1, spellings: ["01", "1"] },
      { value: 2, spellings: ["02", "2.0", "2"] },
    ]);
    expect(featureWarnings(data).filter((w) => w.startsWith("label"))).toEqual([
      'label "y": "01" and "1" were read as one class, 1, since the labels are numbers; if they are different codes, write each with a letter (such as "c01") so that they are read as text, each spelling a class',
      'label "y": "02", "2.0" and "2" were read as one class, 2, since the labels are numbers; if they are different codes, write each with a letter (such as "c02") so that they are read as text, each spelling a class',
    ]);
    // padded codes alone are no merge (1, 2, 10 as read), and neither is "3" beside "3.0"
    expect(parseCsv("a,y\n1,01\n2,02\n3,10\n4,01\n").data.mergedLabels).toBeUndefined();
    expect(parseCsv("a,y\n1,3\n2,3.0\n3,4\n").data.mergedLabels).toBeUndefined();
    // text labels keep each spelling a class: nothing merged
    expect(parseCsv("a,y\n1,01\n2,1\n3,x\n").data.mergedLabels).toBeUndefined();
  });

  it("refuses a numeric target with a few text cells under task auto, naming them (80 prices and an NA made 81 classes)", () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i},${(100 + i * 1.25).toFixed(2)}`);
    rows.splice(41, 0, "41.5,NA");
    const text = `a,price\n${rows.join("\n")}\n`;
    expect(() => parseCsv(text)).toThrow(
      /^csv: expected label "price" to be numbers \(a regression target\) or classes; received numbers in 80 rows and text in 1 \("NA" on line 43\), which would make each number a class of its own: missing values\? Set data\.task to "regression"/,
    );
    // asked for: a regression dropping the row, or every value a class
    expect(parseCsv(text, { task: "regression", onInvalidRow: "drop" }).data.x.rows).toBe(80);
    expect(parseCsv(text, { task: "classification" }).data.classes).toHaveLength(81);
    // a few whole-number classes with a text one stay classes (they were before)
    expect(parseCsv("a,y\n1,1\n2,2\n3,other\n4,1\n").data.classes).toEqual(["1", "2", "other"]);
  });

  it("refuses an unnamed feature column (pandas' index) and a feature named twice, each in one line", () => {
    const text = ",a,b,y\n0,1,2,c\n1,2,3,d\n";
    expect(() => parseCsv(text)).toThrow(/^csv:1: expected a name for every feature column in the header; received none for column 1 \(an index written by pandas\?\)/);
    expect(parseCsv(text, { features: ["a", "b"] }).data.featureNames).toEqual(["a", "b"]);
    expect(() => parseCsv(text, { features: ["a", "a"] })).toThrow(/^csv: expected each feature column once; received "a" more than once in data\.features$/);
  });

  it("a column of words in the first row is told how to leave it out, not only to drop rows", () => {
    // "pass onInvalidRow: drop" alone dropped every row of a colour column: "received none (50 dropped)"
    expect(() => parseCsv("x,color,y\n1,red,0\n2,blue,1\n")).toThrow(
      'csv:2:2: column "color" must be a number; received "red"; a column of text, such as a category, is not a feature as it is: name the numeric columns in data.features, or encode it as numbers (pass onInvalidRow: "drop" to skip such rows)',
    );
    // a stray word further down is a bad row: the drop advice alone
    expect(() => parseCsv("x,color,y\n1,2,0\n2,blue,1\n")).toThrow('csv:3:2: column "color" must be a number; received "blue" (pass onInvalidRow: "drop" to skip such rows)');
  });

  it("reads a file with a delimiter at the end of every line as if it had none", () => {
    // the empty name after the header's last delimiter became the label column: 'label "" is missing'
    const { data } = parseCsv("x1,x2,label,\n0.5,1,cat,\n-1,2.5,dog,\n3,0,cat,\n");
    expect(data).toEqual(parseCsv(good).data);
    expect(() => parseCsv("x1,x2,label,\n0.5,1,cat,7\n")).toThrow("csv:2: expected 3 columns (like the header); received 4");
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

describe("column names", () => {
  it("a header that names a column twice is refused, with the name and both positions", () => {
    expect(() => parseCsv("x1,x1,y\n1,2,0\n", { source: "data.csv" })).toThrow(
      'data.csv:1: column "x1" appears twice (columns 1 and 2); each column must have its own name',
    );
    expect(() => parseCsv("x1,y,y\n1,2,0\n", { source: "data.csv" })).toThrow('data.csv:1: column "y" appears twice (columns 2 and 3)');
    // Names are compared trimmed, as they are used; every repeated name is listed.
    expect(() => parseCsv("a, b,a,b ,a,y\n1,2,3,4,5,0\n")).toThrow(
      'csv:1: column "a" appears 3 times (columns 1, 3 and 5); column "b" appears twice (columns 2 and 4)',
    );
    // Even when the repeated column is not selected: a model's feature names must say which column.
    expect(() => parseCsv("x1,x2,x2,y\n1,2,3,0\n", { features: ["x1"] })).toThrow(/column "x2" appears twice/);
  });

  it("a header-less file never has repeated names (c1, c2, ...)", () => {
    expect(parseCsv("1,1,0\n2,2,1\n", { header: false }).data.featureNames).toEqual(["c1", "c2"]);
  });
});

describe("dtype and cell parsing", () => {
  it('dtype "float32" stores x and y as float32 (class indices exact, values rounded once)', () => {
    const { data } = parseCsv(good, { dtype: "float32" });
    expect(data.x.dtype).toBe("float32");
    expect(data.y.dtype).toBe("float32");
    expect(Array.from(data.x.data)).toEqual([0.5, 1, -1, 2.5, 3, 0]);
    expect(Array.from(data.y.data)).toEqual([0, 1, 0]);
    const regression = parseCsv("x,t\n0.1,10.3\n0.2,20.7\n", { task: "regression", dtype: "float32" }).data;
    expect(regression.x.data).toBeInstanceOf(Float32Array);
    expect(Array.from(regression.y.data)).toEqual([Math.fround(10.3), Math.fround(20.7)]);
    expect(parseCsv("a,b\n1,2\n", { label: false, dtype: "float32" }).data.y.dtype).toBe("float32");
    expect(parseCsv(good).data.x.dtype).toBe("float64");
    expect(() => parseCsv(good, { dtype: "int8" as never, source: "d.csv" })).toThrow('d.csv: dtype must be "float32" or "float64"; received "int8"');
  });

  it("parseNumber: numbers as Number() reads them, but not blanks, infinities or 0x/0o/0b literals", () => {
    const ok: Array<[string, number]> = [
      ["3", 3], [" 3 ", 3], ["\t-2.5", -2.5], ["+5", 5], [".5", 0.5], ["-.5", -0.5], ["0", 0], ["-0", -0],
      ["0.25", 0.25], ["00", 0], ["1e3", 1000], ["0e5", 0], ["9007199254740993", 9007199254740992],
    ];
    for (const [cell, value] of ok) expect(parseNumber(cell), cell).toBe(value);
    for (const cell of ["", "  ", "\t"]) expect(parseNumber(cell), JSON.stringify(cell)).toBe("is missing a value");
    for (const cell of ["0x1F", "0X1f", " 0x1F", "0b1", "0o7", "0O7", "Infinity", "-Infinity", "abc", "1,5", "1_000", "-", "."]) {
      expect(parseNumber(cell), cell).toBe(`must be a number; received ${JSON.stringify(cell)}`);
    }
  });

  it("reads the same data whatever the line count says (blank lines, no final newline, CRLF, CR)", () => {
    const expected = parseCsv(good).data;
    for (const text of [
      "x1,x2,label\n\n0.5,1,cat\n\n-1,2.5,dog\n3,0,cat\n\n\n",
      "x1,x2,label\n0.5,1,cat\n-1,2.5,dog\n3,0,cat",
      "x1,x2,label\r\n0.5,1,cat\r\n-1,2.5,dog\r\n3,0,cat\r\n",
      "x1,x2,label\r0.5,1,cat\r-1,2.5,dog\r3,0,cat\r",
      'x1,x2,label\n0.5,1,"c\nat"\n-1,2.5,dog\n3,0,"c\nat"\n',
    ]) {
      const { data } = parseCsv(text);
      expect(data.x.toArray()).toEqual(expected.x.toArray());
      expect(Array.from(data.y.data)).toEqual(Array.from(expected.y.data));
    }
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
    await expect(loadCsv(join(dir, "missing.csv"))).rejects.toThrow(/missing\.csv: no such data file/);
  });

  let scratch: string | undefined;
  const tempDir = async () => (scratch ??= await mkdtemp(join(tmpdir(), "nnlab-csv-")));
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const written = async (name: string, text: string) => {
    const path = join(await tempDir(), name);
    await writeFile(path, text);
    return path;
  };

  it("reads a file that starts with a byte order mark, its header quoted (as spreadsheets and R write it)", async () => {
    // the mark before the first quote made it "malformed CSV: Invalid Opening Quote"
    const text = '\uFEFF"x1","x2","y"\r\n1,2,0\r\n2,3,1\r\n3,1,0\r\n';
    for (const { data } of [parseCsv(text), await loadCsv(await written("bom-quoted.csv", text))]) {
      expect(data.featureNames).toEqual(["x1", "x2"]);
      expect(data.labelName).toBe("y");
      expect(data.x.toArray()).toEqual([[1, 2], [2, 3], [3, 1]]);
    }
  });

  it("refuses a repeated column name, and reads float32 when asked", async () => {
    const dir = await tempDir();
    const twice = join(dir, "data.csv");
    await writeFile(twice, "x1,x1,y\n1,2,0\n");
    await expect(loadCsv(twice)).rejects.toThrow(`${twice}:1: column "x1" appears twice (columns 1 and 2)`);
    const path = join(dir, "pets.csv");
    await writeFile(path, good);
    const { data } = await loadCsv(path, { dtype: "float32" });
    expect(data).toEqual(parseCsv(good, { dtype: "float32" }).data);
    expect(data.x.data).toBeInstanceOf(Float32Array);
  });

  it("reads files whose line count is not their row count as parseCsv does", async () => {
    const dir = await tempDir();
    const texts = [
      "x1,x2,y\n\n1,2,0\n\n3,4,1\n\n",
      "x1,x2,y\n1,2,0\n3,4,1",
      "x1,x2,y\r1,2,0\r3,4,1\r",
      'x1,x2,y\n1,2,"0\n"\n3,4,1\n',
      "x1,x2,y\n1,2,0\n1,oops,1\n3,4,1\n",
    ];
    for (const [i, text] of texts.entries()) {
      const path = join(dir, `${i}.csv`);
      await writeFile(path, text);
      const streamed = await loadCsv(path, { onInvalidRow: "drop", task: "classification" });
      const parsed = parseCsv(text, { onInvalidRow: "drop", task: "classification", source: path });
      expect(streamed, JSON.stringify(text)).toEqual(parsed);
    }
  });

  it("reports progress: at most every 250 ms while loading, and once at the end with every row and byte", async () => {
    const dir = await tempDir();
    const path = join(dir, "big.csv");
    const rows = 100_000;
    const lines = ["a,b,c,d,y"];
    for (let i = 0; i < rows; i++) lines.push(`${i * 0.5},${-i},${i % 7},${i / 3},${i % 2}`);
    const text = lines.join("\n") + "\n";
    await writeFile(path, text);
    const reports: Array<{ rows: number; bytes: number; totalBytes: number; elapsedMs: number }> = [];
    const { summary } = await loadCsv(path, { onProgress: (p) => reports.push(p) });
    expect(summary.kept).toBe(rows);
    const last = reports[reports.length - 1]!;
    expect(last).toMatchObject({ rows, bytes: text.length, totalBytes: text.length });
    for (let i = 1; i < reports.length; i++) {
      const [before, after] = [reports[i - 1]!, reports[i]!];
      if (i < reports.length - 1) expect(after.elapsedMs - before.elapsedMs).toBeGreaterThanOrEqual(249);
      expect(after.rows).toBeGreaterThanOrEqual(before.rows);
      expect(after.bytes).toBeGreaterThanOrEqual(before.bytes);
    }
    for (const p of reports.slice(0, -1)) expect(p.bytes).toBeLessThanOrEqual(p.totalBytes);
    await expect(loadCsv(path, { onProgress: () => { throw new Error("stop here"); } })).rejects.toThrow("stop here");
  });
});

describe("csvTextOfBytes (the page reads a dropped file as nnlab train reads it)", () => {
  it("decodes UTF-8 without its byte-order mark and refuses UTF-16 or binary bytes, naming the line", async () => {
    const { csvTextOfBytes } = await import("./csv-bytes.js");
    expect(csvTextOfBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("a,b\n1,é\n")]), "f.csv")).toBe("a,b\n1,é\n");
    expect(() => csvTextOfBytes(Buffer.from("\ufeffa,b\n", "utf16le"), "u16.csv")).toThrow(/^u16\.csv:1: not a CSV file: a NUL byte at byte 3 /);
    expect(() => csvTextOfBytes(new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0x00]), "bin.csv")).toThrow(/^bin\.csv:3: not a CSV file: a NUL byte at byte 4 /);
  });
});

describe("class labels beyond 2^53 (the export audit, session 16)", () => {
  it("are kept as written: 12345678901234567 and ...568 are two classes, not one read as ...568", () => {
    const rows = ["12345678901234567", "-12345678901234567", "12345678901234568"].flatMap((label, k) => [0, 1, 2].map((i) => `${3 * k + i},${label}`));
    const { data } = parseCsv(`x,id\n${rows.join("\n")}\n`, { source: "ids.csv" });
    expect(data.classes).toEqual(["-12345678901234567", "12345678901234567", "12345678901234568"]);
    expect(Array.from(data.y.data)).toEqual([1, 1, 1, 0, 0, 0, 2, 2, 2]);
    // a regression target stays a number
    expect(parseCsv(`x,y\n${rows.join("\n")}\n`, { source: "ids.csv", task: "regression" }).data.y.data[0]).toBe(12345678901234568);
  });
});

describe("a column given as digits (the improve audit, session 16)", () => {
  it("is its index where no column has that name, and the column of that name where one has", () => {
    const text = "a,b,c,y\n" + Array.from({ length: 8 }, (_, i) => `${i},${i % 3},${i % 2},${(i + 1) % 2}`).join("\n") + "\n";
    expect(parseCsv(text, { source: "t.csv", label: "3" }).data.labelName).toBe("y");
    expect(parseCsv(text, { source: "t.csv", label: "2" }).data.labelName).toBe("c");
    const named = "a,3,y\n" + Array.from({ length: 8 }, (_, i) => `${i},${i % 2},${i % 3}`).join("\n") + "\n";
    expect(parseCsv(named, { source: "n.csv", label: "3" }).data.labelName).toBe("3");
    expect(() => parseCsv(text, { source: "t.csv", label: "9" })).toThrow(/label must name a column .* or give its index 0\.\.3; received "9"/);
  });
});

