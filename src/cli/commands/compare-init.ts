import { join } from "node:path";
import { writeFileAtomic } from "../../node/save-file.js";
import { type CurveChart, type ExperimentResult, formatCost, glorotNormal, heNormal, type Initializer, lecunNormal, randomNormal, runExperiment, SIGNAL_FADED, signalFaded, signalOf, zeros } from "../../index.js";
import { CliError, EXIT, type GlobalOptions, interruptFlag, output, stoppedDiverging } from "../context.js";
import { loadData } from "../experiment.js";
import { writeReport } from "../report-file.js";
import { withRunDir } from "../run-store.js";
import { readSpec } from "../spec.js";
import { formatTable, percent } from "../table.js";

const INITS: Array<{ name: string; make: () => Initializer; idea: string }> = [
  { name: "zeros", make: zeros, idea: "every unit starts equal" },
  { name: "small random (0.01)", make: () => randomNormal({ scale: 0.01 }), idea: "N(0,1) x 0.01" },
  { name: "large random (10)", make: () => randomNormal({ scale: 10 }), idea: "N(0,1) x 10, the course's bad example" },
  { name: "He", make: heNormal, idea: "std sqrt(2/fan_in), for ReLU" },
  { name: "LeCun", make: lecunNormal, idea: "std sqrt(1/fan_in), for tanh (the course's 'Xavier')" },
  { name: "Glorot", make: glorotNormal, idea: "std sqrt(2/(fan_in+fan_out))" },
];

/**
 * A hidden layer's signal at the start (signalOf: each unit's std across the probe examples, averaged; the
 * inputs standardized have 1) below this is small, though not faded: faded is SIGNAL_FADED, the one
 * definition `train` reports as "the signal fades" too. One ReLU layer of 16 from N(0, 0.01) on moons:
 * 0.0058, called "a healthy start ... the inputs' scale kept" once and "all but vanishes" after, while
 * train saw nothing wrong with the same network.
 */
const SMALL = 0.05;
/**
 * ... and above this, one that has grown: He keeps a ReLU layer's near 0.2 to 0.7, LeCun a tanh layer's
 * under 1; N(0, 10) on iris gave W1 10 and was called "a healthy start, the inputs' scale kept" (20 before).
 */
const BLOWN = 4;
/**
 * A first cost this many times a constant prediction's is an output blown up from the start (N(0, 10) on
 * iris: 344 against 1.1): outputs confidently wrong for a classifier, far from the targets for a regression.
 * A regression whose target is not standardized is weighed first: a target of std 0.05 put the notes'
 * initializations for tanh at 60 times a constant prediction's cost with ordinary outputs (std 0.4 to 0.8).
 */
const COST_BLOWN = 3;

/**
 * Why an initialization did what it did, from what the run measured: the findings at the start, the
 * hidden activations' scale, and how far the cost had fallen early on against the other initializations
 * (`others`: every run compared, this one included). Claims about speed are ranks of measured costs: the
 * "learning starts slowly" it once said of every saturated start was, on moons with one layer of 16, the
 * fastest start of the six.
 */
