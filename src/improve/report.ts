/**
 * What `improve` shows: the path from the starting spec to the final one as a chart (train and dev
 * error after each step, each step labelled with its cause and change), the steps as a table, every
 * candidate tried, the final spec and the final run's diagnosis and figures (the test set's only there).
 * Plain data; render it with renderReport.
 */
import { splitText } from "../experiment/report.js";
import type { ExperimentSpec } from "../experiment/spec.js";
import type { Evaluation } from "../model/sequential.js";
import { formatCost, formatNumber, percent } from "../report/format.js";
import type { CurveChart, RunReport, TableSection } from "../report/run-report.js";
import { divergedCount } from "./compare.js";
import { causeWords, finalSeedIndex, type ImproveEnd, type ImproveResult, type ImproveStep, type Scores } from "./improve.js";

/**
 * The final diagnosis's causes whose remedies were already tried on the final spec, in lines: "Tried
 * already by improve (step 1): high bias (...): network size tried (...); none better beyond noise",
 * then what the notes leave to try. Empty when there are none.
 */
export function alreadyTriedLines(result: Pick<ImproveResult, "alreadyTried">): string[] {
  return result.alreadyTried.flatMap((t) => [`Tried already by improve (step ${t.step}): ${t.line}.`, ...(t.next ? [`  what remains: ${t.next}`] : [])]);
}

/** Why the loop ended, in words. */
export function endWords(end: ImproveEnd): string {
  switch (end) {
    case "healthy":
      return "healthy: the doctor finds nothing left to fix";
    case "no-remedy-helped":
      return "no remedy helped: the remedies of every cause the doctor names were tried, and none lowered the dev figure beyond noise";
    case "data-problem":
      return "a data problem: the doctor's first cause is in the data or its split (see its evidence), which no change to the network fixes";
    case "budget":
      return "the budget of trainings was spent (--trials)";
    case "time":
      return "the time budget left no room for another step (--time; a step is expected to take as long as the last)";
    case "interrupted":
      return "interrupted: the best spec found so far is kept";
  }
}

/** A score in the loop's metric: an error rate as a percentage, a cost as a number. */
export function scoreText(value: number, metric: "error" | "cost"): string {
  // a seed that diverged scores NaN (null once written to steps.jsonl): "NaN%" said nothing
  if (typeof value !== "number" || !Number.isFinite(value)) return "diverged";
  return metric === "error" ? percent(value) : formatNumber(Number(value.toPrecision(4)));
}

/** A difference of scores: percentage points for error rates. */
function differenceText(value: number, metric: "error" | "cost"): string {
  // no seeds both specs finished (gain and noise NaN, null in steps.jsonl): nothing to show ("∞" before)
  if (typeof value !== "number" || !Number.isFinite(value)) return "-";
  return metric === "error" ? `${(100 * value).toFixed(1)} pts` : formatNumber(Number(value.toPrecision(3)));
}

/**
 * A step's gain, with the current spec's diverged seeds beside it: a gain of Infinity (every seed of the
 * current spec diverged, any finished candidate is better) showed as "-", and a kept step then read as a
 * gain of nothing.
 */
function gainText(s: ImproveStep, metric: "error" | "cost"): string {
  const diverged = divergedCount(s.before.devBySeed);
  const of = `${diverged} of ${s.before.devBySeed.length} seeds`;
  if (s.gain === Infinity) return `the current spec diverged on ${of}`;
  return `${differenceText(s.gain, metric)}${diverged ? ` (the current spec diverged on ${of})` : ""}`;
}

/**
 * A step as steps.jsonl, improve.json and --json write it: JSON has no NaN or Infinity (they become null),
 * so the seeds that diverged are counted beside the scores, for the current spec and the best candidate.
 */
export function stepRecord(s: ImproveStep): ImproveStep & { divergedSeeds: { before: number; best: number | null } } {
  return { ...s, divergedSeeds: { before: divergedCount(s.before.devBySeed), best: s.best ? divergedCount(s.best.scores.devBySeed) : null } };
}

