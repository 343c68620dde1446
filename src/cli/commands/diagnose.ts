import { diagnose, diagnosisLines } from "../../index.js";
import { type GlobalOptions, output } from "../context.js";
import { readSummary, resolveRun } from "../run-store.js";
import { percent } from "../table.js";

/**
 * nnlab diagnose <run>: the doctor's causes for a finished run, diagnosed again from the evidence the run
 * saved (so a run made before a better doctor gets the better answer), with the bias/variance figures
 * and gradient-flow observations beneath.
 */
export async function diagnoseCommand(ref: string, options: GlobalOptions): Promise<number> {
  const dir = await resolveRun(ref, options.runs);
  const run = await readSummary(dir);
  const diagnosis = run.evidence ? diagnose(run.evidence) : (run.diagnosis ?? null);
  output(options, { id: run.id, diagnosis, biasVariance: run.biasVariance, dropoutCheck: run.dropoutCheck, findings: run.findings, warnings: run.warnings, stop: run.stop }, () => {
    const lines = [`Run ${run.id}: ${run.model} on ${run.dataSource}`, ""];
    if (diagnosis) lines.push(...diagnosisLines(diagnosis), "");
    else lines.push("Diagnosis: not available (this run was saved before nnlab measured evidence for the doctor; train it again)", "");
    const bv = run.biasVariance;
    if (bv) {
      lines.push(`Bias/variance figures: train error ${percent(run.train.accuracy === undefined ? undefined : 1 - run.train.accuracy)}, dev error ${percent(1 - ((run.dev ?? run.test).accuracy ?? NaN))}: avoidable bias ${percent(bv.avoidableBias)}, variance ${percent(bv.variance)}`);
    }
    if (run.findings.length) lines.push("Gradient flow:", ...run.findings.map((f) => `  - ${f.message}`));
    if (run.dropoutCheck) lines.push(`Dropout check: ${run.dropoutCheck.message}.`);
    if (run.stop.reason === "nonFiniteCost" || run.stop.reason === "diverged") lines.push(run.stop.message ?? "");
    for (const w of run.warnings) lines.push(`Warning: ${w}`);
    lines.push("", `Report: ${dir}/report.html`);
    return lines.join("\n");
  });
  return 0;
}
