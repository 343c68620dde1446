import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { augmentedAdvice, augmentText, biasText, diverged, fasterOptimizer, highBias, num, overfitsClearly, percent, stillFalling, costNum, devCostFlat, stoppedAtDevMinimum, usualRates, usualRatesOf, watchedDevSet } from "../signals.js";

/**
 * Early stopping went back to an epoch whose training cost the run then went far below (under half):
 * the "undertrained" whose remedy is patience, not epochs (src/improve/remedies.ts asks this too).
 */
export function keptTooEarly(e: Evidence): boolean {
  // early stopping that ended the run: one that ran out of epochs first was not premature (patience 200 on
  // a 100-epoch run was told "more patience than 200 epochs", "when early stopping ended the run")
  if (e.stop.reason !== "earlyStopping") return false;
  if ((e.keptEpoch ?? null) === null || !highBias(e)) return false;
  // A run cut short in its first fifth with the dev cost up by a wobble, on a patience under 10 epochs (the
  // least morePatience asks for), is premature however the dev cost ended: it never had the epochs to come
  // back down (patience 1 on moons: stopped after 11 of 1000 epochs, the dev cost 1.8% above the kept
  // epoch's, train error 11.7%). With patience 100, a dev cost that did not come back is its minimum.
  const short = cutShort(e);
  if ((short || noisyShortStop(e)) && (e.afterKept?.patienceSet ?? Infinity) < 10) return true;
  if (!(fittedFurther(e) || short)) return false;
  // Otherwise early stopping was premature only if the dev cost was coming back down when it ended the run
  // (at least halfway from its peak toward the kept epoch's); a dev cost still at its peak is overfitting,
  // which early stopping rightly cut off.
  const a = e.afterKept;
  return !a || a.end <= a.peak - 0.5 * (a.peak - a.kept);
}

/** The dev cost came back down after its rise past the kept epoch (by a tenth of the rise at least). */
function fellAgain(a: NonNullable<Evidence["afterKept"]>): boolean {
  return a.end < a.peak - 0.1 * (a.peak - a.kept);
}

/** After the kept epoch the run went on to a training cost under half the kept weights': the network can fit the training set. */
function fittedFurther(e: Evidence): boolean {
  return (e.cost.lowest ?? NaN) < 0.5 * e.cost.final;
}

/**
 * Early stopping ended the run within its first fifth while the training cost was still falling: too soon
 * for the run to show how far it could fit the training set, so "it went far below" cannot be asked. Moons,
 * two ReLU layers of 32 on SGD, patience 3: epoch 1 kept, the run ended after 6 of 400 epochs at 13% train
 * error, and "a bigger network" (the high-bias advice) stayed at 13%; patience 30 reached 4.4% train, 3.3% dev.
 */
function cutShort(e: Evidence): boolean {
  // a dev cost that rose over a fifth past the kept epoch is overfitting however soon it came (300 noisy
  // moons, two layers of 64: stopped after 163 of 1500 epochs, the dev cost 1.3x its kept value): early
  // stopping was right there; a wobble under a fifth is what too little patience stops on. The lowest
  // cost may be the kept weights' own, with full batches: breast-cancer on SGD stopped by a minDelta of
  // 0.01 after 19 of 400 epochs, its dev cost falling every epoch, was called high bias and told to grow,
  // where more epochs reach 3.5% train error.
  // With mini-batches the curve is each epoch's mean over its batches, taken while the weights moved: its
  // lowest point can sit a little above the kept weights' own cost, measured after the epoch (moons on SGD,
  // batches of 32, patience 1: 0.2870 against 0.2851, stopped after 7-19 of 1000 epochs and called high
  // bias; bigger networks did not help, patience 10 took the dev error from 13.7% to 2.9%).
  const wobbled = !!e.afterKept && e.afterKept.peak <= 1.2 * e.afterKept.kept;
  return e.stop.reason === "earlyStopping" && wobbled && e.epochs.trained <= 0.2 * e.epochs.planned && e.cost.shape.recentFall > 0.01 && e.cost.lowest !== undefined && e.cost.lowest <= 1.02 * e.cost.final;
}

