import type { Evidence, LayerEvidence } from "./evidence.js";

/** Judgements several causes share, each from measured numbers. */

/** An avoidable bias (train error over the baseline) beyond this counts as high. */
export const BIAS_TOLERANCE = 0.02;

export const percent = (v: number) => `${(100 * v).toFixed(1)}%`;
/** A number as people read it: 0.693, 1.2e-5, 3.4e+6 (rounding noise below 1e-9 reads 0). */
export const num = (v: number) => (Math.abs(v) < 1e-9 ? "0" : costNum(v));
/**
 * A cost as people read it: as num() without its flush to 0, since a cost is on the scale of its target
 * (a concentration of 2e-4 mol/L costs 1e-10, which num() read as "0").
 */
export const costNum = (v: number) => (v === 0 || !Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(3)));

/**
 * The classification error the run's loss targets, on the training set and on the dev set, with the
 * examples behind its standard error: the plain error, or for a run with class weights the balanced error
 * (1 - the mean recall), or with weights set by hand the class-weighted error (record.ts), since the
 * weighted loss gives up the majority vote's plain error by design (a
 * balanced linear model's bias was read from its 11.7% plain train error; its balanced one was 9.1%). The balanced error
 * leans on its smallest class: its standard error is counted as if every class were that small. Null for
 * regression, or when an error is missing.
 */
export function targetErrors(e: Evidence): { train: number; dev: number | null; trainExamples: number; devExamples: number; balanced: boolean; weighted: boolean } | null {
  const { train, dev, trainBalanced, devBalanced, classWeighted, trainWeighted, devWeighted } = e.errors;
  if (train === null) return null;
  // weights set by hand: the class-weighted error (record.ts), with its effective examples
  if (classWeighted && trainWeighted) {
    return { train: trainWeighted.error, dev: devWeighted ? devWeighted.error : null, trainExamples: trainWeighted.examples, devExamples: devWeighted?.examples ?? 0, balanced: false, weighted: true };
  }
  if (classWeighted && trainBalanced) {
    return {
      train: trainBalanced.error,
      dev: devBalanced ? devBalanced.error : null,
      trainExamples: trainBalanced.classes * trainBalanced.smallestClass,
      devExamples: devBalanced ? devBalanced.classes * devBalanced.smallestClass : 0,
      balanced: true,
      weighted: false,
    };
  }
  return { train, dev, trainExamples: e.errors.trainExamples, devExamples: e.errors.devExamples, balanced: false, weighted: false };
}

/**
 * High avoidable bias: the training set is not fitted. Classification: the train error (balanced, with
 * class weights: see targetErrors) above the baseline by more than the tolerance and more than the train
 * error's own standard error (on 60 examples, 3 points are 2 examples). Regression: over a tenth of the
 * targets' variance unexplained beyond the baseline.
 */
export function highBias(e: Evidence): boolean {
  const target = targetErrors(e);
  if (target !== null) {
    const { train, trainExamples } = target;
    const se = trainExamples > 0 ? Math.sqrt((Math.max(train, 0.01) * (1 - train)) / trainExamples) : 0;
    return train - e.errors.baseline > Math.max(BIAS_TOLERANCE, se);
  }
  // regression: the baseline is the share of the targets' variance no model can explain (default 0)
  return e.errors.trainUnexplained !== null && e.errors.trainUnexplained - e.errors.baseline > 0.1;
}

/**
 * Early stopping ended the run at the dev cost's minimum with a modest avoidable bias: more training
 * would have hurt the dev set, so neither "train longer" nor "a bigger network" is the advice.
 */
export function stoppedAtDevMinimum(e: Evidence): boolean {
  if (e.stop.reason !== "earlyStopping" || !watchedDevSet(e)) return false;
  // Not where the network votes one class for (nearly) every dev example: under 5% of rare examples, a
  // modest plain error is the majority vote's, not a fit (2 ReLU units on a ring with 3.1% positives: rare
  // recall 0 on three seeds, called healthy; 16 units: dev error 0.2-0.5%, recall 0.83-0.94; the doctor
  // audit on planted CSVs, session 20)
  return avoidableBias(e) < 0.05 && !votesOneClass(e);
}

/**
 * The network votes one class: 98% or more of its dev predictions go to one class, its balanced dev error is
 * at 90% of chance or more, the smallest class has 10 dev examples or more (2 missed positives are no
 * measurement), and the training set's errors are at least half its smallest class's share (a network that
 * fits the rare class in training but misses it on dev overfits; it does not vote). A weak signal's guesses,
 * split between the classes, score near chance too, and were called "votes one class" (a review).
 */
