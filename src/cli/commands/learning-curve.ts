import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output } from "../context.js";
import { constantPredictorCost, type Dataset, dataCost, learningCurveVerdict, type LearningCurvePoint, meanSquaredError, splitData, splitRatiosOf, type TrialExecutor, type TrialFailure, type TrialResult, type TrialTask } from "../../index.js";
import { parseRedisAddress, type QueueExecutor, queueExecutor, sweepData, sweepQueueName, threadPool } from "../../node/index.js";
import { cliDataLoader, loadData } from "../experiment.js";
import { withRunDir } from "../run-store.js";
import { writeReport } from "../report-file.js";
import { readSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

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
  const loaded = await loadData(spec, specPath, options);
  const split = splitData(spec, loaded.data);
  // Every point is measured on the dev rows, and the curve is read to choose what to do next (more data,
  // regularization, a bigger network): read on the test set, it guided those choices by the test set,
  // which the notes keep for the end. Refused as `nnlab sweep` refuses it (a split column's rows only the
  // data can tell).
  if (!split.dev || split.dev.x.rows === 0) {
    const column = spec.data.splitColumn;
    throw new CliError(
      column !== undefined
        ? `learning-curve: expected a split with a dev set to measure the curve on (reading it on the test set would guide choices by it); received split column ${JSON.stringify(column)}, which marks no row "dev": mark some training rows "dev"`
        : `learning-curve: expected a split with a dev set to measure the curve on (reading it on the test set would guide choices by it); received split ${JSON.stringify(splitRatiosOf(spec))}, which has none: give a dev part (e.g. [0.6, 0.2, 0.2])`,
    );
  }
  const heldOut = split.dev;
  const trainSize = split.sizes.train;
  const regression = loaded.data.task === "regression";
  // sizes ascending and each once: the verdict reads the last point as the largest (--sizes 1,0.6,0.1 was
  // judged at 12 examples), and two fractions may round to one size
  const sizes = [...new Set(fractions.map((fraction) => Math.max(2, Math.round(fraction * trainSize))))].sort((a, b) => a - b);
  refuseOneClassSizes(split.train, sizes, fractions, trainSize);
  const tasks: TrialTask[] = sizes.map((size, index) => ({ index, values: { size }, spec, specPath: address ? resolve(specPath) : specPath, trainRows: size }));
  // a size in training is not cut (a trial runs to its end, on a thread or a worker): it finishes and is kept
  const interrupt = interruptFlag("after the sizes in training finish (they are kept; the sizes not started are not trained)");
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
  } else executor = threadPool({ workers, loader: cliDataLoader(specPath, undefined, options), stopWhen: interrupt.requested });
  const results = new Map<number, TrialResult>();
  let failure: TrialFailure | undefined;
  let settled = false;
  try {
    await executor.run(
      tasks,
      (r) => {
        results.set(r.index, r);
        if (!options.quiet && !options.json) process.stderr.write(`  ${r.values.size} examples: ${r.diverged ? "diverged" : "done"}\n`);
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
  // The sizes trained, in order; those an interrupt left out are named (a queue's workers need not finish
  // the sizes in order, so every one trained is kept).
  const points: CurvePoint[] = [];
  const notTrained: number[] = [];
  for (const task of tasks) {
    const r = results.get(task.index);
    if (!r) {
      notTrained.push(task.trainRows!);
      continue;
    }
    // a regression's points are its data costs (MSE): a penalty in them marks the fit down by L2's own term
    points.push({ size: task.trainRows!, trainError: r.trainError, devError: r.devError, trainLoss: regression ? dataCost(r, "train") : r.trainLoss, devLoss: regression ? dataCost(r, "dev") : r.devLoss, diverged: r.diverged === true });
  }
  if (points.length === 0) throw new CliError("learning-curve: interrupted before the first size finished training; nothing was saved", EXIT.interrupted);
  const interrupted = notTrained.length > 0;
  const diverged = points.filter((p) => p.diverged).map((p) => p.size);
  // A size that diverged stopped on its last healthy weights: its errors are not a fit's, and a verdict read
  // from them called a learning rate too high "high bias" (SGD at 1000, exit 0). No verdict then: the
  // divergence and the learning rate are what the curve says.
  const verdict = diverged.length
    ? `none on bias or variance: training diverged at ${diverged.length === points.length ? (points.length === 1 ? "the one size trained" : "every size trained") : `${diverged.length} of the ${points.length} sizes trained`} (${diverged.join(", ")} examples), ` +
      "whose errors are those of the last healthy weights, not of a fit. The learning rate is the first thing to look at: lower it (nnlab lr-find suggests one), then measure the curve again."
    : learningCurveVerdict(points, {
        devExamples: heldOut.x.rows,
        baseline: spec.baselineError ?? 0,
        baselineGiven: spec.baselineError !== undefined,
        ...(regression
          ? {
              constantCost: constantPredictorCost(meanSquaredError(), heldOut.y),
              // the last point trained on the training split's first rows (buildExperiment's trainRows)
              trainConstantCost: constantPredictorCost(meanSquaredError(), split.train.y.gatherRows(Int32Array.from({ length: Math.min(points.at(-1)!.size, split.train.y.rows) }, (_, i) => i))),
            }
          : {}),
      });
  const interruptedNote = interrupted
    ? `Interrupted: ${notTrained.length} of the ${tasks.length} sizes not trained (${notTrained.join(", ")} examples)${diverged.length ? "" : `; the verdict reads the ${points.length} trained, up to ${points.at(-1)!.size} examples`}. Rerun for the whole curve.`
    : null;
  const stopped = { interrupted, ...(interrupted ? { notTrained } : {}) };
  // a regression has costs only (its "error" was the cost, printed as a percent)
  // (a stop column where a size diverged, as a sweep's table has)
  const stopColumn = diverged.length > 0;
  const header = [...(regression ? ["train examples", "train MSE", "dev MSE"] : ["train examples", "train error", "dev error", "train cost", "dev cost"]), ...(stopColumn ? ["stop"] : [])];
  const cost = (v: number) => +v.toPrecision(4);
  const rows = points.map((p) => [
    ...(regression ? [p.size, cost(p.trainLoss), cost(p.devLoss)] : [p.size, percent(p.trainError!), percent(p.devError!), cost(p.trainLoss), cost(p.devLoss)]),
    ...(stopColumn ? [p.diverged ? "diverged" : ""] : []),
  ]);
  const shown = (p: LearningCurvePoint, which: "train" | "dev") => (which === "train" ? (p.trainError ?? p.trainLoss) : (p.devError ?? p.devLoss));
  const { id, reportPath } = await withRunDir(options.runs, `${spec.name}-learning-curve`, async ({ id, dir }) => {
    await writeFileAtomic(join(dir, "learning-curve.json"), JSON.stringify({ name: spec.name, createdAt: new Date().toISOString(), points, verdict, ...stopped }, null, 2) + "\n");
    const reportPath = await writeReport(dir, {
      title: `nnlab learning curve: ${spec.name}`,
      createdAt: new Date().toISOString(),
      facts: [["data", loaded.source], ["verdict", verdict], ...(interruptedNote ? [["interrupted", interruptedNote] as [string, string]] : [])],
      curves: [
        {
          title: "Learning curve",
          xLabel: "training examples",
          yLabel: regression ? "cost" : "error",
          kind: "learning",
          x: points.map((p) => p.size),
          series: [
            { name: "train", values: points.map((p) => shown(p, "train")) },
            { name: "dev", values: points.map((p) => shown(p, "dev")) },
          ],
        },
      ],
      tables: [{ title: "Error by training-set size", columns: header, rows }],
      notes: interruptedNote ? [verdict, interruptedNote] : [verdict],
    });
    return { id, reportPath };
  });
  output(options, { id, points, verdict, ...stopped, report: reportPath }, () =>
    [formatTable(header, rows), "", `Verdict: ${verdict}`, ...(interruptedNote ? [interruptedNote] : []), `Report: ${reportPath}`].join("\n"),
  );
  if (interrupted) return EXIT.interrupted;
  return diverged.length ? EXIT.diverged : EXIT.ok;
}

/** A point of the curve, with whether its size's training diverged (its figures then the last healthy weights'). */
type CurvePoint = LearningCurvePoint & { diverged: boolean };

/**
 * Refuses a size whose training rows (the first rows of the shuffled training split) hold one class: a
 * classifier trained there is right by construction and learns nothing (a 2-example point reported a dev
 * cost of 86.8), as `nnlab train` refuses a one-class training split and scikit-learn's learning_curve
 * raises. The trial refuses it too (runTrial); this names the --sizes fraction before any size trains.
 */
function refuseOneClassSizes(train: Dataset, sizes: number[], fractions: number[], trainSize: number): void {
  if (train.task === "regression") return;
  const labels = train.y.data;
  let other = 1; // the first row of another class: the first `other` rows hold one class
  while (other < labels.length && labels[other] === labels[0]) other += 1;
  const size = sizes.find((s) => s <= other);
  if (size === undefined) return;
  const fraction = fractions.find((f) => Math.max(2, Math.round(f * trainSize)) === size);
  const name = JSON.stringify(train.classes?.[labels[0]!] ?? labels[0]);
  const least = Math.ceil(((other + 1) / trainSize) * 1000) / 1000;
  throw new CliError(
    `learning-curve: expected every size's training rows to hold at least two classes (a classifier on one learns nothing); received size ${fraction} (${size} of the ${trainSize} training rows), whose first ${size} rows are all of class ${name}: ` +
      `the first ${other + 1} rows hold two classes, so give --sizes of at least ${least}`,
  );
}
