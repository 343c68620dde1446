import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import cliProgress from "cli-progress";
import {
  type GridAxis,
  dataCost,
  errorRateSe,
  experimentSpec,
  GRID_ALIASES,
  gridLabel,
  gridTrials,
  parseGridAxis,
  parseRange,
  randomTrials,
  rangeAxes,
  rungsLabel,
  rungTable,
  type SearchRange,
  splitData,
  splitRatiosOf,
  sweepReport,
  sweepTable,
  failedTable,
  type TrialExecutor,
  type TrialResult,
  type TrialTask,
} from "../../index.js";
import {
  dataFilesHash,
  openSweepStore,
  parseRedisAddress,
  type QueueExecutor,
  type QueueProgress,
  queueExecutor,
  runSweep,
  sweepData,
  sweepFolderName,
  sweepQueueName,
  threadPool,
} from "../../node/index.js";
import { continueOnKernels } from "../../node/native.js";
import { readKernelsRecord } from "../../node/sweep/trial-store.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, kernelOptions, output, withRestores } from "../context.js";
import { cliDataLoader, loadData } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { readSpecFile } from "../spec.js";
import { formatTable, percent } from "../table.js";

/** Parses "--grid lambda=0,0.01,0.1" into axes. */
export function parseGrid(grids: string[]): GridAxis[] {
  if (grids.length === 0) throw new CliError("sweep: at least one --grid NAME=V1,V2,... (e.g. --grid lambda=0,0.01,0.1), or --random N with --range NAME=LOW..HIGH[:log]; received none");
  const axes = grids.map((g) => {
    const axis = parseGridAxis(g);
    if (!axis) throw new CliError(`sweep: --grid must look like NAME=V1,V2,...; received ${JSON.stringify(g)}`);
    // a name that is neither the sweep's own (lambda, lr, ...) nor a spec field: said in the sweep's terms, in
    // one line (the spec's refusal came in two, listing the spec's fields and none of the sweep's names)
    if (!axis.path.includes(".") && !Object.keys(experimentSpec.shape).includes(axis.path)) {
      throw new CliError(
        `sweep: --grid ${axis.name}: expected a short name (${Object.keys(GRID_ALIASES).join(", ")}) or a spec field's dotted path (e.g. model.hidden.0.units, optimizer.name, training.earlyStopping.patience); received ${JSON.stringify(axis.name)}`,
      );
    }
    const twice = axis.values.find((v, i) => axis.values.indexOf(v) !== i);
    if (twice !== undefined) throw new CliError(`sweep: --grid ${axis.name} lists ${JSON.stringify(twice)} twice (the same trial, run and listed twice); received ${JSON.stringify(g)}`);
    return axis;
  });
  refuseSharedKnobs("--grid", axes);
  return axes;
}

/**
 * Two axes (or ranges) on one knob: the same name twice lost the first's values, and lambda beside l2 (both
 * the spec's l2) trained the second's values under the first's labels.
 */
function refuseSharedKnobs(option: string, axes: ReadonlyArray<{ name: string; path: string }>): void {
  axes.forEach((a, i) => {
    const other = axes.slice(0, i).find((b) => b.path === a.path);
    if (other) {
      throw new CliError(`sweep: expected each ${option} on a knob of its own; received ${other.name === a.name ? `${a.name} twice` : `${other.name} and ${a.name}, which both set ${a.path}`}`);
    }
  });
}

/** Parses "--range lr=1e-4..1e-1:log" into ranges. */
export function parseRanges(ranges: string[]): SearchRange[] {
  if (ranges.length === 0) throw new CliError("sweep: --random needs at least one --range NAME=LOW..HIGH[:log][:int] (e.g. --range lr=1e-4..1e-1:log); received none");
  const parsed = ranges.map((text) => {
    const range = parseRange(text);
    if (!range) throw new CliError(`sweep: --range must look like NAME=LOW..HIGH[:log][:int] (e.g. lr=1e-4..1e-1:log); received ${JSON.stringify(text)}`);
    return range;
  });
  refuseSharedKnobs("--range", parsed);
  return parsed;
}

