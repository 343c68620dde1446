/**
 * `improve`: the notes' loop, run for the user. Train, let the doctor name the first cause, try the notes'
 * remedy for it (a few candidate changes, each trained with the same seeds), keep the best candidate only
 * if it lowers the dev error beyond noise (compare.ts), and go on until the doctor calls the run healthy,
 * no remedy helps, or the budget is spent. The test set is looked at once, at the end.
 *
 * Browser-safe: trials go through a TrialExecutor (this thread, worker threads or a job queue), data that
 * is not built in through a DataLoader, and finished trials through an optional store (resume).
 */
import type { Dataset } from "../data/dataset.js";
import type { Split } from "../data/split.js";
import { keptTooEarly } from "../diagnose/doctor/causes/undertrained.js";
import { learnedNothing, targetErrors } from "../diagnose/doctor/signals.js";
import { lrRangeTest } from "../diagnose/doctor/lr-find.js";
import type { Evidence } from "../diagnose/doctor/evidence.js";
import type { CauseId, Diagnosis } from "../diagnose/doctor/types.js";
import { NnlabError } from "../errors.js";
import { formatNumber } from "../report/format.js";
import { buildModel, fitNormalizations, splitData } from "../experiment/build.js";
import { type DataLoader, isBuiltInSource, type LoadedData, loadExperimentData } from "../experiment/data-source.js";
import { isRealDataset } from "../data/real-datasets.js";
import { type ExperimentResult, runExperiment } from "../experiment/run.js";
import { type ExperimentSpec, parseSpec, splitRatiosOf, splitSeedOf, withValue } from "../experiment/spec.js";
import { serialExecutor, type TrialExecutor } from "../sweep/executor.js";
import { dataCost } from "../sweep/rank.js";
import { type TrialResult, type TrialTask, trialResultOf } from "../sweep/trial.js";
import { type Comparison, compareDev, devSetNoise, divergedCount } from "./compare.js";
import { priorCandidate } from "./prior.js";
import { type Candidate, remedyFor } from "./remedies.js";

/**
 * Mean train and dev figures of a spec over the seeds that finished (a diverged seed's figures are its last
 * healthy weights': 3910 beside 1.26 and 5.12), NaN where every seed diverged: errors for a classifier,
 * data costs otherwise.
 */
export interface Scores {
  train: number;
  dev: number;
  /** The dev score of each seed, in seed order (the paired comparison needs them). */
  devBySeed: number[];
  /**
   * The dev data cost of each seed, in seed order, NaN where it diverged (a regression's is devBySeed): the
   * final run's seed is the one where it is lowest (finalSeedIndex).
   */
  devCostBySeed: number[];
  /** A regression's dev cost's standard error from its rows, the mean over the seeds that finished (absent for a classifier). */
  devNoise?: number;
}

export interface TriedCandidate {
  label: string;
  change: Record<string, unknown>;
  scores: Scores;
}

/** One pass of the loop: a cause, the candidates tried for it, and what was kept. */
export interface ImproveStep {
  step: number;
  /** The doctor's cause the step answered, or "healthy" for the prior a healthy run ends with (prior.ts). */
  cause: StepCause;
  /** The doctor's leading evidence for the cause. */
  evidence: string[];
  knob: string;
  tried: TriedCandidate[];
  /** The best candidate, kept or not. */
  best: TriedCandidate | null;
  /** Candidates of the remedy the budget left untried (their labels); a step that kept none then ends the loop. */
  untried: string[];
  /**
   * Candidates of the remedy not trained again: each a spec this run trained already (or a value beyond one,
   * on the same knob) that scored no better than the current spec. Label and why, in words.
   */
  skipped?: string[];
  kept: boolean;
  /**
   * The step of a healthy run's prior (cause "healthy") where it was not kept: why, in words ("the doctor
   * calls its run over-regularized", "its dev error is worse beyond noise (...)", "it diverged").
   */
  refused?: string;
  gain: number;
  noise: number;
  before: Scores;
  after: Scores;
  /** "high variance (train 0.5%, dev 9.1%): L2 lambda 0.1 chosen from 0.01..1 -> dev 4.2%" */
  line: string;
}

/** What a step answers: a cause the doctor named, or a healthy verdict (the last step, prior.ts). */
export type StepCause = CauseId | "healthy";

export type ImproveEnd = "healthy" | "no-remedy-helped" | "data-problem" | "budget" | "time" | "interrupted";

/**
 * A cause the final diagnosis still names whose remedy the loop already tried on the final spec, without
 * a gain beyond noise: the doctor's advice for it has been measured, so the output says so beside it.
 */
export interface AlreadyTried {
  cause: CauseId;
  /** The step that tried it (ImproveStep.step). */
  step: number;
  /** "network size tried (hidden units 32: 18.9%; ...); none better beyond noise (3.5%)" */
  line: string;
  /** What the notes leave to try once that remedy did not help, where there is something. */
  next: string | null;
}

