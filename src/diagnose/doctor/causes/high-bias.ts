import type { Evidence } from "../evidence.js";
import type { CauseRule } from "../types.js";
import { augmentedAdvice, augmentText, avoidableBias, baselineFigure, BIAS_TOLERANCE, halvedAugmentText, targetErrors, biasText, devCostFlat, fasterOptimizer, hiddenLayerCount, hiddenLayers, highBias, learnedNothing, num, percent, quotableBaseline, stoppedAtDevMinimum, trendText, votesOneClass } from "../signals.js";

/** The notes' high bias, once nothing more specific explains it: the model is too small for the task. */
export const highBiasRule: CauseRule = {
  id: "high-bias",
  assess(e) {
    // A network that votes one class for nearly every dev example has learned no boundary, whatever its
    // plain error: with 2% positives the majority vote is within the bias tolerance (2 ReLU units on a ring,
    // 2-3% positives: balanced dev error 40-50%, called healthy; the doctor audit on planted CSVs, session 20)
    const oneClass = votesOneClass(e);
    if (!(highBias(e) || oneClass) || stoppedAtDevMinimum(e)) return null;
    // counts of epochs ("after 163 of 1500"), not an epoch's number: the report numbers epochs from 0
    // ("ended training at epoch 162"), and "at epoch 163" beside it read as another epoch
    const early = e.stop.reason === "earlyStopping" ? ` Early stopping ended the run after ${e.epochs.trained} of its ${e.epochs.planned} epochs.` : "";
    const cut = e.stop.reason === "diverged" || e.stop.reason === "nonFiniteCost" ? ` Training stopped after ${e.epochs.trained} of its ${e.epochs.planned} epochs: ${e.stop.message?.split("\n")[0]?.replace(/^fit: training diverged: /, "").replace(/;.*$/, "")}.` : "";
    const avoidable = e.errors.train === null ? null : avoidableBias(e);
    return {
      id: "high-bias",
      // a network that learned nothing is not short of capacity: some other cause is missing from the list
      score: e.cost.shape.learned > 0 ? 0.5 : 0.3,
      evidence: [
        highBias(e)
          ? `${biasText(e)}${avoidable === null ? "" : `: an avoidable bias of ${percent(avoidable)} (over the ${percent(BIAS_TOLERANCE)} tolerance)`}, and ${trendText(e)}${learnedNothingText(e)}.${cut}${early}`
          : `the network votes one class for nearly every dev example: the dev set's balanced error is ${percent(e.errors.devBalanced!.error)} (a constant vote's is ${percent(1 - 1 / e.errors.devBalanced!.classes)}), though the plain ${biasText(e)} is within the ${percent(BIAS_TOLERANCE)} tolerance: the smaller class is not learned, and ${trendText(e)}.${cut}${early}`,
        ...(augmentText(e) ? [`the training batches are augmented (${augmentText(e)}): the network trains on rows it may not be able to fit, while the train error is measured on the clean ones`] : []),
        ...(overfitAfterKept(e) ? [`after the kept epoch the training cost went on falling while the dev cost rose to ${num(e.afterKept!.peak / e.afterKept!.kept)} times its value there (${num(e.afterKept!.kept)} -> ${num(e.afterKept!.peak)}): fitting the training set further did not carry over to the dev set`] : []),
      ],
      advice: [
        ...augmentedAdvice(e),
        ...(hiddenLayerCount(e) === 0 ? linearModelAdvice(e) : linearStack(e) ? linearStackAdvice(e) : learnedNothing(e) ? learnedNothingAdvice(e) : overfitAfterKept(e) ? notCarriedOverAdvice(e) : capacityAdvice(e)),
      ],
      accountsFor: [],
      symptom: `high bias (${biasText(e)})`,
    };
  },
};


/** Where the network learned nothing (the advice's test, learnedNothing), how far its cost is from a constant prediction's. */
function learnedNothingText(e: Evidence): string {
  const learned = e.cost.shape.learned;
  if (!learnedNothing(e)) return "";
  return learned <= 0 ? ", yet no lower than a constant prediction's" : `, yet only ${percent(learned)} below a constant prediction's`;
}

