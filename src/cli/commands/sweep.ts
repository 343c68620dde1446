import { createHash } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type Dataset, parseSpec, withValue } from "../../index.js";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output } from "../context.js";
import { writeReport } from "../report-file.js";
import { readSpec } from "../spec.js";
import { type GridAxis, validationCurves } from "../sweep-curves.js";
import { runTrial, type TrialResult, type TrialTask } from "../sweep-trial.js";
import { formatTable, percent } from "../table.js";

/** Short names for the knobs people sweep; anything else is a dotted path into the spec. */
const ALIASES: Record<string, string> = {
  lambda: "l2",
  l2: "l2",
  l1: "l1",
  rate: "dropout",
  dropout: "dropout",
  lr: "optimizer.learningRate",
  learningRate: "optimizer.learningRate",
  epochs: "training.epochs",
  batch: "training.batchSize",
  batchSize: "training.batchSize",
  seed: "seed",
};

/** Parses "--grid lambda=0,0.01,0.1" into axes. */
export function parseGrid(grids: string[]): GridAxis[] {
  if (grids.length === 0) throw new CliError('sweep: at least one --grid NAME=V1,V2,... (e.g. --grid lambda=0,0.01,0.1); received none');
  return grids.map((g) => {
    const match = /^([A-Za-z][\w.]*)=(.+)$/.exec(g);
    if (!match) throw new CliError(`sweep: --grid must look like NAME=V1,V2,...; received ${JSON.stringify(g)}`);
    const [, name, list] = match;
    const values = list!.split(",").map((v) => (v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v.trim()));
    return { name: name!, path: ALIASES[name!] ?? name!, values };
  });
}

function product(axes: GridAxis[]): Array<Record<string, number | string>> {
  return axes.reduce<Array<Record<string, number | string>>>(
    (combos, axis) => combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v }))),
    [{}],
  );
}

/** The trials an earlier run of the same sweep finished (none when its folder does not exist yet). */
async function finishedTrials(dir: string): Promise<Map<number, TrialResult>> {
  const results = new Map<number, TrialResult>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return results;
    throw error;
  }
  for (const name of names) {
    const m = /^trial-(\d+)\.json$/.exec(name);
    if (m) results.set(Number(m[1]), JSON.parse(await readFile(join(dir, name), "utf8")));
  }
  return results;
}

/** A worker thread running the (built) sweep-worker. */
function startWorker(): Worker {
  return new Worker(new URL("../sweep-worker.js", import.meta.url));
}

/** Worker threads need the built JavaScript; from the TypeScript sources (tsx) trials run in this thread. */
const canUseWorkers = !import.meta.url.endsWith(".ts");

/** Runs tasks on `workers` threads (or in this thread for 1), calling `done` as each finishes. */
async function runPool(tasks: TrialTask[], workers: number, done: (r: TrialResult) => Promise<void>, stop: () => boolean): Promise<void> {
  if (workers <= 1 || !canUseWorkers) {
    const cache = new Map<string, Dataset>();
    for (const task of tasks) {
      if (stop()) return;
      await done(await runTrial(task, cache));
    }
    return;
  }
  const threads = Array.from({ length: Math.min(workers, tasks.length) }, () => startWorker());
  const queue = [...tasks];
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const task = queue.shift();
              if (!task || stop()) return resolve();
              thread.postMessage(task);
            };
            thread.on("message", (m: { ok: boolean; result?: TrialResult; message?: string; index?: number }) => {
              if (!m.ok) return reject(new CliError(`sweep: trial ${m.index} failed: ${m.message}`));
              done(m.result!).then(next, reject);
            });
            thread.on("error", reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
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
  const tasks: TrialTask[] = product(axes).map((values, index) => {
    let spec: unknown = raw;
    for (const axis of axes) spec = withValue(spec, axis.path, values[axis.name]);
    const label = Object.entries(values).map(([k, v]) => `${k}=${v}`).join(", ");
    return { index, values, spec: parseSpec(spec, `${specPath} with ${label}`), specPath, folds };
  });
  const hash = createHash("sha256").update(JSON.stringify({ raw, axes, folds })).digest("hex").slice(0, 8);
  const dir = join(options.runs, `sweep-${base.name}-${hash}`);
  const results = await finishedTrials(dir);
  const missing = tasks.filter((t) => !results.has(t.index));
  const resumed = results.size;
  const interrupt = interruptFlag();
  const started = Date.now();
  try {
    await runPool(
      missing,
      workers,
      async (r) => {
        results.set(r.index, r);
        // The folder is made with the first finished trial: a sweep whose trials all fail leaves none behind.
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(join(dir, `trial-${r.index}.json`), JSON.stringify(r));
        if (!options.quiet && !options.json) process.stderr.write(`  trial ${results.size}/${tasks.length} done\n`);
      },
      interrupt.requested,
    );
  } finally {
    interrupt.dispose();
  }
  const elapsedMs = Date.now() - started;
  if (results.size === 0) throw new CliError("sweep: interrupted before the first trial finished; nothing was saved", EXIT.interrupted);
  const all = [...results.values()];
  const score = (r: TrialResult) => r.devError ?? r.devLoss;
  const sorted = [...all].sort((a, b) => score(a) - score(b) || a.index - b.index);
  const header = [...axes.map((a) => a.name), "train error", "dev error", ...(folds ? ["dev error std"] : []), "train cost", "dev cost", "epochs"];
  const rows = sorted.map((r) => [
    ...axes.map((a) => String(r.values[a.name])),
    percent(r.trainError),
    percent(r.devError),
    ...(folds ? [percent(r.devErrorStd)] : []),
    +r.trainLoss.toFixed(4),
    +r.devLoss.toFixed(4),
    r.epochs,
  ]);
  const best = sorted[0];
  const curves = validationCurves(axes, all, best);
  const complete = results.size === tasks.length;
  await writeFileAtomic(join(dir, "results.json"), JSON.stringify({ axes, folds, trials: sorted, complete }, null, 2));
  const reportPath = await writeReport(dir, {
    title: `nnlab sweep ${base.name}`,
    createdAt: new Date().toISOString(),
    facts: [
      ["spec", specPath],
      ["grid", axes.map((a) => `${a.name} (${a.path}) = ${a.values.join(", ")}`).join("; ")],
      ["trials", `${results.size} of ${tasks.length}${resumed ? ` (${resumed} from an earlier, interrupted run)` : ""}`],
      ["evaluation", folds ? `${folds}-fold cross-validation on train + dev` : "train on train, score on dev"],
      ["best", best ? Object.entries(best.values).map(([k, v]) => `${k}=${v}`).join(", ") : "-"],
    ],
    tables: [{ title: "Trials, best dev error first", columns: header, rows }],
    curves,
    notes: complete ? [] : ["The sweep was interrupted: rerun the same command to finish the missing trials."],
  });
  output(options, { dir, report: reportPath, complete, resumed, ran: results.size - resumed, elapsedMs, workers, trials: sorted }, () =>
    [
      `Sweep of ${tasks.length} trials (${resumed} already done, ${results.size - resumed} run now on ${workers} worker${workers > 1 ? "s" : ""} in ${(elapsedMs / 1000).toFixed(1)} s)`,
      "",
      formatTable(header, rows),
      "",
      best ? `Best: ${Object.entries(best.values).map(([k, v]) => `${k}=${v}`).join(", ")} (dev error ${percent(best.devError)})` : "",
      complete ? `Report: ${reportPath}` : `Interrupted: rerun to finish the ${tasks.length - results.size} missing trials. Report so far: ${reportPath}`,
    ].join("\n"),
  );
  return complete ? 0 : 130;
}