export interface ImproveResult {
  /** The starting spec, with its split seed made explicit (every trial tests on the same rows). */
  start: ExperimentSpec;
  startScores: Scores;
  steps: ImproveStep[];
  finalSpec: ExperimentSpec;
  finalScores: Scores;
  /** The doctor's verdict on the final spec. */
  diagnosis: Diagnosis;
  /** Causes of that verdict whose remedies the loop tried on the final spec without a gain (see AlreadyTried). */
  alreadyTried: AlreadyTried[];
  /** The final spec trained once more with its own seed, now evaluated on the test set too. */
  final: ExperimentResult;
  end: ImproveEnd;
  /** Set where the budget (--trials) had no training left for the final run with the seed of the lowest dev cost: the diagnosed run is the final one. */
  budgetKeptSeed?: boolean;
  /** Trainings run (each seed of each candidate, and each diagnostic run), including resumed ones. */
  trainings: number;
  /** Whether error rates (a classifier) or data costs (a regression) were compared. */
  metric: "error" | "cost";
  elapsedMs: number;
}

/** Keeps finished trials so that an interrupted `improve` resumes where it stopped. */
export interface TrialCache {
  get(key: string): TrialResult | undefined;
  put(key: string, result: TrialResult): Promise<void> | void;
}

export interface ImproveOptions {
  /** Data already loaded (otherwise loaded once from the spec, through `loadData`). */
  data?: LoadedData;
  loadData?: DataLoader;
  /** Runs the candidates' trials (default: one after another in this thread). */
  executor?: TrialExecutor;
  /** The spec file's path, for trials that load relative CSV files in another thread or machine. */
  specPath?: string;
  /** Seeds per candidate (default 3): the paired comparison's sample. */
  seeds?: number;
  /** At most this many trainings in all (default 60). */
  trials?: number;
  /** A time budget in milliseconds: no step is begun that is expected (as long as the last one) to end past it. */
  timeMs?: number;
  cache?: TrialCache;
  onStep?: (step: ImproveStep) => void;
  /** Progress in words ("diagnosing", "trying 4 candidates for high variance"). */
  onProgress?: (line: string) => void;
  shouldStop?: () => boolean;
  /** The clock (tests pass a fake one; default Date.now). */
  now?: () => number;
}

const CAUSE_WORDS: Record<CauseId, string> = {
  "learning-rate-too-high": "learning rate too high",
  "learning-rate-too-low": "learning rate too low",
  undertrained: "undertrained",
  "symmetric-init": "symmetric initialization",
  "init-too-small": "initialization too small",
  "init-too-large": "initialization too large",
  "inputs-not-normalized": "inputs not normalized",
  "target-not-normalized": "target not normalized",
  "over-regularized": "over-regularized",
  "high-bias": "high bias",
  "high-variance": "high variance",
  "data-problem": "data problem",
};

export function causeWords(cause: StepCause): string {
  return cause === "healthy" ? "healthy" : CAUSE_WORDS[cause];
}

const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;

function applyChange(spec: ExperimentSpec, change: Record<string, unknown>): ExperimentSpec {
  let plain = structuredClone(spec) as unknown as Record<string, unknown>;
  for (const [path, value] of Object.entries(change)) plain = withValue(plain, path, value);
  return parseSpec(JSON.parse(JSON.stringify(plain)), "improve");
}

/**
 * The loop's starting point: the spec with its split seed fixed, and a generator's data seed, so that
 * changing `seed` keeps the rows (a generator draws its points with the spec's seed by default: seeds 2
 * and 3 trained and scored on other data sets, and their mean dev error mixed three dev sets).
 */
function pinSplit(spec: ExperimentSpec): ExperimentSpec {
  const generated = isBuiltInSource(spec.data.source) && !isRealDataset(spec.data.source);
  const data = generated ? { ...spec.data, seed: spec.data.seed ?? spec.seed } : spec.data;
  return parseSpec({ ...spec, data, split: { ratios: splitRatiosOf(spec), seed: splitSeedOf(spec) } }, "improve");
}

/** The dev set's size under the spec's split (`parts`, where the caller has made it); one line when the split has none (the loop needs one). */
export function checkDevSet(spec: ExperimentSpec, data: Dataset, parts: Split = splitData(spec, data)): number {
  if (!parts.dev || parts.dev.x.rows === 0) {
    throw new NnlabError(
      `improve: expected a split with a dev set (the loop compares dev errors; the test set is kept for the end); received ${JSON.stringify(splitRatiosOf(spec))}, which gives none`,
    );
  }
  return parts.dev.x.rows;
}