/** The initializer a hidden layer gets without one (Dense's default for its activation, as the spec names them). */
const defaultInit = (activation: string) => (activation === "relu" || activation === "leakyRelu" ? "he" : activation === "tanh" || activation === "sigmoid" ? "lecun" : "glorotUniform");

/** An initialization set by hand: "init randomNormal std 10" ("randomNormal" alone draws with std 0.01). */
const initText = (layer: { init?: string; initScale?: number }) => `init ${layer.init}${layer.init === "randomNormal" ? ` std ${layer.initScale ?? 0.01}` : ""}`;

/**
 * A spec in one line: "hidden 16 relu (init zeros), adam at 0.01, batch 32, 250 epochs, early stopping
 * (patience 25), L2 0.1". Every knob a remedy can change is there where it is not its default: a layer's
 * own initialization, L2, L1 and dropout (where they differ from the spec-wide ones), the output layer's
 * initialization, weight decay, class weights. Without them a zeros-initialized start and its fixed final
 * spec read the same.
 */
export function specLine(spec: ExperimentSpec): string {
  const layer = (h: ExperimentSpec["model"]["hidden"][number]) => {
    const own = [
      ...(h.init !== undefined && (h.init !== defaultInit(h.activation) || h.initScale !== undefined) ? [initText(h)] : []),
      ...(h.l2 !== undefined && h.l2 !== spec.l2 ? [`L2 ${h.l2}`] : []),
      ...(h.l1 !== undefined && h.l1 !== spec.l1 ? [`L1 ${h.l1}`] : []),
      ...(h.dropout !== undefined && h.dropout !== spec.dropout ? [`dropout ${h.dropout}`] : []),
    ];
    return `${h.units} ${h.activation}${own.length ? ` (${own.join(", ")})` : ""}`;
  };
  const hidden = spec.model.hidden.length ? spec.model.hidden.map(layer).join(", ") : "no hidden layer";
  const output = spec.model.output;
  const parts = [`hidden ${hidden}`];
  if (output?.init !== undefined) parts.push(`output ${initText(output)}`);
  const decay = spec.optimizer.weightDecay ?? 0;
  parts.push(`${spec.optimizer.name} at ${spec.optimizer.learningRate}${decay > 0 ? ` (weight decay ${decay})` : ""}`, `batch ${spec.training.batchSize}`, `${spec.training.epochs} epochs`);
  const es = spec.training.earlyStopping;
  // minDelta and the monitor when not the defaults: a minDelta of 0.05 that ended runs early went unsaid
  if (es) parts.push(`early stopping (patience ${es.patience}${es.minDelta > 0 ? `, minDelta ${es.minDelta}` : ""}${es.monitor !== "valLoss" ? `, on ${es.monitor}` : ""})`);
  if (spec.l2 > 0) parts.push(`L2 ${spec.l2}`);
  if (spec.l1 > 0) parts.push(`L1 ${spec.l1}`);
  if (spec.dropout > 0) parts.push(`dropout ${spec.dropout}`);
  if (spec.augment) parts.push(`augmentation ${JSON.stringify(spec.augment)}`);
  if (!spec.normalize) parts.push("inputs not standardized");
  if (spec.normalizeTarget) parts.push("target standardized");
  if (spec.classWeight !== undefined) parts.push(`class weights ${spec.classWeight === "balanced" ? "balanced" : `[${spec.classWeight.join(", ")}]`}`);
  return parts.join(", ");
}

const seedsOf = (result: ImproveResult) => result.startScores.devBySeed.length;

/** Where some seeds diverged: " (the 2 seeds that finished)", the seeds the means are over; else "". */
function finishedText(scores: Scores): string {
  const diverged = divergedCount(scores.devBySeed);
  const finished = scores.devBySeed.length - diverged;
  return diverged && finished ? ` (${finished === 1 ? "the seed" : `the ${finished} seeds`} that finished)` : "";
}

/** A mean dev figure, with the seeds it is over where some diverged. */
function meanDevText(scores: Scores, metric: "error" | "cost"): string {
  return `${scoreText(scores.dev, metric)}${finishedText(scores)}`;
}