/**
 * Early stopping on the dev cost with a patience under 10 epochs that ended a mini-batch run within its first
 * fifth, the training cost still falling: however far the dev cost rose past the kept epoch, the run had
 * too few readings of it to tell a trend from the swing that each epoch's mini-batch steps give it. cutShort's
 * limits (a rise under a fifth, a curve's lowest within 2% of the kept weights' cost) hold for full batches,
 * whose dev cost moves smoothly; on batches of 8 they read the noise as overfitting. 200 and 400 moons at
 * noise 0.2, two ReLU layers of 32, batches of 8 (15 and 30 steps an epoch), patience 1, 500 epochs: 8 of
 * 48 runs stopped after 5-16 epochs and were called high bias, the dev cost 1.05-1.61 times the kept epoch's
 * and the curve's lowest up to 1.17 times the kept weights' cost (a 5% tolerance would have caught one);
 * patience 10 took their dev error from 17.5/15.0/10.0/15.0/15.0/3.7/11.3/3.7% to
 * 7.5/10.0/2.5/7.5/15.0/2.5/5.0/2.5%, where 2x128 (the high-bias advice) gave 17.5/15.0/15.0/12.5/17.5/6.3/11.3/3.7%.
 */
function noisyShortStop(e: Evidence): boolean {
  const a = e.afterKept;
  return (
    e.stop.reason === "earlyStopping" &&
    !!a &&
    a.monitor.startsWith("val") &&
    (e.epochs.stepsPerEpoch ?? 1) > 1 &&
    e.epochs.trained <= 0.2 * e.epochs.planned &&
    e.cost.shape.recentFall > 0.01 &&
    // not where the bias is modest and the doctor reads the stop as the dev cost's minimum (train 2.5-4.2%,
    // dev 2.5-7.5% on 11 of the runs above: called healthy, patience 10 changed them by 0-2.5 points)
    !stoppedAtDevMinimum(e)
  );
}

/**
 * How many times the epochs "train longer" asks for: 5 where the cost fell over 10% in the run's last
 * fifth, else 3. The advice and `nnlab doctor`'s suggested spec share it.
 */
export function moreEpochsFactor(e: Evidence): number {
  return e.cost.shape.recentFall > 0.1 ? 5 : 3;
}

/**
 * The patience that "more patience" asks for: three times the run's, at least 10, at most the epochs
 * (improve's candidate and `nnlab doctor`'s suggested spec); null where that is no more than the run had.
 */
export function morePatience(patience: number, epochs: number): number | null {
  const more = Math.min(epochs, Math.max(10, 3 * patience));
  return more > patience ? more : null;
}

