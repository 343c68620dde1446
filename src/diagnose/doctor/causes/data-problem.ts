import type { Evidence } from "../evidence.js";
import { countsPerClass } from "../../../data/split.js";
import type { CauseId, CauseRule } from "../types.js";
import { num, percent, costNum } from "../signals.js";
import { fewRowsCarryCost } from "./few-rows.js";

/** A regression's training cost below this share of a constant prediction's fitted something (the dev set's test is 0.97). */
const NOTHING_CARRIES_TRAIN = 0.95;

/** Below this many dev examples, the dev error's standard error is over about 9 points at 50%. */
const SMALLEST_USEFUL_DEV = 30;

/** The data cannot support the run: one class, a class missing from a split, a dev set too small to tell. */
export const dataProblem: CauseRule = {
  id: "data-problem",
  assess(e) {
    const evidence: string[] = [];
    const advice: string[] = [];
    const counts = e.data.classCounts;
    const label = (k: number) => (e.data.classNames?.[k] !== undefined ? `"${e.data.classNames[k]}"` : `class ${k}`);
    let blocking = false;
    let inferred = false;
    let devUnlikeTest = false;
    if (counts) {
      const present = counts.train.map((c, k) => [c, k] as const).filter(([c]) => c > 0);
      if (present.length < 2) {
        blocking = true;
        evidence.push(`the training set has a single class (${present.map(([c, k]) => `${c} examples of ${label(k)}`).join("")}): there is nothing to tell apart`);
        advice.push("check the label column and how the data was filtered: a classifier needs examples of at least two classes");
      }
      for (const [name, split] of [["dev", counts.dev], ["test", counts.test]] as const) {
        if (!split) continue;
        const missing = counts.train.flatMap((c, k) => (c > 0 && !(split[k]! > 0) ? [k] : []));
        if (missing.length) {
          const names = missing.map(label).join(", ");
          evidence.push(`${names} ha${missing.length > 1 ? "ve" : "s"} ${missing.map((k) => counts.train[k]).join(", ")} training example${missing.map((k) => counts.train[k]!).reduce((a, b) => a + b, 0) > 1 ? "s" : ""} but none in the ${name} set (${countsPerClass(name, split)}): the ${name} error says nothing about ${missing.length > 1 ? "them" : "it"}`);
          // a part with fewer examples than there are classes cannot hold them all, however many each has
          const size = split.reduce((a, b) => a + b, 0);
          advice.push(
            size < present.length
              ? `give the ${name} set more examples (it has ${size}, fewer than the ${present.length} classes): a larger ${name} share of the split, or more data`
              : `gather more examples of ${names}: too few to put some in every split`,
          );
        }
      }
    }
    // A tiny dev set is the first cause only while it hides what it measures; a gap over three of its
    // standard errors is real (high variance), and the small dev set is then a caveat, not the cause.
    let tinyDevOnly = false;
    const { trainUnexplained, devUnexplained } = e.errors;
    if (e.errors.dev === null && devUnexplained !== null && trainUnexplained !== null && e.errors.devExamples > 0 && e.errors.devExamples < SMALLEST_USEFUL_DEV) {
      // a regression's dev set as small: its cost swings with a few rows (12 dev rows were flagged for a
      // classifier, and said nothing for the same rows labelled with a number)
      tinyDevOnly = devUnexplained - trainUnexplained > 0.3;
      evidence.push(`the ${e.errors.heldOut === "test" ? "test set (standing in for a dev set, which this split has none of)" : "dev set"} has ${e.errors.devExamples} examples: its cost moves with a few of them, too coarse to compare models`);
      advice.push(`give the ${e.errors.heldOut === "test" ? "split a dev set" : "dev set"} at least a few hundred examples (a larger dev share of the split, or more data); with little data, use k-fold cross-validation`);
    }
    if (e.errors.dev !== null && e.errors.devExamples > 0 && e.errors.devExamples < SMALLEST_USEFUL_DEV) {
      const p = Math.min(0.5, Math.max(e.errors.dev, 0.05));
      const se = Math.sqrt((p * (1 - p)) / e.errors.devExamples);
      tinyDevOnly = e.errors.train !== null && e.errors.dev - e.errors.train > 3 * se;
      evidence.push(`the ${e.errors.heldOut === "test" ? "test set (standing in for a dev set, which this split has none of)" : "dev set"} has ${e.errors.devExamples} examples: its error moves in steps of ${num(100 / e.errors.devExamples)} points and has a standard error of about ${num(100 * se)} points, too coarse to compare models`);
      advice.push(
        e.errors.heldOut === "test"
          ? `give the split a dev set of at least a few hundred examples (choosing by the test set spends it), or more data; with little data, use k-fold cross-validation`
          : `give the dev set at least a few hundred examples (a larger dev share of the split, or more data); with little data, use k-fold cross-validation`,
      );
    }
    // Dev rows that copy training rows (a record held several times, split at random): the dev error then
    // counts training examples as unseen. 80 records written 6 times, 93 of the 96 dev rows copies, were
    // "healthy" at 100% dev accuracy, where new rows of the same rule scored 44.3% error (a doctor audit).
    // A majority, not the loader's 5%: coarse measurements repeat by nature (biopsy: 35% of dev rows), and
    // new cases repeat them too.
    const copied = e.data.devCopies;
    const copiedDev = !!copied && copied.copies >= 2 && copied.copies > 0.5 * copied.rows;
    if (copiedDev) {
      evidence.push(`${copied!.copies} of the ${copied!.rows} ${e.errors.heldOut === "test" ? "test" : "dev"} rows copy a training row (features and label): the held-out error counts training examples as unseen, so its gap to the train error says nothing of variance`);
      advice.push("remove the repeated records before the split (one row per record), then train again: the dev error will then measure rows the network has not seen");
    }
    const { std, mean } = e.features;
    if (std.length && std.every((s, j) => s <= 1e-9 * (Math.abs(mean[j]!) + 1))) {
      blocking = true;
      evidence.push(`every input feature is constant over the training set (largest std ${num(Math.max(...std))}): the inputs carry no information about the label`);
      advice.push("check how the features were read or computed (a column of ids, a unit conversion, a join gone wrong)");
    }
    // Fitted on the training set, yet no better than chance on the dev set: nothing learned transfers, so
    // the labels do not follow from the inputs (or train and dev differ). Classification reads errors
    // (a dev cost can be high from overconfidence while the errors carry over); regression reads costs.
    const healthyStop = e.stop.reason !== "diverged" && e.stop.reason !== "nonFiniteCost";
    // The training cost of the weights the run kept: early stopping's restored epoch may predate the curve's end.
    const trainCost = e.keptEpoch != null ? e.cost.final : e.cost.shape.end;
    // "Nothing carries over" is read from the dev error's distance to chance: on a dev set too small to
    // compare models (said above) it is no evidence (10 rows, 2 in dev, 1 wrong: "check that the labels
    // follow from the inputs", beside a standard error of 35 points)
    const devCanTell = e.errors.devExamples >= SMALLEST_USEFUL_DEV;
    // With fewer than two training rows per feature a network memorizes any labels, and chance on the dev
    // set is what overfitting gives: no sign of a label fault. 300 features on 144 rows (labels a clean rule
    // of 3 of them) were told "check that the labels follow from the inputs"; L1 0.3 took the dev error from
    // 45.8% to 6-19% (a doctor audit). High variance, with its regularization, is the reading left.
    const wide = e.features.std.length >= e.data.trainExamples / 2;
    if (healthyStop && devCanTell && !wide && counts?.dev && e.errors.dev !== null && e.errors.train !== null && e.errors.devExamples > 0) {
      const devTotal = counts.dev.reduce((a, b) => a + b, 0);
      const chance = 1 - Math.max(...counts.dev) / Math.max(1, devTotal); // the majority class's error
      const devSe = Math.sqrt((Math.max(chance, 0.01) * (1 - chance)) / e.errors.devExamples);
      const trainSe = Math.sqrt((Math.max(chance, 0.01) * (1 - chance)) / Math.max(1, e.errors.trainExamples));
      // the training set was fitted beyond chance (in errors, or in cost: a majority-class vote can hide memorising)
      const trainFitted = e.errors.train < Math.min(0.8 * chance, chance - 2 * trainSe) || trainCost < 0.85 * e.cost.constant;
      // Averaged per class, a model that learned something beats chance (1 - 1/k) even where it gives up the
      // majority vote's error (class weights do): then something does carry over.
      const balanced = e.errors.devBalanced;
      const balancedChance = balanced ? 1 - 1 / balanced.classes : 0;
      const balancedSe = balanced ? Math.sqrt((balancedChance * (1 - balancedChance)) / Math.max(1, balanced.smallestClass)) : 0;
      // Where the minority classes are too small to place the balanced error beyond two standard errors, it
      // must still sit within one of chance for "nothing carries over": 1000 rows with 5% positives (10 in
      // dev), balanced dev error 22.1% against a chance of 50%, were told to check for shuffled labels.
      const beatsChancePerClass = balanced != null && balanced.error < balancedChance - balancedSe;
      // A dev error no worse than the train error (within two of its standard errors on the dev set) is
      // learning that carries over, whatever its level: class weights trade the majority vote's error away
      // on both sets alike (a balanced linear model, 13.1% train and 13.3% dev against a 5.8% majority, was
      // told nothing carries over: its 7 minority dev examples were too few for the per-class check).
      const trainSeOnDev = Math.sqrt((Math.max(e.errors.train, 0.01) * (1 - e.errors.train)) / e.errors.devExamples);
      const carriesOver = e.errors.dev - e.errors.train <= 2 * trainSeOnDev;
      if (e.errors.dev >= chance - devSe && trainFitted && !beatsChancePerClass && !carriesOver) {
        inferred = true;
        evidence.push(
          `the dev error is ${percent(e.errors.dev)}, no better than always predicting the commonest class (${percent(chance)}, standard error ${percent(devSe)}), while the training set was fitted (train error ${percent(e.errors.train)}, cost ${costNum(trainCost)} against a constant prediction's ${costNum(e.cost.constant)}): nothing learned on the training set carries over`,
        );
        advice.push("check that the labels follow from the inputs (shuffled or misaligned columns, labels of another table, heavy label noise), and that train and dev come from one distribution");
      }
    } else if (healthyStop && devCanTell && !wide && e.task === "regression" && e.dev && trainCost < NOTHING_CARRIES_TRAIN * e.cost.constant && e.dev.min > 0.97 * e.dev.constant) {
      // The training fit needs only be above 0 (beyond a wobble) where the dev cost never got below a
      // constant prediction's: a pure-noise target on a network of 8 units, train R^2 0.09 and dev R^2
      // -0.13 at best, was called high bias and told "a bigger network only with regularization".
      inferred = true;
      evidence.push(
        `the training cost fell to ${costNum(trainCost)} (a constant prediction costs ${costNum(e.cost.constant)}; train R^2 ${num(1 - trainCost / e.cost.constant)}), but the dev cost was never below ${costNum(e.dev.min)}, against ${costNum(e.dev.constant)} for a constant prediction on the dev set (dev R^2 at best ${num(1 - e.dev.min / e.dev.constant)}): nothing learned on the training set carries over`,
      );
      advice.push("check that the targets follow from the inputs (shuffled or misaligned columns), and that train and dev come from one distribution");
    }
    // The notes: dev and test from one distribution. Errors far apart beyond both sets' noise say they are
    // not (30% of the dev labels flipped: dev 24.6%, test 0.0%, and "high variance: more data, regularization").
    // A dev set the data fixed, unlike the training rows (the split said so): its gap to the train error
    // mixes that difference with variance, and the regularization high variance advises may not close it
    // (train x1 < 0.3, dev x1 > 0.3 under another rule: L2 1 took dev accuracy from 82.9% to 78.6%; a
    // doctor audit). It stands in for high variance, as a dev set unlike the test set does.
    if (e.data.devShifted) {
      devUnlikeTest = true;
      evidence.push("the dev rows (fixed by the data) do not look drawn from the training rows' distribution: the dev-train gap mixes that difference with the model's variance, and regularization may not close it");
      advice.push("train on rows like the dev set's (the data the model will see in use), or measure the variance on a dev share drawn from the training rows; keep dev and test alike");
    }
    // Dev rows far easier than the training rows: a model's dev error sits at or above its train error where
    // both come from one distribution. 30% of the training labels flipped (dev and test clean): train error
    // 31%, dev 10%, called "high bias: a bigger network, train longer", which took the dev error to 31-38%
    // (a doctor audit, session 27). It stands in for the high bias that the flipped labels set.
    const trainHarder = trainHarderThanDev(e);
    if (trainHarder) {
      evidence.push(trainHarder);
      advice.push("check the training labels (a share of them wrong: the network cannot fit them, and the dev set does not have them), and that the training and dev rows come from one distribution (a split column, rows sorted before splitting)");
    }
    const mismatch = devTestMismatch(e);
    if (mismatch) {
      devUnlikeTest = true;
      evidence.push(mismatch);
      advice.push("check how the dev and test sets were drawn (a split column, a separate test file, rows sorted before splitting): the notes draw them from one distribution; until they agree, neither error speaks for the other, and tuning on the dev set aims at the wrong target");
    }
    if (e.task === "regression" && e.cost.constant === 0) {
      blocking = true;
      evidence.push(`the ${e.data.trainExamples} training targets all have the same value (their variance is 0): there is nothing to learn`);
      advice.push("check the label column");
    }
    // A few rows carrying most of a regression's squared error (few-rows.ts), told after the findings above
    // (it does not count among them: their scores and what they account for stay as they were)
    const others = evidence.length;
    const fewRows = fewRowsCarryCost(e);
    if (fewRows) {
      evidence.push(fewRows.evidence);
      advice.push(...fewRows.advice);
    }
    if (!evidence.length) return null;
    // A fact about the data outranks everything; "nothing transfers" is an inference that a bad
    // initialization or learning rate can also produce, so those outrank it, and it outranks bias and variance.
    const onlyInferred = inferred && !blocking && others === 1;
    const onlyTinyDev = tinyDevOnly && !copiedDev && !blocking && !inferred && others === 1;
    // a dev set unlike the test set is a finding about the sets, measured, but it leaves the other causes
    // standing: it outranks high variance (whose gap it may be) and no more
    const onlyMismatch = devUnlikeTest && !blocking && !inferred && others === (e.data.devShifted ? 1 : 0) + (mismatch ? 1 : 0);
    // training rows harder than the dev rows: it sets the train error that high bias and undertrained read
    const onlyTrainHarder = !!trainHarder && !blocking && !inferred && others === 1;
    // A tiny dev set that hides the gap it measures (the gap within its noise) outranks high variance,
    // which it accounts for, and nothing measured on the training set: at 0.97 it came before a divergence
    // (cost 6.6e18) and an init or rate fault that a larger dev set would not change, and before a high bias
    // (one tanh unit on 72 rows of moons, 15% train error; 16 units: 0%) (a doctor audit)
    const tinyDev = e.errors.devExamples > 0 && e.errors.devExamples < SMALLEST_USEFUL_DEV;
    // (dev rows copied from training rows, likewise: the dev set hides the gap; it says nothing of the training set)
    const hidingTinyDev = (copiedDev || (tinyDev && !tinyDevOnly)) && !blocking && !inferred && !devUnlikeTest && others === (tinyDev ? 1 : 0) + (copiedDev ? 1 : 0);
    const score = others === 0 ? 0 : onlyMismatch ? 0.6 : onlyTrainHarder ? 0.75 : onlyInferred ? 0.8 : onlyTinyDev ? 0.52 : hidingTinyDev ? 0.56 : 0.97;
    const accountsFor: CauseId[] = onlyMismatch
      ? ["high-variance"]
      : onlyTrainHarder
      ? ["high-bias", "undertrained"]
      : onlyInferred
      ? ["high-bias", "high-variance", "undertrained"]
      : blocking
      ? ["high-bias", "high-variance", "undertrained", "learning-rate-too-low", "learning-rate-too-high", "over-regularized", "init-too-small", "init-too-large"]
      : onlyTinyDev
        ? []
        : ["high-variance"];
    // A few rows that carry the cost set the bias and the variance read from it: the reading outranks both,
    // and what they would advise (a bigger network, regularization, more data) is judged by those rows
    return {
      id: "data-problem",
      score: fewRows ? Math.max(score, FEW_ROWS_SCORE) : score,
      evidence,
      advice,
      accountsFor: fewRows ? [...new Set<CauseId>([...accountsFor, ...FEW_ROWS_ACCOUNT])] : accountsFor,
      symptom: evidence[0]!,
      ...(hidingTinyDev && !fewRows ? { yieldsTo: ["high-bias"] as CauseId[] } : {}),
    };
  },
};

