import { overlongAveraging } from "../../../optim/averaging.js";
import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { costNum, costText, diedWhileGrowing, diverged, harmed, hiddenLayers, num, percent, usualRates } from "../signals.js";

/**
 * Steps too long for the cost's curvature: the cost blows up, turns NaN, oscillates, or a jump kills the
 * ReLU units or saturates the tanh/sigmoid units, their weights growing as it happens.
 */
/**
 * Whether a stop on a dead layer speaks of a long step: the weights grew as the layer died. Not where a layer
 * started far below the advised std and never came near it: 8 ReLU layers at 1% of He's std under Adam 0.01
 * stopped on a dead W7 with the weights' norm at 1.24-1.26 times its start, and was told a tenth of the rate,
 * which left it at 50% error where He's initialization gave 1.25% (a doctor audit, session 27): the signal
 * faded through the small layers, the initialization's doing.
 */
function longStepKilled(e: Evidence): boolean {
  if ((e.stop.weightGrowth ?? Infinity) <= 1) return false;
  return !hiddenLayers(e).some((l) => l.initScale < 0.3 && l.maxScale < 0.3);
}

export const learningRateTooHigh: CauseRule = {
  id: "learning-rate-too-high",
  assess(e) {
    const lr = e.optimizer.learningRate;
    const usual = usualRates(e);
    const shape = e.cost.shape;
    // A rate ten times the optimizer's usual top whose cost wobbles is a long step even where the fit looks
    // fine: Adam at 0.2 on a regression (train R^2 0.93-0.98, the cost up and down by 17-29% a step) was
    // called healthy, at 3.6 to 7 times the dev MSE of a tenth of that rate (a doctor audit, session 26).
    const wobbles = shape.wobble > 0.1 && shape.turns > 0.5;
    if (!harmed(e) && !(wobbles && lr >= 10 * usual.top)) return null;
    const evidence: string[] = [];
    const grew = Math.max(...e.layers.map((l) => l.maxScale / Math.max(l.initScale, 1e-12)), 0);
    // the message's first line, less its lead-in to the measurements on the lines below
    if (e.stop.reason === "nonFiniteCost") evidence.push(`${e.stop.message?.split("\n")[0]?.replace(/^fit: /, "").replace(/ Measured at the stop:$/, "") ?? "the cost became NaN"}`);
    else if (e.stop.reason === "diverged" && (e.stop.divergence !== "dead-layer" || longStepKilled(e))) evidence.push(`training stopped: ${e.stop.message?.split("\n")[0]?.replace(/^fit: training diverged: /, "").replace(/;.*$/, "")}`);
    else if (shape.peakOverInitial > 3 && shape.end > e.cost.constant) {
      evidence.push(`the cost rose to ${num(shape.peakOverInitial)} times its starting value and ended at ${costNum(shape.end)}, above a constant prediction's ${costNum(e.cost.constant)}`);
    }
    else if (shape.endOverMin > 1.5 && shape.peakOverInitial > 1) {
      // the peak named where it was: a spike at epoch 2 is not "then", after a minimum at epoch 210
      const spikeFirst = shape.peakEpoch !== undefined && shape.peakEpoch < shape.minEpoch;
      const after = shape.peakAfterMin !== undefined && Number.isFinite(shape.peakAfterMin) ? `, then rose again to ${costNum(shape.peakAfterMin)}` : "";
      evidence.push(
        spikeFirst
          ? `the cost jumped to ${num(shape.peakOverInitial)} times its starting value at epoch ${shape.peakEpoch}; it fell to ${num(shape.min)} at epoch ${shape.minEpoch}${after} and ended at ${costNum(shape.end)}, ${num(shape.endOverMin)} times its best: the steps overshoot the minimum`
          : `the cost fell to ${num(shape.min)} at epoch ${shape.minEpoch}, then jumped to ${num(shape.peakOverInitial)} times its starting value${shape.peakEpoch !== undefined ? ` (epoch ${shape.peakEpoch})` : ""} and ended at ${costNum(shape.end)}, ${num(shape.endOverMin)} times its best: the steps overshoot the minimum`,
      );
    }
    // (a rate ten times the optimizer's usual top that wobbles is a long step whatever it learned: Adam at 0.1
    // on digits, the cost up and down by 59% a step, 7.2% train error against 0% at 0.01, was called high bias)
    if (wobbles && (shape.learned < 0.5 || lr >= 10 * usual.top)) {
      evidence.push(`over the last half of the run the cost jumped up and down by ${percent(shape.wobble)} of its level a step, turning direction at ${percent(shape.turns)} of the steps`);
    }
    // Gradient averages that remember too long (momentum 0.999, Adam's beta1 past sqrt(beta2)) overshoot
    // slowly: a cost that rose over the run's last fifth, short of the 1.5 times its best read above, is
    // their overshoot where nothing else in the cost rises (without dropout, whose masks make the training cost swing)
    const averaging = overlongAveraging(e.optimizer);
    const rose = shape.recentFall < -0.05 || shape.endOverMin > 1.1;
    // Or a cost that swung up and came back down by the end, where early stopping on the dev cost kept the
    // first dip: momentum 0.99 at 0.1 on 300 clean moons, two ReLU layers of 32, full batches and patience 100,
    // rose 9.8% and 6.0% above its lowest so far (seeds 1, 2) and ended falling again; it was called high bias
    // at train 13.3% and 10.0% (dev 13.3%, 15.0%), where momentum 0.9 gave 5.0% dev error on both. Batches of 32
    // with patience 20: a swing of 9.5% on seed 1, dev error 11.7% and 15.0% (seeds 1, 2), 0% at momentum 0.9.
    const swung = (shape.rebound ?? 0) > 0.05;
    if (averaging && !evidence.length && (rose || swung) && !diverged(e) && !e.regularization.dropoutRates.some((r) => r > 0)) {
      evidence.push(
        rose
          ? `the training cost rose over the run: ${shape.recentFall < -0.05 ? `${percent(-shape.recentFall)} over its last fifth` : `it ended ${num(shape.endOverMin)} times its best`}, from ${costNum(shape.min)} at epoch ${shape.minEpoch} to ${costNum(shape.end)}`
          : `the training cost swung: it rose ${percent(shape.rebound!)} above its lowest point so far before falling again${e.keptEpoch != null ? `; early stopping kept the weights of epoch ${e.keptEpoch} of the ${e.epochs.trained} trained` : ""}`,
      );
    }
    if (averaging && evidence.length) evidence.push(`the optimizer runs ${averaging.setting}: ${averaging.why}`);
    // A curve that rose, oscillated or stopped; saturation alone, under a smooth falling cost, is a small
    // network pushing towards hard decisions (high bias), not a long step.
    const curveSays = evidence.length > 0;
    // Under dropout, ReLU units die at any rate: a unit that fires adds mask noise to the output, and on a
    // regression the optimizer silences it. Wavy data, 64-32 ReLU, Adam: none died without dropout at 0.01;
    // with dropout 0.2, 53-59% of W2 died by epoch 2 at 0.01 and by epoch 107 at 0.001, where the dev MSE rose
    // from 0.08 to 0.17; at dropout 0.9 the tenth of the rate advised changed nothing (a doctor audit,
    // session 26). There the deaths alone are no evidence of a long step; a curve that rose or swung still is.
    const dropped = e.regularization.dropoutRates.some((r) => r > 0);
    for (const l of hiddenLayers(e)) {
      // Most units dead within the first epochs from (nearly) none at initialization, the weights grown as it
      // happened. Circles at SGD 3, two ReLU layers of 32: 75% and 94% dead by epoch 1, the weights 1.3x and
      // 1.4x their start, train error 34%, was "high bias: a bigger network" (which diverged); at 0.3, 0%.
      const sudden = l.deadFromEpoch !== null && l.deadFromEpoch <= Math.max(2, 0.1 * e.epochs.trained);
      const dying = sudden && ((l.deadAtInit < 0.5 && l.deadMax >= 0.9) || (l.deadAtInit < 0.1 && l.deadMax >= 0.5));
      // Growth is measured against the advised std, not only the start: weights at 0.1% of He's std grow
      // 170-fold towards it under any rate, and units that died on the way up are the initialization's
      // doing (diedWhileGrowing: init-too-small), not a step too long.
      if (dying && l.maxScale > 1.25 * Math.max(l.initScale, 0.5) && !diedWhileGrowing(e, l) && (curveSays || !dropped)) {
        // the share at the epoch named, and the run's peak and end beside it (the peak came later: it read
        // "93.8% died by epoch 2" where 75% had by then)
        const share = l.deadFromShare ?? l.deadMax;
        const after = share < l.deadMax ? `; at most ${percent(l.deadMax)}, ${percent(l.deadAtEnd)} at the end` : `, ${percent(l.deadAtEnd)} at the end`;
        evidence.push(`${percent(share)} of ${l.weight}'s ReLU units were dead by epoch ${l.deadFromEpoch} (${percent(l.deadAtInit)} at initialization${after}), and its weights grew to ${num(l.maxScale / l.initScale)} times their starting size over the run: a step too long pushed them where they never fire again`);
      }
      const saturating = (l.activation === "tanh" || l.activation === "sigmoid") && l.saturatedAtInit < 0.2 && l.saturatedAtEnd > 0.5 && l.finalScale > 3 * l.initScale;
      if (saturating && curveSays) {
        evidence.push(`${percent(l.saturatedAtEnd)} of ${l.weight}'s ${l.activation} outputs ended saturated (${percent(l.saturatedAtInit)} at initialization), its weights ${num(l.finalScale / l.initScale)} times their starting size`);
      }
    }
    if (!evidence.length) return null;
    evidence.push(costText(e));
    if (grew > 3 && !evidence.some((s) => s.includes("grew"))) evidence.push(`during the run the weights grew to ${num(grew)} times their starting size`);
    return {
      id: "learning-rate-too-high",
      score: diverged(e) ? 0.92 : 0.88,
      evidence,
      advice: [
        ...(averaging ? [`set ${averaging.label} first (the run has ${averaging.setting}), at the same rate; then, if the cost still rises or swings, a lower rate`] : []),
        // a tenth of a rate far beyond the usual range still diverges (SGD at 1e200 was told to try 1e199):
        // there the top of the optimizer's usual range is the place to start
        lr / 10 > 10 * usual.top
          ? `lower the learning rate: ${num(lr)} is far above ${usual.name}'s usual ${usual.range}; try ${num(usual.top)}, or run \`nnlab lr-find\` for the largest rate at which the cost still falls`
          : `lower the learning rate: try ${num(lr / 10)} (a tenth of ${num(lr)}), or run \`nnlab lr-find\` for the largest rate at which the cost still falls`,
        ...(e.optimizer.name === "adam" && lr / 10 <= 10 * usual.top ? ["Adam's usual rates are 1e-4 to 1e-2"] : []),
      ],
      // a run stopped on a divergence has its penalty's share measured on weights put back or blown up: its
      // "too much regularization" is this cause's doing (lr 8 with the notes' L2 0.7 was also told "lower
      // lambda"; at lr 0.8 that L2 trains to 3% dev error); a penalty ten times the data cost outranks it
      accountsFor: ["high-bias", "undertrained", "learning-rate-too-low", "init-too-large", ...(diverged(e) ? (["over-regularized"] as const) : [])],
      symptom: averaging ? `the steps overshoot (${averaging.setting} at learning rate ${num(lr)})` : `the learning rate ${num(lr)} is too high`,
    };
  },
};
