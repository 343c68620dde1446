import { diagnosisLines, experimentReport, runExperiment } from "../../index.js";
import { CliError, type GlobalOptions, EXIT, interruptFlag, kernelOptions, output, stoppedDiverging } from "../context.js";
import { progressBar } from "../progress-bar.js";
import { writeReport } from "../report-file.js";
import { saveRun } from "../run-store.js";
import { kernelsOption, resumeCommand } from "../run-entry.js";
import { runMetricsLines } from "../metrics-text.js";
import { formatTable, percent } from "../table.js";
import { resumeTrainRun, startTrainRun, type TrainRun } from "../train-run.js";
import { cliDataLoader } from "../experiment.js";
import { continueOnKernels, kernelsInUse } from "../../node/native.js";

/**
 * nnlab train <spec.json> | --resume <run>: trains the experiment in runs/<id>/, kept durable as it
 * trains (checkpoints, history lines), and prints the verdict; --resume goes on with a killed or
 * interrupted run from its last checkpoint, to the same bits as a run never stopped.
 */
export async function trainCommand(specPath: string | undefined, options: GlobalOptions & { resume?: string }): Promise<number> {
  if (specPath && options.resume) throw new CliError(`train: give a spec file or --resume <run>, not both; received ${specPath} and --resume ${options.resume}`);
  if (!specPath && !options.resume) throw new CliError("train: expected a spec file (nnlab train spec.json) or --resume <run>");
  // From before the run folder is made until its outputs are written: a Ctrl-C while the folder was being
  // made, or while the report and summary were written, killed the process and left a half-made folder
  const interrupt = interruptFlag();
  try {
    return await trainInRun(specPath, options, interrupt);
  } finally {
    interrupt.dispose();
  }
}

async function trainInRun(specPath: string | undefined, options: GlobalOptions & { resume?: string }, interrupt: ReturnType<typeof interruptFlag>): Promise<number> {
  // The run's lock is taken here (a resume of a run another process trains is refused) and released on
  // every way out: the outputs written, an error, Ctrl-C (a second one exits at once: an exit hook).
  const run = options.resume ? await resumeTrainRun(options.resume, options.runs) : await startTrainRun(specPath!, options.runs);
  try {
    // A resume goes on with the kernels its checkpoint says computed (float32 results differ between the
    // paths in their last bits): taken under --kernels auto, another path asked for is refused.
    let kernels: { restore(): void } = { restore: () => undefined };
    if (options.resume) {
      try {
        const { choice, threads } = kernelOptions(options);
        kernels = continueOnKernels(run.checkpoints.recordedKernels, choice, { exact: run.spec.model.dtype === "float32", what: `train --resume: run ${run.id}`, threads });
      } catch (error) {
        await run.abandon();
        throw error;
      }
    }
    try {
      return await trainOn(run, options, interrupt);
    } finally {
      kernels.restore();
    }
  } finally {
    await run.release();
  }
}