export function votesOneClass(e: Evidence): boolean {
  const balanced = e.errors.devBalanced;
  const counts = e.data.classCounts?.train?.filter((c) => c > 0);
  const train = e.errors.train;
  if (!balanced || balanced.classes < 2 || balanced.votedShare === undefined || !counts || counts.length < 2 || train === null) return false;
  const rareShare = Math.min(...counts) / counts.reduce((a, b) => a + b, 0);
  return balanced.votedShare >= 0.98 && balanced.error >= 0.9 * (1 - 1 / balanced.classes) && balanced.smallestClass >= 10 && train >= 0.5 * rareShare;
}

/**
 * Early stopping chose its epoch by the dev set (a "val" monitor: valLoss, the default, valDataLoss,
 * valAccuracy). Monitoring the training cost ("loss") stops where the training set stops improving,
 * which says nothing of the dev cost: iris with monitor "loss" kept epoch 68 while the dev cost fell to
 * epoch 74, and was told early stopping ended at the dev cost's minimum.
 */
export function watchedDevSet(e: Evidence): boolean {
  return (e.earlyStoppingMonitor ?? "valLoss").startsWith("val");
}

/** The train error (balanced, with class weights) or the unexplained share (regression), over the baseline. */
export function avoidableBias(e: Evidence): number {
  const target = targetErrors(e);
  return (target !== null ? target.train : (e.errors.trainUnexplained ?? 1)) - e.errors.baseline;
}

/**
 * How far the hidden layers' weights moved from their start, at most (the output layer moves first and hides
 * short steps); null where no layer was measured (a run recorded without GradientFlow snapshots): the max
 * over no layers read 0, "moved 0.0% at most", and a 3-unit network on spirals was told to raise its rate.
 */
export function hiddenDrift(e: Evidence): number | null {
  const hidden = e.layers.filter((l) => l.hidden);
  const measured = hidden.length ? hidden : e.layers;
  return measured.length ? Math.max(...measured.map((l) => l.drift)) : null;
}

/** "flattened (0.3% over the last fifth)", "still falling (9.1% ...)" or "rising (6.8% ...)". */
export function trendText(e: Evidence): string {
  const f = e.cost.shape.recentFall;
  if (f > 0.02) return `the training cost was still falling (${percent(f)} over the last fifth of the run)`;
  if (f < -0.02) return `the training cost was rising (${percent(-f)} over the last fifth of the run)`;
  return `the training cost has flattened (${percent(Math.abs(f))} over the last fifth of the run)`;
}

/**
 * "train error 17.1% against a baseline of 5.0%", "balanced train error 9.1% (class weights; plain train
 * error 11.7%) against a baseline of 0.0% (none given)", or the regression equivalent.
 */
export function biasText(e: Evidence): string {
  const target = targetErrors(e);
  const baseline = `${percent(e.errors.baseline)}${e.errors.baselineGiven ? "" : " (none given)"}`;
  if (target?.weighted) return `class-weighted train error ${percent(target.train)} (the loss's own class weights; plain train error ${percent(e.errors.train!)}) against a baseline of ${baseline}`;
  if (target?.balanced) return `balanced train error ${percent(target.train)} (class weights; plain train error ${percent(e.errors.train!)}) against a baseline of ${baseline}`;
  if (e.errors.train !== null) return `train error ${percent(e.errors.train)} against a baseline of ${baseline}`;
  return `the training cost is ${percent(e.errors.trainUnexplained ?? NaN)} of a constant prediction's (R^2 ${num(1 - (e.errors.trainUnexplained ?? NaN))}; baseline ${percent(e.errors.baseline)} unexplained${e.errors.baselineGiven ? "" : ", none given"})`;
}

/**
 * Overfitting that a cause of too little fit cannot stand beside: the dev-train gap over twice the avoidable
 * bias and over four of the dev error's standard errors (twice high variance's own threshold). Lowering
 * lambda or training longer then widens the gap: L2 10 on a 20-256-256-1 network and 100 noisy rows (train
 * 5.0%, dev 28.8%) was told "lower lambda to about 0.0167", which gave dev 29-33% over three seeds, and at
 * 128 units "train longer" (the doctor audit on planted CSVs, session 20). A smaller gap stays open to both:
 * breast-cancer's 8 units at L2 100 (train 3.6%, dev 10.3% on 114 rows) gained from lambda 10 (dev 7.1%).
 */
export function overfitsClearly(e: Evidence): boolean {
  // the errors the loss targets (balanced or class-weighted with class weights), as highBias and high variance read them
  const target = targetErrors(e);
  if (target === null || target.dev === null || !(target.devExamples > 0)) return false;
  const { train, dev, devExamples } = target;
  const { baseline } = e.errors;
  const gap = dev - train;
  return gap > 2 * (train - baseline) && gap > 4 * Math.sqrt((Math.max(dev, 0.01) * (1 - dev)) / devExamples);
}