/**
 * A network without hidden layers is a linear model (logistic or softmax regression, or a linear
 * regression): "more units" has nothing to widen, and where its cost has flattened no learning rate will
 * lower it. Circles, no hidden layer: 50% train error, the cost flat at a constant prediction's, was told to
 * try a learning rate from lr-find; one tanh layer of 8 fitted it to 0%.
 */
function linearModelAdvice(e: Evidence): string[] {
  const optimizer = e.optimizer.name === "adam" ? "a learning rate from `nnlab lr-find`" : "Adam, or a learning rate from `nnlab lr-find`";
  return [
    "a hidden layer (16 to 64 ReLU units to start): without one the network is a linear model, which draws a straight boundary (a flat surface for a regression), however long it trains",
    ...(e.cost.shape.recentFall > 0.02 ? [`the cost was still falling: train longer, or try ${optimizer}`] : []),
    ...baselineHint(e, (figure) => `(no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here, give that as baselineError)`),
  ];
}

/** Every hidden layer linear: the layers compose to one linear map, a linear model however wide or deep. */
function linearStack(e: Evidence): boolean {
  const hidden = hiddenLayers(e);
  return hidden.length > 0 && hidden.every((l) => l.activation === "linear");
}

/**
 * Circles, two linear hidden layers of 16 on SGD: 50% error; Adam, LeCun's initialization and layers of
 * 64, two or three of them, all stayed at 50%, and the user was told to check that the labels follow from
 * the inputs. ReLU on the same 16-16 reached 1.25% dev error (an improve audit, session 21).
 */
function linearStackAdvice(e: Evidence): string[] {
  return [
    `a nonlinear activation for the hidden layers (ReLU, or tanh): all ${hiddenLayerCount(e)} of them are linear, and linear layers compose to one linear map, a linear model however wide or deep, which draws a straight boundary (a flat surface for a regression)`,
    ...baselineHint(e, (figure) => `(no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here, give that as baselineError)`),
  ];
}

/**
 * A network that learned nothing is not short of capacity: five sigmoid layers on SGD at 0.01 (moons, 50%
 * error) stayed at 50% four and sixteen times wider; Adam reached 2.5%.
 */
