import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, type GlobalOptions, interruptFlag, output } from "../context.js";
import { splitData, type TrialExecutor, type TrialFailure, type TrialResult, type TrialTask } from "../../index.js";
import { parseRedisAddress, type QueueExecutor, queueExecutor, sweepData, sweepQueueName, threadPool } from "../../node/index.js";
import { cliDataLoader, loadData } from "../experiment.js";
import { withRunDir } from "../run-store.js";
import { writeReport } from "../report-file.js";
import { readSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

/** What a learning curve says about more data, in the notes' terms. */
export function learningCurveVerdict(points: Array<{ size: number; trainError: number; devError: number }>, baseline: number): string {
  const last = points[points.length - 1]!;
  const previous = points[points.length - 2] ?? last;
  const gap = last.devError - last.trainError;
  const stillFalling = previous.devError - last.devError > 0.005;
  if (last.trainError - baseline > 0.02 && gap < 0.02) {
    return "train and dev error have met well above the baseline: high bias. More data will not help; a bigger network or longer training will.";
  }
  if (gap > 0.02 && stillFalling) {
    return "the dev error is still falling as the training set grows and sits well above the train error: high variance. More data would help (so would regularization).";
  }
  if (gap > 0.02) return "a train-dev gap remains but the dev error has flattened: more data of the same kind helps little now; try regularization.";
  return "train and dev error are close and low: more data is not needed.";
}

/**
 * nnlab learning-curve <spec> [--workers n | --queue redis://HOST:PORT]: train and dev error against the
 * training-set size. Each size is a trial run through the sweeps' executor: worker threads (one size per
 * thread; --workers 1 runs them here), or `nnlab worker`s anywhere through the queue.
 */
export async function learningCurveCommand(specPath: string, options: GlobalOptions & { sizes?: string; workers?: string; queue?: string }): Promise<number> {
  const spec = await readSpec(specPath);
  const fractions = (options.sizes ?? "0.1,0.2,0.4,0.6,0.8,1").split(",").map(Number);
  if (fractions.some((f) => !(f > 0 && f <= 1))) throw new CliError(`learning-curve: --sizes must be fractions in (0, 1]; received ${options.sizes}`);
  const workers = options.workers === undefined ? availableParallelism() : Number(options.workers);
  if (!(Number.isInteger(workers) && workers >= 1)) throw new CliError(`learning-curve: --workers must be an integer >= 1; received ${options.workers}`);
  if (options.queue && options.workers) throw new CliError("learning-curve: --workers counts this machine's threads; with --queue the sizes run on `nnlab worker` processes; received both");
  const address = options.queue ? parseRedisAddress(options.queue) : undefined;
  const loaded = await loadData(spec, specPath);
  const trainSize = splitData(spec, loaded.data).sizes.train;
  const tasks: TrialTask[] = fractions.map((fraction, index) => {
    const size = Math.max(2, Math.round(fraction * trainSize));
    return { index, values: { size }, spec, specPath: address ? resolve(specPath) : specPath, trainRows: size };
  });
  const interrupt = interruptFlag();
  let executor: TrialExecutor;
  let queue: QueueExecutor | undefined;
  if (address) {
    // The queue is named after the spec and the sizes, so that a rerun after a crash re-attaches to it.
    const raw = await readFile(specPath, "utf8");
    const hash = createHash("sha256").update(JSON.stringify({ raw, sizes: tasks.map((t) => t.trainRows) })).digest("hex").slice(0, 8);
    const data = await sweepData(spec, resolve(specPath));
    const name = sweepQueueName(`learning-curve-${spec.name}-${hash}`, resolve(specPath));
    const onQueued = ({ enqueued, attached }: { enqueued: number; attached: number }) => {
      if (options.quiet) return;
      process.stderr.write(`queue ${name} on ${address.shown}: ${enqueued} size${enqueued === 1 ? "" : "s"} enqueued, ${attached} already there (re-attached); ${data.note}\n`);
      process.stderr.write(`  run workers anywhere with: nnlab worker --queue ${address.shown}\n`);
    };
    executor = queue = queueExecutor({ address, queue: name, data, stopWhen: interrupt.requested, onQueued });
  } else executor = threadPool({ workers, loader: cliDataLoader(specPath), stopWhen: interrupt.requested });
  const results = new Map<number, TrialResult>();
  let failure: TrialFailure | undefined;
  let settled = false;
  try {
    await executor.run(
      tasks,
      (r) => {
        results.set(r.index, r);
        if (!options.quiet && !options.json) process.stderr.write(`  ${r.values.size} examples: done\n`);
      },
      (f) => void (failure ??= f),
    );
    settled = true;
  } finally {
    interrupt.dispose();
    // The queue is deleted once every size is in (or failed); else it stays for a rerun.
    await queue?.finish(settled && !interrupt.requested());
  }
  // A size that failed fails for the data's reason (the others would too): said as any command says it.
  if (failure) throw new CliError(failure.reason);
  // The sizes in order, up to the first one an interrupt left out.
  const points: Array<{ size: number; trainError: number; devError: number; trainLoss: number; devLoss: number }> = [];
  for (const task of tasks) {
    const r = results.get(task.index);
    if (!r) break;
    points.push({ size: task.trainRows!, trainError: r.trainError ?? r.trainLoss, devError: r.devError ?? r.devLoss, trainLoss: r.trainLoss, devLoss: r.devLoss });
  }
  if (points.length === 0) throw new CliError("learning-curve: interrupted before the first size");
  const verdict = learningCurveVerdict(points, spec.baselineError ?? 0);
  const header = ["train examples", "train error", "dev error", "train cost", "dev cost"];
  const rows = points.map((p) => [p.size, percent(p.trainError), percent(p.devError), +p.trainLoss.toFixed(4), +p.devLoss.toFixed(4)]);
  const { id, reportPath } = await withRunDir(options.runs, `${spec.name}-learning-curve`, async ({ id, dir }) => {
    await writeFileAtomic(join(dir, "learning-curve.json"), JSON.stringify({ name: spec.name, createdAt: new Date().toISOString(), points, verdict }, null, 2) + "\n");
    const reportPath = await writeReport(dir, {
      title: `nnlab learning curve: ${spec.name}`,
      createdAt: new Date().toISOString(),
      facts: [["data", loaded.source], ["verdict", verdict]],
      curves: [
        {
          title: "Learning curve",
          xLabel: "training examples",
          yLabel: "error",
          kind: "learning",
          x: points.map((p) => p.size),
          series: [
            { name: "train", values: points.map((p) => p.trainError) },
            { name: "dev", values: points.map((p) => p.devError) },
          ],
        },
      ],
      tables: [{ title: "Error by training-set size", columns: header, rows }],
      notes: [verdict],
    });
    return { id, reportPath };
  });
  output(options, { id, points, verdict, report: reportPath }, () => [formatTable(header, rows), "", `Verdict: ${verdict}`, `Report: ${reportPath}`].join("\n"));
  return 0;
}
