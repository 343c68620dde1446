import type { BiasVarianceDiagnosis } from "../diagnose/bias-variance.js";
import type { FlowFinding } from "../diagnose/gradient-flow.js";
import { fail } from "../errors.js";
import { decisionBoundaryChart } from "./boundary-chart.js";
import { diagnosisSection } from "./diagnosis-section.js";
import { CAPTIONS } from "./captions.js";
import { accuracyChart, costCurvesChart, lossPartsChart } from "./cost-charts.js";
import { CONFUSION_CAPTION, confusionMatrixChart } from "./confusion-chart.js";
import { misclassifiedSection } from "./misclassified-section.js";
import { curveChart } from "./curve-chart.js";
import { escapeHtml } from "./escape.js";
import { formatNumber, percent } from "./format.js";
import { gradientFlowChart, weightNormChart } from "./flow-charts.js";
import { REPORT_CSS } from "./report-style.js";
import type { RunReport } from "./run-report.js";
import { factsTable, htmlTable } from "./table.js";


/** A sentence on how training ended, from the stop and early-stopping records. */
export function stopSentence(report: Pick<RunReport, "stop" | "earlyStopping" | "history">): string | null {
  const { stop, earlyStopping: es } = report;
  const best = es && es.bestEpoch >= 0 ? `best ${es.monitor} ${formatNumber(es.bestValue)} at epoch ${es.bestEpoch}` : null;
  const restored = es && best ? (es.restoredBest ? "; the model keeps that epoch's weights" : "; the model keeps the last epoch's weights") : "";
  if (!stop) return best ? `Early stopping: ${best}${restored}.` : null;
  const message = stop.message ? ` ${stop.message}` : "";
  switch (stop.reason) {
    case "earlyStopping":
      return `Early stopping ended training at epoch ${stop.epoch}${best ? `: ${best}` : ""}${restored}.${message}`;
    case "nonFiniteCost":
      return `Training stopped at epoch ${stop.epoch}: the cost became NaN or infinite.${message}`;
    case "diverged":
      return `Training stopped at epoch ${stop.epoch}: it diverged.${message}`;
    case "callback":
      return `A callback stopped training at epoch ${stop.epoch}.${message}`;
    default: {
      const epochs = report.history?.epochs.length ?? stop.epoch + 1;
      return `Training ran its full course (${epochs} ${epochs === 1 ? "epoch" : "epochs"})${best ? `; ${best}${restored}` : ""}.${message}`;
    }
  }
}

function verdictSection(d: BiasVarianceDiagnosis): string {
  const good = !d.highBias && !d.highVariance;
  const lead =
    d.focus === "bias"
      ? "Work on bias first (the basic recipe: until the training set is fit well, more data and regularization will not help):"
      : d.focus === "variance"
        ? "Next steps, for variance:"
        : "Next steps:";
  return `<section class="verdict${good ? " good" : ""}" aria-label="bias and variance">
<h2>Diagnosis: ${escapeHtml(d.verdict)}</h2>
<p>${escapeHtml(d.summary)}</p>
<p class="numbers">Avoidable bias ${escapeHtml(percent(d.avoidableBias))} · variance ${escapeHtml(percent(d.variance))}</p>
<p>${escapeHtml(lead)}</p>
<ol>${d.advice.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ol>
</section>`;
}

function findingsSection(findings: FlowFinding[] | undefined, hasFlow: boolean): string {
  if (!findings && !hasFlow) return "";
  const items = findings ?? [];
  const body = items.length
    ? `<ul class="findings">${items
        .map((f) => `<li><span class="kind">${escapeHtml(f.kind)}</span> ${escapeHtml(f.message)}.</li>`)
        .join("")}</ul>`
    : "<p>No vanishing or exploding gradients, dead ReLU units, saturated units or unbroken symmetry were found.</p>";
  const note = items.length ? "<p>What these symptoms point to is the diagnosis's job (above).</p>" : "";
  return `<section><h2>Gradient flow</h2>${body}${note}</section>`;
}

function figure(svg: string | null, title: string, caption: string): string {
  if (!svg) return "";
  return `<figure>${svg}<figcaption><strong>${escapeHtml(title)}.</strong> ${escapeHtml(caption)}</figcaption></figure>`;
}

function specJson(spec: unknown): string {
  try {
    const json = JSON.stringify(spec, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);
    return json ?? String(spec);
  } catch {
    return String(spec);
  }
}

function plots(report: RunReport): string {
  const h = report.history;
  const figures: string[] = [];
  const dropout = !!h?.values.fullLoss?.some(Number.isFinite);
  figures.push(figure(costCurvesChart(report), "Cost: train vs dev", dropout ? `${CAPTIONS.cost} ${CAPTIONS.fullCost}` : CAPTIONS.cost));
  if (report.boundary) {
    const multiclass = report.boundary.classes > 2;
    const title = report.boundary.model ? `Decision boundary: ${report.boundary.model}` : "Decision boundary";
    figures.push(
      figure(decisionBoundaryChart(report.boundary, { id: "report-boundary" }), title, multiclass ? CAPTIONS.boundaryMulticlass : CAPTIONS.boundaryBinary),
    );
  }
  figures.push(figure(accuracyChart(report), "Accuracy", CAPTIONS.accuracy));
  const penalty = h?.values.regularizationLoss?.some((v) => Number.isFinite(v) && v !== 0);
  figures.push(figure(lossPartsChart(h), "Data loss and regularization loss", penalty ? CAPTIONS.lossParts : `${CAPTIONS.lossParts} ${CAPTIONS.noPenalty}`));
  figures.push(figure(gradientFlowChart(report.flow), "Gradient flow per layer", CAPTIONS.gradientFlow));
  figures.push(figure(weightNormChart(report.flow), "Weight norms per layer", CAPTIONS.weightNorm));
  for (const c of report.curves ?? []) {
    // No caption rather than a wrong one: a chart of another kind says how to read it in its own caption.
    figures.push(figure(curveChart(c), c.title, c.caption ?? (c.kind ? CAPTIONS[c.kind] : "")));
  }
  const shown = figures.filter(Boolean);
  return shown.length ? `<section><h2>Plots</h2><div class="figures">\n${shown.join("\n")}\n</div></section>` : "";
}

