import { join } from "node:path";
import { buildModel, type CurveChart, describeModel, type ExperimentSpec, formatNumber, type LrRangeResult, lrRangeTestAsync, fitNormalizations, splitData } from "../../index.js";
import { writeFileAtomic } from "../../node/save-file.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output } from "../context.js";
import { loadData } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { createRunDir } from "../run-store.js";
import { readSpec } from "../spec.js";

/**
 * The suggestion as the reason words it, to three significant digits: the headline's 0.1547 beside the
 * reason's "suggested 0.155" read as two numbers (an audit). --json keeps the exact value.
 */
const suggested = (rate: number): string => formatNumber(Number(rate.toPrecision(3)));

/** A numeric command-line option, or undefined when absent; anything else is a CliError naming the flag. */
function numberOption(flag: string, text: string | undefined, expected: string, ok: (v: number) => boolean): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || !ok(value)) throw new CliError(`lr-find: ${flag} must be ${expected}; received ${JSON.stringify(text)}`);
  return value;
}

/** The range test's curve on a log x axis, with a caption on how to read it. */
export function costChart(r: LrRangeResult, minLr: number, maxLr: number): CurveChart {
  const n = r.points.length;
  const averaged = r.smoothing > 0 || r.points.some((p) => p.averaged !== p.cost);
  return {
    title: "Cost against the learning rate (range test)",
    xLabel: "learning rate (log scale)",
    yLabel: "cost",
    logX: true,
    x: r.points.map((p) => p.learningRate),
    series: [
      { name: averaged ? "batch cost" : "cost", values: r.points.map((p) => p.cost) },
      // the curve the suggestion was read from (the stop rule's moving average lags it, and is not drawn)
      ...(averaged ? [{ name: "averaged over a quarter decade either side", values: r.points.map((p) => p.averaged) }] : []),
    ],
    markers: [
      { x: r.suggestion, label: `suggested ${suggested(r.suggestion)}` },
      { x: r.minimumAt, label: `lowest cost at ${formatNumber(r.minimumAt)}` },
    ],
    caption:
      `The cost against the learning rate over ${n} steps, one step per rate, the rate growing geometrically from ${formatNumber(minLr)} to ${formatNumber(maxLr)}. ` +
      "Flat on the left: too small a rate to move the weights; falling: useful rates; shooting up: too large. " +
      // (the rule the suggestion was chosen by: the caption said "a tenth of the minimum" for Adam's steepest fall)
      {
        tenthOfMinimum: `The suggested rate, ${formatNumber(r.suggestion)}, is a tenth of the one at the minimum (${formatNumber(r.minimumAt)}): on the falling part, where training at a fixed rate is fast and stable (full batches: a long run sharpens the cost until it cannot take the rates a short test does)`,
        thirdOfMinimum: `The suggested rate, ${formatNumber(r.suggestion)}, is a third of the one at the minimum (${formatNumber(r.minimumAt)}): on the falling part, where training at a fixed rate is fast and stable`,
        tenthOfBlowUp: `The suggested rate, ${formatNumber(r.suggestion)}, is a tenth of ${formatNumber(r.blowUpAt)}, ${r.divergedAt === null && r.blowUpAt === r.points[r.points.length - 1]!.learningRate ? "the largest rate tested (the cost's limit was not reached)" : "where the cost rose again"}; a third of the one at the minimum (${formatNumber(r.minimumAt)}) would lie closer to that`,
        bottomOfRange: `The suggested rate, ${formatNumber(r.suggestion)}, is the smallest rate tested: ${{ tenthOfMinimum: `a tenth of the one at the minimum (${formatNumber(r.minimumAt)})`, thirdOfMinimum: `a third of the one at the minimum (${formatNumber(r.minimumAt)})`, tenthOfBlowUp: `a tenth of ${formatNumber(r.blowUpAt)}, where the cost rose again,` }[r.ruleRate]} lies below the range (lower --min-lr)`,
      }[r.rule] +
      (r.divergedAt !== null ? `; the test stopped at ${formatNumber(r.divergedAt)}, where the cost blew up.` : "."),
  };
}

/**
 * nnlab lr-find <spec>: the learning-rate range test on the spec's model, optimizer, batch size and
 * training split. Prints the suggested rate and why; keeps lr-find.json and a report with the curve.
 */
