import { type GlobalOptions, output } from "../context.js";
import { readSummary, resolveRun } from "../run-store.js";
import { percent } from "../table.js";

/** nnlab diagnose <run>: the bias/variance verdict and the gradient-flow findings of a finished run. */
export async function diagnoseCommand(ref: string, options: GlobalOptions): Promise<number> {
  const dir = await resolveRun(ref, options.runs);
  const run = await readSummary(dir);
  output(options, { id: run.id, biasVariance: run.biasVariance, dropoutCheck: run.dropoutCheck, findings: run.findings, warnings: run.warnings, stop: run.stop }, () => {
    const lines = [`Run ${run.id}: ${run.model} on ${run.dataSource}`, ""];
    const bv = run.biasVariance;
    if (bv) {
      lines.push(`Bias/variance: ${bv.verdict}`);
      lines.push(`  train error ${percent(run.train.accuracy === undefined ? undefined : 1 - run.train.accuracy)}, dev error ${percent(1 - ((run.dev ?? run.test).accuracy ?? NaN))}: avoidable bias ${percent(bv.avoidableBias)}, variance ${percent(bv.variance)}`);
      lines.push(`  ${bv.summary}`, "  Next steps:");
      lines.push(...bv.advice.map((a) => `    - ${a}`));
    } else lines.push("Bias/variance: not available (regression, or no dev set)");
    lines.push("", run.findings.length ? "Gradient flow:" : "Gradient flow: no vanishing or exploding gradients, dead or saturated units seen.");
    for (const f of run.findings) lines.push(`  - ${f.message}`, `    likely cause: ${f.cause}`);
    if (run.dropoutCheck) lines.push("", `Dropout check: ${run.dropoutCheck.message}.`);
    if (run.stop.reason === "nonFiniteCost") lines.push("", run.stop.message ?? "");
    for (const w of run.warnings) lines.push(`Warning: ${w}`);
    lines.push("", `Report: ${dir}/report.html`);
    return lines.join("\n");
  });
  return 0;
}