/**
 * The model's metrics on each set: a table of the sets (accuracy and the averages, or MSE, MAE and R^2),
 * then, for a classifier, the last set's per-class table and its confusion matrix as a heat map.
 */
function metricsSection(entries: RunReport["metrics"]): string {
  if (!entries?.length) return "";
  const wrap = (title: string, columns: string[], rows: Array<Array<string | number>>) =>
    `<div class="table-wrap">${htmlTable({ title, columns, rows })}</div>`;
  const classification = entries.filter((e) => e.metrics.task === "classification");
  const regression = entries.filter((e) => e.metrics.task === "regression");
  const parts: string[] = [];
  if (regression.length) {
    parts.push(
      wrap("regression", ["set", "examples", "MSE", "MAE", "R²"], regression.map(({ set, metrics: m }) =>
        m.task === "regression" ? [set, m.examples, m.mse, m.mae, m.r2] : [set]),
      ),
    );
  }
  if (classification.length) {
    parts.push(
      wrap("sets", ["set", "examples", "accuracy", "macro precision", "macro recall", "macro F1", "weighted F1"], classification.map(({ set, metrics: m }) =>
        m.task === "classification" ? [set, m.examples, percent(m.accuracy), m.macro.precision, m.macro.recall, m.macro.f1, m.weighted.f1] : [set]),
      ),
    );
    const last = classification[classification.length - 1]!;
    const m = last.metrics;
    if (m.task === "classification") {
      const rows: Array<Array<string | number>> = m.classes.map((c) => [String(c.label), c.precision, c.recall, c.f1, c.support]);
      rows.push(["macro average", m.macro.precision, m.macro.recall, m.macro.f1, m.examples]);
      rows.push(["weighted average", m.weighted.precision, m.weighted.recall, m.weighted.f1, m.examples]);
      const zero = [
        ...(m.undefinedPrecision.length ? [`never predicted (precision 0/0, counted as 0): ${m.undefinedPrecision.join(", ")}`] : []),
        ...(m.undefinedRecall.length ? [`absent from the ${last.set} set (recall 0/0, counted as 0): ${m.undefinedRecall.join(", ")}`] : []),
      ];
      parts.push(
        `<h3>Per class, ${escapeHtml(last.set)} set</h3>`,
        wrap("per class", ["class", "precision", "recall", "F1", "support"], rows),
        zero.length ? `<p>${escapeHtml(`Classes ${zero.join("; ")}.`)}</p>` : "",
        `<div class="figures">${figure(confusionMatrixChart(m.confusion, { labels: m.classes.map((c) => c.label) }), `Confusion matrix, ${last.set} set`, CONFUSION_CAPTION)}</div>`,
      );
    }
  }
  return `<section><h2>Results</h2>${parts.join("\n")}</section>`;
}

/**
 * The HTML report of a run: one self-contained file (inline CSS and SVG; no scripts, fonts or network,
 * which its Content-Security-Policy also enforces), in reading order: title, key facts, the doctor's
 * diagnosis (or, without one, the bias/variance verdict with its advice), gradient-flow findings, the plots with captions on how to read them, tables,
 * notes and the spec. Every string from the report is escaped.
 */
export function renderReport(report: RunReport): string {
  if (!report || typeof report !== "object" || typeof report.title !== "string") {
    fail("renderReport", "a RunReport with a title string", report);
  }
  const stop = stopSentence(report);
  const facts = report.facts?.length || stop
    ? `<section><h2>Key facts</h2>${report.facts?.length ? factsTable(report.facts) : ""}${stop ? `<p>${escapeHtml(stop)}</p>` : ""}</section>`
    : "";
  const tables = (report.tables ?? [])
    .map((t) => `<section><h2>${escapeHtml(t.title)}</h2><div class="table-wrap">${htmlTable(t)}</div></section>`)
    .join("\n");
  const notes = report.notes?.length ? `<section><h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul></section>` : "";
  const spec = report.spec !== undefined ? `<section><h2>Spec</h2><pre>${escapeHtml(specJson(report.spec))}</pre></section>` : "";
  const meta = report.createdAt ? `nnlab run report · finished ${escapeHtml(report.createdAt)}` : "nnlab run report";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(report.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header><h1>${escapeHtml(report.title)}</h1><p class="meta">${meta}</p></header>
${facts}
${report.diagnosis ? diagnosisSection(report.diagnosis, report.biasVariance) : report.biasVariance ? verdictSection(report.biasVariance) : ""}
${findingsSection(report.findings, !!report.flow?.length)}
${plots(report)}
${metricsSection(report.metrics)}
${misclassifiedSection(report.misclassified)}
${tables}
${notes}
${spec}
<footer>Written by nnlab. This file needs no network and runs no scripts.</footer>
</main>
</body>
</html>
`;
}
