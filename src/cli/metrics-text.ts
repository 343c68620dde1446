/** The metrics of a set as terminal lines: per-class table and confusion matrix, or MSE, MAE and R^2. */
import { type Metrics, oneLine, percent } from "../index.js";
import { formatTable } from "./table.js";

/** Confusion matrices wider than this many classes are left to the report (they would not fit a terminal). */
const MAX_CONFUSION_CLASSES = 12;

/**
 * A run's metrics as `nnlab train` prints them under its table: MSE, MAE and R^2 of every set for a
 * regression, else the per-class table and confusion matrix of the set that judges the model (test, else
 * dev, else train).
 */
export function runMetricsLines(metrics: { train: Metrics; dev?: Metrics | null; test?: Metrics | null }): string[] {
  if (metrics.train.task === "regression") {
    return ([["train set", metrics.train], ["dev set", metrics.dev], ["test set", metrics.test]] as const).flatMap(([name, m]) => (m ? metricsLines(m, name) : []));
  }
  const [setName, setMetrics] = metrics.test ? ["test set", metrics.test] : metrics.dev ? ["dev set", metrics.dev] : ["train set", metrics.train];
  return metricsLines(setMetrics, setName);
}

/** The lines of one set's metrics (setName: "test", "dev", or a file name). */
export function metricsLines(metrics: Metrics, setName: string): string[] {
  if (metrics.task === "regression") {
    const g = (v: number) => (Number.isFinite(v) ? String(+v.toPrecision(4)) : String(v));
    return [`Regression, ${setName} (${metrics.examples} examples): MSE ${g(metrics.mse)}, MAE ${g(metrics.mae)}, R^2 ${Number.isNaN(metrics.r2) ? "- (undefined for one example)" : g(metrics.r2)}`];
  }
  const m = metrics;
  const lines = [
    `Per class, ${setName} (${m.examples} examples): accuracy ${percent(m.accuracy)}, macro F1 ${fmt(m.macro.f1)}, weighted F1 ${fmt(m.weighted.f1)}`,
    formatTable(
      ["class", "precision", "recall", "F1", "support"],
      [
        ...m.classes.map((c) => [String(c.label), fmt(c.precision), fmt(c.recall), fmt(c.f1), c.support]),
        ["macro avg", fmt(m.macro.precision), fmt(m.macro.recall), fmt(m.macro.f1), m.examples],
        ["weighted avg", fmt(m.weighted.precision), fmt(m.weighted.recall), fmt(m.weighted.f1), m.examples],
      ],
    ),
  ];
  if (m.undefinedPrecision.length) lines.push(`Never predicted (precision 0/0, shown as 0): ${oneLine(m.undefinedPrecision.join(", "))}.`);
  if (m.undefinedRecall.length) lines.push(`No example in this set (recall 0/0, shown as 0): ${oneLine(m.undefinedRecall.join(", "))}.`);
  const k = m.confusion.length;
  if (k <= MAX_CONFUSION_CLASSES) {
    lines.push(
      "Confusion matrix (rows true, columns predicted):",
      formatTable(
        ["true \\ predicted", ...m.classes.map((c) => String(c.label))],
        m.confusion.map((row, t) => [String(m.classes[t]!.label), ...row]),
      ),
    );
  } else {
    lines.push(`Confusion matrix: ${k} classes, in the report.`);
  }
  return lines;
}

/** Three decimals: enough to compare runs, short enough for a table. */
function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : String(v);
}
