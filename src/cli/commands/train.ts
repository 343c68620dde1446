import { type GlobalOptions, EXIT, interruptFlag, output } from "../context.js";
import { progressBar } from "../progress-bar.js";
import { writeReport } from "../report-file.js";
import { runExperiment } from "../run-experiment.js";
import { runReport } from "../run-report-data.js";
import { createRunDir, saveRun } from "../run-store.js";
import { readSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

/** nnlab train <spec.json>: trains the experiment, keeps the run in runs/<id>/, prints the verdict. */
export async function trainCommand(specPath: string, options: GlobalOptions): Promise<number> {
  const spec = await readSpec(specPath);
  const bar = progressBar(spec.name, !options.quiet && !options.json);
  const interrupt = interruptFlag();
  let result;
  try {
    result = await runExperiment(spec, { specPath, onProgress: (p) => bar.update(p), shouldStop: interrupt.requested });
  } finally {
    bar.stop();
    interrupt.dispose();
  }
  const { id, dir } = await createRunDir(options.runs, spec.name);
  const summary = await saveRun(dir, id, result);
  const reportPath = await writeReport(dir, runReport(result, `nnlab run ${id}`));
  output(options, { ...summary, dir, report: reportPath }, () => {
    const rows = [["train", result.train], ["dev", result.dev], ["test", result.test]] as const;
    const lines = [
      `Run ${id}: ${result.modelDescription} on ${result.dataSource}`,
      `Trained ${result.history.length} epochs (${result.history.stop.reason}${result.interrupted ? ", interrupted" : ""}) in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
      "",
      formatTable(
        ["set", "cost", "accuracy"],
        rows.filter(([, e]) => e).map(([name, e]) => [name, e!.loss, percent(e!.accuracy)]),
      ),
      "",
    ];
    if (result.history.earlyStopping) {
      const es = result.history.earlyStopping;
      lines.push(`Early stopping: best ${es.monitor} ${es.bestValue.toFixed(4)} at epoch ${es.bestEpoch}${es.stoppedEpoch !== null ? `, stopped at epoch ${es.stoppedEpoch}` : ""}; best weights kept.`);
    }
    if (result.biasVariance) {
      lines.push(`Diagnosis: ${result.biasVariance.summary}`);
      lines.push(...result.biasVariance.advice.map((a) => `  - ${a}`));
    }
    for (const f of result.findings) lines.push(`Gradient flow: ${f.message} (likely: ${f.cause})`);
    if (result.dropoutCheck) lines.push(`Dropout check: ${result.dropoutCheck.message}.`);
    for (const w of result.history.warnings) lines.push(`Warning: ${w}`);
    if (result.history.stop.reason === "nonFiniteCost") lines.push(result.history.stop.message ?? "");
    lines.push("", `Saved: ${dir}`, `Report: ${reportPath}`);
    return lines.join("\n");
  });
  if (result.interrupted) return EXIT.interrupted;
  return result.history.stop.reason === "nonFiniteCost" ? EXIT.diverged : EXIT.ok;
}
