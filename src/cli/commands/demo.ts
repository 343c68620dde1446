import { type GlobalOptions, interruptFlag, output } from "../context.js";
import { progressBar } from "../progress-bar.js";
import { writeReport } from "../report-file.js";
import { type ExperimentResult, runExperiment } from "../run-experiment.js";
import { boundaryOf, runReport } from "../run-report-data.js";
import { createRunDir, saveRun } from "../run-store.js";
import { parseSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

const variants = [
  { name: "demo-none", label: "no regularization", spec: {} },
  { name: "demo-l2", label: "L2, lambda = 0.7", spec: { l2: 0.7 } },
  { name: "demo-dropout", label: "dropout, rate 0.14 (keep_prob 0.86)", spec: { dropout: 0.14 } },
] as const;

/** The doctor's first cause, or "healthy". */
const firstCause = (r: ExperimentResult) => (r.diagnosis.healthy ? "healthy" : r.diagnosis.causes[0]!.id);

/**
 * nnlab demo: the course's regularization exercise on the built-in football data — the 2-20-3-1
 * network without regularization, with L2 and with dropout — side by side, each diagnosed, with a
 * report comparing them.
 */
export async function demoCommand(options: GlobalOptions & { epochs?: string }): Promise<number> {
  const epochs = Number(options.epochs ?? 10_000);
  const interrupt = interruptFlag();
  const results: Array<{ label: string; id: string; dir: string; result: ExperimentResult }> = [];
  try {
    for (const v of variants) {
      if (interrupt.requested()) break;
      // The built-in football data puts 8% of its points on the wrong side of the boundary: the Bayes error.
      const spec = parseSpec({ name: v.name, seed: 3, baselineError: 0.08, data: { source: "football", n: 411 }, training: { epochs }, ...v.spec }, "demo");
      const bar = progressBar(v.label.padEnd(36), !options.quiet && !options.json);
      const result = await runExperiment(spec, { onProgress: (p) => bar.update(p), shouldStop: interrupt.requested });
      bar.stop();
      const { id, dir } = await createRunDir(options.runs, v.name);
      await saveRun(dir, id, result);
      await writeReport(dir, runReport(result, `nnlab run ${id}: ${v.label}`));
      results.push({ label: v.label, id, dir, result });
      if (!options.quiet && !options.json) process.stderr.write(`  ${v.label}: done in ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
    }
  } finally {
    interrupt.dispose();
  }
  const header = ["model", "train acc", "dev acc", "train cost", "dev cost", "diagnosis"];
  const rows = results.map(({ label, result: r }) => [
    label,
    percent(r.train.accuracy),
    percent(r.dev?.accuracy),
    r.train.loss,
    r.dev?.loss ?? NaN,
    firstCause(r),
  ]);
  const best = [...results].sort((a, b) => (b.result.dev?.accuracy ?? 0) - (a.result.dev?.accuracy ?? 0))[0];
  const { id, dir } = await createRunDir(options.runs, "demo");
  const reportPath = await writeReport(dir, {
    title: "nnlab demo: regularization on the football data",
    createdAt: new Date().toISOString(),
    facts: [
      ["data", results[0]?.result.dataSource ?? "-"],
      ["network", "2-20-3-1, ReLU, ReLU, sigmoid; full-batch gradient descent, learning rate 0.3"],
      ["epochs", String(epochs)],
      ["runs", results.map((r) => r.id).join(", ")],
    ],
    tables: [{ title: "Train and dev, side by side", columns: header, rows: rows.map((r) => r.map((c) => (typeof c === "number" ? +c.toFixed(4) : c))) }],
    curves: results.map(({ label, result: r }) => ({
      title: `Cost: ${label}`,
      xLabel: "epoch",
      yLabel: "cost",
      x: r.history.epochs,
      series: [
        { name: "train", values: r.history.get(r.history.get("fullLoss").length ? "fullLoss" : "loss") },
        { name: "dev", values: r.history.get("valLoss") },
      ],
    })),
    biasVariance: best?.result.biasVariance ?? undefined,
    diagnosis: best?.result.diagnosis,
    boundary: best ? boundaryOf(best.result.model, best.result.split.train, best.result.split.dev ?? null) : undefined,
    notes: results.map(({ label, result: r }) => `${label}: ${r.diagnosis.summary}`),
  });
  output(options, { runs: results.map((r) => ({ label: r.label, id: r.id, train: r.result.train, dev: r.result.dev, diagnosis: r.result.diagnosis, biasVariance: r.result.biasVariance })), report: reportPath, id }, () =>
    [
      `nnlab demo: the 2-20-3-1 network on the football data, ${epochs} epochs each`,
      "",
      formatTable(header, rows),
      "",
      ...results.map(({ label, result: r }) => `${label}: ${r.diagnosis.summary}`),
      "",
      "Regularization trades a little training accuracy for a smaller train-dev gap: less variance.",
      `Report: ${reportPath}`,
    ].join("\n"),
  );
  return interrupt.requested() ? 130 : 0;
}
