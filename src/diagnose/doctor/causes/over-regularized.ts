import type { CauseRule } from "../types.js";
import type { Evidence } from "../evidence.js";
import { baselineFigure, biasText, costNum, harmed, highBias, hiddenLayers, learnedLittle, num, overfitsClearly, percent, quotableBaseline, targetErrors } from "../signals.js";

/** A penalty (L2, L1) or dropout so strong that the network can no longer fit the training set. */
export const overRegularized: CauseRule = {
  id: "over-regularized",
  assess(e) {
    const { share, shareMax, shareAtStart, penaltyAtStart, dropoutRates, dropoutCostRatio, weightNormRatio } = e.regularization;
    // A penalty ten times the data's cost at initialization: lambda, not the weights the data asks
    // for, sets the cost from the start. L2 1e308 on moons (the penalty 8.4e306 against a data cost of 0.75)
    // overflowed at epoch 2 under Adam, whose steps a lower rate only shortens, and was told "lower the
    // learning rate"; the weights were put back before the penalty could shrink them, so no other sign shows.
    // Ten times the data cost, not merely above it: a wide network's random initial weights alone put the
    // notes' L2 of 0.7 at half the cost (2-100-100-1 on moons), a lambda that trains well, and a rule at
    // "more than the data cost" hid that run's learning rate of 8 under "lower lambda".
    const dominant = shareAtStart >= 10 / 11 && Number.isFinite(penaltyAtStart) && penaltyAtStart > 0;
    if (!highBias(e) && !(e.stop.reason === "diverged" && e.stop.divergence === "dead-layer") && !(dominant && harmed(e))) return null;
    const evidence: string[] = [];
    const advice: string[] = [];
    // A layer the penalty crushed (its weights a fifth of their start or less) shows even when, crushed,
    // it no longer adds to the penalty; a large share alone must be large, the notes' L2 on small data is ~25%.
    const crushed = e.layers.filter((l) => l.finalScale < 0.2 * l.initScale);
    // A run whose training data cost came near 0 was not held back by the penalty: its share of the cost is
    // large because the data part is small. Breast-cancer at Adam 0.1 (early stopping back at epoch 0, the
    // weights grown 1.85x, the penalty 94.8% of a cost whose data part was 0.0007) was told to lower lambda;
    // lambda 10 or 100 times lower trained to the same errors, a 3x lower learning rate to a third of them.
    const fitTheData = Number.isFinite(e.cost.lowest ?? NaN) && e.cost.lowest! < 0.05 * e.cost.constant;
    // Overfitting beyond doubt contradicts too strong a penalty (overfitsClearly); dropout's rule is below.
    const { train, dev, baseline, devCostRise, trainUnexplained, devUnexplained } = e.errors;
    // A regression compares the shares of variance left unexplained, the gap against the bias as for errors:
    // its dev cost under dropout wobbles from epoch to epoch (24% above its minimum where dev and train R^2
    // were 0.68 and 0.74), and dropout 0.6 was called "high bias: a bigger network" (dev MSE 0.21 bigger,
    // 0.03 at dropout 0.1; a doctor audit)
    const regressionGap = e.task === "regression" && trainUnexplained !== null && devUnexplained !== null ? devUnexplained - trainUnexplained : null;
    const overfitting =
      regressionGap !== null
        ? regressionGap > 2 * Math.max(0, trainUnexplained! - baseline)
        : devCostRise > 0.1 || (train !== null && dev !== null && dev - train > 2 * (train - baseline));
    // weightNormRatio null: not measured (no GradientFlow snapshots), so no evidence of shrunk weights
    const normBelow = (ratio: number) => weightNormRatio !== null && weightNormRatio < ratio;
    const penaltyHeld = share >= 0.4 || (shareMax >= 0.25 && (normBelow(0.5) || crushed.length > 0)) || (shareMax > 0.05 && normBelow(0.5));
    // "L2 0.7 and L1 0.01", each lambda times `factor`
    const lambdas = (factor = 1) => [e.regularization.l2 ? `L2 ${num(e.regularization.l2 * factor)}` : "", e.regularization.l1 ? `L1 ${num(e.regularization.l1 * factor)}` : ""].filter(Boolean).join(" and ");
    // The bias measured from 0% (no baselineError) may be the data's own: then a lighter penalty only fits the
    // noise. Moons at noise 0.3 (Bayes error ~8.5%), 128-128 at L2 3: train 5.8%, dev 9.2% on two seeds, a tenth of
    // the L2 dev 10.8-11.7%, a third 10.0%, healthy with baselineError 0.085. Its errors do not tell it from a
    // penalty that does hold the fit back: 16-16 at L2 4 on clean moons (train 2.2%, dev 6.7%, dev 0% at a
    // tenth) and 32-16 at L2 5 on moons at noise 0.2 (train 5.8%, dev 6.3%; 2.5% at a tenth); so the rule
    // stands, and says where the dev set, not the training cost, chooses lambda.
    // (Not where the penalty set the cost from the start: its lambda is computed from that start.)
    const fromZero = !e.errors.baselineGiven && highBias(e) && !learnedLittle(e) && !dominant;
    if (dominant && !fitTheData && !overfitsClearly(e)) {
      evidence.push(`at initialization the regularization term (${lambdas() || "the penalty"}) was ${costNum(penaltyAtStart)}, ${percent(shareAtStart)} of the training cost, against a data cost that started at ${costNum(e.cost.initial)}: the penalty, not the data, set the cost from the start`);
      // the penalty is linear in lambda at fixed weights: this lambda starts it at a tenth of the data cost
      const factor = (0.1 * e.cost.initial) / penaltyAtStart;
      const scaled = lambdas(factor);
      advice.push(`lower lambda to about ${scaled || `${num(factor)} times its value`}, where the penalty starts at a tenth of the data cost, then tune it on the dev set (a sweep on a log scale)`);
    }
    if (penaltyHeld && !fitTheData && !overfitsClearly(e)) {
      const norm =
        weightNormRatio === null ? "" : weightNormRatio < 1 ? `, and the penalty has shrunk the weights' norm to ${num(weightNormRatio)} times its initial value` : `, and the weights' norm is ${num(weightNormRatio)} times its initial value`;
      evidence.push(
        `the regularization term is ${percent(share)} of the training cost at the end (at most ${percent(shareMax)} during the run)${norm}${crushed.length ? ` (${crushed.map((l) => `${l.weight} to ${num(l.finalScale / l.initScale)} of its start`).join(", ")})` : ""}`,
      );
      if (!dominant) {
        advice.push(
          fromZero && lambdas()
            ? `lower lambda 3 to 10 times (${lambdas(1 / 3)}, then ${lambdas(0.1)}) and keep the one with the lowest dev error, the present one if neither lowers it: a lighter penalty always lowers the training cost, so only the dev set tells whether it helped`
            : "lower lambda (L2 or L1) about 10 times, then tune it on the dev set (a sweep on a log scale)",
        );
      }
    }
    // Weight decay shrinks the weights as L2 does, but outside the cost, so no penalty share shows it: the
    // shrunk norm does. SGD at 0.3 with weightDecay 0.333 on 120 moons (the update of an L2 lambda of 40)
    // was "high bias: the network learned nothing; try Adam", where the same run through "l2" was this cause.
    const decay = e.regularization.weightDecay;
    if (decay > 0 && highBias(e) && !fitTheData && !overfitsClearly(e) && weightNormRatio !== null && (weightNormRatio < 0.5 || crushed.length > 0)) {
      const lr = e.optimizer.learningRate;
      const asL2 = e.optimizer.name === "adam" ? "" : `, the update an L2 lambda of ${num(decay * e.data.trainExamples)} gives on these ${e.data.trainExamples} training examples`;
      evidence.push(
        `the optimizer's weight decay ${num(decay)} (each step multiplies the weights by 1 - ${num(lr)} x ${num(decay)} = ${num(1 - lr * decay)}${asL2}) has shrunk the weights' norm to ${num(weightNormRatio)} times its initial value${crushed.length ? ` (${crushed.map((l) => `${l.weight} to ${num(l.finalScale / l.initScale)} of its start`).join(", ")})` : ""}`,
      );
      advice.push(`lower the optimizer's weightDecay about 10 times (to ${num(decay / 10)}), then tune it on the dev set (a sweep on a log scale)`);
    }
    const killed = hiddenLayers(e).filter((l) => l.activation === "relu" && l.deadAtInit < 0.5 && l.deadAtEnd > 0.5);
    if ((shareMax > 0.05 || decay > 0) && normBelow(1) && killed.length && !overfitsClearly(e)) {
      evidence.push(`${killed.map((l) => `${percent(l.deadAtEnd)} of ${l.weight}'s ReLU units`).join(", ")} died while the penalty shrank the weights`);
    }
    if (e.stop.reason === "diverged" && e.stop.divergence === "dead-layer" && (e.stop.weightGrowth ?? Infinity) < 1 && shareMax > 0.05) {
      evidence.push(`training stopped when a ReLU layer died with the weights' norm at ${num(e.stop.weightGrowth!)} times its initial value: the penalty, not a long step, drove them there`);
    }
    const rate = Math.max(0, ...dropoutRates);
    // (train 2.8% of 72 examples against dev 20.8%, the dev cost 137% above its minimum, was told to lower a
    // dropout rate of 0.5)
    if (highBias(e) && !overfitting && (rate >= 0.5 || (rate >= 0.3 && dropoutCostRatio !== null && dropoutCostRatio > 1.5))) {
      evidence.push(
        `with dropout at rate ${num(rate)} (keep_prob ${num(1 - rate)}) the network does not fit the training set${dropoutCostRatio !== null ? `; the cost of the thinned networks is ${num(dropoutCostRatio)} times the whole network's` : ""}`,
      );
      advice.push(`lower the dropout rate (to about ${num(rate / 2)}), or drop it on the small layers`);
    }
    if (!evidence.length) return null;
    if (highBias(e)) evidence.push(biasText(e));
    if (fromZero) advice.push(...baselineCaveat(e));
    return {
      id: "over-regularized",
      // a dominant penalty also explains a divergence: a lower rate does not make lambda smaller
      score: dominant && evidence.length ? 0.93 : 0.87,
      evidence,
      advice,
      accountsFor: ["high-bias", "undertrained", "learning-rate-too-low", "learning-rate-too-high", "init-too-small"],
      symptom: "too much regularization",
    };
  },
};

/**
 * Where no baselineError was given (the bias measured from 0%), the high-bias rule's caveat: the train error
 * may be what the data allows (overlapping classes, noisy labels), and a lighter penalty then fits the noise.
 */
function baselineCaveat(e: Evidence): string[] {
  const target = targetErrors(e);
  if (target === null) {
    const { trainUnexplained: train, devUnexplained: dev } = e.errors;
    if (!quotableBaseline(train)) return [];
    return [
      `(no baselineError was given, so the bias is measured from 0% unexplained: if about ${percent(train)} of the target's variance is noise no model can explain, give that share as baselineError: the run is then near its limit${dev !== null && dev > train ? ` (its dev set leaves ${percent(dev)} unexplained)` : ""}, and a lighter penalty only fits the noise)`,
    ];
  }
  if (!quotableBaseline(target.train)) return [];
  const figure = baselineFigure(e);
  return [
    `(no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here (overlapping classes, noisy labels), give that as baselineError: the run is then near its limit${target.dev !== null && target.dev > target.train ? ` (its dev error, ${percent(target.dev)}, is already above it)` : ""}, and a lighter penalty only fits the noise)`,
  ];
}