/** Runs the notes' loop on a spec; see the file's comment. */
export async function improve(spec: ExperimentSpec, options: ImproveOptions = {}): Promise<ImproveResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const seeds = options.seeds ?? 3;
  const budget = options.trials ?? 60;
  if (!(Number.isInteger(seeds) && seeds >= 1)) throw new NnlabError(`improve: expected seeds to be a positive integer; received ${seeds}`);
  if (!(Number.isInteger(budget) && budget >= seeds)) {
    throw new NnlabError(`improve: expected a budget of at least ${seeds} trainings (the start with ${seeds} seeds, the first of them its diagnosis); received ${budget}`);
  }
  const say = options.onProgress ?? (() => {});
  const start = pinSplit(spec);
  const loaded = options.data ?? (await loadExperimentData(start, options.loadData));
  const devExamples = checkDevSet(start, loaded.data);
  const metric: "error" | "cost" = loaded.data.task === "regression" ? "cost" : "error";
  const executor = options.executor ?? serialExecutor({ loader: options.loadData });
  const images = !!loaded.data.image;
  let trainings = 0;
  let taskIndex = 0;
  // this run's finished trials by key: a spec trained again within the run (step 2's "no regularization"
  // was step 1's) is the same seeds and the same bits, so its results are reused, and not counted again
  const known = new Map<string, TrialResult>();
  let storedTrials = 0; // trials this run trained and put in the store

  /** Each spec trained with `seeds` seeds (from its own seed up), through the executor and the cache. */
  async function score(specs: ExperimentSpec[]): Promise<Scores[]> {
    const tasks: Array<{ task: TrialTask; key: string; spec: number; seed: number }> = [];
    specs.forEach((s, i) => {
      for (let k = 0; k < seeds; k++) {
        const seeded = { ...s, seed: start.seed + k };
        tasks.push({ task: { index: taskIndex++, values: { candidate: i, seed: seeded.seed }, spec: seeded, ...(options.specPath ? { specPath: options.specPath } : {}) }, key: JSON.stringify(seeded), spec: i, seed: k });
      }
    });
    const results = new Map<number, TrialResult>();
    const missing: TrialTask[] = [];
    let resumed = 0;
    for (const t of tasks) {
      const again = known.get(t.key);
      const cached = again ?? options.cache?.get(t.key);
      if (cached) {
        results.set(t.task.index, cached);
        known.set(t.key, cached);
        if (!again) resumed++; // a trial of an earlier run counts (the run's trainings include resumed ones)
      } else missing.push(t.task);
    }
    const keyOf = new Map(tasks.map((t) => [t.task.index, t.key]));
    await executor.run(missing, async (r) => {
      results.set(r.index, r);
      known.set(keyOf.get(r.index)!, r);
      await options.cache?.put(keyOf.get(r.index)!, r);
      storedTrials++;
    });
    // the trainings that ran (an interrupt leaves some of the step's tasks untrained), and those resumed
    trainings += missing.filter((t) => results.has(t.index)).length + resumed;
    if (results.size < tasks.length) throw new Interrupted();
    return specs.map((_, i) => {
      const mine = tasks.filter((t) => t.spec === i).map((t) => results.get(t.task.index)!);
      const pick = (r: TrialResult, which: "train" | "dev") =>
        metric === "error" ? (r.targetErrors?.[which] ?? (which === "train" ? r.trainError : r.devError) ?? NaN) : dataCost(r, which);
      // a seed that diverged scores NaN in the comparison (compareDev: beaten by any candidate that did not),
      // though its last healthy weights may score well: lr 2 on breast-cancer diverged at epoch 2 and was kept
      const devBySeed = mine.map((r) => (r.diverged ? NaN : pick(r, "dev")));
      const devCostBySeed = mine.map((r) => (r.diverged ? NaN : dataCost(r, "dev")));
      const noises = mine.flatMap((r) => (!r.diverged && r.devDataLossSe !== undefined && Number.isFinite(r.devDataLossSe) ? [r.devDataLossSe] : []));
      // the means shown are the finished seeds' (NaN where none finished): a diverged seed's last healthy
      // weights scored a dev cost of 3910 beside 1.26 and 5.12, and the mean said 3910
      const finished = mine.filter((r) => !r.diverged);
      const over = (which: "train" | "dev") => (finished.length ? mean(finished.map((r) => pick(r, which))) : NaN);
      return { train: over("train"), dev: over("dev"), devBySeed, devCostBySeed, ...(metric === "error" || !noises.length ? {} : { devNoise: mean(noises) }) };
    });
  }

  async function diagnoseSpec(s: ExperimentSpec): Promise<ExperimentResult> {
    say("diagnosing");
    trainings += 1;
    // The test set's figures of these runs are never read: only `final` reports them. Not interrupted:
    // this run may become the final one, whose model must be what `nnlab train` of the final spec gives.
    // the doctor is not shown the test set either: what it names steers the next step
    return runExperiment(s, { data: loaded, testInDiagnosis: false }); // its result's spec is `s` itself: the final run is told by identity
  }

  let current = start;
  let end: ImproveEnd = "budget";
  const steps: ImproveStep[] = [];
  let currentScores: Scores;
  let diagnosisRun: ExperimentResult;
  // The start's diagnostic run is also the trial of its first seed (the same spec and seed train the same
  // bits): a healthy start was trained four times for three results. Not put in the store: a rerun trains
  // the diagnostic run again (its model and evidence are not stored), so a stored copy would never be read.
  const diagnosisStarted = Date.now();
  diagnosisRun = await diagnoseSpec(current);
  known.set(JSON.stringify(current), trialResultOf({ index: taskIndex, values: { candidate: 0, seed: current.seed }, spec: current }, diagnosisRun, Date.now() - diagnosisStarted));
  try {
    [currentScores] = (await score([current])) as [Scores];
  } catch (error) {
    // The seeds that finished are in the trial store, where a rerun takes them up: "nothing to keep" beside
    // the CLI's "(they are kept)" read as a loss of work that was not lost.
    if (error instanceof Interrupted) {
      const kept = options.cache ? storedTrials : 0;
      const what = kept ? `; the ${kept} trial${kept === 1 ? "" : "s"} of it that finished ${kept === 1 ? "is" : "are"} kept, and a rerun of the same command resumes from ${kept === 1 ? "it" : "them"}` : "";
      throw new NnlabError(`improve: interrupted before the starting spec was scored on its ${seeds} seeds: no step was taken and there is no final spec yet${what}`);
    }
    throw error;
  }
  const startScores = currentScores;
  const failedAt = new Set<string>(); // "cause|spec" pairs whose remedy did not help
  // every spec scored in this run, where and with what: a remedy does not offer again what was measured
  const trained: Trained[] = [{ spec: start, key: JSON.stringify(start), scores: startScores, where: "the starting spec" }];

  // How long a step is expected to take: the last one's time (for the first, the start's scoring and
  // diagnosis). "No new step after --time" let a step begin at 86 s of 90 and run 4.5 minutes (an improve
  // audit on 20k rows); a step expected to end past the time is not begun.
  let lastStepMs = now() - started;
  let stepStarted = now();
  let firstStep = true;
  loop: for (;;) {
    if (!firstStep) lastStepMs = now() - stepStarted;
    firstStep = false;
    stepStarted = now();
    if (options.shouldStop?.()) {
      end = "interrupted";
      break;
    }
    if (diagnosisRun.diagnosis.healthy) {
      end = "healthy";
      break;
    }
    const specKey = JSON.stringify(current);
    // the named causes in rank order, each followed by those it folds in (high bias under "undertrained":
    // when more epochs did not help, a network of 2 units was never grown)
    const inOrder = diagnosisRun.diagnosis.causes.flatMap((c) => [c, ...(c.folded ?? []).map((f) => ({ id: f.id, evidence: f.evidence }))]);
    const cause = inOrder.find((c) => !failedAt.has(`${c.id}|${specKey}`));
    if (!cause) {
      end = "no-remedy-helped";
      break;
    }
    if (cause.id === "data-problem") {
      end = "data-problem";
      break;
    }
    // (after the ends that no step would change: a loop that would end "data problem" or "no remedy helped"
    // said "the time budget left no room for another step", and more --time bought nothing; an audit)
    if (options.timeMs !== undefined && now() - started + lastStepMs > options.timeMs) {
      end = "time";
      break;
    }
    let suggested: number | null = null;
    // (and where the network learned nothing: the rate is a suspect the range test measures)
    if (cause.id === "learning-rate-too-high" || cause.id === "learning-rate-too-low" || (cause.id === "high-bias" && learnedNothing(diagnosisRun.evidence))) {
      say("range test of the learning rate");
      const model = buildModel(current, loaded.data, { trainSplit: diagnosisRun.split.train });
      fitNormalizations(model, current, diagnosisRun.split.train);
      // the range `nnlab lr-find` tests (1e-5 to 10 in 100 steps): up to 100 in 200-300 steps, the longer test
      // warmed the network up for rates a fresh run cannot take (wine SGD: 10, which diverged at epoch 2), and a
      // test that never blew up pointed at a tenth of 100 (an audit: 8-9 of 99 suggestions diverged, 0 here)
      const range = lrRangeTest(model, diagnosisRun.split.train.x, diagnosisRun.split.train.y, { seed: current.seed, batchSize: current.training.batchSize });
      suggested = Number.isFinite(range.suggestion) ? range.suggestion : null;
    }
    const remedy = remedyFor(cause.id, current, {
      suggestedLearningRate: suggested,
      images,
      trainRows: diagnosisRun.split.train.x.rows,
      keptTooEarly: keptTooEarly(diagnosisRun.evidence),
      learnedNothing: learnedNothing(diagnosisRun.evidence),
      devCost: diagnosisRun.history.get("valLoss"),
    });
    // what this run measured already and found no better than the current spec is not trained again
    const offered: Array<{ candidate: Candidate; spec: ExperimentSpec }> = [];
    const skipped: string[] = [];
    for (const candidate of remedy?.candidates ?? []) {
      const spec = applyChange(current, candidate.change);
      const twin = offered.find((o) => JSON.stringify(o.spec) === JSON.stringify(spec));
      const why = twin ? `the same spec as ${twin.candidate.label}` : measuredNoBetter(spec, current, currentScores, trained, metric);
      if (why) skipped.push(`${candidate.label} (${why})`);
      else offered.push({ candidate, spec });
    }
    if (!remedy || offered.length === 0) {
      if (skipped.length) say(`${causeWords(cause.id)}: nothing new to try: ${skipped.join("; ")}`);
      failedAt.add(`${cause.id}|${specKey}`);
      continue;
    }
    const affordable = Math.floor((budget - trainings - 1) / seeds); // keep one training for the next diagnosis
    const candidates: Candidate[] = offered.slice(0, Math.max(0, affordable)).map((o) => o.candidate);
    if (candidates.length === 0) {
      end = "budget";
      break;
    }
    say(`${causeWords(cause.id)}: trying ${candidates.map((c) => c.label).join("; ")}`);
    const specs = offered.slice(0, candidates.length).map((o) => o.spec);
    let scores: Scores[];
    try {
      scores = await score(specs);
    } catch (error) {
      if (error instanceof Interrupted) {
        end = "interrupted";
        break loop;
      }
      throw error;
    }
    const tried = candidates.map((c, i) => ({ label: c.label, change: c.change, scores: scores[i]! }));
    specs.forEach((s, i) => trained.push({ spec: s, key: JSON.stringify(s), scores: scores[i]!, where: `step ${steps.length + 1} (${candidates[i]!.label})` }));
    const untried = offered.slice(candidates.length).map((o) => o.candidate.label);
    // with class weights the scores are the balanced (or class-weighted) errors: their noise is that of the
    // examples the doctor counts for them (the classes times the smallest one), not of every dev row
    const noiseExamples = noiseExamplesOf(diagnosisRun.evidence, devExamples);
    const { best, comparison } = chooseCandidate(tried, currentScores, (t) => compareDev(currentScores.devBySeed, t.scores.devBySeed, noiseExamples, metric === "error", currentScores.devNoise));
    const before = currentScores;
    if (comparison.better) {
      current = specs[tried.indexOf(best)]!;
      currentScores = best.scores;
    } else {
      failedAt.add(`${cause.id}|${specKey}`);
    }
    const step: ImproveStep = {
      step: steps.length + 1,
      cause: cause.id,
      evidence: cause.evidence.slice(0, 2),
      knob: remedy.knob,
      tried,
      best,
      untried,
      ...(skipped.length ? { skipped } : {}),
      kept: comparison.better,
      gain: comparison.gain,
      noise: comparison.noise,
      before,
      after: currentScores,
      line: stepLine(cause.id, remedy.knob, before, best, tried, comparison, metric, untried, skipped),
    };
    steps.push(step);
    options.onStep?.(step);
    // A remedy cut short by the budget has not failed: the loop ends on the budget, not on the next cause.
    if (!comparison.better && untried.length > 0) {
      end = "budget";
      break;
    }
    if (comparison.better) {
      if (trainings + 1 > budget) {
        end = "budget";
        break;
      }
      diagnosisRun = await diagnoseSpec(current);
    }
  }

  // A healthy run's last step: the prior (prior.ts), kept unless its run is no longer healthy or its dev
  // error is worse beyond noise. It needs its seeds' trainings and the final run's within the budget, and
  // the time of a step: with room for its seeds alone, a prior refused left no training for the final run,
  // whose seed was then the diagnosed one (breast-cancer, split seed 104: --trials 6 ended on seed 1, where
  // --trials 5, which skipped the prior, trained seed 2, the lowest dev cost, for the same final spec).
  const prior = end === "healthy" ? priorCandidate(current, loaded.data) : null;
  const stepFits = options.timeMs === undefined || now() - started + lastStepMs <= options.timeMs;
  if (prior && trainings + seeds + 1 <= budget && stepFits && !options.shouldStop?.()) {
    say(`healthy: trying ${prior.label}`);
    const spec = applyChange(current, prior.change);
    try {
      const runStarted = Date.now();
      const run = await diagnoseSpec(spec);
      known.set(JSON.stringify(spec), trialResultOf({ index: taskIndex++, values: { candidate: 0, seed: spec.seed }, spec }, run, Date.now() - runStarted));
      const [scores] = (await score([spec])) as [Scores];
      // the current spec against the candidate: harm beyond noise. Its margin is the one the step reports (the
      // candidate's own comparison has another: at the candidate's higher error, and without the every-seed
      // rule, the line said "no worse beyond noise (1.3%)" of a rise of 1.7 points judged against 1.9%)
      const noiseExamples = noiseExamplesOf(diagnosisRun.evidence, devExamples);
      const harm = compareDev(scores.devBySeed, currentScores.devBySeed, noiseExamples, true);
      const diverged = divergedCount(scores.devBySeed) > 0;
      const kept = run.diagnosis.healthy && !diverged && !harm.better;
      const tried = [{ label: prior.label, change: prior.change, scores }];
      const before = currentScores;
      // (divergence before harm: on the seeds it finished, a diverged prior was "worse beyond noise (0.0% against 0.9%)")
      const why = !run.diagnosis.healthy
        ? `the doctor calls its run ${run.diagnosis.causes.map((c) => causeWords(c.id)).join(", ")}`
        : diverged
          ? "it diverged"
          : `its dev error is worse beyond noise (${apart(harm.gain, harm.noise).join(" against ")})`;
      if (kept) {
        current = spec;
        currentScores = scores;
        diagnosisRun = run;
      }
      const step: ImproveStep = {
        step: steps.length + 1,
        cause: "healthy",
        evidence: [`the dev set measures an error to about ${fmt(devSetNoise(before.dev, noiseExamples), "error")} (its standard error on ${noiseExamples} examples): a variance below that does not show`],
        knob: "L2 lambda",
        tried,
        best: tried[0]!,
        untried: [],
        kept,
        // the fall of the dev error (negative: a rise), and the margin a rise had to stay within
        gain: -harm.gain,
        noise: harm.noise,
        ...(kept ? {} : { refused: why }),
        before,
        after: currentScores,
        line: `healthy (train ${fmt(before.train, "error")}, dev ${fmt(before.dev, "error")}): ${prior.label} -> dev ${devText(scores, "error")}, ${
          kept ? `kept: still healthy and no worse beyond noise (${fmt(harm.noise, "error")}), which is all the dev set can tell` : `not kept: ${why}`
        }`,
      };
      steps.push(step);
      options.onStep?.(step);
    } catch (error) {
      if (!(error instanceof Interrupted)) throw error;
      end = "interrupted";
    }
  }

  // The final run trains the final spec with the seed of its lowest dev cost (finalSeedIndex). The last
  // diagnostic run is the final spec's run with its first seed whenever it is current, and is the final run
  // where that seed is the one chosen; its test figures are the first ones read. An interrupted loop keeps
  // that run: Ctrl-C is not made to wait for a training, and the rerun that goes on chooses the seed.
  // The budget counts the final run too: where it has no training left, the diagnosed run stays the final
  // one (--trials 3 trained 4 where seed 2 or 3 had the lowest dev cost; an audit).
  const lowest = end === "interrupted" ? 0 : finalSeedIndex(currentScores.devCostBySeed);
  const budgetKeptSeed = lowest !== 0 && diagnosisRun.spec === current && trainings + 1 > budget;
  const chosen = budgetKeptSeed ? 0 : lowest;
  let finalSpec = chosen === 0 ? current : parseSpec({ ...current, seed: start.seed + chosen }, "improve");
  let final = diagnosisRun;
  if (diagnosisRun.spec !== finalSpec) {
    say(chosen === 0 ? "training the final spec" : `training the final spec with seed ${finalSpec.seed} (the lowest dev data cost of its ${seeds} seeds)`);
    // Ctrl-C stops it as it stops a step: the diagnosed run stays the final one and a rerun goes on (it was
    // acknowledged, then the final run trained to its end and the command exited 0; an audit)
    const run = await runExperiment(finalSpec, { data: loaded, testInDiagnosis: false, shouldStop: options.shouldStop });
    trainings += 1;
    if (run.interrupted) {
      end = "interrupted";
      // the diagnosed run where it is the final spec's; else (no run of it finished) the interrupted one,
      // holding the best weights it reached
      if (diagnosisRun.spec === current) finalSpec = current;
      else final = run;
    } else if (end === "healthy" && !run.diagnosis.healthy) {
      // the loop ended on the doctor's "healthy" for the first seed's run (the diagnostic run of `current`): a
      // seed the doctor would not call healthy is not the final run under that verdict (that run is kept)
      finalSpec = current;
    } else final = run;
  }
  return {
    start,
    startScores,
    steps,
    finalSpec,
    finalScores: currentScores,
    diagnosis: final.diagnosis,
    alreadyTried: alreadyTried(final.diagnosis, final.evidence, steps),
    final,
    end,
    trainings,
    metric,
    elapsedMs: now() - started,
    ...(budgetKeptSeed ? { budgetKeptSeed } : {}),
  };
}

