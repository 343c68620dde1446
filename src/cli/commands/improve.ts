import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import {
  checkDevSet,
  diagnosisLines,
  alreadyTriedLines,
  endWords,
  type ExperimentSpec,
  featureWarnings,
  finalFigures,
  finalMetrics,
  showsTest,
  finalSeedWords,
  improve,
  improveReport,
  type ImproveResult,
  type ImproveStep,
  type LoadedData,
  loadExperimentData,
  parseSpec,
  scoreText,
  specLine,
  splitData,
  stepRecord,
  startingSpec,
  type TrialCache,
  type TrialExecutor,
  TrialFailure,
  storedTrialResult,
  type TrialResult,
} from "../../index.js";
import { dataFilesHash, parseRedisAddress, type QueueExecutor, queueExecutor, saveModelFile, sweepData, sweepQueueName, threadPool, writeFileAtomic } from "../../node/index.js";
import { continueOnKernels } from "../../node/native.js";
import { readKernelsRecord, writeKernelsRecord } from "../../node/sweep/trial-store.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, kernelOptions, output, withRestores } from "../context.js";
import { kernelsOption } from "../run-entry.js";
import { cliDataLoader } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { readSpec, withDataFiles } from "../spec.js";
import { runMetricsLines } from "../metrics-text.js";
import { formatTable, percent } from "../table.js";

export interface ImproveCliOptions extends GlobalOptions {
  label?: string;
  trials?: string;
  time?: string;
  seeds?: string;
  workers?: string;
  queue?: string;
  onInvalidRow?: string;
  /** With a CSV file: the columns to learn from, comma-separated (data.features). */
  features?: string;
  /** With a CSV file: "balanced" (the spec's classWeight). */
  classWeight?: string;
}

/** The options that only say something about a CSV file given on the command line (a spec has fields for them). */
const CSV_ONLY = [
  ["label", "--label", "data.label"],
  ["onInvalidRow", "--on-invalid-row", "data.onInvalidRow"],
  ["features", "--features", "data.features"],
  ["classWeight", "--class-weight", "classWeight"],
] as const;

function integerOption(option: string, text: string | undefined, min: number, why = ""): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(/^\s*\d+\s*$/.test(text) && Number.isSafeInteger(n) && n >= min)) throw new CliError(`improve: ${option} must be a whole number >= ${min}${why}; received ${text.trim() === "" ? "nothing" : text}`);
  return n;
}

/**
 * The finished trials of an improve folder, one file each (trials/<hash of the trial's spec>.json, written
 * atomically): `improve` asks for a trial's result before running it, so a rerun of the same command runs
 * only the trials it has not finished before. The loop itself is deterministic (same seeds, same bits),
 * so a rerun takes the same path and finds each earlier trial here.
 */
export interface FileTrialCache extends TrialCache {
  /** Trials found on disk when the folder was opened. */
  readonly stored: number;
  /** Of those, how many this run used instead of training them again. */
  readonly resumed: number;
  /** Trials this run trained and saved. */
  readonly saved: number;
}

const trialFile = (key: string) => `${createHash("sha256").update(key).digest("hex").slice(0, 16)}.json`;

/**
 * `dataHash`: the data files' hash, part of every key, so that trials trained on other data (a CSV edited
 * between a kill and a rerun) are not reused: they reported the old data's scores beside the new final run.
 */
export async function openTrialCache(dir: string, dataHash = "", options: { beforeFirst?: () => Promise<void> } = {}): Promise<FileTrialCache> {
  const keyOf = (key: string) => (dataHash ? `${dataHash}|${key}` : key);
  const entries = new Map<string, TrialResult>();
  let names: string[] = [];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  for (const name of names.filter((n) => /^[0-9a-f]{16}\.json$/.test(n))) {
    // a damaged file (cut short, or another shape: it printed "NaN%") is no result: that trial runs again
    let stored: { key?: unknown; result?: unknown } | null = null;
    try {
      stored = JSON.parse(await readFile(join(dir, name), "utf8"));
    } catch {
      stored = null;
    }
    const result = storedTrialResult(stored?.result);
    // a file under another trial's name (copied by hand) would answer for the wrong spec: skipped, rerun
    if (result && typeof stored?.key === "string" && trialFile(stored.key) === name) entries.set(stored.key, result);
  }
  const onDisk = new Set([...entries.keys()].filter((k) => !dataHash || k.startsWith(`${dataHash}|`)));
  const used = new Set<string>();
  let saved = 0;
  // `beforeFirst` (the kernels' record) runs before the first trial saved, in a folder without earlier trials of the data
  let before = onDisk.size === 0 ? options.beforeFirst : undefined;
  return {
    stored: onDisk.size,
    get resumed() {
      return used.size;
    },
    get saved() {
      return saved;
    },
    get(key) {
      const salted = keyOf(key);
      const result = entries.get(salted);
      if (result && onDisk.has(salted)) used.add(salted);
      return result;
    },
    async put(key, result) {
      const salted = keyOf(key);
      entries.set(salted, result);
      await mkdir(dir, { recursive: true });
      const first = before;
      before = undefined;
      await first?.();
      await writeFileAtomic(join(dir, trialFile(salted)), JSON.stringify({ key: salted, result }));
      saved++;
    },
  };
}

