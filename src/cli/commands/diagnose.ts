import { type Diagnosis, diagnose, diagnosisLines, type Evidence, NnlabError } from "../../index.js";
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
  const diagnosis = run.evidence ? diagnoseSaved(run.evidence, dir) : (run.diagnosis ?? null);
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

/** The fields of the evidence every cause reads (a run's summary.json, as nnlab wrote it). */
const EVIDENCE_FIELDS = ["task", "optimizer", "epochs", "stop", "cost", "errors", "data", "features", "layers"] as const;

/**
 * The doctor on a saved run's evidence. An edited or foreign summary.json (evidence {} or 5) was a
 * TypeError where a cause first read a field: said here in one line, naming the file.
 */
function diagnoseSaved(evidence: unknown, dir: string): Diagnosis {
  const missing = evidence && typeof evidence === "object" && !Array.isArray(evidence) ? EVIDENCE_FIELDS.filter((k) => !(k in evidence)) : [...EVIDENCE_FIELDS];
  const problem = (what: string) => new NnlabError(`${dir}: cannot read summary.json's evidence (expected the measurements nnlab saved with the run; received ${what}): train the run again`);
  if (missing.length) throw problem(evidence && typeof evidence === "object" ? `no ${missing.join(", ")}` : JSON.stringify(evidence).slice(0, 40));
  try {
    return diagnose(evidence as Evidence);
  } catch (error) {
    if (error instanceof TypeError) throw problem(`a damaged field: ${error.message}`);
    // diagnose's own check of the evidence's shape ("diagnose: expected evidence ...; received an object
    // without cost.shape"): said as the file's problem, with what it found
    if (error instanceof NnlabError && error.message.startsWith("diagnose: ")) throw problem(error.message.replace(/^.*?; received /, ""));
    throw error;
  }
}