class Interrupted extends Error {}

/**
 * The dev examples an error's noise is measured on: with class weights the scores are the balanced (or
 * class-weighted) errors, whose noise is that of the examples the doctor counts for them (the classes
 * times the smallest one), not of every dev row.
 */
function noiseExamplesOf(evidence: Evidence, devExamples: number): number {
  const target = targetErrors(evidence);
  return target && (target.balanced || target.weighted) && target.dev !== null ? Math.max(1, Math.round(target.devExamples)) : devExamples;
}

/** A spec scored in this run: the start or a step's candidate. */
interface Trained {
  spec: ExperimentSpec;
  key: string;
  scores: Scores;
  /** "the starting spec", "step 1 (L2 lambda 0.1)" */
  where: string;
}

/** Whether `a` scored no better than `b`: more diverged seeds, or as many and a mean dev figure no lower. */
function noBetter(a: Scores, b: Scores): boolean {
  const diverged = divergedSeeds(a) - divergedSeeds(b);
  return diverged > 0 || (diverged === 0 && !(a.dev < b.dev));
}

/**
 * Which of the final spec's seeds trains the final run: the one with the lowest dev data cost (the first
 * where they tie; the first seed where every one diverged). The loop trains every spec with several seeds
 * for its comparisons; which of them to hand over is a choice among restarts of one network, made on the
 * dev set like every other choice here. The dev cost rather than the dev error: on a hundred dev rows the
 * error ties often and moves a row at a time. Measured on split seeds the benchmark does not use (100-199;
 * digits, crabs, fgl and birthwt 100-129; cars, weather, Pima and biopsy 100-159), the default start's test
 * accuracy with the seed so chosen from three, against the mean of the three seeds, in points: breast-cancer +0.12 +- 0.06, wine +0.13 +- 0.11, iris
 * -0.04 +- 0.07, digits +0.10 +- 0.06, and on tables the benchmark does not use: the cars of vega_datasets
 * +0.19 +- 0.22, Seattle weather +0.05 +- 0.08, MASS's Pima +0.08 +- 0.17, biopsy -0.02 +- 0.04, crabs 0
 * (100% either way), fgl +0.26 +- 0.54, birthwt -0.06 +- 0.66. By the dev error (ties by the cost) the
 * gains were about half as large: +0.12, +0.10, -0.04, +0.05, +0.31, 0.00, +0.18, -0.02, 0, -0.05, -0.24.
 * Over every run of three consecutive seeds among 1-8 (split seeds 100-199), against one seed:
 * breast-cancer +0.10 +- 0.04, wine +0.01 +- 0.05, iris -0.03 +- 0.05 (seeds 1-3 were lucky on wine); the
 * best of five: +0.10, 0.00, -0.04, and of eight +0.21, -0.03, -0.03: more seeds to choose among were not
 * worth their trainings.
 */
