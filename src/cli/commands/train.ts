import { diagnosisLines } from "../../diagnose/doctor/describe.js";
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
    ];
    if (diverged(result.history.stop.reason)) lines.push(result.history.stop.message?.replace(/^fit: /, "").split("\n")[0]!.replace(/ Measured at the stop:$/, "") ?? "");
    // The doctor's first cause leads: the table and the rest are its supporting figures.
    lines.push("", ...diagnosisLines(result.diagnosis), "");
    lines.push(
      formatTable(
        ["set", "cost", "accuracy"],
        rows.filter(([, e]) => e).map(([name, e]) => [name, e!.loss, percent(e!.accuracy)]),
      ),
      "",
    );
    if (result.history.earlyStopping) {
      const es = result.history.earlyStopping;
      lines.push(`Early stopping: best ${es.monitor} ${es.bestValue.toFixed(4)} at epoch ${es.bestEpoch}${es.stoppedEpoch !== null ? `, stopped at epoch ${es.stoppedEpoch}` : ""}; best weights kept.`);
    }
    if (result.biasVariance && !diverged(result.history.stop.reason)) lines.push(`Bias/variance: avoidable bias ${percent(result.biasVariance.avoidableBias)}, variance ${percent(result.biasVariance.variance)} (${result.biasVariance.verdict}).`);
    for (const f of result.findings) lines.push(`Gradient flow: ${f.message}.`);
    if (result.dropoutCheck) lines.push(`Dropout check: ${result.dropoutCheck.message}.`);
    for (const w of result.history.warnings) lines.push(`Warning: ${w}`);
    lines.push("", `Saved: ${dir}`, `Report: ${reportPath}`);
    return lines.join("\n");
  });
  if (result.interrupted) return EXIT.interrupted;
  return diverged(result.history.stop.reason) ? EXIT.diverged : EXIT.ok;
}

const diverged = (reason: string) => reason === "nonFiniteCost" || reason === "diverged";