/** Above high variance's 0.55 and high bias's 0.5; below the causes of the training itself (undertrained 0.72 and up). */
const FEW_ROWS_SCORE = 0.65;
const FEW_ROWS_ACCOUNT: CauseId[] = ["high-bias", "high-variance"];

/** The pooled two-proportion standard error of the difference between two error rates (the null: one rate for both). */
function pooledSe(a: number, n1: number, b: number, n2: number): number {
  // each set's own rate collapsed to the floor on a dev set with 0 errors of 30, and a 10% model on both
  // fired 4% of the time
  const pooled = Math.min(Math.max((a * n1 + b * n2) / (n1 + n2), 0.01), 0.99);
  return Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
}

/**
 * The dev error below the train error by more than three standard errors of their difference and 5 points,
 * on at least 30 dev examples; null otherwise.
 */
function trainHarderThanDev(e: Evidence): string | null {
  const { train, dev, devExamples, trainExamples } = e.errors;
  if (train === null || dev === null || devExamples < SMALLEST_USEFUL_DEV || trainExamples < SMALLEST_USEFUL_DEV) return null;
  const se = pooledSe(train, trainExamples, dev, devExamples);
  const below = train - dev;
  if (!(below > Math.max(3 * se, 0.05))) return null;
  const held = e.errors.heldOut === "test" ? "test" : "dev";
  return `the ${held} error is ${percent(dev)}, ${num(100 * below)} points below the train error's ${percent(train)} (${devExamples} and ${trainExamples} examples; over three times the standard error of their difference, ${num(100 * se)} points): the training rows are harder than the ${held} rows, which a model of one distribution does not show`;
}

/**
 * The dev and test errors apart by more than three standard errors of their difference and 5 points, on
 * at least 30 examples each; null otherwise, or where the doctor was not shown the test set.
 */
function devTestMismatch(e: Evidence): string | null {
  const test = e.errors.test;
  const dev = e.errors.dev;
  if (!test || dev === null || e.errors.heldOut !== "dev" || e.errors.devExamples < SMALLEST_USEFUL_DEV || test.examples < SMALLEST_USEFUL_DEV) return null;
  const n1 = e.errors.devExamples;
  const n2 = test.examples;
  const se = pooledSe(dev, n1, test.error, n2);
  const difference = Math.abs(dev - test.error);
  if (!(difference > Math.max(3 * se, 0.05))) return null;
  return `the dev error is ${percent(dev)} against the test error's ${percent(test.error)} (${e.errors.devExamples} and ${test.examples} examples): ${num(100 * difference)} points apart, over three times the standard error of their difference (${num(100 * se)} points), so the dev and test sets do not look like one distribution`;
}
