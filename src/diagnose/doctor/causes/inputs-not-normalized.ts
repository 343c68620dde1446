import type { CauseRule } from "../types.js";
import { costText, diverged, harmed, num, costNum } from "../signals.js";

/**
 * Raw features on very different scales (or far from unit scale): the cost's contours are long thin
 * valleys, so a learning rate that suits one weight overshoots or crawls on another (the notes' picture).
 */
export const inputsNotNormalized: CauseRule = {
  id: "inputs-not-normalized",
  assess(e) {
    const { normalized, std, mean } = e.features;
    if (normalized || std.length === 0 || !harmed(e)) return null;
    const positive = std.filter((s) => s > 0);
    if (!positive.length) return null;
    const widest = Math.max(...positive);
    const narrowest = Math.min(...positive);
    const largest = Math.max(...std.map((s, j) => Math.abs(mean[j]!) + s));
    const spread = widest / narrowest;
    const evidence: string[] = [];
    if (spread > 30) evidence.push(`the raw features' standard deviations range from ${num(narrowest)} to ${num(widest)} (${num(spread)} times apart)`);
    if (largest > 30) evidence.push(`some raw feature reaches a typical magnitude of ${num(largest)} (mean plus std), far from the unit scale the initialization assumes`);
    if (widest < 0.05) evidence.push(`every raw feature has a std below ${num(widest)}: the inputs are far below unit scale`);
    if (e.cost.initial > 100 * e.cost.constant && (largest > 10 || spread > 10)) {
      evidence.push(`the initial weights cost ${costNum(e.cost.initial)} on the raw inputs, ${num(e.cost.initial / e.cost.constant)} times a constant prediction's ${costNum(e.cost.constant)}`);
    }
    if (!evidence.length) return null;
    evidence.push(diverged(e) ? `training diverged: ${e.stop.message?.split("\n")[0]?.replace(/^fit: (training diverged: )?/, "").replace(/;.*$/, "") ?? ""}` : costText(e));
    return {
      id: "inputs-not-normalized",
      // A divergence on badly scaled inputs is their doing (a rate that suits one weight overshoots another):
      // moons with x1 times 100 (54 times apart) on SGD 0.1 diverged and was told a tenth of the rate, which
      // left 13-14% dev error, and at x1000 diverged again, where normalizing gave 0% (a doctor audit, session
      // 27). Ranked above the divergence's 0.92, as a spread over 1000 always was.
      score: spread > 1000 || largest > 1000 || diverged(e) ? 0.93 : 0.89,
      evidence,
      advice: ['normalize the inputs: "normalize": true (each feature minus its mean, over its std, with the training split\'s statistics, saved with the model)'],
      // "nothing learned carries over" (an inferred data problem) is what badly scaled inputs also produce
      accountsFor: ["learning-rate-too-high", "learning-rate-too-low", "undertrained", "high-bias", "init-too-large", "init-too-small", "data-problem"],
      symptom: "unnormalized inputs",
    };
  },
};
