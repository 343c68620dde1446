import { dirname, isAbsolute, join, resolve } from "node:path";
import { diagnosisLines, type DoctorResult, experimentReport, runDoctor } from "../../index.js";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output, stoppedDiverging } from "../context.js";
import { cliDataLoader } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { createRunDir, saveRun } from "../run-store.js";
import { readSpec, withDataFiles } from "../spec.js";
import { costChart } from "./lr-find.js";

const pct = (v: number | null) => (v === null ? "-" : `${(100 * v).toFixed(1)}%`);

/**
 * nnlab doctor <spec>: train, diagnose, then confirm the leading causes with short probes; prints which
 * cause the probes confirmed and the spec change to make, and writes that spec beside the run.
 */
export async function doctorCommand(specPath: string, options: GlobalOptions & { budget?: string }): Promise<number> {
  const budget = options.budget === undefined ? undefined : Number(options.budget);
  if (budget !== undefined && !(budget > 0 && budget <= 10)) throw new CliError(`doctor: --budget must be a number in (0, 10] (a fraction of the original run's cost); received ${JSON.stringify(options.budget)}`);
  const spec = await readSpec(specPath);
  const interrupt = interruptFlag();
  const log = (line: string) => (!options.quiet && !options.json ? process.stderr.write(`  ${line}\n`) : undefined);
  let doctor;
  try {
    doctor = await runDoctor(spec, { loadData: cliDataLoader(specPath, undefined, options), budget, onProgress: log, shouldStop: interrupt.requested });
  } finally {
    interrupt.dispose();
  }
  const { result, outcomes, confirmed, suggestedSpec, lrRange, curveCheck, cost } = doctor;
  // the suggested spec is written elsewhere: a CSV path relative to the original spec must still resolve
  // (every file it names: the source, a test file, IDX labels; a relative data.test failed to train)
  const suggested = suggestedSpec && withDataFiles(suggestedSpec, (file) => (isAbsolute(file) ? file : resolve(dirname(specPath), file)));
  const { id, dir } = await createRunDir(options.runs, `${spec.name}-doctor`);
  const summary = await saveRun(dir, id, result);
  const suggestedPath = suggested ? join(dir, "suggested-spec.json") : null;
  if (suggestedPath) await writeFileAtomic(suggestedPath, JSON.stringify({ ...suggested, name: `${spec.name}-suggested` }, null, 2) + "\n");
  const probeRows = outcomes.map((o) => [o.probe.cause, o.probe.test, o.epochs, o.confirmed ? "confirmed" : "not confirmed", o.finding]);
  if (curveCheck) probeRows.push([curveCheck.cause, "the run's own curve", result.history.length, curveCheck.confirmed ? "confirmed" : "not confirmed", curveCheck.finding]);
  const report = experimentReport(result, `nnlab doctor ${id}`);
  report.tables = [{ title: "Probes: short experiments that test the causes", columns: ["cause", "test", "epochs", "result", "finding"], rows: probeRows }];
  if (lrRange) report.curves = [costChart(lrRange, lrRange.points[0]!.learningRate, 100)];
  report.notes = [
    confirmed ? `Confirmed: ${confirmed.cause}: ${confirmed.finding}. Suggested change: ${JSON.stringify(confirmed.change)}${suggestedPath ? ` (written to ${suggestedPath})` : ""}.` : "No probe confirmed a cause within the budget.",
    `Probes cost ${(100 * cost.planned).toFixed(0)}% of the original run as planned (epochs x rows x parameters); they took ${(cost.probesMs / 1000).toFixed(1)} s against ${(cost.originalMs / 1000).toFixed(1)} s for the run as it went.`,
    ...(report.notes ?? []),
  ];
  const reportPath = await writeReport(dir, report);
  const json = {
    ...summary,
    probes: outcomes.map((o) => ({ cause: o.probe.cause, test: o.probe.test, change: o.probe.change, epochs: o.epochs, confirmed: o.confirmed, finding: o.finding, trainError: o.probeTrainError, devError: o.probeDevError, elapsedMs: o.elapsedMs })),
    curveCheck,
    lrRange: lrRange && { suggestion: lrRange.suggestion, minimumAt: lrRange.minimumAt, divergedAt: lrRange.divergedAt, reason: lrRange.reason },
    confirmed,
    suggestedSpec: suggestedPath,
    cost,
    dir,
    report: reportPath,
  };
  output(options, json, () => doctorText(id, doctor, { budget, suggestedPath, reportPath, plannedEpochs: spec.training.epochs }));
  // as nnlab train: a run that diverged is exit 3 (the probes that followed do not change what it did)
  return result.interrupted ? EXIT.interrupted : stoppedDiverging(result.history.stop.reason) ? EXIT.diverged : EXIT.ok;
}

