import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { biasText, diverged, fasterOptimizer, highBias, num, percent, stillFalling, costNum } from "../signals.js";

/**
 * Early stopping went back to an epoch whose training cost the run then went far below (under half):
 * the "undertrained" whose remedy is patience, not epochs (src/improve/remedies.ts asks this too).
 */
export function keptTooEarly(e: Evidence): boolean {
  if ((e.keptEpoch ?? null) === null || !highBias(e) || !((e.cost.lowest ?? NaN) < 0.5 * e.cost.final)) return false;
  // Early stopping was premature only if the dev cost was coming back down when it ended the run (at
  // least halfway from its peak toward the kept epoch's); a dev cost still at its peak is overfitting,
  // which early stopping rightly cut off.
  const a = e.afterKept;
  return !a || a.end <= a.peak - 0.5 * (a.peak - a.kept);
}

/** A dev cost this far (a fraction) above its lowest point is rising: the run is overfitting. */
const DEV_COST_RISING = 0.1;

/**
 * The budget ran out while the cost was still falling: more epochs would fit the training set better.
 * Or early stopping went back to an epoch whose training cost the run then went far below: the network
 * fits the training set, but early stopping judged before it had (a dev cost that rose for a while, as
 * a small dev set's can while the model grows confident, or a noisy one). A bigger network, the high-bias
 * advice, would not help there.
 */
export const undertrained: CauseRule = {
  id: "undertrained",
  assess(e) {
    const kept = e.keptEpoch ?? null;
    const lowest = e.cost.lowest ?? NaN;
    const a = e.afterKept ?? null;
    if (keptTooEarly(e)) {
      return {
        id: "undertrained",
        score: 0.72,
        evidence: [
          `${biasText(e)} with the weights of epoch ${kept}, which early stopping kept (its best epoch); the run went on to a training cost of ${costNum(lowest)}, against ${costNum(e.cost.final)} for the weights kept: the network can fit the training set, early stopping chose an epoch before it had`,
          ...(a ? [`the dev cost rose from ${num(a.kept)} to ${num(a.peak)} after epoch ${kept} and was back down to ${num(a.end)} when early stopping ended the run`] : []),
        ],
        advice: [
          `${a?.patience != null ? `more patience than ${a.patience} epochs` : "more patience"} for early stopping (the dev cost rose for a while, then fell again), or a larger dev set for a steadier dev cost`,
          "or train without early stopping, with regularization (L2 or dropout) to keep the dev cost from rising",
        ],
        accountsFor: ["high-bias"],
        symptom: "undertrained (early stopping kept an early epoch)",
      };
    }
    // Regression has no baseline error: a curve still falling fast, far from a perfect fit, is enough.
    const regressionShort = e.errors.trainUnexplained !== null && e.errors.trainUnexplained > 0.05 && stillFalling(e, 0.05);
    // A short run still near a constant prediction's cost is undertrained however flat its last few epochs look.
    const shortRun = e.epochs.trained < 50 && e.cost.shape.learned < 0.3 && e.cost.shape.recentFall > 0 && !diverged(e);
    if (!(highBias(e) || regressionShort) || !(stillFalling(e, 0.02) || shortRun) || e.stop.reason === "earlyStopping") return null;
    // A dev cost already well above its minimum says the extra epochs went into fitting the training set
    // at the dev set's expense: more of them would widen the gap (600 noisy moons, two layers of 64 for
    // 200 epochs: 3x the epochs took the train error 10.0 -> 6.1% and the dev error 19.2 -> 22.5%). That
    // is high variance, whatever the train error's distance from a 0% baseline.
    if (e.errors.devCostRise > DEV_COST_RISING) return null;
    const shape = e.cost.shape;
    const more = shape.recentFall > 0.1 ? 5 : 3;
    const faster = fasterOptimizer(e);
    return {
      id: "undertrained",
      score: 0.72,
      evidence: [
        `${biasText(e)}, and the training cost was still falling when the ${e.epochs.trained} epochs ran out: ${percent(shape.recentFall)} over the last fifth of the run, to ${costNum(shape.end)}`,
      ],
      advice: [`train longer: about ${more * e.epochs.trained} epochs (${more} times as many)${faster ? `, or with a faster optimizer (${faster})` : ""}`],
      accountsFor: ["high-bias"],
      symptom: "undertrained",
    };
  },
};
