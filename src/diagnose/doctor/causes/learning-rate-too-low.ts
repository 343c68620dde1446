import type { CauseRule } from "../types.js";
import { costText, diverged, harmed, hiddenDrift, num, percent, stillFalling, usualRates } from "../signals.js";

/** Epochs a run needs before its weights' drift tells short steps from few steps. */
const SHORTEST_TO_JUDGE = 10;

/** Steps too short: the cost falls in a near-straight line, and the weights barely move from their start. */
export const learningRateTooLow: CauseRule = {
  id: "learning-rate-too-low",
  assess(e) {
    // (a regression still falling fast, over 5% unexplained, is undertrained's case too: there a rate at the
    // bottom of the usual range is the reason, below)
    const regressionShort = e.errors.trainUnexplained !== null && e.errors.trainUnexplained > 0.05 && stillFalling(e, 0.05);
    if (!(harmed(e) || regressionShort) || diverged(e)) return null;
    // Under ten epochs, weights that barely moved took few steps, not short ones: the run is undertrained
    // (1 epoch of iris: "raise the learning rate to 0.1" gave a dev error of 16.7%, 30 epochs 1.1%).
    if (e.epochs.trained < SHORTEST_TO_JUDGE) return null;
    const shape = e.cost.shape;
    // null: no layer was measured (no GradientFlow snapshots): the weights' movement is no evidence either way
    // (read as 0, "moved 0.0% at most", it named this cause for a 3-unit network on spirals that flow showed
    // was high bias); only the rate itself, below the usual range, with a cost that barely fell, points here
    const drift = hiddenDrift(e);
    if (drift === null) return unmeasuredWeights(e);
    // Near-straight: it fell about as fast at the end as at the start. Below 0.5 it sped up (momentum or
    // Adam warming up), which is not a short step.
    const straight = shape.deceleration >= 0.5 && shape.deceleration < 4;
    // The hidden weights barely moved and the cost barely fell (or stayed above a constant prediction's):
    // short steps, whatever the curve's bend (an output layer that settles quickly can bend it).
    const barelyMoved = drift < 0.05 && (shape.fallen < 0.3 || shape.learned <= 0.05) && shape.fallen > -0.05 && shape.recentFall > -0.02;
    // Many epochs, the cost still falling, and the hidden weights moved under a tenth of their size: short steps.
    const firstDrift = e.layers[0]?.drift ?? 1; // the first layer moves least under short steps
    const slowForLong = e.epochs.trained >= 500 && firstDrift < 0.1 && drift < 0.3 && shape.recentFall > 0.02;
    const lr = e.optimizer.learningRate;
    const usual = usualRates(e);
    // A rate at or below the bottom of the optimizer's usual range, the cost still falling at the end and
    // the first layer moved under a tenth of its size: short steps, however many epochs (Adam at 1e-4 on
    // y = sin(2 x1) + x2^2, 300 epochs: still falling 13% over the last fifth, W1 moved 6.3%, and "train
    // longer" was the advice where a larger rate is the remedy; SGD at 5e-4 alike, W1 3.1%).
    const belowUsual = lr <= usual.bottom && firstDrift < 0.1 && drift < 0.3 && shape.recentFall > 0.02;
    if (!(((straight && shape.fallen < 0.3 && drift < 0.3 && shape.recentFall > 0.005) || barelyMoved || slowForLong) && harmed(e)) && !belowUsual) return null;
    if (e.gradientRatioAtInit < 1e-2) return null; // a fading gradient, not a short step
    if (e.layers.some((l) => l.hidden && (l.deadAtInit >= 0.9 || l.identicalAtInit))) return null; // nothing for a longer step to move
    return {
      id: "learning-rate-too-low",
      score: drift < 0.05 ? 0.84 : 0.78,
      evidence: [
        // "a near-straight line" only where the curve is one (the rule also fires on a bent curve whose weights barely moved)
        // ("79.8% of the starting cost" read as where it ended, which was 20.2%: it is the fall; a doctor audit)
        `${costText(e)}: a fall of ${percent(shape.fallen)} of the starting cost in ${e.epochs.trained} epochs, still falling (${percent(shape.recentFall)} over the last fifth)${straight ? ` in a near-straight line (it fell only ${num(shape.deceleration)} times as fast at the start as at the end)` : ""}`,
        `the hidden layers' weights moved ${percent(drift)} of their initial size at most: the steps are short`,
        ...(lr <= usual.bottom ? [`the learning rate ${num(lr)} is ${lr < usual.bottom ? "below" : "at the bottom of"} ${usual.name}'s usual ${usual.range}`] : []),
      ],
      advice: [raiseRateAdvice(lr, usual)],
      accountsFor: ["high-bias", "undertrained"],
      symptom: `the learning rate ${num(lr)} is too low`,
    };
  },
};

/**
 * Without GradientFlow snapshots (recordRun given flow: []): a rate below the optimizer's usual range and a
 * cost that barely fell, the rule's evidence that needs no layer measured (SGD at 1e-5 on moons, flat at
 * 0.651 after 50 epochs, was otherwise told "a bigger network"). The rule's other paths read the weights.
 */
function unmeasuredWeights(e: Parameters<CauseRule["assess"]>[0]): ReturnType<CauseRule["assess"]> {
  const shape = e.cost.shape;
  const lr = e.optimizer.learningRate;
  const usual = usualRates(e);
  const barelyFell = shape.fallen < 0.3 && shape.fallen > -0.05 && shape.recentFall > -0.02;
  if (!(lr < usual.bottom && barelyFell && harmed(e))) return null;
  return {
    id: "learning-rate-too-low",
    score: 0.78,
    evidence: [
      `${costText(e)}: a fall of ${percent(shape.fallen)} of the starting cost in ${e.epochs.trained} epochs`,
      `the learning rate ${num(lr)} is below ${usual.name}'s usual ${usual.range} (how far the weights moved was not measured: the run was recorded without GradientFlow snapshots)`,
    ],
    advice: [raiseRateAdvice(lr, usual)],
    accountsFor: ["high-bias", "undertrained"],
    symptom: `the learning rate ${num(lr)} is too low`,
  };
}

/**
 * "raise the learning rate: try 0.001 (10 times 1e-4)"; ten times a rate far below the usual range is still
 * far below it (wine on Adam at 1e-6, told 1e-5: dev error 54% against 2.9% at 0.01), so that one is told the range's start.
 */
function raiseRateAdvice(lr: number, usual: ReturnType<typeof usualRates>): string {
  return 10 * lr < usual.bottom
    ? `raise the learning rate: ${num(lr)} is far below ${usual.name}'s usual ${usual.range}; try ${num(usual.start)}, or run \`nnlab lr-find\` to pick it`
    : `raise the learning rate: try ${num(lr * 10)} (10 times ${num(lr)}), or run \`nnlab lr-find\` to pick it`;
}