/** Fewer gradient steps than this in all are too few to read a plateau from (a fifth of them, 20 or fewer). */
const FEW_STEPS = 100;
/** The steps advised after a run of so few. */
const STEPS_AFTER_FEW = 1000;

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
          fittedFurther(e)
            ? `${biasText(e)} with the weights of epoch ${kept}, which early stopping kept (its best epoch); the run went on to a training cost of ${costNum(lowest)}, against ${costNum(e.cost.final)} for the weights kept: the network can fit the training set, early stopping chose an epoch before it had`
            : `${biasText(e)} with the weights of epoch ${kept}, which early stopping kept (its best epoch); it ended the run after ${e.epochs.trained} of its ${e.epochs.planned} epochs, with the training cost still falling (${percent(e.cost.shape.recentFall)} over the last fifth of the run, to ${costNum(lowest)}): too soon to tell how well the network can fit the training set`,
          // a rise under 1% is no rise ("rose from 0.152 to 0.152")
          ...(a && a.peak > 1.01 * a.kept
            ? [
                fellAgain(a)
                  ? `the dev cost rose from ${num(a.kept)} to ${num(a.peak)} after epoch ${kept} and was back down to ${num(a.end)} when early stopping ended the run`
                  : `the dev cost rose from ${num(a.kept)} to ${num(a.peak)} (${percent(a.peak / a.kept - 1)}) after epoch ${kept}, and early stopping ended the run there${a.patienceSet != null ? `, with a patience of ${a.patienceSet} ${a.patienceSet === 1 ? "epoch" : "epochs"}` : ""}`,
              ]
            : []),
        ],
        advice: watchedDevSet(e)
          ? [
              // (a dev cost that fell every epoch, by less than minDelta, was said to have "risen for a while")
              a && a.peak > 1.01 * a.kept
                ? `${a.patience != null ? `more patience than ${a.patience} ${a.patience === 1 ? "epoch" : "epochs"}` : "more patience"} for early stopping (${fellAgain(a) ? "the dev cost rose for a while, then fell again" : a.peak > 1.2 * a.kept && (e.epochs.stepsPerEpoch ?? 1) > 1 ? `it stopped on a rise of the dev cost too soon to tell it from the swing that each epoch's ${e.epochs.stepsPerEpoch} mini-batch steps give it` : "it stopped on a small rise of the dev cost, too soon to see it fall again"}), or a larger dev set for a steadier dev cost`
                : a && a.monitor === "valAccuracy" && a.end < 0.99 * a.kept
                  ? // The dev accuracy moves in steps of one dev example: it sat on a plateau while the dev cost fell.
                    // Noisy moons, patience 5 on valAccuracy: kept epoch 9 (dev 12%) while the dev cost fell from
                    // 0.360 to 0.309; patience 15 on it gave 11-12%, patience 5 on valLoss 5-7% (a doctor audit,
                    // session 27). 300 moons at noise 0.2, 3 seeds: 16.7/11.7/13.3% at patience 5 on valAccuracy,
                    // 15.0/8.3/13.3% at 20, 1.7/3.3/16.7% at 20 on valLoss.
                    `early stopping on the dev cost (monitor valLoss) rather than the dev accuracy, with more patience than ${a.patience ?? a.patienceSet} epochs: the accuracy moves in steps of one dev example and stayed level while the dev cost fell from ${num(a.kept)} to ${num(a.end)} after epoch ${kept}`
                  : `${a?.patience != null ? `more patience than ${a.patience} epochs` : "more patience"}, or a smaller minDelta, for early stopping (the dev cost was still falling, by too little to count as an improvement)`,
              "or train without early stopping, with regularization (L2 or dropout) to keep the dev cost from rising",
            ]
          : [
              // early stopping on the training cost stopped it where it improved by less than minDelta a patience
              `${a?.patience != null ? `more patience than ${a.patience} epochs` : "more patience"}, or a smaller minDelta, for early stopping on ${e.earlyStoppingMonitor} (the training cost was still falling), or early stopping on the dev cost (monitor valLoss)`,
            ],
        accountsFor: ["high-bias"],
        symptom: "undertrained (early stopping kept an early epoch)",
      };
    }
    // Regression has no baseline error: a curve still falling fast, far from a perfect fit, is enough.
    const regressionShort = e.errors.trainUnexplained !== null && e.errors.trainUnexplained > 0.05 && stillFalling(e, 0.05);
    // A short run still near a constant prediction's cost is undertrained however flat its last few epochs look.
    // So is a run of few gradient steps in all, whatever it learned: 20 full-batch epochs of SGD (20 steps) on
    // moons sat on the plateau of a linear boundary, its last fifth 4 steps that fell 1.6%, and was told "a
    // bigger network" (2x64 for 20 epochs: 16.25% dev error, unchanged; the same for 300 epochs 8.75%; a doctor
    // audit, session 27, LOW 13). Adam's 20 epochs were read undertrained by the falling curve already.
    const steps = e.epochs.stepsPerEpoch !== undefined ? e.epochs.trained * e.epochs.stepsPerEpoch : Infinity;
    const shortRun = e.epochs.trained < 50 && (e.cost.shape.learned < 0.3 || steps < FEW_STEPS) && e.cost.shape.recentFall > 0 && !diverged(e);
    if (!(highBias(e) || regressionShort) || !(stillFalling(e, 0.02) || shortRun) || e.stop.reason === "earlyStopping") return null;
    // The training cost's fall is evidence that more epochs help only where the dev cost fell with it: at the
    // data's noise floor the epochs go into the training set alone (devCostFlat: 3 times the epochs raised
    // the dev error 0.8-2.5 points on 600 and 2000 moons at noise 0.3). A short run keeps its claim.
    if (devCostFlat(e) && !shortRun) return null;
    // A regression fitted within the bias tolerance whose dev set explains far less than its training set
    // overfits: 60 noisy rows, train R^2 0.935 against dev 0.67, were told "train longer", and 3x the
    // epochs took the dev MSE from 0.805 to 0.904
    const { trainUnexplained, devUnexplained } = e.errors;
    if (!highBias(e) && trainUnexplained !== null && devUnexplained != null && devUnexplained - trainUnexplained > 0.1) return null;
    // A dev cost already well above its minimum says the extra epochs went into fitting the training set
    // at the dev set's expense: more of them would widen the gap (600 noisy moons, two layers of 64 for
    // 200 epochs: 3x the epochs took the train error 10.0 -> 6.1% and the dev error 19.2 -> 22.5%). That
    // is high variance, whatever the train error's distance from a 0% baseline.
    if (e.errors.devCostRise > DEV_COST_RISING) return null;
    // Nor where the run overfits beyond doubt (overfitsClearly): the epochs go into the gap (L2 10 on a
    // 20-128-128-1 network and 102 noisy rows: train 6.9%, dev 30.1% was told "train longer" first).
    if (overfitsClearly(e)) return null;
    // The same where early stopping put the best epoch's weights back: devCostRise reads the kept epoch
    // (0), but the dev cost after it ended well above it, and more epochs would keep the same weights (20k
    // rows, patience 10: epoch 13 kept, the dev cost 28% above it at epoch 24 when the 24 epochs ran out;
    // "train longer: 120 epochs" stopped at epoch 25 with the same weights, and 3 of improve's trainings
    // repeated the run's figures to the last digit).
    if (a && a.end > (1 + DEV_COST_RISING) * a.kept) return null;
    // Nor where early stopping had already waited its whole patience since the kept epoch when the epochs
    // ran out: by its own rule the next epoch either beats the kept one or ends the run, so "train longer"
    // gives the same weights (600 noisy moons, patience 10: epoch 32 kept, 43 epochs trained; with 400 the
    // run stopped after 44, epoch 32 kept). The training cost falling while the dev cost does not is no
    // lack of epochs.
    if (kept !== null && a?.patienceSet != null && a.monitor === "valLoss" && e.epochs.trained - 1 - kept >= a.patienceSet) return null;
    const shape = e.cost.shape;
    const more = moreEpochsFactor(e);
    const faster = fasterOptimizer(e);
    // a run of few steps in all wants far more than 3 times them: 20 full-batch SGD steps on moons gave 16.2%
    // dev error at 60 and 100 epochs, 8.8-12.5% at 300, 2.5-3.7% at 1000 (the audit of LOW 13 above)
    // (where the curve still falls fast, its own pace sets the epochs, as for any run: iris, 3 steps of Adam)
    const fewSteps = steps < FEW_STEPS && e.epochs.stepsPerEpoch !== undefined && !stillFalling(e, 0.02);
    const target = fewSteps ? Math.ceil(STEPS_AFTER_FEW / e.epochs.stepsPerEpoch!) : more * e.epochs.trained;
    const longer = fewSteps
      ? `train longer: about ${target} epochs (the run took ${steps} gradient steps in all, too few to tell a plateau from a pause; about ${STEPS_AFTER_FEW})${faster ? `, or with a faster optimizer (${faster})` : ""}`
      : `train longer: about ${target} epochs (${more} times as many)${faster ? `, or with a faster optimizer (${faster})` : ""}`;
    return {
      id: "undertrained",
      score: 0.72,
      evidence: [
        `${biasText(e)}, and the training cost was still falling when the ${e.epochs.trained} epochs ran out: ${percent(shape.recentFall)} over the last fifth of the run, to ${costNum(shape.end)}`,
        ...(augmentText(e) ? [`the training batches are augmented (${augmentText(e)}): the network trains on rows it may not be able to fit, while the train error is measured on the clean ones`] : []),
      ],
      // A rate at the bottom of the usual range is a reason the cost is still falling (learning-rate-too-low
      // names it where the weights barely moved), and raising it comes first: 600 moons on Adam at 1e-4 for
      // 300 epochs (train 13.1%) reached 9.2% train error with 3 times the epochs, 2.5% at 1e-3 in the same 300.
      advice: [...augmentedAdvice(e, "more epochs"), ...(raisedRate(e.optimizer.name, e.optimizer.learningRate) !== null ? [lowRateAdvice(e), `or ${longer}`] : [longer])],
      accountsFor: ["high-bias"],
      symptom: "undertrained",
    };
  },
};

/** "raise the learning rate: 1e-4 is at the bottom of Adam's usual 1e-4 to 1e-2; try 0.001 ..." */
function lowRateAdvice(e: Evidence): string {
  const lr = e.optimizer.learningRate;
  const usual = usualRates(e);
  return `raise the learning rate: ${num(lr)} is ${lr < usual.bottom ? "below" : "at the bottom of"} ${usual.name}'s usual ${usual.range}; try ${num(raisedRate(e.optimizer.name, lr)!)}, or run \`nnlab lr-find\` to pick it`;
}

/**
 * The rate to try in place of a rate at or below the bottom of the optimizer's usual range: ten times it,
 * or the usual starting rate where ten times is still below the range; null for a rate above the bottom.
 * The doctor's advice, its suggested spec and improve's candidate all read it.
 */
export function raisedRate(optimizer: string, lr: number): number | null {
  const usual = usualRatesOf(optimizer);
  if (lr > usual.bottom) return null;
  return 10 * lr < usual.bottom ? usual.start : 10 * lr;
}
