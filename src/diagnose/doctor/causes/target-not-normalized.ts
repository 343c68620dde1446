import type { CauseRule } from "../types.js";
import { costText, diverged, harmed, num, costNum } from "../signals.js";

/**
 * A regression target far from unit scale, learned raw (without `normalizeTarget: true`). The network starts near
 * 0 with unit-scale outputs, so house prices of 2e5 put the first cost at 1e10 and every gradient 2e5
 * times larger than the initialization and the learning rate assume: SGD blows up, and Adam, whose steps
 * are the learning rate's size, needs tens of thousands of steps to carry the output to the targets' mean.
 * The same holds the other way for targets around 1e-4. Standardizing the target removes both.
 */
/** A final cost this many times a constant prediction's: the outputs never reached the target's level. */
const STUCK_ABOVE_CONSTANT = 1.2;

export const targetNotNormalized: CauseRule = {
  id: "target-not-normalized",
  assess(e) {
    const target = e.target;
    if (!target || target.normalized || !harmed(e)) return null;
    const scale = Math.sqrt(target.mean * target.mean + target.std * target.std); // the targets' RMS
    const large = scale > 30;
    const small = scale < 0.03;
    if (!large && !small) return null;
    // The scale must be seen to do harm, not only to be there: outputs starting far from the targets (the
    // initial cost several times a constant prediction's), or plain gradient steps blown up by a large
    // target. A large spread around a small mean (outliers) starts near a constant's cost, and
    // standardizing it did not help there (an audit helper: dev MSE 51 raw, 275 standardized).
    const startsFar = Number.isFinite(e.cost.initial) && e.cost.constant > 0 && e.cost.initial > 3 * e.cost.constant;
    const blewUp = large && diverged(e) && e.optimizer.name !== "adam";
    // or a run that ended well short of its target's level, its cost above a constant prediction's by a
    // margin: a target of mean 1300 and std 1700 starts at 1.6 times a constant's cost, ended at 1.7 times
    // it ("learned nothing"), and standardized reached a dev MSE 48 times lower (an improve audit, session
    // 26). Targets of noise or of outliers, which no network explains, end near a constant's cost on either
    // side (up to 1.04 times it), and standardizing them did not help (a review: 5 of 12 were named at 1.0)
    const learnedNothing = large && !diverged(e) && Number.isFinite(e.cost.final) && e.cost.constant > 0 && e.cost.final >= STUCK_ABOVE_CONSTANT * e.cost.constant;
    if (!startsFar && !blewUp && !learnedNothing) return null;
    const lr = e.optimizer.learningRate;
    const offset = Math.abs(target.mean) > target.std;
    const how = small
      ? `the network's outputs start on a unit scale, ${num(1 / scale)} times the target's, and the gradient that fits it is that much smaller`
      : e.optimizer.name === "adam"
        ? // (the mean over the rate was quoted as the steps it takes, "2.0e+7 steps", where the run got below a
          // constant prediction's cost in about 1470: the network's layers multiply their growth; what the run
          // measured is quoted instead)
          `Adam's steps are about the learning rate's size (${num(lr)}), so the weights must grow far from their start to carry the output from near 0 to the target's ${offset ? `mean (${num(target.mean)})` : `scale (${num(scale)})`}${grownText(e)}`
        : `every gradient carries the target's scale (${num(scale)}), so a learning rate sized for unit-scale outputs takes steps that much too long`;
    const evidence = [`the target has mean ${num(target.mean)} and std ${num(target.std)} on the training set, learned as it is: ${how}`];
    if (startsFar) {
      evidence.push(`the initial weights cost ${costNum(e.cost.initial)}, ${num(e.cost.initial / e.cost.constant)} times a constant prediction's ${costNum(e.cost.constant)}`);
    }
    if (learnedNothing && !startsFar) {
      evidence.push(`the weights kept fit the training set no better than the target's mean: their cost ${costNum(e.cost.final)} is ${num(e.cost.final / e.cost.constant)} times a constant prediction's ${costNum(e.cost.constant)}`);
    }
    evidence.push(diverged(e) ? `training diverged: ${e.stop.message?.split("\n")[0]?.replace(/^fit: (training diverged: )?/, "").replace(/;.*$/, "") ?? ""}` : costText(e));
    return {
      id: "target-not-normalized",
      score: scale > 1000 || scale < 1e-3 ? 0.95 : 0.9,
      evidence,
      advice: [
        'standardize the target: "normalizeTarget": true (the network learns the target minus its mean over its std, on the training split; predictions, saved models, exports and the costs shown stay in the target\'s units)',
      ],
      accountsFor: ["learning-rate-too-high", "learning-rate-too-low", "undertrained", "high-bias", "init-too-large", "init-too-small"],
      symptom: "a target far from unit scale",
    };
  },
};

/** "; the output layer's weights went from 1.27 to 25.8 times the advised std over the run", where they grew over twice. */
function grownText(e: Parameters<CauseRule["assess"]>[0]): string {
  const out = e.layers[e.layers.length - 1];
  if (!out || !(out.finalScale > 2 * out.initScale)) return "";
  return `; the output layer's weights (${out.weight}) went from ${num(out.initScale)} to ${num(out.finalScale)} times the advised std over the run`;
}
