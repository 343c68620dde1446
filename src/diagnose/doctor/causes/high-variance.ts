import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { augmentText, BIAS_TOLERANCE, endedWords, learnedNothing, num, percent, targetErrors, watchedDevSet } from "../signals.js";

const round = (v: number) => Number(v.toPrecision(2));

/**
 * Stronger regularization than the run has: L2 above its lambda (the notes' log scale: x3 to x30), dropout
 * above its rate; from the notes' starting ranges where it has none.
 */
function moreRegularization(e: Evidence): string {
  const l2 = e.regularization.l2 ?? 0;
  const rates = e.regularization.dropoutRates;
  const l1 = e.regularization.l1 ?? 0;
  const lambda =
    l2 > 0
      ? `L2 above the current lambda ${round(l2)} (e.g. ${round(3 * l2)} to ${round(30 * l2)}, on a log scale)`
      : l1 > 0
        ? `L1 above the current lambda ${round(l1)} (e.g. ${round(3 * l1)} to ${round(30 * l1)}, on a log scale), or L2`
        : "L2 (lambda on a log scale, e.g. 0.01 to 1)";
  const top = rates.length ? Math.max(...rates) : 0;
  // dropout drops hidden units: a network without hidden layers has none (the notes never drop inputs or outputs)
  const dropout = e.regularization.hiddenLayers === 0 || top >= 0.5 ? "" : top > 0 ? ` or a dropout rate above the current ${round(top)} (up to 0.5)` : " or dropout (rate 0.1 to 0.5)";
  return lambda + dropout;
}

/** A smaller network; without hidden layers, fewer input features (there is no hidden layer to shrink). */
function smallerNetwork(e: Evidence, now: string): string {
  return e.regularization.hiddenLayers === 0
    ? `fewer input features if regularization does not close the gap${now} (the network has no hidden layer to shrink)`
    : `a smaller network if regularization does not close the gap${now}`;
}

/**
 * The notes' high variance: the dev error far above the train error, beyond the dev set's noise (twice
 * its standard error), or the dev cost rising from its minimum while the training cost fell.
 */
export const highVariance: CauseRule = {
  id: "high-variance",
  assess(e) {
    // A network whose training cost sits at a constant prediction's has fitted nothing, so it cannot have
    // overfitted: a dev error above its train error is then the two sets' own difference (a near-constant
    // vote meets the dev set's class mix), and regularization or more data would not change it.
    if (learnedNothing(e)) return null;
    const { train, dev, devExamples, devCostRise, trainUnexplained, devUnexplained } = e.errors;
    if (trainUnexplained !== null && devUnexplained !== null) {
      // regression: the share of the targets' variance left unexplained, on dev against train
      const gap = devUnexplained - trainUnexplained;
      if (!(gap > 0.1 && devUnexplained > 1.5 * trainUnexplained)) return null;
      return {
        id: "high-variance",
        score: 0.55,
        evidence: [
          `the dev cost is ${percent(devUnexplained)} of a constant prediction's, against ${percent(trainUnexplained)} on the training set (R^2 ${num(1 - devUnexplained)} against ${num(1 - trainUnexplained)})`,
          ...(devCostRise > 0.1 ? [`the dev cost ${e.keptEpoch == null ? endedWords(e) : `of the weights kept (epoch ${e.keptEpoch})`} ${percent(devCostRise)} above its minimum: overfitting`] : []),
        ],
        advice: [
          "more training data",
          `regularization: ${moreRegularization(e)}${e.keptEpoch == null ? "; early stopping at the dev cost's minimum" : ""}`,
          smallerNetwork(e, ""),
        ],
        accountsFor: [],
        symptom: `high variance (dev R^2 ${num(1 - devUnexplained)}, train ${num(1 - trainUnexplained)})`,
      };
    }
    if (train === null || dev === null) return null;
    // With class weights, the balanced errors on both sets (the plain ones when the dev set's is not measured)
    const target = targetErrors(e);
    const pair = (target?.balanced || target?.weighted) && target.dev !== null ? { ...target, dev: target.dev } : { train, dev, devExamples, balanced: false, weighted: false };
    const gap = pair.dev - pair.train;
    const noise = pair.devExamples > 0 ? 2 * Math.sqrt((Math.max(pair.dev, 0.01) * (1 - pair.dev)) / pair.devExamples) : 0;
    const risen = devCostRise > 0.1;
    // A rising dev cost supports a gap that the dev set's noise alone would not, but not a gap within one standard error.
    if (!(gap > BIAS_TOLERANCE && (gap > noise || (risen && gap > BIAS_TOLERANCE + noise / 2)))) return null;
    const errors = pair.weighted
      ? `class-weighted dev error ${percent(pair.dev)} against class-weighted train error ${percent(pair.train)} (the loss's own class weights; plain errors ${percent(dev)} and ${percent(train)})`
      : pair.balanced
        ? `balanced dev error ${percent(pair.dev)} against balanced train error ${percent(pair.train)} (class weights; plain errors ${percent(dev)} and ${percent(train)})`
        : `dev error ${percent(dev)} against train error ${percent(train)}`;
    const examples = pair.weighted
      ? `${devExamples} examples, ${num(pair.devExamples)} as the weights count them`
      : pair.balanced
        ? `${devExamples} examples, ${e.errors.devBalanced!.smallestClass} in its smallest class`
        : `${devExamples} examples`;
    const evidence = [`${errors}: a gap of ${percent(gap)}, over twice the dev set's standard error (${percent(noise / 2)} on ${examples})`];
    if (gap <= noise) evidence[0] = `${errors}: a gap of ${percent(gap)}`;
    const kept = e.keptEpoch ?? null;
    if (risen) evidence.push(`the dev cost ${kept === null ? endedWords(e) : `of the weights kept (epoch ${kept})`} ${percent(devCostRise)} above its minimum while the training cost kept falling: overfitting`);
    // Early stopping that restored the weights of its best epoch is already in use: advising it again is wrong.
    // a Ctrl-C'd run (stopped by a callback) keeps its best epoch's weights too, with or without early stopping
    const keeper = e.stop.reason === "callback" ? "the interrupted run" : "early stopping";
    // ...but only early stopping on the dev set chose them by the dev set: on the training cost ("loss") it
    // kept the training set's best epoch, and early stopping at the dev cost's minimum is still the advice
    const byDev = kept !== null && (e.stop.reason === "callback" || watchedDevSet(e));
    if (byDev) evidence.push(`${keeper} kept the weights of epoch ${kept}: the gap is the model's, not the price of training too long`);
    else if (kept !== null) evidence.push(`early stopping kept the weights of epoch ${kept}, but it watched ${e.earlyStoppingMonitor} (the training set), not the dev set`);
    return {
      id: "high-variance",
      score: gap > 2 * noise || risen ? 0.55 : 0.45,
      evidence,
      advice: [
        augmentText(e) ? `more training data, or stronger augmentation (now ${augmentText(e)})` : "more training data, or data augmentation",
        `regularization: ${moreRegularization(e)}${kept === null ? "; early stopping at the dev cost's minimum" : byDev ? "" : "; early stopping on the dev cost (monitor valLoss) instead of the training cost"}`,
        smallerNetwork(e, ` (now ${num(100 * gap)} points)`),
      ],
      accountsFor: [],
      symptom: `high variance (gap ${percent(gap)})`,
    };
  },
};