function scoresText(scores: Scores, metric: "error" | "cost"): string {
  return `train ${scoreText(scores.train, metric)}, dev ${scoreText(scores.dev, metric)}${finishedText(scores)}`;
}

function evaluationText(e: Evaluation): string {
  return `cost ${formatCost(e.loss)}${e.accuracy === undefined ? "" : `, accuracy ${percent(e.accuracy)}`}`;
}

/**
 * Whether the final run's test figures are shown: when the split has a test set and the loop ended. An
 * interrupted loop's "final" is the best spec so far, and a rerun goes on from there: its test figures,
 * shown at every Ctrl-C, would be the test set looked at once per interruption.
 */
export function showsTest(result: ImproveResult): boolean {
  return result.final.split.sizes.test > 0 && result.end !== "interrupted";
}

/**
 * The final run's seed and why it has it: "seed 3, the lowest dev data cost of seeds 1-3 (0.202, 0.191,
 * 0.189)" (finalSeedIndex); "seed 1" with one seed. The data cost: the figure the seeds were told apart by,
 * without the L2 penalty that the final run's cost includes.
 */
export function finalSeedWords(result: Pick<ImproveResult, "start" | "finalSpec" | "finalScores" | "end" | "budgetKeptSeed">): string {
  const costs = result.finalScores.devCostBySeed;
  const seed = result.finalSpec.seed;
  if (costs.length <= 1) return `seed ${seed}`;
  const first = result.start.seed;
  const chosen = finalSeedIndex(costs);
  const range = `seeds ${first}-${first + costs.length - 1}`;
  // one format for the list: "(66775.4094, 163432.3934, 99299.5793)" and "(6.688e-7, 0.00001268, 0.000001920)"
  // were hard to compare (an audit helper)
  const inRange = costs.every((c) => !Number.isFinite(c) || (Math.abs(c) >= 0.01 && Math.abs(c) < 1000));
  const listed = `${range} (${costs.map((c) => (!Number.isFinite(c) ? "diverged" : inRange ? formatCost(c) : c.toExponential(3))).join(", ")})`;
  // no cost to choose by: "the lowest dev data cost of (diverged, diverged, diverged)" named none
  if (!costs.some(Number.isFinite)) return `seed ${seed}, the first: no seed had a dev data cost to choose by (every run of ${range} diverged)`;
  if (seed === first + chosen) return `seed ${seed}, the lowest dev data cost of ${listed}`;
  if (result.budgetKeptSeed) return `seed ${seed}, the diagnosed run: the budget (--trials) left no training for seed ${first + chosen}, the lowest dev data cost of ${listed}`;
  if (result.end === "interrupted") return `seed ${seed}, the diagnosed run (interrupted: the seed of the lowest dev data cost is chosen when the loop ends)`;
  // the loop ended healthy on the first seed's run, and the seed of the lowest cost was not called healthy
  return `seed ${seed}, the run the doctor called healthy (not seed ${first + chosen}, the lowest dev data cost of ${listed})`;
}

/** The final run's figures by set: train, dev, and test where showsTest (looked at only here). */
export function finalFigures(result: ImproveResult): Array<[set: "train" | "dev" | "test", figures: Evaluation]> {
  const { final } = result;
  return [
    ["train", final.train],
    ...(final.dev ? [["dev", final.dev] as ["dev", Evaluation]] : []),
    ...(showsTest(result) ? [["test", final.test] as ["test", Evaluation]] : []),
  ];
}

/** The final run's per-class metrics, the test set's only where showsTest. */
export function finalMetrics(result: ImproveResult): ImproveResult["final"]["metrics"] {
  return showsTest(result) ? result.final.metrics : { ...result.final.metrics, test: null };
}

/** A marker's label: "2. high variance: L2 lambda 0.1", shortened to fit above the plot. */
const MARKER_CHARACTERS = 44;
function markerLabel(step: ImproveStep): string {
  const change = step.kept && step.best ? step.best.label : `${step.knob} unchanged`;
  const label = `${step.step}. ${causeWords(step.cause)}: ${change}`;
  return label.length > MARKER_CHARACTERS ? `${label.slice(0, MARKER_CHARACTERS - 1)}…` : label;
}

