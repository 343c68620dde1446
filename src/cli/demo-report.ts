import { boundaryOf, CAPTIONS, type CurveChart, type ExperimentResult, type RunReport } from "../index.js";
import { formatTable, percent } from "./table.js";

/** One of the demo's models: its label ("L2, lambda = 0.7"), its run id and what training it gave. */
export interface DemoRun {
  label: string;
  id: string;
  result: ExperimentResult;
}

/** The doctor's first cause, or "healthy". */
export const firstCause = (r: ExperimentResult): string => (r.diagnosis.healthy ? "healthy" : r.diagnosis.causes[0]!.id);

export const DEMO_HEADER = ["model", "train acc", "dev acc", "train cost", "dev cost", "diagnosis"];

export function demoRows(runs: DemoRun[]): Array<Array<string | number>> {
  return runs.map(({ label, result: r }) => [label, percent(r.train.accuracy), percent(r.dev?.accuracy), r.train.loss, r.dev?.loss ?? NaN, firstCause(r)]);
}

/** The model with the best dev accuracy (the first of equals), whose decision boundary the report shows. */
export function bestDemoRun(runs: DemoRun[]): DemoRun | undefined {
  return runs.reduce<DemoRun | undefined>((best, r) => (!best || (r.result.dev?.accuracy ?? 0) > (best.result.dev?.accuracy ?? 0) ? r : best), undefined);
}

/** The train series the notes' dropout check wants: the whole network's cost, dropout off, when there is one. */
function trainCost(r: ExperimentResult): { name: string; values: number[] } {
  const full = r.history.get("fullLoss");
  return full.length ? { name: "train cost (dropout off)", values: full } : { name: "train cost", values: r.history.get("loss") };
}

/**
 * The per-epoch cost of each model, train against dev, all on one y range: the point of the demo is to
 * compare them, and three charts each scaled to its own data would make a small gap look as large as a
 * big one.
 */
export function demoCostCharts(runs: DemoRun[]): CurveChart[] {
  const series = runs.map(({ result: r }) => [trainCost(r), { name: "dev cost", values: r.history.get("valLoss") }]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series.flat()) {
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const yDomain: [number, number] | undefined = lo <= hi ? [lo, hi] : undefined;
  return runs.map(({ label, result: r }, i) => ({
    title: `Cost per epoch: ${label}`,
    xLabel: "epoch",
    yLabel: "cost",
    kind: "cost",
    x: r.history.epochs,
    series: series[i]!,
    yDomain,
    caption:
      `${CAPTIONS.cost} The ${runs.length} cost plots share one y scale, so their heights compare directly.` +
      (r.history.get("fullLoss").length ? " With dropout, the train curve is the whole network's cost with dropout off (the well-defined J)." : ""),
  }));
}

/**
 * The demo's comparison report: the table of the models side by side, their cost curves on one scale, the
 * decision boundary of the best one (named), and the doctor's diagnosis of that one.
 */
export function demoReport(runs: DemoRun[], epochs: number): RunReport {
  const best = bestDemoRun(runs);
  const boundary = best ? boundaryOf(best.result.model, best.result.split.train, best.result.split.dev ?? null) : undefined;
  if (boundary && best) boundary.model = `${best.label} (the best dev accuracy, ${percent(best.result.dev?.accuracy)})`;
  return {
    title: "nnlab demo: regularization on the football data",
    createdAt: new Date().toISOString(),
    facts: [
      ["data", runs[0]?.result.dataSource ?? "-"],
      ["network", "2-20-3-1, ReLU, ReLU, sigmoid; full-batch gradient descent, learning rate 0.3"],
      ["epochs", String(epochs)],
      ["runs", runs.map((r) => r.id).join(", ")],
      ...(best ? [["diagnosis and decision boundary of", best.label] as [string, string]] : []),
    ],
    tables: [{ title: "Train and dev, side by side", columns: DEMO_HEADER, rows: demoRows(runs).map((r) => r.map((c) => (typeof c === "number" ? +c.toFixed(4) : c))) }],
    curves: demoCostCharts(runs),
    biasVariance: best?.result.biasVariance ?? undefined,
    diagnosis: best?.result.diagnosis,
    boundary,
    notes: runs.map(({ label, result: r }) => `${label}: ${r.diagnosis.summary}`),
  };
}

/** The demo's text output. */
export function demoText(runs: DemoRun[], epochs: number, reportPath: string, planned = runs.length): string {
  // an interrupted demo says so, and draws no conclusion from the runs it cut short or never trained (an
  // audit helper: "undertrained ... the 179 epochs ran out", and the comparison's sentence without the dropout run)
  const cut = runs.find(({ result }) => result.interrupted);
  const complete = !cut && runs.length === planned;
  return [
    `nnlab demo: the 2-20-3-1 network on the football data, ${epochs} epochs each`,
    ...(complete
      ? []
      : [`Interrupted: ${runs.length} of the ${planned} models trained${cut ? `, ${cut.label} cut short at epoch ${cut.result.history.length} of ${epochs}` : ""}; rerun to compare them all.`]),
    "",
    formatTable(DEMO_HEADER, demoRows(runs)),
    "",
    ...runs.map(({ label, result: r }) => `${label}: ${r.interrupted ? `interrupted at epoch ${r.history.length} of ${epochs}: not diagnosed` : r.diagnosis.summary}`),
    "",
    ...(complete ? [demoConclusion(runs)].filter(Boolean) : []),
    `Report: ${reportPath}`,
  ].join("\n");
}

/** Points of accuracy, to one decimal. */
const points = (v: number) => `${(100 * v).toFixed(1)}`;

/**
 * What the runs showed about regularization, read from their figures: each regularized model's train-dev
 * gap against the unregularized one's, narrower only by more than the dev error's standard error (on 82
 * dev examples, 4 points: dropout's 10.6 against 11.0 is no evidence). The sentence the notes lead to
 * ("trades a little training accuracy for a smaller gap") was printed whatever the figures were: at 300
 * epochs L2's gap (7.4 points) was wider than no regularization's (6.1).
 */
export function demoConclusion(runs: DemoRun[]): string {
  const [plain, ...regularized] = runs;
  const gap = (r: ExperimentResult) => r.train.accuracy! - (r.dev?.accuracy ?? NaN);
  if (!plain || !plain.result.dev || regularized.length === 0 || !Number.isFinite(gap(plain.result))) return "";
  const devError = 1 - plain.result.dev.accuracy!;
  const se = Math.sqrt((devError * (1 - devError)) / plain.result.dev.examples);
  const each = regularized.map(({ label, result }) => ({ label, gap: gap(result), lost: plain.result.train.accuracy! - result.train.accuracy! }));
  const narrower = each.filter((e) => e.gap < gap(plain.result) - se);
  const figures = `${each.map((e) => `${e.label}: gap ${points(e.gap)} points`).join("; ")}; against ${points(gap(plain.result))} without regularization, and a dev standard error of ${points(se)}`;
  if (narrower.length === each.length) {
    const lost = Math.max(...each.map((e) => e.lost));
    return `Regularization ${lost > 0 ? `traded up to ${points(lost)} points of training accuracy for` : "gave"} a smaller train-dev gap: less variance (${figures}).`;
  }
  if (narrower.length === 0) return `Regularization did not narrow the train-dev gap beyond the dev set's noise in these runs (${figures}).`;
  return `Only ${narrower.map((e) => e.label).join(" and ")} narrowed the train-dev gap beyond the dev set's noise in these runs (${figures}).`;
}