function learnedNothingAdvice(e: Evidence): string[] {
  const optimizer = e.optimizer.name === "adam" ? "try a learning rate from `nnlab lr-find`" : "try Adam, or a learning rate from `nnlab lr-find`";
  // the notes' initialization only where the run did not start with it (within 2x of the advised std)
  const initAdvised = e.layers.every((l) => l.initScale > 0.5 && l.initScale < 2);
  const sigmoids = hiddenLayers(e).filter((l) => l.activation === "sigmoid");
  // Sigmoid's slope is at most 1/4: through a stack of them the gradient fades (eight layers of 16 on
  // moons: W1's gradient 4.2e-6 times the last layer's, 50% error with the notes' initialization;
  // tanh: 0.4%; Adam: 12.5%).
  const vanishing = sigmoids.length >= 2 && e.gradientRatioAtInit < 1e-3;
  // A hidden ReLU layer of a few units, every one of them dead at the end: no gradient passes it, so no
  // learning rate or optimizer changes anything, while more units would (moons, one ReLU unit, Adam 0.01:
  // 50% train error at rates 0.001 to 0.03; eight units 0%). A wide layer rarely dies whole.
  const deadNarrow = hiddenLayers(e).find((l) => l.activation === "relu" && l.units !== undefined && l.units <= 4 && l.deadAtEnd >= 1);
  if (deadNarrow) {
    const n = deadNarrow.units!;
    return [
      `${n === 1 ? `${deadNarrow.weight}'s single ReLU unit is` : `all ${n} of ${deadNarrow.weight}'s ReLU units are`} dead (0 for every example${deadNarrow.deadAtInit >= 1 ? ", from initialization" : deadNarrow.deadFromEpoch !== null ? `, from epoch ${deadNarrow.deadFromEpoch}` : ""}): no gradient passes ${n === 1 ? "it" : "them"}, so no learning rate will help; a wider layer (16 to start), which does not die whole so easily, or tanh units`,
    ];
  }
  // A layer of a few units may be too narrow to learn any of a hard boundary, and then more units do change
  // it: 3-class spirals, one ReLU layer of 4 units on Adam 0.01, ended at a constant's cost on 2 of 5 seeds and
  // was told more units would not help; the range test's rate gave 62.2% dev error, two layers of 64 at the
  // same rate 34.4% (a doctor audit, session 27).
  const narrow = hiddenLayers(e).filter((l) => l.units !== undefined && l.units <= 4);
  if (narrow.length && !vanishing) {
    const named = narrow.map((l) => `${l.weight}'s ${l.units} unit${l.units === 1 ? "" : "s"}`).join(", ");
    return [
      `the network learned nothing (its cost ended within 5% of a constant prediction's), and ${named} may be too few to fit any of this boundary: a wider network (16 to 64 units a layer, or another layer)${initAdvised ? "" : " with the notes' initialization (He for ReLU, LeCun for tanh and sigmoid)"}`,
      `if a wider network learns nothing either, ${optimizer}`,
    ];
  }
  return [
    ...(vanishing
      ? [`the gradient reaching the first layer was ${num(e.gradientRatioAtInit)} times the last layer's at initialization, through ${sigmoids.length} sigmoid layers (sigmoid's slope is at most 1/4): tanh or ReLU hidden units, or fewer layers`]
      : []),
    `the network learned nothing (its cost ended within 5% of a constant prediction's), which more units will not change: ${optimizer}${initAdvised ? "" : ", and the notes' initialization (He for ReLU, LeCun for tanh and sigmoid)"}`,
    "a bigger network once it learns",
  ];
}

/**
 * Early stopping kept an epoch after which the training cost went on falling and the dev cost rose by
 * over a fifth, after weights that had fitted the training set in part: it could be fitted further, and
 * that fit did not carry over. The kept weights' train error is then no measure of a capacity shortfall: 300 noisy moons (noise 0.35), two
 * layers of 64, kept at epoch 61 with train 10.0% and dev 11.7%, were told "a bigger network"; three
 * layers of 128 kept the same 11.7%, more patience the same epoch, and no early stopping gave train 7.8%
 * and dev 15.0%.
 */
export function overfitAfterKept(e: Evidence): boolean {
  const a = e.afterKept;
  // the kept weights fitted something (their cost at most half a constant prediction's: a run kept at its
  // first epoch is undertrained, not this), and the dev set is large enough for its cost's rise to mean it
  const fitted = e.cost.final <= 0.5 * e.cost.constant;
  return e.stop.reason === "earlyStopping" && !!a && a.kept > 0 && a.peak > 1.2 * a.kept && e.cost.shape.recentFall > 0.02 && fitted && e.errors.devExamples >= 30;
}

function notCarriedOverAdvice(e: Evidence): string[] {
  return [
    `regularization (L2, dropout) rather than a bigger network: past the kept epoch the training set was fitted further and the dev cost rose, so more capacity would fit more of what does not carry over; regularization lets a network fit longer before it overfits`,
    ...baselineHint(e, (figure) => `no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here (overlapping classes, noisy labels), give that as baselineError; the run is then near its limit`),
  ];
}