/** At most ~20 ticks on the step axis, on whole steps. */
function stepTicks(steps: number): number[] {
  const every = Math.max(1, Math.ceil(steps / 20));
  return Array.from({ length: Math.floor(steps / every) + 1 }, (_, i) => i * every);
}

/** The path: train and dev figure (means over the seeds) at the start and after each step. */
export function pathChart(result: ImproveResult): CurveChart {
  const { steps, metric } = result;
  const x = [0, ...steps.map((s) => s.step)];
  const word = metric === "error" ? "error" : "cost";
  return {
    title: `The path: train and dev ${word} per step`,
    xLabel: "step (0: the starting spec)",
    yLabel: `${word} (mean of ${seedsOf(result)} seeds)`,
    x,
    xTicks: stepTicks(steps.length),
    series: [
      { name: `train ${word}`, values: [result.startScores.train, ...steps.map((s) => s.after.train)] },
      { name: `dev ${word}`, values: [result.startScores.dev, ...steps.map((s) => s.after.dev)] },
    ],
    markers: steps.map((s) => ({ x: s.step, label: markerLabel(s) })),
    // room for a row of marker labels per step, where they cannot share a row
    height: Math.max(340, 300 + 14 * steps.length),
    caption:
      `Each point is the spec kept after that step, trained with ${seedsOf(result)} seeds (a mean over those that finished, where some diverged): a step whose change did not lower the dev ${word} beyond noise keeps the spec as it was (a flat segment)` +
      // the prior a healthy run ends with is kept without a gain: its segment may rise (within the noise)
      (steps.some((s) => s.cause === "healthy") ? `, except the last, "healthy", whose L2 prior is kept unless its dev ${word} is worse beyond noise or the doctor no longer calls its run healthy. ` : ". ") +
      "Each marker names the step's cause and the change kept; the table below lists every change tried.",
  };
}

/** One row a step: the cause, what was tried, what was kept, dev before and after, the gain and the noise it had to beat. */
export function stepsTable(result: ImproveResult): TableSection {
  const m = result.metric;
  const dev = m === "error" ? "dev error" : "dev cost";
  return {
    title: "Steps",
    columns: ["step", "cause", "changes tried (mean " + dev + ")", "kept", `${dev} before → after`, "gain", "noise"],
    rows: result.steps.map((s) => [
      s.step,
      causeWords(s.cause),
      // the candidates the budget cut from the step are named too: the line printed for the step names them
      s.tried.map((t) => `${t.label}: ${meanDevText(t.scores, m)}`).join("; ") +
        (s.untried.length ? `; not tried (the budget ran out): ${s.untried.join("; ")}` : "") +
        (s.skipped?.length ? `; not tried again: ${s.skipped.join("; ")}` : ""),
      // (the prior a healthy run ends with is refused for its own reasons: "no change beat the noise" was said
      // of one refused because the doctor called its run over-regularized, at the same dev error)
      s.kept && s.best ? s.best.label : s.refused ? `nothing (${s.refused})` : s.untried.length ? "nothing among those tried" : "nothing (no change beat the noise)",
      `${meanDevText(s.before, m)} → ${meanDevText(s.after, m)}`,
      gainText(s, m),
      differenceText(s.noise, m),
    ]),
  };
}

/** Every candidate's figures, seed by seed: what the paired comparison compared. */
function candidatesTable(result: ImproveResult): TableSection {
  const m = result.metric;
  const seed = (scores: Scores) => scores.devBySeed.map((v) => scoreText(v, m)).join(", ");
  return {
    title: `Every change tried: train and dev ${m === "error" ? "error" : "cost"}, mean and per seed`,
    columns: ["step", "change", "train", "dev", "dev per seed"],
    rows: [
      [0, "the starting spec", scoreText(result.startScores.train, m), meanDevText(result.startScores, m), seed(result.startScores)],
      ...result.steps.flatMap((s) =>
        s.tried.map((t) => [s.step, `${t.label}${s.kept && t === s.best ? " (kept)" : ""}`, scoreText(t.scores.train, m), meanDevText(t.scores, m), seed(t.scores)]),
      ),
    ],
  };
}

