import { describe, expect, it } from "vitest";
import { dataPaths, yTickLabels } from "../../test/support/svg.js";
import { lineChart } from "./line-chart.js";

describe("lineChart", () => {
  const x = [0, 1, 2, 3, 4];

  it("draws one non-empty path per series, a legend, ticks and axis titles", () => {
    const svg = lineChart({ xLabel: "epoch", yLabel: "cost", x, series: [{ name: "train", values: [5, 4, 3, 2, 1] }, { name: "dev", values: [5, 4.5, 4, 4.2, 4.4] }] });
    expect(svg.startsWith("<svg")).toBe(true);
    const paths = dataPaths(svg);
    expect(paths).toHaveLength(2);
    for (const d of paths) expect(d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){4}$/);
    expect(svg).toContain(">train</text>");
    expect(svg).toContain(">epoch</text>");
    expect(svg).toContain(">cost</text>");
    expect(svg).toContain('class="axes"');
  });

  it("breaks the line at missing values instead of drawing through them", () => {
    const svg = lineChart({ xLabel: "x", yLabel: "y", x, series: [{ name: "s", values: [1, 2, NaN, 3, 4] }] });
    const [d] = dataPaths(svg);
    expect(d!.match(/M/g)).toHaveLength(2);
  });

  it("labels vertical markers and escapes every label", () => {
    const svg = lineChart({
      xLabel: "<x>",
      yLabel: "y",
      x,
      series: [{ name: "a & b", values: [1, 2, 3, 4, 5] }],
      markers: [{ x: 2, label: "best epoch 2" }, { x: 2.2, label: "stopped at epoch 2" }],
    });
    expect(svg).toContain(">best epoch 2</text>");
    expect(svg).toContain(">stopped at epoch 2</text>");
    expect(svg).toContain("&lt;x&gt;");
    expect(svg).toContain("a &amp; b");
    expect(svg).not.toContain("<x>");
    // Close markers go on two rows, so their labels do not collide.
    const ys = [...svg.matchAll(/<text x="[\d.]+" y="([\d.]+)"[^>]*>(best|stopped)/g)].map((m) => m[1]);
    expect(new Set(ys).size).toBe(2);
  });

  it("keeps a 30,000-epoch history small by downsampling", () => {
    const long = Array.from({ length: 30_000 }, (_, i) => i);
    const svg = lineChart({ xLabel: "epoch", yLabel: "cost", x: long, series: [{ name: "train", values: long.map((i) => 1 / (1 + i)) }, { name: "dev", values: long.map((i) => 1 / (1 + i) + 0.1) }] });
    expect(dataPaths(svg)).toHaveLength(2);
    expect(svg.length).toBeLessThan(30_000);
  });

  it("log y drops non-positive values; log x with a 0 uses a scale that keeps it", () => {
    const svg = lineChart({ xLabel: "x", yLabel: "y", x, logY: true, series: [{ name: "s", values: [1e-6, 1e-4, 0, 1e-2, 1] }] });
    expect(svg).toContain(">1e-6</text>");
    expect(dataPaths(svg)).toHaveLength(1);
    const swept = lineChart({ xLabel: "lambda", yLabel: "error", x: [0, 0.01, 0.1, 0.7], logX: true, xTicks: [0, 0.01, 0.1, 0.7], series: [{ name: "dev", values: [0.2, 0.1, 0.08, 0.15] }] });
    expect(dataPaths(swept)[0]).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}$/);
    expect(swept).toContain(">0.7</text>");
  });

  it("says so when there is nothing to draw, and rejects mismatched lengths", () => {
    expect(lineChart({ xLabel: "x", yLabel: "y", x: [0, 1], series: [{ name: "s", values: [NaN, NaN] }] })).toContain("no finite values");
    expect(() => lineChart({ xLabel: "x", yLabel: "y", x, series: [{ name: "s", values: [1, 2] }] })).toThrow(
      'lineChart: series "s" to have one value per x (5); received 2 values',
    );
  });
});

describe("lineChart: yDomain", () => {
  const x = [0, 1, 2];

  it("gives charts to compare one y scale: the axis covers yDomain whatever each chart's data", () => {
    const low = lineChart({ xLabel: "epoch", yLabel: "cost", x, series: [{ name: "train", values: [0.3, 0.2, 0.1] }], yDomain: [0.1, 0.7] });
    const high = lineChart({ xLabel: "epoch", yLabel: "cost", x, series: [{ name: "train", values: [0.7, 0.6, 0.5] }], yDomain: [0.1, 0.7] });
    expect(yTickLabels(low)).toEqual(yTickLabels(high));
    expect(yTickLabels(low)).toEqual(["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"]);
    // Without it, each chart fits its own data.
    expect(yTickLabels(lineChart({ xLabel: "epoch", yLabel: "cost", x, series: [{ name: "train", values: [0.3, 0.2, 0.1] }] }))).not.toEqual(yTickLabels(low));
  });

  it("still includes data outside yDomain, and refuses a reversed or non-finite one", () => {
    const svg = lineChart({ xLabel: "x", yLabel: "y", x, series: [{ name: "s", values: [0, 5, 10] }], yDomain: [2, 3] });
    const ticks = yTickLabels(svg).map(Number);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(0);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(10);
    expect(() => lineChart({ xLabel: "x", yLabel: "y", x, series: [{ name: "s", values: [1, 2, 3] }], yDomain: [3, 2] })).toThrow(
      "lineChart: yDomain [lo, hi] of finite numbers with lo <= hi; received an array of length 2",
    );
  });
});