/** The improve folder's name: improve-<spec name>-<first 8 hex digits of sha256(the starting spec)>. */
function folderName(start: ExperimentSpec): string {
  return `improve-${start.name}-${createHash("sha256").update(JSON.stringify(start)).digest("hex").slice(0, 8)}`;
}

/**
 * The spec with its data files' paths made relative to `toDir`, where it is written: a relative path in
 * a spec is read from the spec's own folder (the spec file's, or the working folder for a CSV given on
 * the command line), so final.json in the improve folder reads the same files.
 */
function relocated(spec: ExperimentSpec, specPath: string | undefined, toDir: string): ExperimentSpec {
  const from = specPath ? dirname(resolve(specPath)) : process.cwd();
  return withDataFiles(spec, (file) => relative(resolve(toDir), resolve(from, file)) || ".");
}

/** The starting spec and its data: a spec file as written, or a CSV file with a starting network chosen for it. */
async function startOf(input: string, options: ImproveCliOptions): Promise<{ start: ExperimentSpec; specPath?: string; data: LoadedData }> {
  const { label, onInvalidRow, features, classWeight } = options;
  const csv = extname(input).toLowerCase() === ".csv";
  if (!csv) {
    for (const [key, flag, field] of CSV_ONLY) {
      const value = options[key];
      if (value !== undefined) throw new CliError(`improve: ${flag} goes with a CSV file (nnlab improve data.csv --label y); a spec says it in ${field}; received ${flag} ${value} with ${input}`);
    }
    const start = await readSpec(input);
    // loaded here, before anything is printed, so that bad data is one line (the trials' threads load their own)
    return { start, specPath: input, data: await loadExperimentData(start, cliDataLoader(input, undefined, options)) };
  }
  if (label === undefined) throw new CliError(`improve: a CSV file needs --label <column> (the column to predict), e.g. nnlab improve ${input} --label y; received ${input} without it`);
  if (onInvalidRow !== undefined && onInvalidRow !== "error" && onInvalidRow !== "drop") {
    throw new CliError(`improve: --on-invalid-row must be "error" or "drop"; received ${onInvalidRow}`);
  }
  if (classWeight !== undefined && classWeight !== "balanced") throw new CliError(`improve: --class-weight must be "balanced" (per-class weights go in a spec's classWeight); received ${classWeight}`);
  const columns = features?.split(",").map((c) => c.trim());
  if (columns && (columns.some((c) => c === "") || new Set(columns).size !== columns.length)) {
    throw new CliError(`improve: --features must list column names once each, comma-separated (e.g. --features a,b,c); received ${JSON.stringify(features)}`);
  }
  // rows dropped here are dropped by every trial and by final.json, which carries data.onInvalidRow
  const dataSection = { source: resolve(input), label, ...(columns ? { features: columns } : {}), ...(onInvalidRow === "drop" ? { onInvalidRow: "drop" as const } : {}) };
  const name = basename(input, extname(input)).replace(/[^A-Za-z0-9_.-]+/g, "-") || "data";
  const data = await loadExperimentData(parseSpec({ name, data: dataSection }, input), cliDataLoader(undefined, "pass --on-invalid-row drop to skip such rows", options));
  if (classWeight && data.data.task === "regression") throw new CliError(`improve: --class-weight goes with classes; received a regression target (${label})`);
  const start = startingSpec(data.data, dataSection, { name });
  return { start: classWeight ? parseSpec({ ...start, classWeight }, "improve") : start, data };
}