/** The improve run's report (render it with renderReport). */
export function improveReport(result: ImproveResult, title: string): RunReport {
  const { final, metric } = result;
  const seeds = seedsOf(result);
  const kept = result.steps.filter((s) => s.kept).length;
  const facts: Array<[string, string]> = [
    ["data", final.dataSource],
    ["split", `${splitText(final.split.sizes)} — ${final.split.sizes.reason}`],
    ["start", specLine(result.start)],
    [seeds === 1 ? "start (one seed)" : `start (mean of ${seeds} seeds)`, scoresText(result.startScores, metric)],
    ["ended", endWords(result.end)],
    ["steps", `${result.steps.length} (${kept} kept)`],
    ["trainings", `${result.trainings} in ${(result.elapsedMs / 1000).toFixed(1)} s`],
    ["final spec", specLine(result.finalSpec)],
    [seeds === 1 ? "final (one seed)" : `final (mean of ${seeds} seeds)`, scoresText(result.finalScores, metric)],
    ...finalFigures(result).map(([set, e]): [string, string] => [`final run, ${set}`, evaluationText(e)]),
  ];
  const notes = [
    // (as compareDev judges: the regression's rule was worded as the classifier's, every-seed shortcut included)
    metric === "error"
      ? `A change is kept only if it lowers the mean dev error over ${seeds === 1 ? "one seed" : `${seeds} seeds`} (the same seeds for both specs, so the comparison is paired) by more than the noise: the larger of twice the standard error of the paired differences and the dev set's own standard error (sqrt(p(1-p)/n) for an error rate p on n examples); a gain every one of three or more seeds shows needs to beat the dev set's only.`
      : `A change is kept only if it lowers the dev cost over ${seeds === 1 ? "one seed" : `${seeds} seeds`} (the same seeds for both specs, so the comparison is paired) by a ratio beyond the noise: the mean of log(current / candidate) must exceed the larger of Student's t (97.5%) times its standard error and the dev cost's own standard error from its rows relative to the cost (at least 1%). Ratios, not differences: a start whose seeds end far apart would otherwise set a margin no candidate could pass. Seeds differ far more than a dev set's rows here, so a gain on every seed does not count alone.`,
    // the one exception (src/improve/prior.ts): the note said every kept change had lowered the dev error
    ...(result.steps.some((s) => s.cause === "healthy")
      ? [
          `The exception is the last step, "healthy" (src/improve/prior.ts): a run the doctor calls healthy showed no variance beyond the dev set's noise, and a smaller one does not show on it, so its L2 prior is kept unless its own run is no longer called healthy, it diverged, or its dev error is worse beyond the noise (the current spec's gain over it against the same margin): the dev set can show its harm, not its gain.`,
        ]
      : []),
    showsTest(result)
      ? `The test set was evaluated once, on the final run (${finalSeedWords(result)}): every step compared dev figures only.`
      : final.split.sizes.test > 0
        ? "Interrupted: the test set is kept for the end of the loop (rerun the same command to go on); the figures are train and dev only."
        : "The split has no test set: the final figures are train and dev only.",
    ...alreadyTriedLines(result).map((line) => line.trim()),
    ...final.split.warnings,
    ...(final.interrupted ? ["The final run was interrupted (Ctrl-C): its figures are those of the best weights it reached; train the final spec again for the full run."] : []),
  ];
  return {
    title,
    createdAt: new Date().toISOString(),
    facts,
    spec: result.finalSpec,
    diagnosis: final.diagnosis,
    biasVariance: final.biasVariance ?? undefined,
    curves: [pathChart(result)],
    metrics: [
      { set: "train", metrics: final.metrics.train },
      ...(final.metrics.dev ? [{ set: "dev", metrics: final.metrics.dev }] : []),
      ...(finalMetrics(result).test ? [{ set: "test", metrics: final.metrics.test! }] : []),
    ],
    tables: [stepsTable(result), candidatesTable(result)],
    notes,
  };
}
