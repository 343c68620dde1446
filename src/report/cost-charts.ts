import { formatNumber } from "./format.js";
import { type ChartMarker, lineChart, type LineChartOptions, type LineSeries } from "./line-chart.js";
import { COLORS } from "./palette.js";
import type { RunReport } from "./run-report.js";

type HistoryValues = NonNullable<RunReport["history"]>;
export type ChartSize = Pick<LineChartOptions, "width" | "height" | "title" | "maxPoints">;

const hasValues = (column: number[] | undefined): column is number[] => !!column && column.some(Number.isFinite);

/** The series of `keys` that the history has, in that order. */
function pick(history: HistoryValues, specs: Array<Omit<LineSeries, "values"> & { key: string }>): LineSeries[] {
  return specs
    .filter((s) => hasValues(history.values[s.key]))
    .map(({ key, ...s }) => ({ ...s, values: history.values[key]! }));
}

/**
 * Where to mark the curves: the early-stopping record's best epoch (or, without one, the dev cost's
 * minimum), and the epoch training stopped at when it stopped before its planned end.
 */
export function costMarkers(report: Pick<RunReport, "history" | "earlyStopping" | "stop">): ChartMarker[] {
  const markers: ChartMarker[] = [];
  const es = report.earlyStopping;
  if (es && es.bestEpoch >= 0) {
    markers.push({ x: es.bestEpoch, label: `best epoch ${es.bestEpoch} (${es.monitor} ${formatNumber(es.bestValue)})`, color: COLORS.best });
  } else if (report.history && hasValues(report.history.values.valLoss)) {
    const dev = report.history.values.valLoss;
    let best = -1;
    dev.forEach((v, i) => {
      if (Number.isFinite(v) && (best < 0 || v < dev[best]!)) best = i;
    });
    const epoch = report.history.epochs[best]!;
    markers.push({ x: epoch, label: `dev cost minimum, epoch ${epoch}`, color: COLORS.best });
  }
  const stopped = es?.stoppedEpoch ?? (report.stop && report.stop.reason !== "completed" ? report.stop.epoch : null);
  if (stopped !== null && stopped !== undefined && stopped >= 0) {
    markers.push({ x: stopped, label: `stopped at epoch ${stopped}`, color: COLORS.marker });
  }
  return markers;
}

/**
 * Train cost against dev cost per epoch (plus the whole-network cost with dropout off, recorded for
 * dropout models), with the best and the stopped epochs marked. Null when the history has no cost.
 */
export function costCurvesChart(report: Pick<RunReport, "history" | "earlyStopping" | "stop">, size: ChartSize = {}): string | null {
  const history = report.history;
  if (!history) return null;
  const series = pick(history, [
    { key: "loss", name: "train cost", color: COLORS.train },
    { key: "fullLoss", name: "train cost, dropout off", color: COLORS.full, dashed: true },
    { key: "valLoss", name: "dev cost", color: COLORS.dev },
  ]);
  if (!series.length) return null;
  return lineChart({
    ...size,
    description: "train and dev cost per epoch",
    xLabel: "epoch",
    yLabel: "cost J",
    x: history.epochs,
    xIntegers: true,
    series,
    markers: costMarkers(report),
  });
}

/** The training cost's two parts: the data loss and the regularization penalty. Null without them. */
export function lossPartsChart(history: HistoryValues | undefined, size: ChartSize = {}): string | null {
  if (!history || !hasValues(history.values.dataLoss)) return null;
  const series = pick(history, [
    { key: "dataLoss", name: "data loss (train)", color: COLORS.train },
    { key: "regularizationLoss", name: "regularization loss", color: COLORS.regularization },
    { key: "valDataLoss", name: "data loss (dev)", color: COLORS.dev, dashed: true },
  ]);
  return lineChart({ ...size, description: "data loss and regularization loss per epoch", xLabel: "epoch", yLabel: "loss", x: history.epochs, xIntegers: true, series });
}

/** Train and dev accuracy per epoch. Null when none was recorded (regression). */
export function accuracyChart(report: Pick<RunReport, "history" | "earlyStopping" | "stop">, size: ChartSize = {}): string | null {
  const history = report.history;
  if (!history) return null;
  const series = pick(history, [
    { key: "accuracy", name: "train accuracy", color: COLORS.train },
    { key: "fullAccuracy", name: "train accuracy, dropout off", color: COLORS.full, dashed: true },
    { key: "valAccuracy", name: "dev accuracy", color: COLORS.dev },
  ]);
  if (!series.length) return null;
  return lineChart({
    ...size,
    description: "train and dev accuracy per epoch",
    xLabel: "epoch",
    yLabel: "accuracy",
    x: history.epochs,
    xIntegers: true,
    series,
    markers: costMarkers(report),
  });
}