export function explainInit(name: string, r: ExperimentResult, others: readonly ExperimentResult[] = [r]): string {
  const initial = r.flow[0];
  const output = initial?.layers[initial.layers.length - 1];
  const symmetric = r.findings.find((f) => f.kind === "symmetric");
  const first = firstCost(r);
  const parts: string[] = [];
  if (symmetric) parts.push(`${symmetric.message}, so the network is no better than one unit per layer`);
  if (output && output.saturated > 0.5) {
    parts.push(`the output saturates at the start (${Math.round(100 * output.saturated)}% of sigmoid outputs within 3% of 0 or 1), so the first cost is ${first.toFixed(2)}`);
  }
  for (const f of r.findings) if (f.kind !== "symmetric") parts.push(f.message);
  if (parts.length === 0) {
    const hidden = (initial?.layers ?? []).filter((l) => l.weight && l !== output);
    const signals = hidden.map(signalOf);
    const shown = hidden.map((l) => `${l.weight} ${num(signalOf(l))}`).join(", ");
    const constant = r.evidence.cost.constant;
    const overConstant = constant > 0 ? first / constant : NaN;
    const target = r.evidence.target;
    // The outputs' RMS at the start: against a standardized target (mean 0, std 1) the first cost would be
    // about 1 + this squared times a constant prediction's, whatever the target's own scale.
    const outputRms = output ? Math.sqrt(output.activationStd ** 2 + output.activationMean ** 2) : NaN;
    const offScale = target && !target.normalized && overConstant > COST_BLOWN && 1 + outputRms ** 2 <= COST_BLOWN;
    if (hidden.some(signalFaded)) parts.push(`the signal all but vanishes at the start: the hidden activations' std is ${shown} (the inputs' is 1), so the output barely depends on the input (first cost ${formatCost(first)})`);
    else if (signals.some((v) => v > BLOWN)) parts.push(`the signal blows up at the start: the hidden activations' std is ${shown} (the inputs' is 1) (first cost ${formatCost(first)}${overConstant > COST_BLOWN ? `, ${num(overConstant)} times a constant prediction's ${formatCost(constant)}` : ""})`);
    else if (offScale) {
      parts.push(
        `the target is off the outputs' scale, not the initialization: the first cost is ${formatCost(first)}, ${num(overConstant)} times a constant prediction's ${formatCost(constant)}, with outputs of RMS ${num(outputRms)} against a target of std ${num(target.std)} (mean ${num(target.mean)}) on the training set; ` +
          `"normalizeTarget": true would put the target on the output's scale${shown ? ` (the hidden activations' std is ${shown})` : ""}`,
      );
    } else if (overConstant > COST_BLOWN) parts.push(`the output blows up at the start: the first cost is ${formatCost(first)}, ${num(overConstant)} times a constant prediction's ${formatCost(constant)} (${target ? "outputs far from the targets" : "outputs confidently wrong"})${shown ? `; the hidden activations' std is ${shown}` : ""}`);
    else if (signals.some((v) => v < SMALL)) parts.push(`the signal is small at the start, though not faded: the hidden activations' std is ${shown} (the inputs' is 1; faded is under ${SIGNAL_FADED}) (first cost ${formatCost(first)})`);
    else parts.push(`a healthy start (first cost ${formatCost(first)})${shown ? `: the hidden activations' std is ${shown}, the inputs' scale kept` : ""}`);
  }
  // a run cut short by Ctrl-C: its figures are those of fewer epochs than the others', so no rank is drawn
  if (r.interrupted) {
    parts.unshift(`interrupted after ${r.history.length} of ${r.spec.training.epochs} epochs (Ctrl-C): cut short, so not ranked against the others`);
    return `${name}: ${parts.join("; ")}.`;
  }
  // a run that diverged: its "final" cost is the kept epoch's, and a rank against the others says little
  const stop = r.history.stop;
  if (stoppedDiverging(stop.reason)) {
    const all = others.filter((o) => !o.interrupted).every((o) => stoppedDiverging(o.history.stop.reason));
    parts.unshift(`training diverged at epoch ${stop.epoch}${all ? " (so did every initialization: the learning rate, not the initialization, is the first thing to lower)" : ""}`);
    return `${name}: ${parts.join("; ")}.`;
  }
  const early = earlyRank(r, others);
  return `${name}: ${parts.join("; ")}${early ? `; ${early}` : ""}.`;
}

const num = (v: number) => String(Number(v.toPrecision(2)));

/**
 * The training cost of the initial weights, before any step (the trainer measures it on up to 4096 rows).
 * The first epoch's mean cost, which it was, includes that epoch's updates: at SGD 50 on mini-batches it
 * read 3.4e19 for He, whose start was healthy (activations' std 0.66 and 0.41), and the blow-up was put
 * on the initialization (an audit of the analysis commands).
 */
function firstCost(r: ExperimentResult): number {
  return r.history.initial?.loss ?? r.history.get("loss")[0]!;
}

/**
 * The training cost a tenth of the way into the runs, and its rank among the initializations compared
 * (those run to their end: a run cut short by Ctrl-C was ranked by a cost of an earlier epoch).
 */
function earlyRank(r: ExperimentResult, all: readonly ExperimentResult[]): string | null {
  const others = all.filter((o) => !o.interrupted);
  if (others.length < 2) return null;
  const epoch = Math.max(1, Math.round(r.spec.training.epochs / 10));
  const at = (x: ExperimentResult) => {
    const loss = x.history.get("loss");
    return loss[Math.min(epoch, loss.length) - 1] ?? NaN;
  };
  const mine = at(r);
  if (!Number.isFinite(mine)) return null;
  const costs = others.map(at).filter(Number.isFinite);
  const rank = costs.filter((c) => c < mine).length + 1;
  const place = rank === 1 ? "the lowest" : rank === costs.length ? "the highest" : `the ${ordinal(rank)} lowest`;
  return `after ${epoch} epoch${epoch === 1 ? "" : "s"} the training cost is ${formatCost(mine)}, ${place} of the ${costs.length}`;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? "st" : n % 10 === 2 && n % 100 !== 12 ? "nd" : n % 10 === 3 && n % 100 !== 13 ? "rd" : "th"}`;

/**
 * The training cost of every initialization against the epoch. Each series has its own epochs: early
 * stopping, or a divergence, ends runs at different epochs, and one shared x would not fit them all.
 */
export function costByInitChart(results: Array<{ name: string; result: ExperimentResult }>): CurveChart {
  const stopped = results.filter(({ result }) => result.history.length < result.spec.training.epochs);
  return {
    title: "Training cost by initialization",
    xLabel: "epoch",
    xIntegers: true,
    yLabel: "cost",
    x: [],
    series: results.map(({ name, result }) => ({ name, x: result.history.epochs, values: result.history.get("loss") })),
    caption:
      "The training cost per epoch under each initialization, same network, data and seed. A curve that stays flat from the start has not broken symmetry, or starts with a signal that vanished or saturated; " +
      "the lower a curve early on, the faster that initialization trained here." +
      (stopped.length ? ` Some runs ended early (${stopped.map(({ name, result }) => `${name}: ${stopReason(result)} at epoch ${result.history.length}`).join("; ")}), so their curves are shorter.` : ""),
  };
}

/** Why a run ended, as the table and the JSON say it: a Ctrl-C is "interrupted" (the trainer's "callback"). */
function stopReason(r: ExperimentResult): string {
  return r.interrupted ? "interrupted" : r.history.stop.reason;
}

/** nnlab compare-init <spec>: the same network and data under six initializations, side by side, explained. */
export async function compareInitCommand(specPath: string, options: GlobalOptions): Promise<number> {
  const spec = await readSpec(specPath);
  const loaded = await loadData(spec, specPath, options);
  // the run in training stops at its next batch (it is kept, marked interrupted and ranked with none); the
  // initializations after it are not run
  const interrupt = interruptFlag("after this batch (the initializations not yet run are skipped)");
  const results: Array<{ name: string; idea: string; result: ExperimentResult }> = [];
  try {
    for (const init of INITS) {
      if (interrupt.requested()) break;
      const result = await runExperiment(spec, { data: loaded, init: init.make(), shouldStop: interrupt.requested });
      results.push({ name: init.name, idea: init.idea, result });
      if (!options.quiet && !options.json) process.stderr.write(`  ${init.name}: ${result.interrupted ? `interrupted after ${result.history.length} of ${spec.training.epochs} epochs` : "done"}\n`);
    }
  } finally {
    interrupt.dispose();
  }
  const interrupted = interrupt.requested() && (results.length < INITS.length || results.some(({ result }) => result.interrupted));
  const notRun = INITS.slice(results.length).map((init) => init.name);
  if (!results.some(({ result }) => !result.interrupted)) {
    throw new CliError("compare-init: interrupted before the first initialization finished training; nothing was saved", EXIT.interrupted);
  }
  // a regression has no accuracy: its dev figure is the dev cost (the columns read "-" in every row, and no dev figure was shown)
  const regression = results.every(({ result }) => result.train.accuracy == null);
  const header = ["initialization", "first cost", "final train cost", ...(regression ? ["final dev cost"] : ["train acc", "dev acc"]), "findings at start", "stop"];
  const rows = results.map(({ name, result: r }) => [
    name,
    +formatCost(firstCost(r)),
    +formatCost(r.train.loss),
    // no dev set: none shown (the test set's figure stood under "dev acc", and --json said null)
    ...(regression ? [r.dev ? +formatCost(r.dev.loss) : "-"] : [percent(r.train.accuracy), r.dev ? percent(r.dev.accuracy) : "-"]),
    [...new Set(r.findings.filter((f) => f.epoch < 0).map((f) => f.kind))].join(", ") || "-",
    r.interrupted
      ? `interrupted (${r.history.length} of ${r.spec.training.epochs} epochs)`
      : stoppedDiverging(r.history.stop.reason)
        ? `diverged (epoch ${r.history.stop.epoch})`
        : r.history.stop.reason,
  ]);
  const explanations = results.map(({ name, result }) => explainInit(name, result, results.map((x) => x.result)));
  const json = {
    interrupted,
    ...(interrupted ? { notRun } : {}),
    results: results.map(({ name, result: r }, i) => ({ name, epochs: r.history.length, stop: stopReason(r), ...(r.interrupted ? { interrupted: true } : {}), train: r.train, dev: r.dev, findings: r.findings, explanation: explanations[i] })),
  };
  const cut = results.filter(({ result }) => result.interrupted).map(({ name }) => name);
  const interruptedNote = interrupted
    ? `Interrupted: ${results.length - cut.length} of the ${INITS.length} initializations compared${cut.length ? `; ${cut.join(", ")} cut short (shown, not ranked)` : ""}${notRun.length ? `; not run: ${notRun.join(", ")}` : ""}. Rerun for the full comparison.`
    : null;
  const { id, reportPath } = await withRunDir(options.runs, `${spec.name}-compare-init`, async ({ id, dir }) => {
    await writeFileAtomic(join(dir, "compare-init.json"), JSON.stringify({ name: spec.name, createdAt: new Date().toISOString(), ...json }, null, 2) + "\n");
    const reportPath = await writeReport(dir, {
      title: `nnlab compare-init: ${spec.name}`,
      createdAt: new Date().toISOString(),
      facts: [["data", loaded.source], ["network", results[0]?.result.modelDescription ?? "-"], ["epochs", String(spec.training.epochs)]],
      tables: [{ title: interrupted ? `${results.length} of the ${INITS.length} initializations (interrupted), same network and data` : "Six initializations, same network and data", columns: header, rows }],
      curves: [costByInitChart(results)],
      notes: interruptedNote ? [interruptedNote, ...explanations] : explanations,
    });
    return { id, reportPath };
  });
  output(options, { id, report: reportPath, ...json }, () => [formatTable(header, rows), "", ...explanations, "", ...(interruptedNote ? [interruptedNote] : []), `Report: ${reportPath}`].join("\n"));
  if (interrupted) return EXIT.interrupted;
  // every initialization diverged: the learning rate, not the initialization, is at fault (exit 3, as for one run)
  return results.every(({ result }) => stoppedDiverging(result.history.stop.reason)) ? EXIT.diverged : EXIT.ok;
}