export function finalSeedIndex(devCostBySeed: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < devCostBySeed.length; k++) {
    const cost = devCostBySeed[k]!;
    if (Number.isFinite(cost) && !(devCostBySeed[best]! <= cost)) best = k;
  }
  return best;
}

/** A spec's numbers and other leaves by dotted path ("l2", "model.hidden.0.units"). */
function leaves(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else out.set(path, value);
  return out;
}

/** The paths at which two specs differ. */
function differing(a: Map<string, unknown>, b: Map<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
}

/**
 * Why a candidate is not worth training, or null: it is a spec this run trained already (the current one
 * included) that scored no better than the current spec, or it moves one number of the current spec to or
 * beyond a value this run measured no better, in the same direction (breast-cancer: the over-regularized
 * step lowered L2 100 to 10; high variance then offered L2 100 again, and 300 beyond it; 30 is still new).
 */
function measuredNoBetter(candidate: ExperimentSpec, current: ExperimentSpec, currentScores: Scores, trained: readonly Trained[], metric: "error" | "cost"): string | null {
  const key = JSON.stringify(candidate);
  const worse = trained.filter((t) => noBetter(t.scores, currentScores));
  const scored = (t: Trained) => `${devText(t.scores, metric)} against ${devText(currentScores, metric)} now`;
  const same = worse.find((t) => t.key === key);
  if (same) return key === JSON.stringify(current) ? "the current spec" : `trained already as ${same.where}: dev ${scored(same)}`;
  const at = leaves(candidate);
  const now = leaves(current);
  const moved = differing(now, at);
  if (moved.length !== 1) return null; // a change of one number only: its direction is clear
  const p = moved[0]!;
  const v = now.get(p);
  const c = at.get(p);
  if (typeof v !== "number" || typeof c !== "number") return null;
  for (const t of worse) {
    const there = leaves(t.spec);
    const m = there.get(p);
    if (typeof m !== "number" || differing(there, at).some((q) => q !== p)) continue;
    if ((m - v) * (c - v) > 0 && Math.abs(c - v) >= Math.abs(m - v)) return `beyond ${p} ${m}, ${t.where}: dev ${scored(t)}`;
  }
  return null;
}

