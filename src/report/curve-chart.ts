import { fail } from "../errors.js";
import type { ChartSize } from "./cost-charts.js";
import { lineChart } from "./line-chart.js";
import { COLORS } from "./palette.js";
import type { CurveChart } from "./run-report.js";

/** A CurveChart as a line chart; on log x the ticks sit at the x values. */
export function curveChart(chart: CurveChart, size: ChartSize = {}): string {
  if (!chart || !Array.isArray(chart.series) || !(Array.isArray(chart.x) || chart.series.every((s) => Array.isArray(s?.x)))) {
    fail("curveChart", "a CurveChart { title, xLabel, yLabel, x, series } (x on the chart or on every series)", chart);
  }
  return lineChart({
    ...size,
    height: size.height ?? chart.height,
    description: chart.title,
    xLabel: chart.xLabel,
    yLabel: chart.yLabel,
    logX: chart.logX,
    xTicks: chart.xTicks ?? (chart.logX && chart.x && chart.x.length <= 12 ? chart.x : undefined),
    xIntegers: chart.xIntegers ?? chart.kind === "cost",
    x: chart.x,
    yDomain: chart.yDomain,
    // Train blue and dev vermillion, as in every other chart, whatever order the series come in.
    series: chart.series.map((s) => ({ ...s, color: /\bdev\b|valid/i.test(s.name) ? COLORS.dev : /\btrain/i.test(s.name) ? COLORS.train : undefined })),
    markers: chart.markers,
  });
}
