import { fail, failReceived } from "../../errors.js";
import { imbalanceAdvice } from "./imbalance.js";
import { dataProblem } from "./causes/data-problem.js";
import { highBiasRule } from "./causes/high-bias.js";
import { highVariance } from "./causes/high-variance.js";
import { initTooLarge } from "./causes/init-too-large.js";
import { initTooSmall } from "./causes/init-too-small.js";
import { inputsNotNormalized } from "./causes/inputs-not-normalized.js";
import { targetNotNormalized } from "./causes/target-not-normalized.js";
import { learningRateTooHigh } from "./causes/learning-rate-too-high.js";
import { learningRateTooLow } from "./causes/learning-rate-too-low.js";
import { overRegularized } from "./causes/over-regularized.js";
import { symmetricInit } from "./causes/symmetric-init.js";
import { undertrained } from "./causes/undertrained.js";
import type { Evidence } from "./evidence.js";
import { rank } from "./rank.js";
import { avoidableBias, highBias, num, percent, stoppedAtDevMinimum } from "./signals.js";
import type { Cause, CauseRule, Diagnosis } from "./types.js";

/** Every cause the doctor knows, one rule each. */
export const CAUSE_RULES: readonly CauseRule[] = [
  dataProblem,
  symmetricInit,
  inputsNotNormalized,
  targetNotNormalized,
  learningRateTooHigh,
  learningRateTooLow,
  initTooSmall,
  initTooLarge,
  overRegularized,
  undertrained,
  highBiasRule,
  highVariance,
];

/**
 * The doctor: the causes that the run's measured evidence points to, ranked, each with its evidence and
 * the notes' remedy; symptoms a higher cause explains are folded into it. `healthy` when none applies.
 */
export function diagnose(evidence: Evidence): Diagnosis {
  checkEvidence(evidence);
  let diagnosis = rank(CAUSE_RULES.flatMap((rule) => rule.assess(evidence) ?? []), evidence.task);
  if (diagnosis.healthy && highBias(evidence) && stoppedAtDevMinimum(evidence)) {
    // healthy with a bias above tolerance: say why (it read "the train error within tolerance of the baseline")
    diagnosis = {
      ...diagnosis,
      // The stop at the dev minimum speaks of this network trained longer, not of a bigger one: a one-unit
      // network on wine (train 2.8%, dev 8.6%; 32 units: 0% and 2.9%) was told a bigger one was not the next step.
      summary: `healthy: no cause found (an avoidable bias of ${percent(avoidableBias(evidence))} remains, but early stopping ended the run at the dev cost's minimum: fitting the training set further did not lower the dev cost, so training longer is not the next step; this run cannot tell whether a bigger network would lower the bias (try one beside this spec if ${percent(avoidableBias(evidence))} matters); the dev-train gap within the dev set's noise)`,
    };
  }
  if (diagnosis.healthy && evidence.task === "regression") diagnosis = { ...diagnosis, summary: healthyRegression(evidence) };
  // "the cost fell and settled" was said of every healthy run, of one whose training cost fell 26% over its
  // last fifth too (a regression whose dev MSE 3x the epochs then cut 3-fold): the curve is said as it ended
  if (diagnosis.healthy && Math.abs(evidence.cost.shape.recentFall) > SETTLED) diagnosis = { ...diagnosis, summary: diagnosis.summary.replace("the cost fell and settled", unsettledText(evidence)) };
  diagnosis = { ...diagnosis, causes: biasFirst(diagnosis.causes) };
  const caveat = imbalanceAdvice(evidence);
  const [first, ...rest] = diagnosis.causes;
  if (caveat && first) return { ...diagnosis, causes: [{ ...first, advice: [...first.advice, caveat] }, ...rest] };
  // healthy by every cause, yet the rare class is missed: the caveat is the one thing to say
  if (caveat) return { ...diagnosis, summary: `${diagnosis.summary}; but ${caveat}` };
  return diagnosis;
}