/** What nnlab doctor prints (without --json): the run, the diagnosis, the probes, what was confirmed. */
export function doctorText(id: string, doctor: DoctorResult, where: { budget: number | undefined; suggestedPath: string | null; reportPath: string; plannedEpochs: number }): string {
  const { result, outcomes, confirmed, lrRange, curveCheck, cost } = doctor;
  const { budget, suggestedPath, reportPath } = where;
  const lines = [`Run ${id}: ${result.modelDescription} on ${result.dataSource}`, heldOutLine(result), ""];
  // said first: what follows reads the epochs trained before Ctrl-C (an audit helper: "healthy ... the
  // cost fell and settled" at epoch 70529 of 200000, without the word)
  if (result.interrupted) lines.push(`Interrupted at epoch ${result.history.length} of ${where.plannedEpochs}: the diagnosis reads the epochs trained so far, and no probe ran after the interruption.`, "");
  lines.push(...diagnosisLines(result.diagnosis), "");
  if (lrRange) lines.push(`Learning-rate range test: ${lrRange.reason}`);
  if (outcomes.length || curveCheck) lines.push("Probes:");
  for (const o of outcomes) lines.push(`  ${o.confirmed ? "confirmed    " : "not confirmed"} ${o.probe.cause}: ${o.probe.test}: ${o.finding}`);
  if (curveCheck) lines.push(`  ${curveCheck.confirmed ? "confirmed    " : "not confirmed"} ${curveCheck.cause}: ${curveCheck.finding}`);
  lines.push("");
  if (confirmed) {
    lines.push(`Confirmed: ${confirmed.cause}.`, `Change: ${JSON.stringify(confirmed.change)}`);
    if (suggestedPath) lines.push(`Suggested spec: ${suggestedPath} (nnlab train ${suggestedPath})`);
  } else if (result.diagnosis.healthy) lines.push(result.interrupted ? "Nothing to confirm so far: the run looked healthy when it was interrupted." : "Nothing to confirm: the run is healthy.");
  else lines.push(noneConfirmed(doctor.limitedByBudget, budget, doctor.budgetForAll));
  lines.push(`Probes: ${(100 * cost.planned).toFixed(0)}% of the run's planned cost, ${(cost.probesMs / 1000).toFixed(1)} s.`, `Report: ${reportPath}`);
  return lines.join("\n");
}

/** "train error 2.1%, dev error 4.0%": the test set's where the split has no dev set (the diagnosis reads it then). */
function heldOutLine(result: { train: { accuracy?: number; dataLoss: number }; dev: { accuracy?: number; dataLoss: number } | null; test: { accuracy?: number; dataLoss: number } | null }): string {
  if (result.train.accuracy === undefined) {
    // a regression has no error rate: its data costs ("train error -, dev error -" before)
    const cost = (e: { dataLoss: number } | null) => (e ? String(Number(e.dataLoss.toPrecision(4))) : "-");
    const heldOut = result.dev ? `dev cost ${cost(result.dev)}` : result.test ? `test cost ${cost(result.test)} (no dev set)` : "no held-out set";
    return `train cost ${cost(result.train)}, ${heldOut}`;
  }
  const error = (e: { accuracy?: number } | null) => pct(e?.accuracy === undefined ? null : 1 - e.accuracy);
  const heldOut = result.dev ? `dev error ${error(result.dev)}` : result.test ? `test error ${error(result.test)} (no dev set)` : "no held-out set";
  return `train error ${error(result.train)}, ${heldOut}`;
}

/**
 * Said only where nothing was confirmed and the run is not healthy (it followed "Confirmed: ..." and
 * "the run is healthy" too); with a larger budget to try where the budget cut a probe short (it advised
 * "--budget 1" to a run given --budget 1; 10 is the most).
 */
function noneConfirmed(limitedByBudget: boolean, budget: number | undefined, budgetForAll: number): string {
  // the budget that runs every planned probe in full, rounded up to a tenth (twice the budget each time took
  // an examiner through --budget 1, 2 and 4 before the width probe ran, at 5)
  const larger = Math.min(10, Math.max(Math.ceil(10 * budgetForAll - 1e-9) / 10, (budget ?? 0.5) + 0.1));
  if (limitedByBudget && larger <= (budget ?? 0.5)) return "No probe confirmed a cause within the budget: the evidence above is all there is (the budget, at its most, 10, still shortened or skipped a probe).";
  return `No probe confirmed a cause${limitedByBudget ? ` within the budget: the evidence above is all there is (the budget shortened or skipped a probe: try --budget ${larger})` : ": the evidence above is all there is (every probe ran as planned: a larger --budget would not test more)"}.`;
}
