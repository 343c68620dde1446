import { describe, expect, it } from "vitest";
import { dataPaths, xTickLabels, yTickLabels } from "../../test/support/svg.js";
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

  it("log y drops negative values; log x with a 0 uses a scale that keeps it", () => {
    const svg = lineChart({ xLabel: "x", yLabel: "y", x, logY: true, series: [{ name: "s", values: [1e-6, 1e-4, -1, 1e-2, 1] }] });
    expect(svg).toContain(">1e-6</text>");
    expect(dataPaths(svg)).toHaveLength(1);
    expect(dataPaths(svg)[0]!.match(/M/g)).toHaveLength(2);
    const swept = lineChart({ xLabel: "lambda", yLabel: "error", x: [0, 0.01, 0.1, 0.7], logX: true, xTicks: [0, 0.01, 0.1, 0.7], series: [{ name: "dev", values: [0.2, 0.1, 0.08, 0.15] }] });
    expect(dataPaths(swept)[0]).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3}$/);
    expect(swept).toContain(">0.7</text>");
  });

  it("log y draws exact zeros on a labelled 0 baseline and names the series that are 0 throughout", () => {
    // The gradient flow of a zero-initialized tanh network: W1 and W2 get exactly 0, W3 round-off.
    const svg = lineChart({
      xLabel: "epochs trained",
      yLabel: "RMS",
      x,
      logY: true,
      series: [
        { name: "W1 (dense tanh)", values: [0, 0, 0, 0, 0] },
        { name: "W2 (dense tanh)", values: [0, 0, 0, 0, 0] },
        { name: "W3 (dense sigmoid)", values: [0, 2e-37, 4e-37, 6e-37, 8e-37] },
      ],
    });
    const paths = dataPaths(svg);
    expect(paths).toHaveLength(3);
    const labels = yTickLabels(svg);
    expect(labels[0]).toBe("0");
    expect(labels.filter((l) => l === "0")).toHaveLength(1);
    // The zero series lie on the baseline, below every point of W3.
    const ys = (d: string) => [...d.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    const zeroY = ys(paths[0]!);
    expect(new Set(zeroY).size).toBe(1);
    expect(ys(paths[1]!)).toEqual(zeroY);
    expect(Math.max(...ys(paths[2]!))).toBeLessThan(zeroY[0]! - 10);
    // W3's own 0 at epoch 0 is a dot on the baseline; its line does not run from 0 up to the decades.
    expect(paths[2]!.match(/M/g)).toHaveLength(1);
    expect(svg.match(new RegExp(`<circle [^>]*cy="${zeroY[0]}"`, "g"))).toHaveLength(11);
    expect(svg).toContain("exactly 0 at every point: W1 (dense tanh), W2 (dense tanh)");
    // The y axis is broken between the baseline and the lowest decade.
    expect(svg).toContain('class="axis-break"');
    expect(svg).not.toContain("no finite values");
  });

  it("log y with only zeros draws them; with only negatives it says a log scale has no place for them", () => {
    const zeros = lineChart({ xLabel: "x", yLabel: "y", x, logY: true, series: [{ name: "s", values: [0, 0, 0, 0, 0] }] });
    expect(dataPaths(zeros)).toHaveLength(1);
    expect(yTickLabels(zeros)).toEqual(["0"]);
    expect(zeros).not.toContain("no finite values");
    expect(zeros).toContain("exactly 0 at every point: s");
    const negative = lineChart({ xLabel: "x", yLabel: "y", x, logY: true, series: [{ name: "s", values: [-1, -2, -3, -4, -5] }] });
    expect(dataPaths(negative)).toHaveLength(0);
    expect(negative).toContain("no positive values to draw on a log scale");
    expect(negative).not.toContain("no finite values");
  });

  it("xIntegers: an epoch axis has whole-number ticks within the epochs, even for one epoch", () => {
    const ticks = (xs: number[]) =>
      xTickLabels(lineChart({ xLabel: "epoch", yLabel: "cost", x: xs, xIntegers: true, series: [{ name: "train", values: xs.map((e) => 1 / (1 + e)) }] }));
    expect(ticks([0])).toEqual(["0"]);
    expect(ticks([0, 1])).toEqual(["0", "1"]);
    expect(ticks([0, 1, 2, 3, 4])).toEqual(["0", "1", "2", "3", "4"]);
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
