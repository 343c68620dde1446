import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type GridAxis, gridLabel, gridTrials, parseGridAxis, rankTrials, sweepReport, sweepTable } from "../../index.js";
import { openSweepStore, sweepFolderName, threadPool } from "../../node/index.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output } from "../context.js";
import { cliDataLoader } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { readSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

/** Parses "--grid lambda=0,0.01,0.1" into axes. */
export function parseGrid(grids: string[]): GridAxis[] {
  if (grids.length === 0) throw new CliError('sweep: at least one --grid NAME=V1,V2,... (e.g. --grid lambda=0,0.01,0.1); received none');
  return grids.map((g) => {
    const axis = parseGridAxis(g);
    if (!axis) throw new CliError(`sweep: --grid must look like NAME=V1,V2,...; received ${JSON.stringify(g)}`);
    return axis;
  });
}

/**
 * nnlab sweep <spec> --grid lambda=0,0.01 --grid rate=0,0.1 [--folds k] [--workers n]: every
 * combination, seeded, spread over worker threads, resumable (each finished trial is kept in the
 * sweep's folder, and a rerun of the same sweep only runs the missing ones).
 */
export async function sweepCommand(specPath: string, options: GlobalOptions & { grid: string[]; folds?: string; workers?: string }): Promise<number> {
  const base = await readSpec(specPath);
  const raw = JSON.parse(await readFile(specPath, "utf8"));
  const axes = parseGrid(options.grid);
  const folds = options.folds ? Number(options.folds) : undefined;
  if (folds !== undefined && !(Number.isInteger(folds) && folds >= 2)) throw new CliError(`sweep: --folds must be an integer >= 2; received ${options.folds}`);
  const workers = options.workers ? Number(options.workers) : availableParallelism();
  if (!(Number.isInteger(workers) && workers >= 1)) throw new CliError(`sweep: --workers must be a positive integer; received ${options.workers}`);
  const tasks = gridTrials(raw, axes, { source: specPath, specPath, folds });
  const store = await openSweepStore(join(options.runs, sweepFolderName(base.name, raw, axes, folds)));
  const { dir, finished, resumed } = store;
  const interrupt = interruptFlag();
  const started = Date.now();
  try {
    await threadPool({ workers, loader: cliDataLoader(specPath), stopWhen: interrupt.requested }).run(store.missing(tasks), async (r) => {
      await store.save(r);
      if (!options.quiet && !options.json) process.stderr.write(`  trial ${finished.size}/${tasks.length} done\n`);
    });
  } finally {
    interrupt.dispose();
  }
  const elapsedMs = Date.now() - started;
  if (finished.size === 0) throw new CliError("sweep: interrupted before the first trial finished; nothing was saved", EXIT.interrupted);
  const trials = rankTrials(finished.values());
  const complete = trials.length === tasks.length;
  await store.writeResults({ axes, folds, trials, complete });
  const report = sweepReport({ name: base.name, spec: specPath, axes, folds, trials, complete, total: tasks.length, resumed });
  const reportPath = await writeReport(dir, report);
  const table = sweepTable(axes, trials, folds);
  const best = trials[0];
  output(options, { dir, report: reportPath, complete, resumed, ran: trials.length - resumed, elapsedMs, workers, trials }, () =>
    [
      `Sweep of ${tasks.length} trials (${resumed} already done, ${trials.length - resumed} run now on ${workers} worker${workers > 1 ? "s" : ""} in ${(elapsedMs / 1000).toFixed(1)} s)`,
      "",
      formatTable(table.columns, table.rows),
      "",
      best ? `Best: ${gridLabel(best.values)} (dev error ${percent(best.devError)})` : "",
      complete ? `Report: ${reportPath}` : `Interrupted: rerun to finish the ${tasks.length - trials.length} missing trials. Report so far: ${reportPath}`,
    ].join("\n"),
  );
  return complete ? 0 : 130;
}
