import { describe, expect, it } from "vitest";
import { classificationMetrics, oneLine } from "../index.js";
import { metricsLines } from "./metrics-text.js";
import { formatNumber, formatTable } from "./table.js";

/** Class labels and column names come from CSV files: a quoted field may hold a newline, a tab, an escape or a bidi override. */
const HOSTILE = ["new\nline", "tab\there", "carriage\rreturn", "bell\u0007\u001b[31mred", "\u202eevil", "sep\u2028arator", "a&b <img src=x>"];

describe("text tables with names a user wrote", () => {
  it("keeps every row on one line, with the control characters shown as escapes", () => {
    const table = formatTable(["class\nname", "count"], HOSTILE.map((label, i) => [label, i]));
    const lines = table.split("\n");
    expect(lines).toHaveLength(2 + HOSTILE.length);
    expect(table).not.toMatch(/[\r\t\u0007\u001b\u2028\u202e]/);
    expect(lines[0]).toMatch(/^class\\nname +count$/);
    // the columns still line up: every row's count starts where the header's does
    expect(new Set(lines.filter((_, i) => i !== 1).map((l) => l.search(/\S+$/)))).toEqual(new Set([lines[0]!.indexOf("count")]));
    expect(lines[2]).toMatch(/^new\\nline +0$/);
    expect(lines[3]).toMatch(/^tab\\there +1$/);
    expect(lines[5]).toMatch(/^bell\\u\{7\}\\u\{1b\}\[31mred +3$/);
    expect(lines[6]).toMatch(/^\\u\{202e\}evil +4$/);
    // Printable text (markup, ampersands, right-to-left letters) is a terminal's to show as it is.
    expect(lines[8]).toMatch(/^a&b <img src=x> +6$/);
    expect(oneLine("שלום é 日本")).toBe("שלום é 日本");
  });

  it("keeps the per-class table, the confusion matrix and the never-predicted line to one line a row", () => {
    const labels = ["new\nline", "plain", "\u202eevil"];
    // true 0,1,2; predicted 0,1,1: the third class is never predicted.
    const lines = metricsLines(classificationMetrics([0, 1, 2], [0, 1, 1], 3, labels), "test").join("\n").split("\n");
    const perClass = lines.slice(1, 1 + 2 + 3 + 2); // header, rule, 3 classes, macro and weighted averages
    expect(perClass.map((l) => l.split(/\s{2,}/)[0])).toEqual(["class", expect.stringMatching(/^-+$/), "new\\nline", "plain", "\\u{202e}evil", "macro avg", "weighted avg"]);
    expect(lines.find((l) => l.startsWith("Never predicted"))).toBe("Never predicted (precision 0/0, shown as 0): \\u{202e}evil.");
    const matrix = lines.slice(lines.indexOf("Confusion matrix (rows true, columns predicted):") + 1);
    expect(matrix).toHaveLength(2 + 3);
    expect(matrix[0]).toMatch(/^true \\ predicted +new\\nline +plain +\\u\{202e\}evil$/);
  });
});

describe("numbers in text tables", () => {
  it("prints whole numbers whole where exact, and larger ones in powers of ten as others (a diverged cost of 3.408e19 printed 20 digits)", () => {
    expect(formatNumber(120)).toBe("120");
    expect(formatNumber(1234567)).toBe("1234567"); // a count of a large data set stays exact
    expect(formatNumber(2 ** 53 + 2)).toBe("9.01e+15");
    expect(formatNumber(3.408e19)).toBe("3.41e+19");
    expect(formatNumber(5.162e47)).toBe("5.16e+47");
    expect(formatNumber(0.61234)).toBe("0.6123");
    expect(formatNumber(2875.6554)).toBe("2875.6554");
  });
});