const positiveInteger = (option: string, text: string | undefined, min = 1): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new CliError(`sweep: ${option} must be an integer >= ${min}; received ${text}`);
  return n;
};

export interface SweepOptions extends GlobalOptions {
  grid: string[];
  range: string[];
  random?: string;
  seed?: string;
  halving?: boolean;
  folds?: string;
  workers?: string;
  queue?: string;
}

/**
 * nnlab sweep <spec> --grid lambda=0,0.01 --grid rate=0,0.1 | --random 20 --range lr=1e-4..1e-1:log
 * [--halving] [--folds k] [--workers n | --queue redis://HOST:PORT]: the points trained as trials,
 * seeded, on worker threads or on `nnlab worker`s anywhere, resumable (each finished trial is kept in the
 * sweep's folder, and a rerun of the same sweep only runs the missing ones).
 */
/** The most trials one sweep may hold (each a training; a million would run for weeks on a few machines). */
const MOST_TRIALS = 100_000;

export function sweepCommand(specPath: string, options: SweepOptions): Promise<number> {
  // the kernels in use before a rerun switched to those of its folder's finished trials, put back at the end
  return withRestores((restore) => sweepInFolder(specPath, options, restore));
}

async function sweepInFolder(specPath: string, options: SweepOptions, restore: Array<() => void>): Promise<number> {
  const { spec: base, json: raw } = await readSpecFile(specPath);
  const folds = positiveInteger("--folds", options.folds, 2);
  const randomCount = positiveInteger("--random", options.random);
  const seed = options.seed === undefined ? 0 : Number(options.seed);
  // digits only: Number("") is 0 and Number("0x10") 16, which ran as seeds (an audit helper)
  if (!(options.seed === undefined || /^\s*-?\d+\s*$/.test(options.seed)) || !Number.isSafeInteger(seed)) throw new CliError(`sweep: --seed must be a whole number; received ${JSON.stringify(options.seed)}`);
  // every point is built (and, with --queue, enqueued) before the first trial: --random 100000000 ran out of memory, silently
  if (randomCount !== undefined && randomCount > MOST_TRIALS) throw new CliError(`sweep: --random must be at most ${MOST_TRIALS} trials; received ${options.random}`);
  if (randomCount === undefined && options.range.length) throw new CliError(`sweep: --range goes with --random N (how many points to draw); received --range ${options.range[0]} without it`);
  if (randomCount !== undefined && options.grid.length) throw new CliError(`sweep: expected either --grid or --random, not both; received --grid ${options.grid[0]} and --random ${randomCount}`);
  if (options.queue && options.workers) throw new CliError(`sweep: --workers counts this machine's threads; with --queue the trials run on \`nnlab worker\` processes (each with --concurrency); received both`);
  const address = options.queue ? parseRedisAddress(options.queue) : undefined;
  const workers = positiveInteger("--workers", options.workers) ?? availableParallelism();
  // each thread holds its own copy of the data and the library (~25 MB): --workers 1e9 was accepted
  const mostWorkers = 4 * availableParallelism();
  if (workers > mostWorkers) throw new CliError(`sweep: --workers must be at most ${mostWorkers} (4 per core of this machine; more only wait for the cores); received ${options.workers}`);
  // Trials are ranked by their dev figures; without a dev set those were the test set's, which a sweep
  // would then tune on (the notes keep the test set for the end). Cross-validation takes its dev folds
  // from the training part.
  const ratios = splitRatiosOf(base);
  if (!folds && Array.isArray(ratios) && !(ratios.length >= 2 && ratios[1]! > 0)) {
    throw new CliError(
      `sweep: expected a split with a dev set to rank the trials by (choosing by the test set would tune on it); received split ${JSON.stringify(ratios)}, which has none: give a dev part (e.g. [0.6, 0.2, 0.2]), or --folds k to cross-validate on the training part`,
    );
  }
  // A split column names each row's part: only the data can tell whether any row is "dev".
  const column = base.data.splitColumn;
  if (!folds && column !== undefined && !splitData(base, (await loadData(base, specPath, options)).data).dev?.x.rows) {
    throw new CliError(
      `sweep: expected a split with a dev set to rank the trials by (choosing by the test set would tune on it); received split column ${JSON.stringify(column)}, which marks no row "dev": mark some training rows "dev", or use --folds k to cross-validate on the training part`,
    );
  }
  // k folds need k rows of the training and dev parts at least: 1000 on 200 rows was refused by the library's
  // stratifiedKFold, in its own words, after the folder was made
  if (folds) {
    const parts = splitData(base, (await loadData(base, specPath, options)).data);
    const pool = parts.train.x.rows + (parts.dev?.x.rows ?? 0);
    if (folds > pool) throw new CliError(`sweep: --folds must be at most ${pool} (the training and dev rows it cross-validates on); received ${folds}`);
  }

  // The points: a grid's combinations, or seeded random draws from the ranges.
  const trialOptions = { source: specPath, specPath: address ? resolve(specPath) : specPath, folds };
  let points: TrialTask[];
  let axes: GridAxis[];
  let random: { count: number; seed: number; ranges: SearchRange[] } | undefined;
  if (randomCount !== undefined) {
    const ranges = parseRanges(options.range);
    points = randomTrials(raw, ranges, randomCount, seed, trialOptions);
    axes = rangeAxes(ranges, points);
    random = { count: randomCount, seed, ranges };
  } else {
    axes = parseGrid(options.grid);
    const combinations = axes.reduce((n, axis) => n * axis.values.length, 1);
    if (combinations > MOST_TRIALS) throw new CliError(`sweep: the grid must have at most ${MOST_TRIALS} points; received ${axes.map((a) => a.values.length).join(" x ")} = ${combinations}`);
    points = gridTrials(raw, axes, trialOptions);
  }
  // halving plans every trial's epochs itself, from the first point's: a swept epochs axis was overridden
  const epochsAxis = axes.find((a) => a.path === "training.epochs");
  if (options.halving && epochsAxis) {
    throw new CliError(`sweep: --halving chooses the epochs of each rung itself; received ${epochsAxis.name} as a swept knob: sweep the epochs without --halving, or set them in the spec`);
  }
  const how = { ...(random ? { random } : {}), ...(options.halving ? { halving: true } : {}) };
  const folder = sweepFolderName(base.name, raw, axes, folds, Object.keys(how).length ? how : undefined);
  // A rerun goes on with the kernels its finished trials were computed on (kernels.json): float32 results
  // differ between the paths in their last bits, so "auto" takes those and another path asked for is refused.
  const exact = points.some((p) => p.spec.model.dtype === "float32");
  const { choice, threads } = kernelOptions(options);
  const kernels = continueOnKernels(await readKernelsRecord(join(options.runs, folder)), choice, { exact, what: `sweep: ${join(options.runs, folder)} (its finished trials)`, threads });
  restore.push(kernels.restore);
  // the data files' hash binds the folder to its data (a missing file is the loader's to report, below)
  const store = await openSweepStore(join(options.runs, folder), { dataHash: await dataFilesHash(base, resolve(specPath)), kernels: kernels.path, exactKernels: exact });
  const { dir, finished, resumed } = store;
  const interrupt = interruptFlag("after the running trials finish (they are kept)");
  const started = Date.now();
  const say = (line: string) => void (!options.quiet && process.stderr.write(`${line}\n`));
  // (said even with --quiet: a result of an earlier run is not used, and why)
  if (store.unreadable.length) process.stderr.write(`sweep: ${store.unreadable.join(", ")} in ${dir} could not be read as a trial's result (cut short or changed): ${store.unreadable.length === 1 ? "that trial runs" : "those trials run"} again\n`);

  let executor: TrialExecutor;
  let queue: QueueExecutor | undefined;
  let progress: ReturnType<typeof queueProgress> | undefined;
  if (address) {
    const data = await sweepData(base, resolve(specPath));
    const name = sweepQueueName(folder, resolve(options.runs, folder));
    // With folds, each job is one fold: the progress counts folds, those finished before included.
    const resumedJobs = folds ? resumed * folds + [...store.finishedFolds.values()].filter((r) => !finished.has(r.index)).length : resumed;
    progress = queueProgress(!options.quiet, resumedJobs);
    const job = folds ? "fold" : "trial";
    let hinted = false;
    executor = queue = queueExecutor({
      address,
      queue: name,
      data,
      stopWhen: interrupt.requested,
      // every job carries the sweep's kernels: the workers compute each trial on them
      kernels: kernels.path,
      onQueued: ({ enqueued, attached }) => {
        say(`queue ${name} on ${address.shown}: ${enqueued} ${job}${enqueued === 1 ? "" : "s"} enqueued, ${attached} already there (re-attached); ${data.note}`);
        if (!hinted) say(`  run workers anywhere with: nnlab worker --queue ${address.shown}`);
        hinted = true;
      },
      onProgress: (p) => progress!.update(p),
    });
  } else {
    executor = threadPool({ workers, loader: cliDataLoader(specPath, undefined, options), stopWhen: interrupt.requested });
  }

  let outcome;
  try {
    outcome = await runSweep({
      store,
      executor,
      points,
      halving: options.halving,
      onSaved: (done, total) => {
        if (!address && !options.quiet && !options.json) process.stderr.write(`  trial ${done}/${total} done\n`);
      },
    });
  } finally {
    interrupt.dispose();
    progress?.stop();
    // The queue is deleted only when nothing of the sweep is left on it; else it stays for a rerun.
    await queue?.finish(outcome !== undefined && !outcome.interrupted);
  }
  const elapsedMs = Date.now() - started;
  const { trials, failed, rungs, total, interrupted } = outcome;
  if (finished.size === 0) {
    // Every trial failed: most often for one reason (the data), said as any command would say it.
    if (failed.length) throw new CliError(failed[0]!.reason);
    throw new CliError("sweep: interrupted before the first trial finished; nothing was saved", EXIT.interrupted);
  }
  const ranAll = finished.size;
  const complete = !interrupted && failed.length === 0;
  await store.writeResults({ axes, folds, trials, complete, ...(failed.length ? { failed } : {}), ...(random ? { random } : {}), ...(rungs ? { rungs } : {}) });
  const report = sweepReport({ name: base.name, spec: specPath, axes, folds, trials, complete, total, resumed, failed, random, rungs });
  const reportPath = await writeReport(dir, report);
  const table = sweepTable(axes, trials, folds);
  // a sweep whose every trial diverged has no best
  const best = trials[0] && !trials[0].diverged ? trials[0] : undefined;
  const ran = ranAll - resumed;
  // a queue's workers are those seen serving it, idle or gone ones too: "on 2 workers" read as two that ran trials (an audit)
  const where = queue ? `through ${address!.shown}, ${queue.stats.workers.length} worker${queue.stats.workers.length === 1 ? "" : "s"} seen` : `on ${workers} worker${workers > 1 ? "s" : ""}`;
  output(
    options,
    {
      dir,
      report: reportPath,
      complete,
      resumed,
      ran,
      elapsedMs,
      workers: queue ? queue.stats.workers.length : workers,
      // the kernels every trial computed on (kept in the folder's kernels.json for a rerun)
      kernels: kernels.path,
      trials,
      failed,
      ...(rungs ? { rungs } : {}),
      ...(queue ? { queue: { address: address!.shown, name: sweepQueueName(folder, resolve(options.runs, folder)), ...queue.stats } } : {}),
    },
    () =>
      [
        `Sweep of ${total} trial${total === 1 ? "" : "s"} (${resumed} already done, ${ran} run now ${where} in ${(elapsedMs / 1000).toFixed(1)} s)`,
        ...(rungs ? [`Successive halving: ${rungsLabel(rungs)}`] : []),
        "",
        formatTable(table.columns, table.rows),
        ...(failed.length ? ["", ...textTable(failedTable(axes, failed))] : []),
        ...(rungs && rungs.length > 1 ? rungs.slice(0, -1).flatMap((r) => ["", ...textTable(rungTable(axes, r, points.length, false))]) : []),
        "",
        // a regression is ranked by its dev MSE (it has no error rate; the penalty is left out)
        best
          ? `Best: ${gridLabel(best.values)} (${best.devError === null ? `dev MSE ${Number(dataCost(best, "dev").toPrecision(4))}` : `dev error ${percent(best.devError)}`}${closeBehind(best, trials, folds)})${trials.some((t) => t.diverged) ? `; ${trials.filter((t) => t.diverged).length} diverged, ranked last` : ""}`
          : trials.length > 0
            ? "Every trial diverged: none is the best (see the stop column)"
            : "",
        complete
          ? `Report: ${reportPath}`
          : failed.length && !interrupted
            ? `${failed.length} trial${failed.length === 1 ? "" : "s"} failed (see the table); fix that and rerun the same command to try them again. Report: ${reportPath}`
            : `Interrupted: rerun to finish the ${total - ranAll} missing trials. Report so far: ${reportPath}`,
      ].join("\n"),
  );
  if (interrupted) return EXIT.interrupted;
  if (!complete) return EXIT.badInput;
  // no trial trained without diverging: as for one run, exit 3 (the learning rate is the first suspect)
  return trials.length > 0 && trials.every((t) => t.diverged) ? EXIT.diverged : EXIT.ok;
}