/** What remains once a cause's remedy was tried without a gain: the notes' next move, per cause (and baseline). */
function afterFailedRemedy(cause: CauseId, baselineGiven: boolean, nothingLearned: boolean, regression: boolean): string | null {
  switch (cause) {
    case "high-bias":
      // (the loop runs the range test itself here now: "the learning rate with nnlab lr-find" sent the user to
      // repeat it; the notes' remedies of high bias left are training longer and another architecture)
      if (nothingLearned) return "the network still learned nothing (its cost within 5% of a constant prediction's) after the changes the step tried: check that the labels follow from the inputs; then a far longer training (more epochs) or another activation";
      if (regression) {
        return baselineGiven
          ? "bigger networks did not lower the dev cost: features that explain more of the target, or a check of the baselineError given (can any model explain that much of it from these inputs?)"
          : "bigger networks did not lower the dev cost, so what remains may be the target's own noise (variation the inputs do not determine): give baselineError (the fraction of the target's variance no model can explain) where it is known, or add features that explain more of it";
      }
      return baselineGiven
        ? "bigger networks did not lower the dev error: features that tell the classes apart, or a check of the baselineError given (can any model do that well on these inputs?)"
        : "bigger networks did not lower the dev error, so the error that remains may be the data's own (overlapping classes, noisy labels): give baselineError where the best achievable error is known, or add features that tell the classes apart";
    case "high-variance":
      return "regularization did not lower the dev error: more training data (or augmentation, for images) is the remedy that remains";
    default:
      return null;
  }
}

