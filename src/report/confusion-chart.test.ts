import { describe, expect, it } from "vitest";
import { classificationMetrics, regressionMetrics } from "../metrics/index.js";
import { confusionMatrixChart } from "./confusion-chart.js";
import { renderReport } from "./render-report.js";

describe("confusionMatrixChart", () => {
  const confusion = [
    [2, 1, 0],
    [0, 2, 1],
    [0, 1, 3],
  ];
  it("draws a cell per pair with its count, the diagonal as correct, labels escaped", () => {
    const svg = confusionMatrixChart(confusion, { labels: ["cat", "dog", "<b>"] })!;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/class="cell correct"/g)).toHaveLength(3);
    expect(svg.match(/class="cell error"/g)).toHaveLength(6);
    // row 2 (true "<b>"), predicted "dog": 1 of 4 = 25%
    expect(svg).toContain("<title>true &lt;b&gt;, predicted dog: 1 (25.0% of the row)</title>");
    expect(svg).not.toContain("<b>");
    const counts = [...svg.matchAll(/<text[^>]*text-anchor="middle" font-size="12"[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(counts).toEqual([2, 1, 0, 0, 2, 1, 0, 1, 3]);
    // a full diagonal cell is the darkest blue; a row's only error is the darkest vermillion
    expect(confusionMatrixChart([[5, 0], [0, 5]])).toContain('fill="rgb(0, 114, 178)"');
    expect(confusionMatrixChart([[0, 4], [0, 5]])).toContain('fill="rgb(213, 94, 0)"');
  });
  it("draws 400 classes (a spread of their cells overflowed the stack from 351), compactly (an audit)", () => {
    const k = 400;
    const confusion = Array.from({ length: k }, (_, t) => Array.from({ length: k }, (_, p) => (p === t ? 20 : p === (t + 1) % k ? 3 : 0)));
    const svg = confusionMatrixChart(confusion)!;
    expect(svg.match(/class="cell correct"/g)).toHaveLength(k);
    expect(svg.match(/class="cell error"/g)).toHaveLength(k); // the non-empty ones; the empty ones are the background
    expect(svg).not.toContain('class="row-labels"'); // labels too small to read: each cell's title names its classes
    expect(svg.length).toBeLessThan(400_000);
  });

  it("refuses a matrix that is not square; an empty one draws nothing", () => {
    expect(() => confusionMatrixChart([[1, 2], [3]])).toThrow(/row 1 of 2 counts/);
    expect(confusionMatrixChart([])).toBeNull();
  });
});

describe("the report's Results section", () => {
  it("a table of the sets, the last set's per-class table and its heat map", () => {
    const test = classificationMetrics([0, 0, 0, 1, 1, 2, 2, 2, 2, 1], [0, 1, 0, 1, 2, 2, 2, 1, 2, 1], 3, ["cat", "dog", "bird"]);
    const html = renderReport({ title: "t", metrics: [{ set: "train", metrics: test }, { set: "test", metrics: test }] });
    expect(html).toContain("<h2>Results</h2>");
    expect(html).toContain("<h3>Per class, test set</h3>");
    expect(html).toContain("Confusion matrix, test set");
    expect(html).toMatch(/<tr><td>dog<\/td><td class="num">0\.5<\/td><td class="num">0\.6667<\/td><td class="num">0\.5714<\/td><td class="num">3<\/td><\/tr>/);
    expect(html).toMatch(/<tr><td>test<\/td><td class="num">10<\/td><td>70\.0%<\/td>/);
  });
  it("regression: MSE, MAE and R^2 per set, no heat map", () => {
    const html = renderReport({ title: "t", metrics: [{ set: "dev", metrics: regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]) }] });
    expect(html).toMatch(/<tr><td>dev<\/td><td class="num">4<\/td><td class="num">0\.375<\/td><td class="num">0\.5<\/td><td class="num">0\.9486<\/td><\/tr>/);
    expect(html).not.toContain("Confusion matrix");
  });
});