/**
 * nnlab improve <spec.json> | <data.csv> --label y [--trials N] [--time S] [--seeds K] [--workers N | --queue redis://HOST:PORT]:
 * the notes' loop (train, diagnose, apply the first cause's remedy, keep it only if the dev figure falls
 * beyond noise), each step printed as it happens; the final spec, its model and a report written into
 * runs/improve-<name>-<hash>/, with every finished trial kept there so that the same command resumes.
 */
export function improveCommand(input: string, options: ImproveCliOptions): Promise<number> {
  // the kernels in use before a rerun switched to those of its folder's finished trials, put back at the end
  return withRestores((restore) => improveInFolder(input, options, restore));
}

async function improveInFolder(input: string, options: ImproveCliOptions, restore: Array<() => void>): Promise<number> {
  const seeds = integerOption("--seeds", options.seeds, 1) ?? 3;
  const trials = integerOption("--trials", options.trials, seeds, ` (the start with ${seeds} seed${seeds === 1 ? "" : "s"}, the first of them its diagnosis)`) ?? 60;
  if (options.queue && options.workers) throw new CliError(`improve: --workers counts this machine's threads; with --queue the trials run on \`nnlab worker\` processes (each with --concurrency); received both`);
  const address = options.queue ? parseRedisAddress(options.queue) : undefined;
  const workers = integerOption("--workers", options.workers, 1) ?? availableParallelism();
  let timeMs: number | undefined;
  if (options.time !== undefined) {
    const seconds = Number(options.time);
    if (!(options.time.trim() !== "" && Number.isFinite(seconds) && seconds > 0)) throw new CliError(`improve: --time must be a number of seconds > 0; received ${options.time.trim() === "" ? "nothing" : options.time}`);
    timeMs = seconds * 1000;
  }
  const { start, specPath, data } = await startOf(input, options);
  // One split of the data for the dev set's check and the split's warnings below (each made a copy of the
  // data), kept no longer than this: a split without a dev set is refused before anything is printed.
  let splitWarnings: string[];
  {
    const parts = splitData(start, data.data);
    checkDevSet(start, data.data, parts);
    splitWarnings = parts.warnings;
  }
  const dir = join(options.runs, folderName(start));
  // A rerun goes on with the kernels its finished trials were computed on (kernels.json): float32 results
  // differ between the paths in their last bits, so "auto" takes those and another path asked for is refused.
  const recorded = await readKernelsRecord(dir);
  const { choice, threads } = kernelOptions(options);
  const kernels = continueOnKernels(recorded, choice, { exact: start.model.dtype === "float32", what: `improve: ${dir} (its finished trials)`, threads });
  restore.push(kernels.restore);
  // the data files' hash goes into every trial's key (a missing file is the loader's to report)
  const cache = await openTrialCache(join(dir, "trials"), (await dataFilesHash(start, resolve(specPath ?? input))) ?? "", {
    beforeFirst: recorded ? undefined : () => writeKernelsRecord(dir, kernels.path),
  });
  const text = !options.json;
  const say = (line: string) => void (!options.quiet && !options.json && process.stderr.write(`  ${line}\n`));
  let finalRunning = false; // the loop has ended and its final run is training
  // the steps are the command's result: on stdout, except under --json (whose stdout is the JSON alone)
  const stepOut = (line: string) => (text ? process.stdout.write(`${line}\n`) : !options.quiet && process.stderr.write(`${line}\n`));
  stepOut(`Start: ${specLine(start)}${cache.stored ? ` (${cache.stored} trial${cache.stored === 1 ? "" : "s"} of earlier runs kept in ${dir}: those of the same specs are reused)` : ""}`);
  // what the data's columns and the split warn of, said before the loop spends its time on them (an id
  // column and a constant one went in with the warnings in the report alone)
  const columnWarnings = featureWarnings(data.data);
  for (const w of [...columnWarnings, ...splitWarnings.filter((w) => !columnWarnings.includes(w))]) stepOut(`Warning: ${w}`);
  if (columnWarnings.length && !specPath) stepOut(`  (with a CSV file, --features a,b,... lists the columns to learn from)`);
  // (the README's warning, said where it applies: the command said nothing of it; an audit)
  if (seeds === 1) stepOut("Warning: --seeds 1 measures no spread between seeds: only the dev set's noise is tested, and a change no better than the spec is kept about a third of the time; use 3 or more seeds to rely on a step");

  const steps: ImproveStep[] = [];
  const writeSteps = async () => {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(join(dir, "steps.jsonl"), steps.map((s) => JSON.stringify(stepRecord(s)) + "\n").join(""));
  };
  // (the final run stops at once: "after the running trials finish" was said of it too; an improve audit)
  const interrupt = interruptFlag(() => (finalRunning ? "the final run now (the diagnosed run of the final spec is kept)" : "after the running trials finish (they are kept)"));
  // A step's trials run on this machine's threads, or as jobs on a Redis queue for `nnlab worker`s
  // anywhere (the sweep's executor: a trial is never queued twice, a killed worker's trial goes to another).
  let executor: TrialExecutor;
  let queue: QueueExecutor | undefined;
  // Named after this improve folder (its absolute path, so that runs in two folders never share a queue:
  // each would collect and remove the other's jobs) and the options that number the trials: a job's id
  // is its place in the loop, which --seeds and --trials change.
  const queueName = sweepQueueName(basename(dir), JSON.stringify([resolve(dir), seeds, trials]));
  if (address) {
    // the workers read relative data paths from the spec's folder, given as an absolute path
    const shipped = await sweepData(start, resolve(specPath ?? input));
    let hinted = false;
    // on stderr unless --quiet, --json too (its stdout is the JSON alone): where the workers are to be started
    const tell = (line: string) => void (!options.quiet && process.stderr.write(`  ${line}\n`));
    executor = queue = queueExecutor({
      address,
      queue: queueName,
      data: shipped,
      stopWhen: interrupt.requested,
      // every job carries the loop's kernels: the workers compute each trial on them
      kernels: kernels.path,
      onQueued: ({ enqueued, attached }) => {
        tell(`queue ${queueName} on ${address.shown}: ${enqueued} trial${enqueued === 1 ? "" : "s"} enqueued, ${attached} already there (re-attached); ${shipped.note}`);
        if (!hinted) tell(`  run workers anywhere with: nnlab worker --queue ${address.shown}`);
        hinted = true;
      },
    });
  } else {
    executor = threadPool({ workers, loader: cliDataLoader(specPath, undefined, options), stopWhen: interrupt.requested });
  }
  let result: ImproveResult;
  let complete = false; // no trial of this run left on a queue
  try {
    let writing: Promise<void> = Promise.resolve();
    result = await improve(start, {
      data,
      loadData: cliDataLoader(specPath, undefined, options),
      executor,
      ...(specPath ? { specPath: address ? resolve(specPath) : specPath } : {}),
      seeds,
      trials,
      timeMs,
      cache,
      shouldStop: interrupt.requested,
      onProgress: (line) => {
        if (line.startsWith("training the final spec")) finalRunning = true;
        say(line);
      },
      onStep: (step) => {
        steps.push(step);
        stepOut(`Step ${step.step}: ${step.line}`);
        writing = writing.then(writeSteps);
      },
    });
    await writing;
    complete = result.end !== "interrupted";
  } catch (error) {
    if (interrupt.requested()) throw new CliError(`improve: ${(error as Error).message.replace(/^improve: /, "")}`, EXIT.interrupted);
    // A failed trial ends the loop: its queue goes too, or a rerun would re-attach the failed job and
    // repeat its stale reason after the cause (a data file, say) was fixed.
    complete = true;
    if (error instanceof TrialFailure) throw new CliError(`improve: a trial failed: ${error.reason}`);
    throw error;
  } finally {
    interrupt.dispose();
    // The queue is deleted once the loop has ended; an interrupted one stays for the rerun to re-attach.
    await queue?.finish(complete);
  }

  // Everything is written whatever the end (an interrupted loop keeps the best spec found so far).
  await writeSteps();
  const finalPath = join(dir, "final.json");
  await writeFileAtomic(finalPath, JSON.stringify(relocated(result.finalSpec, specPath, dir), null, 2) + "\n");
  const modelPath = join(dir, "model.json");
  await saveModelFile(result.final.model, modelPath);
  const reportPath = await writeReport(dir, improveReport(result, `nnlab improve ${start.name}`));
  const figures = Object.fromEntries(finalFigures(result));
  const record = {
    dir,
    end: result.end,
    metric: result.metric,
    seeds,
    // the kernels every trial and the final run computed on (kept in kernels.json for a rerun)
    kernels: kernels.path,
    trainings: result.trainings,
    resumed: cache.resumed,
    ran: cache.saved,
    elapsedMs: result.elapsedMs,
    start: { spec: result.start, scores: result.startScores },
    steps: result.steps.map(stepRecord),
    // (why the final run has its seed: a JSON reader saw seed 1 beside a lower-cost seed 3 with no reason; a review)
    final: { spec: result.finalSpec, seedChoice: finalSeedWords(result), ...(result.budgetKeptSeed ? { budgetKeptSeed: true } : {}), scores: result.finalScores, ...figures, metrics: finalMetrics(result), interrupted: result.final.interrupted },
    diagnosis: result.diagnosis,
    alreadyTried: result.alreadyTried,
    ...(queue ? { queue: { address: address!.shown, name: queueName, ...queue.stats } } : {}),
    files: { finalSpec: finalPath, model: modelPath, steps: join(dir, "steps.jsonl"), report: reportPath },
  };
  await writeFileAtomic(join(dir, "improve.json"), JSON.stringify(record, null, 2) + "\n");

  output(options, record, () => {
    const m = result.metric;
    const kept = result.steps.filter((s) => s.kept).length;
    const lines = [
      "",
      `Ended: ${endWords(result.end)}.`,
      `${result.steps.length} step${result.steps.length === 1 ? "" : "s"} (${kept} kept), ${result.trainings} trainings in ${(result.elapsedMs / 1000).toFixed(1)} s (${cache.resumed} trial${cache.resumed === 1 ? "" : "s"} resumed from an earlier run).`,
      `Final spec: ${specLine(result.finalSpec)}`,
      finalMeansLine(result.finalScores, seeds, m),
      "",
      `The final run, ${finalSeedWords(result)}${showsTest(result) ? "; the test set looked at once, now" : result.final.split.sizes.test > 0 ? "; the test set is kept for the end of the loop" : ""}:`,
      finalTable(result),
      "",
      ...runMetricsLines(finalMetrics(result)),
      "",
      ...diagnosisLines(result.diagnosis),
      ...(result.alreadyTried.length ? ["", ...alreadyTriedLines(result)] : []),
      ...(result.final.interrupted ? ["", `The final run was interrupted: model.json holds the best weights it reached; nnlab ${kernelsOption(kernels.path, options.kernels)}train final.json trains it in full.`] : []),
      "",
      `Final spec: ${finalPath} (nnlab ${kernelsOption(kernels.path, options.kernels)}train ${finalPath} reproduces the final run)`,
      `Model: ${modelPath}`,
      `Report: ${reportPath}`,
      ...(result.end === "interrupted" ? [`Interrupted: rerun the same command to go on (finished trials are kept in ${join(dir, "trials")}).`] : []),
    ];
    return lines.join("\n");
  });
  return result.end === "interrupted" ? EXIT.interrupted : EXIT.ok;
}