const textTable = (t: { title: string; columns: string[]; rows: Array<Array<string | number>> }) => [t.title, formatTable(t.columns, t.rows)];

/**
 * The queue's progress on stderr: a bar on a terminal, else a line whenever the counts change (logs and
 * tests read those). `resumed` trials were done before this run.
 */
function queueProgress(enabled: boolean, resumed: number): { update(p: QueueProgress): void; stop(): void } {
  if (!enabled) return { update() {}, stop() {} };
  const text = (p: QueueProgress) => `done ${resumed + p.done} | running ${p.running} | failed ${p.failed} | waiting ${p.waiting} | workers seen: ${p.workers.join(", ") || "none yet"}`;
  if (!process.stderr.isTTY) return { update: (p) => void process.stderr.write(`  ${text(p)}\n`), stop() {} };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: "sweep {bar} {value}/{total} | {counts}", barsize: 24, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(p) {
      const total = resumed + p.done + p.failed + p.running + p.waiting;
      if (!started) bar.start(total, resumed + p.done, { counts: text(p) });
      else bar.update(resumed + p.done, { counts: text(p) });
      bar.setTotal(total);
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * "; 5 others within one standard error (2.4%) of it: the order among them is noise": the trials whose dev
 * figure lies within the best's standard error (an error rate's sqrt(p (1 - p) / n) on the dev rows, a
 * regression's from its rows, or with folds the folds' spread over sqrt(k)). "Best" was said of 13.0% beside
 * five trials at 13.0-14.0% on 200 dev rows (an audit); empty where none is that close or the noise is unknown.
 */
export function closeBehind(best: TrialResult, trials: readonly TrialResult[], folds: number | undefined): string {
  let se: number | undefined;
  if (best.devError !== null) {
    if (folds) se = best.devErrorStd !== undefined ? best.devErrorStd / Math.sqrt(folds) : undefined;
    else if (best.devExamples) se = errorRateSe(best.devError, best.devExamples);
  } else se = folds ? (best.devDataLossStd !== undefined ? best.devDataLossStd / Math.sqrt(folds) : undefined) : best.devDataLossSe;
  if (se === undefined || !(se > 0)) return "";
  const score = (t: TrialResult) => t.devError ?? dataCost(t, "dev");
  const close = trials.filter((t) => t !== best && !t.diverged && score(t) - score(best) <= se!).length;
  if (close === 0) return "";
  const shown = best.devError !== null ? percent(se) : String(Number(se.toPrecision(3)));
  return `; ${close} other${close === 1 ? "" : "s"} within one standard error (${shown}) of it: the order among them is noise`;
}
