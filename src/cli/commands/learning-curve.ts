import { join } from "node:path";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, type GlobalOptions, interruptFlag, output } from "../context.js";
import { runExperiment, splitData } from "../../index.js";
import { loadData } from "../experiment.js";
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

/** nnlab learning-curve <spec>: train and dev error against the training-set size. */
export async function learningCurveCommand(specPath: string, options: GlobalOptions & { sizes?: string }): Promise<number> {
  const spec = await readSpec(specPath);
  const fractions = (options.sizes ?? "0.1,0.2,0.4,0.6,0.8,1").split(",").map(Number);
  if (fractions.some((f) => !(f > 0 && f <= 1))) throw new CliError(`learning-curve: --sizes must be fractions in (0, 1]; received ${options.sizes}`);
  const loaded = await loadData(spec, specPath);
  const trainSize = splitData(spec, loaded.data).sizes.train;
  const interrupt = interruptFlag();
  const points: Array<{ size: number; trainError: number; devError: number; trainLoss: number; devLoss: number }> = [];
  try {
    for (const fraction of fractions) {
      if (interrupt.requested()) break;
      const size = Math.max(2, Math.round(fraction * trainSize));
      const r = await runExperiment(spec, { data: loaded, trainRows: size, recordFlow: false, shouldStop: interrupt.requested });
      const dev = r.dev ?? r.test;
      const err = (e: typeof dev) => (e.accuracy === undefined ? e.loss : 1 - e.accuracy);
      points.push({ size, trainError: err(r.train), devError: err(dev), trainLoss: r.train.loss, devLoss: dev.loss });
      if (!options.quiet && !options.json) process.stderr.write(`  ${size} examples: done\n`);
    }
  } finally {
    interrupt.dispose();
  }
  if (points.length === 0) throw new CliError("learning-curve: interrupted before the first size");
  const verdict = learningCurveVerdict(points, spec.baselineError);
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
