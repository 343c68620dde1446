import type { CauseRule } from "../types.js";
import { biasText, diverged, highBias, num, percent, stillFalling } from "../signals.js";

/** The budget ran out while the cost was still falling: more epochs would fit the training set better. */
export const undertrained: CauseRule = {
  id: "undertrained",
  assess(e) {
    // Regression has no baseline error: a curve still falling fast, far from a perfect fit, is enough.
    const regressionShort = e.errors.trainUnexplained !== null && e.errors.trainUnexplained > 0.05 && stillFalling(e, 0.05);
    // A short run still near a constant prediction's cost is undertrained however flat its last few epochs look.
    const shortRun = e.epochs.trained < 50 && e.cost.shape.learned < 0.3 && e.cost.shape.recentFall > 0 && !diverged(e);
    if (!(highBias(e) || regressionShort) || !(stillFalling(e, 0.02) || shortRun) || e.stop.reason === "earlyStopping") return null;
    const shape = e.cost.shape;
    const more = shape.recentFall > 0.1 ? 5 : 3;
    return {
      id: "undertrained",
      score: 0.72,
      evidence: [
        `${biasText(e)}, and the training cost was still falling when the ${e.epochs.trained} epochs ran out: ${percent(shape.recentFall)} over the last fifth of the run, to ${num(shape.end)}`,
      ],
      advice: [`train longer: about ${more * e.epochs.trained} epochs (${more} times as many), or with a faster optimizer (Adam, or momentum)`],
      accountsFor: ["high-bias"],
      symptom: "undertrained",
    };
  },
};