/**
 * The final diagnosis's causes that a step tried on the final spec (the steps after the last kept one)
 * and did not keep: the doctor names them again, since it reads one run and not the loop's trials.
 */
function alreadyTried(diagnosis: Diagnosis, evidence: Evidence, steps: readonly ImproveStep[]): AlreadyTried[] {
  let lastKept = -1;
  steps.forEach((s, i) => s.kept && (lastKept = i));
  const onFinal = steps.slice(lastKept + 1).filter((s) => s.untried.length === 0); // a remedy tried in full
  return diagnosis.causes.flatMap((c) => {
    const step = onFinal.find((s) => s.cause === c.id);
    return step ? [{ cause: c.id, step: step.step, line: step.line, next: afterFailedRemedy(c.id, evidence.errors.baselineGiven, learnedNothing(evidence), evidence.task === "regression") }] : [];
  });
}

// (a cost in its own units as the report writes it: "103000000000" on the step line was "1e11" in the report)
const fmt = (v: number, metric: "error" | "cost") => (metric === "error" ? `${(100 * v).toFixed(1)}%` : formatNumber(Number(v.toPrecision(3))));
/** Two error rates in percent with the decimals that tell them apart (up to 3): "1.2% against 1.2%" said a rise beat its margin. */
function apart(a: number, b: number): [string, string] {
  let digits = 1;
  while (digits < 3 && (100 * a).toFixed(digits) === (100 * b).toFixed(digits)) digits++;
  return [`${(100 * a).toFixed(digits)}%`, `${(100 * b).toFixed(digits)}%`];
}
/** Seeds whose run diverged (their dev score NaN). */
const divergedSeeds = (scores: Scores) => divergedCount(scores.devBySeed);

/**
 * The candidate a step keeps, if any, with its comparison against the current spec: the best
 * (bestCandidate) where it beats the noise; else the best of those that win on every seed by three times
 * the margin; else the best, reported and not kept. Judging the best mean alone threw away a candidate
 * better on every seed: a learning rate of 0.015 at 1.75 times lower dev costs on all three seeds, beside
 * 0.1's lower mean from seeds far apart, which failed on its spread (an improve audit, session 21); the
 * loop then grew the network to 1024-1024-1024.
 */