/**
 * The final run's figures by set. With a penalty (L2, L1) the cost includes it; the seeds were told apart
 * by the data cost, which is then a column of its own (the line above quoted 0.0996 for the dev set, the
 * table 0.1282; an audit).
 */
function finalTable(result: ImproveResult): string {
  const figures = finalFigures(result);
  const penalized = figures.some(([, e]) => e.loss !== e.dataLoss);
  return penalized
    ? formatTable(["set", "cost", "data cost", "accuracy"], figures.map(([set, e]) => [set, e.loss, e.dataLoss, percent(e.accuracy)]))
    : formatTable(["set", "cost", "accuracy"], figures.map(([set, e]) => [set, e.loss, percent(e.accuracy)]));
}

/**
 * "Final, mean of 3 seeds: ...": the means are the finished seeds' (improve's Scores), which the line says
 * where some diverged ("mean of the 2 of 3 seeds that finished").
 */
export function finalMeansLine(scores: { train: number; dev: number; devBySeed: readonly number[] }, seeds: number, m: "error" | "cost"): string {
  const finished = scores.devBySeed.filter(Number.isFinite).length;
  const over = finished === seeds ? `mean of ${seeds} seed${seeds === 1 ? "" : "s"}` : finished === 0 ? `every one of ${seeds} seed${seeds === 1 ? "" : "s"} diverged` : `mean of the ${finished} of ${seeds} seeds that finished`;
  // a regression's figures are its data cost, the mean squared error in the target's units squared (an
  // improve audit: "train 3.5e10, dev 9.8e10" said neither, beside a table whose cost adds the penalty)
  const what = m === "cost" ? " MSE" : "";
  return `Final, ${over}: train${what} ${scoreText(scores.train, m)}, dev${what} ${scoreText(scores.dev, m)}`;
}