export async function lrFindCommand(specPath: string, options: GlobalOptions & { steps?: string; minLr?: string; maxLr?: string }): Promise<number> {
  // (a step is a training step on a batch: 1e9 of them ran on without end)
  const steps = numberOption("--steps", options.steps, "an integer from 10 to 100000", (v) => Number.isInteger(v) && v >= 10 && v <= 100_000);
  const minLr = numberOption("--min-lr", options.minLr, "a number > 0", (v) => v > 0) ?? 1e-5;
  const maxLr = numberOption("--max-lr", options.maxLr, `a number > --min-lr (${minLr})`, (v) => v > minLr) ?? 10;
  if (maxLr <= minLr) throw new CliError(`lr-find: --min-lr must be below --max-lr (${maxLr}); received ${JSON.stringify(options.minLr)}`);
  // (the rates step geometrically from one to the other: an overflowing ratio made every rate NaN, exit 0)
  if (!Number.isFinite(maxLr / minLr)) {
    throw new CliError(`lr-find: expected --max-lr / --min-lr to be a finite ratio (the rates step geometrically between them); received --min-lr ${minLr} and --max-lr ${maxLr}`);
  }
  const spec = await readSpec(specPath);
  // Ctrl-C, SIGTERM or SIGHUP (without a handler they killed the process where it stood: no exit 130, and a
  // kill while the run was written could leave a folder with lr-find.json and no report): the range test
  // (lrRangeTestAsync, which hands the event loop back so that the handler runs) stops where it is, and
  // nothing is saved: a curve cut short has no minimum to read a suggestion from. Exit 130.
  const interrupt = interruptFlag("now (a range test cut short suggests nothing: nothing is saved)");
  try {
    return await rangeTest(spec, specPath, options, { steps, minLr, maxLr }, interrupt.requested);
  } finally {
    interrupt.dispose();
  }
}

async function rangeTest(
  spec: ExperimentSpec,
  specPath: string,
  options: GlobalOptions,
  { steps, minLr, maxLr }: { steps: number | undefined; minLr: number; maxLr: number },
  interrupted: () => boolean,
): Promise<number> {
  const loaded = await loadData(spec, specPath, options);
  const { train } = splitData(spec, loaded.data);
  const model = buildModel(spec, loaded.data, { trainSplit: train }); // "balanced" weights counted on the training rows
  fitNormalizations(model, spec, train);
  if (interrupted()) throw new CliError("lr-find: interrupted before the range test started; nothing was saved", EXIT.interrupted);
  if (!options.quiet && !options.json) process.stderr.write(`  range test: ${steps ?? 100} steps, learning rates ${formatNumber(minLr)} to ${formatNumber(maxLr)}...\n`);
  const result = await lrRangeTestAsync(model, train.x, train.y, { steps, minLr, maxLr, seed: spec.seed, batchSize: spec.training.batchSize, shouldStop: interrupted });
  if (!result) throw new CliError("lr-find: interrupted during the range test; nothing was saved (a curve cut short has no minimum to suggest from)", EXIT.interrupted);

  const { id, dir } = await createRunDir(options.runs, `${spec.name}-lr-find`);
  const record = { name: spec.name, createdAt: new Date().toISOString(), steps: steps ?? 100, minLr, maxLr, ...result };
  await writeFileAtomic(join(dir, "lr-find.json"), JSON.stringify(record, null, 2) + "\n");
  const last = result.points[result.points.length - 1]!;
  const report = await writeReport(dir, {
    title: `nnlab lr-find: ${spec.name}`,
    createdAt: record.createdAt,
    facts: [
      ["data", `${loaded.source}, ${train.x.rows} training examples`],
      ["model", describeModel(spec, model)],
      ["optimizer", `${spec.optimizer.name} (the spec's learning rate: ${formatNumber(spec.optimizer.learningRate)})`],
      ["test", `${result.points.length} steps, rates ${formatNumber(minLr)} to ${formatNumber(last.learningRate)}, batch size ${result.batchSize}${result.batchSize === train.x.rows ? " (full batch)" : ""}`],
      ["suggested learning rate", formatNumber(result.suggestion)],
      ["lowest cost at", formatNumber(result.minimumAt)],
      ["cost fell fastest at", result.steepestAt === null ? "-" : formatNumber(result.steepestAt)],
      ["cost rose again at", result.divergedAt === null && result.blowUpAt === last.learningRate ? "not within the range" : formatNumber(result.blowUpAt)],
      ["test stopped at", result.divergedAt === null ? "the end of the range" : formatNumber(result.divergedAt)],
    ],
    spec,
    curves: [costChart(result, minLr, maxLr)],
    notes: [result.reason, `To use it, set "optimizer": { "learningRate": ${suggested(result.suggestion)} } in the spec.`],
  });
  const { suggestion, rule, minimumAt, steepestAt, blowUpAt, divergedAt, reason, points } = result;
  // a signal during the writes, after the test ended: the result is whole and kept; the stop is said
  await new Promise((resolve) => setImmediate(resolve));
  const stopped = interrupted();
  output(options, { id, suggestion, rule, minimumAt, steepestAt, blowUpAt, divergedAt, reason, points, dir, report, interrupted: stopped }, () =>
    [`Suggested learning rate: ${suggested(suggestion)}`, reason, `Report: ${report}`, ...(stopped ? ["Interrupted once the range test had ended: its result above is kept."] : [])].join("\n"),
  );
  return stopped ? EXIT.interrupted : EXIT.ok;
}