export function chooseCandidate<T extends { scores: Scores }>(tried: readonly T[], current: Scores, compare: (candidate: T) => Comparison): { best: T; comparison: Comparison } {
  const best = bestCandidate(tried);
  const comparison = compare(best);
  if (comparison.better) return { best, comparison };
  // Another candidate is kept only if it wins on every seed by three times the margin: any of six that beat
  // the noise kept a change no better than the spec 11-12% of the time, this rule 8.2%, the best mean alone
  // 8.0% (a planted null, test/improve/noise.test.ts); the learning rate of 0.015 above won by 6.6 times.
  const everySeed = (t: T) => t.scores.devBySeed.every((v, i) => v < current.devBySeed[i]!);
  const clearly = (c: Comparison) => (c.ratio !== undefined && c.noiseRatio !== undefined ? Math.log(c.ratio) > 3 * Math.log(c.noiseRatio) : c.gain > 3 * c.noise);
  const others = tried.filter((t) => t !== best && everySeed(t) && clearly(compare(t)));
  if (!others.length) return { best, comparison };
  const other = bestCandidate(others);
  return { best: other, comparison: compare(other) };
}

/**
 * The candidate the paired comparison takes on: the fewest diverged seeds first (as a sweep ranks diverged
 * trials last), then the lowest mean dev score. A diverged seed's last healthy weights may score well: ranked
 * on that mean alone, a candidate that diverged hid one that was better on every seed.
 */
export function bestCandidate<T extends { scores: Scores }>(tried: readonly T[]): T {
  const dev = (t: T) => (Number.isNaN(t.scores.dev) ? Infinity : t.scores.dev);
  return [...tried].sort((a, b) => divergedSeeds(a.scores) - divergedSeeds(b.scores) || dev(a) - dev(b))[0]!;
}
/**
 * A candidate's dev figure in a step line, with the seeds it diverged on: the mean is the finished seeds'
 * ("5.12 over the 2 seeds that finished; diverged on 1 of 3 seeds").
 */
function devText(scores: Scores, metric: "error" | "cost"): string {
  const k = divergedSeeds(scores);
  if (k === 0) return fmt(scores.dev, metric);
  const n = scores.devBySeed.length;
  if (k === n) return "diverged on every seed";
  return `${fmt(scores.dev, metric)} over the ${n - k === 1 ? "seed" : `${n - k} seeds`} that finished; diverged on ${k} of ${n} seeds`;
}

/** The step in one line, as the issue's example: cause (train, dev): change chosen from the range -> dev. */
export function stepLine(
  cause: StepCause,
  knob: string,
  before: Scores,
  best: TriedCandidate,
  tried: TriedCandidate[],
  comparison: { gain: number; noise: number; better: boolean; ratio?: number; noiseRatio?: number },
  metric: "error" | "cost",
  untried: readonly string[] = [],
  skipped: readonly string[] = [],
): string {
  const currentDiverged = divergedSeeds(before);
  const n = before.devBySeed.length;
  const figures =
    currentDiverged === 0
      ? `train ${fmt(before.train, metric)}, dev ${fmt(before.dev, metric)}`
      : currentDiverged === n
        ? "diverged on every seed"
        : `train ${fmt(before.train, metric)}, dev ${fmt(before.dev, metric)} over the ${n - currentDiverged === 1 ? "seed" : `${n - currentDiverged} seeds`} that finished; diverged on ${currentDiverged} of ${n} seeds`;
  const head = `${causeWords(cause)} (${figures})`;
  const from = tried.length > 1 ? ` chosen from ${tried.length} (${tried.map((t) => t.label).join("; ")})` : "";
  const word = metric === "error" ? "dev" : "dev cost";
  const left =
    (untried.length ? `; the budget left ${untried.length} untried (${untried.join("; ")})` : "") +
    (skipped.length ? `; not tried again: ${skipped.join("; ")}` : "");
  if (comparison.better) return `${head}: ${best.label}${from} -> ${word} ${devText(best.scores, metric)}${left}`;
  // a cost is judged by its ratio across the seeds (compareDev): the margin is said as one
  // (a current dev cost of exactly 0 leaves no ratio to beat: its margin is infinite)
  const margin =
    comparison.noiseRatio !== undefined && comparison.ratio !== undefined
      ? Number.isFinite(comparison.noiseRatio)
        ? `the best fell ${ratioText(comparison.ratio)}, against a margin of ${ratioText(comparison.noiseRatio)} across the seeds`
        : "the current spec's dev cost is already 0"
      : fmt(comparison.noise, metric);
  const noise = Number.isFinite(comparison.noise) ? `beyond noise (${margin})` : "(the best of them diverged on more seeds than the current spec)";
  return `${head}: ${knob} tried (${tried.map((t) => `${t.label}: ${devText(t.scores, metric)}`).join("; ")}); none better ${noise}, kept as it was${left}`;
}

/** A cost's ratio current / candidate as a fall: "2.5-fold", or "not at all (0.8-fold)" where it rose. */
function ratioText(ratio: number): string {
  const fold = `${Number(ratio.toPrecision(3))}-fold`;
  return ratio > 1 ? fold : `not at all (${fold})`;
}