/**
 * The network learned nothing: its cost ended within 5% of a constant prediction's (a constant vote lands a
 * hair either side of it: five sigmoid layers on SGD read learned = 0.00x, not 0).
 */
export function learnedNothing(e: Evidence): boolean {
  return e.cost.shape.learned < 0.05;
}

/** The run did not get anywhere: its cost ended no better than a constant prediction's, or barely below the start. */
export function learnedLittle(e: Evidence): boolean {
  return e.cost.shape.learned < 0.2 || e.cost.shape.fallen < 0.2;
}

/** Training stopped because it diverged (NaN, a blow-up, an oscillation, a dead layer). */
export function diverged(e: Evidence): boolean {
  return e.stop.reason === "nonFiniteCost" || e.stop.reason === "diverged";
}

/** Something is wrong enough to look for a cause: high bias, little learned, or a divergence. */
export function harmed(e: Evidence): boolean {
  return highBias(e) || learnedLittle(e) || diverged(e);
}

/** The cost is still falling at the end of the budget (by more than `by`, relative, over the last fifth). */
export function stillFalling(e: Evidence, by = 0.02): boolean {
  return !diverged(e) && e.cost.shape.recentFall > by;
}

/**
 * The training cost still fell over the last fifth of the run (stillFalling) while the dev cost did not (under
 * 1%): the epochs went into the training set alone, so the fall is no evidence that more of them help. At the
 * data's noise floor this is what a run looks like: 2000 and 600 moons at noise 0.3 (Bayes error about
 * 8.5%), 2x32 ReLU, no early stopping, 4 runs of 12: the training cost fell 2.4-8.7% over the last fifth, the
 * dev cost 0.7% to -1.1%; 3 times the epochs took the dev error from 10.5/9.5/6.7/5.8% to 11.3/10.3/8.3/8.3%,
 * 2x128 gave 11.0/10.0/6.7/5.8%, and each is healthy with baselineError 0.085. Runs that 3 times the epochs
 * did help (moons at noise 0.1 and 0.2, 9 runs: dev 2.5-11.3% to 0-6.3%) had their dev cost fall 2.7-21%.
 */
export function devCostFlat(e: Evidence): boolean {
  const devFall = e.dev?.recentFall;
  return devFall !== undefined && devFall < 0.01 && stillFalling(e, 0.02);
}

export const hiddenLayers = (e: Evidence): LayerEvidence[] => e.layers.filter((l) => l.hidden);

/**
 * How many hidden layers the network has: those measured, or, where no layer was (no GradientFlow
 * snapshots), the count the run recorded from the model (a network with a hidden layer was told to add one).
 */
export const hiddenLayerCount = (e: Evidence): number => (e.layers.length ? hiddenLayers(e).length : e.regularization.hiddenLayers);

/**
 * How an end figure was read, for the sentences that quote one: a curve's end is the mean of its last
 * twentieth (one epoch's noise steadied), which differs from the last epoch a reader finds in the history
 * (an examiner: "638.9% above its minimum" where the last epoch gave 643.4%). Empty where that is one epoch.
 */
export function endWords(e: Evidence): string {
  const k = Math.floor(e.cost.shape.length / 20);
  return k > 1 ? `the mean of its last ${k} recorded epochs` : "";
}

/** "ended" with how its end was read: "ended (the mean of its last 25 recorded epochs)". */
export const endedWords = (e: Evidence) => (endWords(e) ? `ended (${endWords(e)})` : "ended");

/** "the cost went from 0.693 to 0.512 (a constant prediction costs 0.693)" */
export function costText(e: Evidence): string {
  // no finite epoch cost at all (the first epoch already overflowed): there is no "to" to quote
  if (!Number.isFinite(e.cost.shape.end)) return `the training cost started at ${costNum(e.cost.initial)} and no epoch ended with a finite cost (a constant prediction costs ${costNum(e.cost.constant)})`;
  const smoothed = endWords(e);
  return `the training cost went from ${costNum(e.cost.initial)} to ${costNum(e.cost.shape.end)} (${smoothed ? `${smoothed}; ` : ""}a constant prediction costs ${costNum(e.cost.constant)})`;
}

/**
 * The faster optimizers than the run's own, as advice reads them: "Adam, or momentum" after SGD, "Adam"
 * after momentum, and null after Adam (advising the optimizer a run already uses is wrong advice).
 */
export function fasterOptimizer(e: Evidence): string | null {
  const name = e.optimizer.name.toLowerCase();
  if (name === "adam" || name === "adamw") return null;
  return name === "momentum" ? "Adam" : "Adam, or momentum";
}

