import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { avoidableBias, BIAS_TOLERANCE, biasText, fasterOptimizer, highBias, learnedNothing, percent, stoppedAtDevMinimum, trendText } from "../signals.js";

/** The notes' high bias, once nothing more specific explains it: the model is too small for the task. */
export const highBiasRule: CauseRule = {
  id: "high-bias",
  assess(e) {
    if (!highBias(e) || stoppedAtDevMinimum(e)) return null;
    const early = e.stop.reason === "earlyStopping" ? ` Early stopping ended the run at epoch ${e.epochs.trained} of ${e.epochs.planned}.` : "";
    const cut = e.stop.reason === "diverged" || e.stop.reason === "nonFiniteCost" ? ` Training stopped at epoch ${e.epochs.trained} of ${e.epochs.planned}: ${e.stop.message?.split("\n")[0]?.replace(/^fit: training diverged: /, "").replace(/;.*$/, "")}.` : "";
    const avoidable = e.errors.train === null ? null : avoidableBias(e);
    return {
      id: "high-bias",
      // a network that learned nothing is not short of capacity: some other cause is missing from the list
      score: e.cost.shape.learned > 0 ? 0.5 : 0.3,
      evidence: [
        `${biasText(e)}${avoidable === null ? "" : `: an avoidable bias of ${percent(avoidable)} (over the ${percent(BIAS_TOLERANCE)} tolerance)`}, and ${trendText(e)}${learnedNothingText(e)}.${cut}${early}`,
      ],
      advice: learnedNothing(e) ? learnedNothingAdvice(e) : capacityAdvice(e),
      accountsFor: [],
      symptom: `high bias (${biasText(e)})`,
    };
  },
};

/** Where the network learned nothing (the advice's test, learnedNothing), how far its cost is from a constant prediction's. */
function learnedNothingText(e: Evidence): string {
  const learned = e.cost.shape.learned;
  if (!learnedNothing(e)) return "";
  return learned <= 0 ? ", yet no lower than a constant prediction's" : `, yet only ${percent(learned)} below a constant prediction's`;
}

/**
 * A network that learned nothing is not short of capacity: five sigmoid layers on SGD at 0.01 (moons, 50%
 * error) stayed at 50% four and sixteen times wider; Adam reached 2.5%.
 */
function learnedNothingAdvice(e: Evidence): string[] {
  const optimizer = e.optimizer.name === "adam" ? "try a learning rate from `nnlab lr-find`" : "try Adam, or a learning rate from `nnlab lr-find`";
  return [
    `the network learned nothing (its cost ended within 5% of a constant prediction's), which more units will not change: ${optimizer}, and the notes' initialization (He for ReLU, LeCun for tanh and sigmoid)`,
    "a bigger network once it learns",
  ];
}

function capacityAdvice(e: Evidence): string[] {
  return [
    "a bigger network: more hidden units or another layer",
    fasterOptimizer(e) ? "train longer or with a better optimizer (Adam) once it is bigger" : "train longer once it is bigger",
    "(more data will not help while the training set is not fitted)",
    // The bias is measured from 0 unless told otherwise; where no model can reach 0 (overlapping
    // classes, noisy labels), part of it is the data's own, and a bigger network only fits the noise
    // (a 600-row noisy moons run at 11.7% train error: 32-128 units raised the dev error, 16.7 -> 20-22%).
    ...(e.errors.baselineGiven || e.errors.train === null
      ? []
      : [`(no baselineError was given, so the bias is measured from 0%: if about ${percent(e.errors.train)} is the best any model can do here (overlapping classes, noisy labels; people would err too), give that as baselineError: the bias is then not avoidable and a bigger network only fits the noise)`]),
  ];
}