async function trainOn(run: TrainRun, options: GlobalOptions & { resume?: string }, interrupt: ReturnType<typeof interruptFlag>): Promise<number> {
  const { id, dir, spec, checkpoints } = run;
  if (interrupt.requested() && !run.checkpoints.resumed) {
    // stopped before training began: nothing to keep (a resumed run keeps its checkpoint as it was)
    await run.abandon();
    throw new CliError(`train: interrupted before training began; nothing was kept`, EXIT.interrupted);
  }
  const bar = progressBar(spec.name, !options.quiet && !options.json);
  let result;
  try {
    result = await runExperiment(spec, { loadData: cliDataLoader(run.specPath, undefined, options), onProgress: (p) => bar.update(p), shouldStop: interrupt.requested, checkpoints });
  } catch (error) {
    await run.abandon();
    throw error;
  } finally {
    bar.stop();
  }
  // The report, then the summary: summary.json marks a finished run, so it comes last. A Ctrl-C now
  // only sets the flag: the outputs of the training done are written in full.
  const reportPath = await writeReport(dir, experimentReport(result, `nnlab run ${id}`));
  // kernels: which path computed ("native" or "portable"; --kernels chooses, see the README's speed section),
  // kept in summary.json too (saveRun writes the library's figures)
  const kernels = kernelsInUse();
  const summary = await saveRun(dir, id, result, undefined, { kernels });
  await checkpoints.complete({ keep: result.interrupted });
  output(options, { ...summary, dir, report: reportPath, resumedFrom: result.resumedFrom, kernels }, () => {
    // a 2-way split has train and dev only: no "test" row, and the dev set is called dev everywhere
    const rows = [["train", result.train], ["dev", result.dev], ...(result.split.sizes.test > 0 ? ([["test", result.test]] as const) : [])] as const;
    const lines = [
      `Run ${id}: ${result.modelDescription} on ${result.dataSource}`,
      ...(result.resumedFrom !== null ? [`Resumed from its checkpoint at epoch ${result.resumedFrom}.`] : []),
      `Trained ${result.history.length} epoch${result.history.length === 1 ? "" : "s"} (${result.interrupted ? "interrupted" : result.history.stop.reason}) in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    ];
    if (stoppedDiverging(result.history.stop.reason)) lines.push(result.history.stop.message?.replace(/^fit: /, "").split("\n")[0]!.replace(/ Measured at the stop:$/, "") ?? "");
    // The doctor's first cause leads: the table and the rest are its supporting figures.
    lines.push("", ...diagnosisLines(result.diagnosis), "");
    lines.push(
      formatTable(
        ["set", "cost", "accuracy"],
        rows.filter(([, e]) => e).map(([name, e]) => [name, e!.loss, percent(e!.accuracy)]),
      ),
      "",
    );
    // Per class on the held-out set that judges the model (test, else dev, else train), or MSE, MAE, R^2 of each set.
    lines.push(...runMetricsLines(result.metrics), "");
    if (result.history.earlyStopping) {
      const es = result.history.earlyStopping;
      // without early stopping in the spec, the best epoch is tracked for an interrupted run alone
      if (result.interrupted && !result.spec.training.earlyStopping) lines.push(`Interrupted: the best epoch's weights kept (${es.monitor} ${es.bestValue.toFixed(4)} at epoch ${es.bestEpoch}).`);
      else {
        // which weights the model holds: "best weights kept" was said after a divergence that kept the
        // weights the trainer put back (an audit helper: the model held the initial weights)
        const kept = es.restoredBest
          ? "best weights kept"
          : stoppedDiverging(result.history.stop.reason)
            ? "its weights not put back: they cost more to train on than those the divergence left (above)"
            : es.bestEpoch === result.history.epochs.at(-1)
              ? "best weights kept (the last epoch's)"
              : "the last epoch's weights kept (restoring the best was off)";
        lines.push(`Early stopping: best ${es.monitor} ${es.bestValue.toFixed(4)} at epoch ${es.bestEpoch}${es.stoppedEpoch !== null ? `, stopped at epoch ${es.stoppedEpoch}` : ""}; ${kept}.`);
      }
    }
    if (result.biasVariance && !stoppedDiverging(result.history.stop.reason)) lines.push(`Bias/variance${result.dev ? "" : " (against the test set: the split has no dev set)"}: avoidable bias ${percent(result.biasVariance.avoidableBias)}, variance ${percent(result.biasVariance.variance)} (${result.biasVariance.verdict}${result.biasVariance.setAside ? `; not the next step: ${result.biasVariance.setAside}` : ""}).`);
    for (const f of result.findings) lines.push(`Gradient flow: ${f.message}.`);
    if (result.dropoutCheck) lines.push(`Dropout check: ${result.dropoutCheck.message}.`);
    for (const w of summary.warnings) lines.push(`Warning: ${w}`); // the split's (a class missing from a set), then training's
    lines.push("", `Saved: ${dir}`, `Report: ${reportPath}`);
    if (result.interrupted) lines.push(`Resume with: ${resumeCommand(options.runs, id, kernelsOption(kernels, options.kernels))}`);
    return lines.join("\n");
  });
  if (result.interrupted) return EXIT.interrupted;
  return stoppedDiverging(result.history.stop.reason) ? EXIT.diverged : EXIT.ok;
}