/** "jitter 1, shift 2" for a run's augmentation, or null without any. */
export function augmentText(e: Evidence): string | null {
  const a = e.augment;
  if (!a) return null;
  const parts = Object.entries(a).filter(([, v]) => v !== undefined && v !== false && v !== 0).map(([k, v]) => (v === true ? `${k}s` : `${k} ${num(v as number)}`));
  return parts.length ? parts.join(", ") : null;
}

/**
 * The same augmentation at half its strengths, as the text says it: a shift halved down to whole pixels
 * (the spec takes whole pixels: "shift 0.5" was refused when followed), 0 said as "no shift"; flips kept,
 * and said to be (an audit helper).
 */
export function halvedAugmentText(e: Evidence): string | null {
  const a = e.augment;
  if (!a) return null;
  const parts = Object.entries(a).flatMap(([k, v]) => {
    if (v === true) return [`${k}s kept`];
    if (typeof v !== "number" || !(v > 0)) return [];
    if (k === "shift") {
      const whole = Math.floor(v / 2);
      return [whole > 0 ? `shift ${whole}` : "no shift"];
    }
    return [`${k} ${num(v / 2)}`];
  });
  return parts.length ? parts.join(", ") : null;
}

/**
 * The optimizer's usual learning rates: where a rate far outside them is pointed (a tenth of SGD at 1e200
 * still diverges; ten times Adam at 1e-6 still barely moves), and `start`, the common first choice.
 */
export function usualRates(e: Evidence): { name: string; range: string; bottom: number; top: number; start: number } {
  return usualRatesOf(e.optimizer.name);
}

/** usualRates for an optimizer by name (the doctor's probes plan from the spec, before any evidence). */
export function usualRatesOf(optimizer: string): { name: string; range: string; bottom: number; top: number; start: number } {
  return optimizer === "adam"
    ? { name: "Adam", range: "1e-4 to 1e-2", bottom: 1e-4, top: 0.01, start: 1e-3 }
    : { name: optimizer === "momentum" ? "momentum" : "SGD", range: "1e-3 to 1", bottom: 1e-3, top: 1, start: 0.01 };
}


/**
 * A ReLU layer started far below the advised std whose units died in the first epochs while its weights
 * grew towards the advised scale, never past it: from so small a start the first steps set the weights (Adam's
 * are the learning rate's size), and they killed the units on the way up. Growth from 0.4% of He's std to
 * 70% of it is what training from a tiny start does, not a step too long (ReLU layers of 32 and 16 at N(0,
 * 0.001) on Adam 0.01: 56% of W2's units dead by epoch 2, its weights at most 0.71 times He's std, dev MSE
 * 0.16; the same at Adam 0.001; with He's init 0.0133).
 */
export function diedWhileGrowing(e: Evidence, l: LayerEvidence): boolean {
  if (!l.hidden || (l.activation !== "relu" && l.activation !== "leakyRelu")) return false;
  const early = l.deadFromEpoch !== null && l.deadFromEpoch <= Math.max(2, 0.1 * e.epochs.trained);
  return l.initScale < 0.3 && early && l.deadAtInit < 0.1 && l.deadMax >= 0.5 && l.maxScale <= 1.25;
}

/**
 * Augmentation strong enough to hide the rows' classes shows as high bias on the clean training set: moons
 * with jitter 1 (std 1 on features of std ~0.9) stayed at 83.8% with two layers of 32 or three of 128;
 * jitter 0.1 fit it to 100%. Weaker augmentation comes before a bigger network, or more epochs (digits
 * shifted by 4 pixels, its cost still falling: 3 times the epochs took dev error from 33.2% to 18.1%, shift 2
 * gave 10.9%, none 2.2%; a doctor audit, session 27).
 */
export function augmentedAdvice(e: Evidence, instead = "a bigger network"): string[] {
  const now = augmentText(e);
  if (!now) return [];
  const half = halvedAugmentText(e);
  return [`weaker augmentation first (now ${now}${half ? `; try ${half}` : ""}): ${instead} would have to fit the augmented rows too`];
}

/**
 * Whether a share may be quoted as a baselineError to give: the spec takes one in [0, 1], and a share that
 * reads 100.0% or more is no level of noise (a regression's training cost 137.6% of a constant prediction's
 * was quoted "give that share as baselineError", which the spec refuses; a doctor audit, session 27).
 */
export function quotableBaseline(share: number | null | undefined): share is number {
  return typeof share === "number" && share >= 0 && share < 0.9995;
}

/**
 * The train error the bias was measured with, as the baselineError hint quotes it: with class weights the
 * balanced (or class-weighted) one (it quoted the plain 16.8% where the bias was the balanced 13.5%).
 */
export function baselineFigure(e: Evidence): string {
  const target = targetErrors(e);
  if (target?.balanced) return `${percent(target.train)} balanced error`;
  if (target?.weighted) return `${percent(target.train)} class-weighted error`;
  return percent(e.errors.train!);
}