function capacityAdvice(e: Evidence): string[] {
  // The same run overfits (the dev cost risen from its minimum, the dev error above the train error): a
  // bigger network would widen that gap, and "more data will not help" would contradict the variance the
  // run shows. 300 noisy moons, one layer of 128 (train 6.7%, dev 20.0%, the dev cost 21% above its
  // minimum), were told both "more training data" and "(more data will not help ...)".
  const { train, dev, devCostRise, trainUnexplained, devUnexplained } = e.errors;
  const overfits = devCostRise > 0.1 && train !== null && dev !== null && dev - train > BIAS_TOLERANCE;
  // a regression overfits where its dev set explains far less than its training set (y = x1 + noise, a
  // network of 64-64: train R^2 0.787 against dev 0.221 was told "a bigger network" beside "a smaller one")
  if (train === null && trainUnexplained !== null && devUnexplained != null && devUnexplained - trainUnexplained > 0.1) {
    return [
      ...baselineHint(e, (figure) => `no baselineError was given, so the bias is measured from 0% unexplained: this run already overfits (dev R^2 ${num(1 - devUnexplained)} against train ${num(1 - trainUnexplained)}), so if about ${figure} of the target's variance is noise no model can explain, give that as baselineError and work on the variance`),
      `a bigger network only with regularization: alone it would widen the gap between the dev and train R^2 (${num(1 - devUnexplained)} and ${num(1 - trainUnexplained)})`,
    ];
  }
  if (overfits) {
    return [
      ...baselineHint(e, (figure) => `no baselineError was given, so the bias is measured from 0%: this run already overfits (dev error ${percent(dev!)} against train ${percent(train)}), so if about ${figure} is the best any model can do here, give that as baselineError and work on the variance`),
      `a bigger network only with regularization: alone it would widen the ${num(100 * (dev! - train))}-point gap between dev and train`,
    ];
  }
  // A training cost still falling over a dev cost that stopped (devCostFlat) is the picture of a run at the
  // data's noise floor, where neither a bigger network nor more epochs help (moons at noise 0.3: 2x128 gave
  // the same or 0.5 points more dev error, 3 times the epochs 0.8-2.5 points more); with no baseline given the
  // question comes first.
  const floor = devCostFlat(e) && train !== null ? baselineHint(e, (figure) => `first, whether this is the data's noise floor: the training cost still fell (${percent(e.cost.shape.recentFall)} over the last fifth of the run) while the dev cost ${e.dev!.recentFall! >= 0 ? `fell only ${percent(e.dev!.recentFall!)}` : `rose ${percent(-e.dev!.recentFall!)}`}, as where the classes overlap or labels are noisy, and no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here, give that as baselineError: the run is then at its limit, and a bigger network or more epochs would only fit the noise`) : [];
  if (floor.length) return [...floor, "if not, a bigger network: more hidden units or another layer"];
  return [
    "a bigger network: more hidden units or another layer",
    fasterOptimizer(e) ? "train longer or with a better optimizer (Adam) once it is bigger" : "train longer once it is bigger",
    "(more data will not help while the training set is not fitted)",
    // The bias is measured from 0 unless told otherwise; where no model can reach 0 (overlapping
    // classes, noisy labels), part of it is the data's own, and a bigger network only fits the noise
    // (a 600-row noisy moons run at 11.7% train error: 32-128 units raised the dev error, 16.7 -> 20-22%).
    ...baselineHint(e, (figure) =>
      e.errors.train === null
        ? `(no baselineError was given, so the bias is measured from 0% unexplained: if about ${figure} of the target's variance is noise no model can explain (y = x1 + noise of std 1 leaves 43%), give that share as baselineError: a bigger network then only fits the noise)`
        : `(no baselineError was given, so the bias is measured from 0%: if about ${figure} is the best any model can do here (overlapping classes, noisy labels; people would err too), give that as baselineError: the bias is then not avoidable and a bigger network only fits the noise)`,
    ),
  ];
}

/** The baselineError hint, where none was given (the bias then measured from 0%), with the figure it quotes. */
function baselineHint(e: Evidence, text: (figure: string) => string): string[] {
  if (e.errors.baselineGiven) return [];
  // a regression's baseline is the share of the target's variance that is noise (it read "a bigger network" alone)
  // (nothing where the share is 100% or more: no baselineError the spec takes; quotableBaseline)
  if (e.errors.train === null) return quotableBaseline(e.errors.trainUnexplained) ? [text(percent(e.errors.trainUnexplained))] : [];
  return quotableBaseline(targetErrors(e)?.train) ? [text(baselineFigure(e))] : [];
}