/**
 * Evidence in the shape the causes read: diagnose(undefined) threw "Cannot read properties of undefined
 * (reading 'data')". Checks the parts every rule reads, naming those missing.
 */
function checkEvidence(evidence: Evidence): void {
  const expected = "evidence from gatherEvidence(recordRun(...)) (or read back from a saved run)";
  if (evidence === null || typeof evidence !== "object" || Array.isArray(evidence)) fail("diagnose", `expected ${expected}`, evidence);
  const parts = ["task", "optimizer", "epochs", "stop", "cost", "errors", "layers", "features", "regularization", "data"] as const;
  const missing: string[] = parts.filter((k) => evidence[k] === undefined || evidence[k] === null);
  if (!missing.includes("cost") && !evidence.cost.shape) missing.push("cost.shape");
  if (!missing.includes("layers") && !Array.isArray(evidence.layers)) missing.push("layers");
  if (missing.length) failReceived("diagnose", `expected ${expected}`, `an object without ${missing.join(", ")}`);
}

/** A change of the training cost over the run's last fifth within which it has settled (stillFalling's 2%). */
const SETTLED = 0.02;

/**
 * A healthy run's curve where it had not settled: "the training cost still falling (26% over the last
 * fifth of the run)", or rising; and, where early stopping kept an earlier epoch, that the weights are its.
 */
function unsettledText(e: Evidence): string {
  const fall = e.cost.shape.recentFall;
  const curve = fall > 0 ? `the training cost still falling (${percent(fall)} over the last fifth of the run)` : `the training cost up ${percent(-fall)} over the last fifth of the run`;
  return e.keptEpoch != null ? `${curve}; the weights kept are those of the dev cost's best epoch, ${e.keptEpoch}` : curve;
}

/**
 * A healthy regression's summary, from its R^2: "most of the targets' variance explained" was said of a run
 * whose dev R^2 was -0.13 (a target of noise with its baselineError given; an examiner). Where R^2 is low,
 * the summary says what makes it healthy: the baseline given, or nothing left that the causes can name.
 */
function healthyRegression(e: Evidence): string {
  const { trainUnexplained, devUnexplained, baseline, baselineGiven } = e.errors;
  const r2 = (unexplained: number | null) => (unexplained === null ? "-" : num(1 - unexplained));
  const figures = `R^2 ${r2(trainUnexplained)} on train, ${devUnexplained === null ? "no dev set" : `${r2(devUnexplained)} on dev`}`;
  const worst = Math.max(trainUnexplained ?? 0, devUnexplained ?? 0);
  const why =
    worst <= 0.5
      ? "most of the targets' variance explained on train and dev alike"
      : baselineGiven
        ? `the baseline given leaves ${percent(baseline)} of the variance unexplained at best`
        : "little of the targets' variance explained, though no cause the doctor knows shows in the run: if the target is mostly noise, give baselineError (the share of its variance no model can explain)";
  // a dev R^2 below 0 is said as what it is, whatever else holds
  const belowMean = devUnexplained !== null && devUnexplained > 1 ? "; on dev the model does worse than predicting the mean" : "";
  return `healthy: no cause found (${figures}: ${why}${belowMean}; the cost fell and settled)`;
}

/**
 * The notes' recipe: the bias first, then the variance. Where the training set is not fitted (high bias or
 * undertrained first), a high variance below it keeps its regularization advice for later, without "a
 * smaller network" (the opposite of the first cause's "a bigger network": a 64-2-10 network on digits was
 * told both) or "more training data" (which the first cause says will not help while the training set is
 * not fitted).
 */
function biasFirst(causes: Cause[]): Cause[] {
  const first = causes[0]?.id;
  if (first !== "high-bias" && first !== "undertrained") return causes;
  return causes.map((c) =>
    c.id !== "high-variance"
      ? c
      : {
          ...c,
          advice: [
            `after the bias (the notes' recipe: fit the training set first, then close the dev-train gap): ${c.advice.filter((a) => a.startsWith("regularization")).join("; ") || "regularization"}`,
          ],
        },
  );
}
