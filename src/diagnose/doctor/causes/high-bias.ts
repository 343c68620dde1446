import type { CauseRule } from "../types.js";
import { BIAS_TOLERANCE, biasText, highBias, percent } from "../signals.js";

/** The notes' high bias, once nothing more specific explains it: the model is too small for the task. */
export const highBiasRule: CauseRule = {
  id: "high-bias",
  assess(e) {
    if (!highBias(e)) return null;
    const avoidable = e.errors.train === null ? null : e.errors.train - e.errors.baseline;
    return {
      id: "high-bias",
      score: 0.5,
      evidence: [
        `${biasText(e)}${avoidable === null ? "" : `: an avoidable bias of ${percent(avoidable)} (over the ${percent(BIAS_TOLERANCE)} tolerance)`}, and the training cost has flattened (${percent(Math.max(0, e.cost.shape.recentFall))} over the last fifth of the run)`,
      ],
      advice: [
        "a bigger network: more hidden units or another layer",
        "train longer or with a better optimizer (Adam) once it is bigger",
        "(more data will not help while the training set is not fitted)",
      ],
      accountsFor: [],
      symptom: `high bias (${biasText(e)})`,
    };
  },
};
