/**
 * Property tests of the CSV reader (issue 11, "nothing lost, every error clear"): whatever the text,
 * parseCsv returns a dataset of finite numbers or throws an NnlabError whose message is one line; no
 * other exception escapes. Fixed seeds: a failure reproduces exactly; fast-check prints the
 * counterexample and the seed/path to replay it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CsvOptions } from "../../src/data/csv-table.js";
import { parseCsv } from "../../src/data/csv.js";
import { NnlabError } from "../../src/errors.js";

/** The property itself: a result with only finite numbers, or a clear NnlabError. */
function readsOrFailsClearly(text: string, options: CsvOptions = {}): void {
  let result;
  try {
    result = parseCsv(text, { source: "fuzz.csv", ...options });
  } catch (error) {
    expect(error).toBeInstanceOf(NnlabError);
    const message = (error as Error).message;
    expect(message.length).toBeGreaterThan(0);
    expect(message).not.toMatch(/[\r\n]/);
    return;
  }
  const { x, y } = result.data;
  expect(x.rows).toBeGreaterThan(0);
  expect(x.rows).toBe(result.summary.kept);
  for (const v of x.data) expect(Number.isFinite(v)).toBe(true);
  for (const v of y.data) expect(Number.isFinite(v)).toBe(true);
}

/** Characters that matter to CSV, so random strings hit quotes, separators and line ends often. */
const csvChar = fc.constantFrom(",", ",", '"', "\n", "\r", "\r\n", " ", "\t", ";", "a", "x", "1", "0", "-", ".", "e", "+", "N", "\u0000", "\uFEFF", "é");

const cell = fc.oneof(
  fc.double().map(String), // includes NaN, Infinity, -0, 5e-324
  fc.integer().map(String),
  fc.constantFrom("", " ", "NaN", "Infinity", "-Infinity", "1e999", "0x10", "0b1", "1_000", "  3  ", "null", "true", "yes"),
  // A closing quote followed by something other than a separator: csv-parse's own errors.
  fc.constantFrom('"closed"x', '"closed"\r', '"closed" ', 'a"b'),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: csvChar, maxLength: 6 }),
);

/** A field as a CSV writer might (or might wrongly) put it: bare, quoted, quoted with its quotes doubled. */
const field = fc.tuple(cell, fc.constantFrom("bare", "quoted", "escaped", "escaped")).map(([value, style]) =>
  style === "bare" ? value : style === "quoted" ? `"${value}"` : `"${value.replace(/"/g, '""')}"`,
);

const header = fc.oneof(
  fc.constantFrom("x1", "x2", "x1", "y", "label", "", " x ", '"a,b"', '"q""uote"', "NaN", "0", '"x\r1"', '"x\n2"'),
  fc.string({ maxLength: 4 }),
);

/** Near-CSV text: a header (duplicates allowed), rows of mixed cells, ragged lengths, any line ends. */
const nearCsv = fc
  .record({
    headers: fc.array(header, { minLength: 1, maxLength: 5 }),
    rows: fc.array(fc.array(field, { minLength: 0, maxLength: 6 }), { maxLength: 8 }),
    newline: fc.constantFrom("\n", "\r\n", "\r"),
    trailing: fc.boolean(),
  })
  .map(({ headers, rows, newline, trailing }) => [headers.join(","), ...rows.map((r) => r.join(","))].join(newline) + (trailing ? newline : ""));

/** Well-quoted CSV (every field quoted, quotes doubled): csv-parse accepts it, so only nnlab's own checks speak. */
const quotedCsv = fc
  .record({
    headers: fc.array(fc.oneof(header, fc.string({ unit: csvChar, maxLength: 4 })), { minLength: 2, maxLength: 4 }),
    rows: fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ headers, rows }) => [headers, ...rows].map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\n"));

/** Well-formed numeric CSV text, so the properties also see files that load. */
const numericCsv = fc
  .record({ columns: fc.integer({ min: 2, max: 4 }), rows: fc.integer({ min: 1, max: 6 }), values: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 24, maxLength: 24 }) })
  .map(({ columns, rows, values }) => {
    const names = Array.from({ length: columns }, (_, j) => (j === columns - 1 ? "y" : `x${j + 1}`));
    const lines = Array.from({ length: rows }, (_, i) => names.map((_, j) => values[(i * columns + j) % values.length]).join(","));
    return [names.join(","), ...lines].join("\n");
  });

const options: fc.Arbitrary<CsvOptions> = fc.record(
  {
    label: fc.oneof(fc.constant(false as const), fc.constantFrom("y", "x1", "label", "missing"), fc.integer({ min: -1, max: 6 })),
    features: fc.array(fc.oneof(fc.constantFrom("x1", "x2", "y", "nope"), fc.integer({ min: -1, max: 6 })), { maxLength: 3 }),
    header: fc.boolean(),
    delimiter: fc.constantFrom(",", ";", "\t"),
    task: fc.constantFrom("auto", "classification", "regression"),
    onInvalidRow: fc.constantFrom("error", "drop"),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<CsvOptions>;

/** Inputs tried, by property (the report's count). */
export const CSV_RUNS = { arbitrary: 400, csvAlphabet: 400, nearCsv: 600, nearCsvWithOptions: 600, quoted: 500, numeric: 200 };

describe("parseCsv never throws anything but a clear NnlabError", () => {
  it("on arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 120 }), (text) => readsOrFailsClearly(text)), { seed: 42, numRuns: CSV_RUNS.arbitrary });
  });

  it("on strings of CSV's own characters", () => {
    fc.assert(fc.property(fc.string({ unit: csvChar, maxLength: 80 }), (text) => readsOrFailsClearly(text)), { seed: 42, numRuns: CSV_RUNS.csvAlphabet });
  });

  it("on near-CSV text (mixed cells, quotes, duplicated headers, ragged rows)", () => {
    fc.assert(fc.property(nearCsv, (text) => readsOrFailsClearly(text)), { seed: 42, numRuns: CSV_RUNS.nearCsv });
  });

  it("on near-CSV text with any reader options", () => {
    fc.assert(fc.property(nearCsv, options, (text, o) => readsOrFailsClearly(text, o)), { seed: 42, numRuns: CSV_RUNS.nearCsvWithOptions });
  });

  it("on well-quoted CSV with any header names and cells (line breaks inside quotes included)", () => {
    fc.assert(fc.property(quotedCsv, fc.constantFrom<CsvOptions>({}, { onInvalidRow: "drop" }, { task: "regression" }), (text, o) => readsOrFailsClearly(text, o)), {
      seed: 42,
      numRuns: CSV_RUNS.quoted,
    });
  });

  it("on numeric CSV text with any reader options", () => {
    fc.assert(fc.property(numericCsv, options, (text, o) => readsOrFailsClearly(text, o)), { seed: 42, numRuns: CSV_RUNS.numeric });
  });
});
