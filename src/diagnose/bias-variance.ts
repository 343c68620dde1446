import { fail } from "../errors.js";

export interface BiasVarianceInput {
  /** Error on the training set, in [0, 1] (1 - accuracy for a classifier). */
  trainError: number;
  /** Error on the dev set, in [0, 1]. */
  devError: number;
  /** The best error one can hope for (human-level, or an estimate of the Bayes error). Default 0. */
  baselineError?: number;
  /** A gap larger than this (absolute, in error units) counts as "high". Default 0.02 (2 points). */
  tolerance?: number;
  /**
   * Size of the dev set. When given, a dev-train gap must also exceed twice the dev error's standard
   * error, sqrt(p (1 - p) / n), to count as variance: on 40 dev examples a 5-point gap is noise.
   */
  devExamples?: number;
  /**
   * How far the final dev cost sits above its minimum over training, relative (0.25 = 25% above). A
   * rise of more than 10% is overfitting seen directly, and counts as evidence of variance even when
   * the dev set is too small for the error gap alone to be significant.
   */
  devCostRise?: number;
  /** Early stopping kept the weights of its best epoch: it is not advised again. */
  earlyStopped?: boolean;
  /**
   * Size of the training set: when given, an avoidable bias must also exceed the train error's standard
   * error to count as high (the doctor's test, so that the two agree in one output).
   */
  trainExamples?: number;
  /**
   * Early stopping ended the run at the dev cost's minimum with a modest avoidable bias (the doctor's
   * stoppedAtDevMinimum): the bias is reported, with why it is not the next thing to work on.
   */
  atDevMinimum?: boolean;
  /**
   * Which set `devError` was measured on: "test" where the split has no dev set, so that the line does not
   * call the test set's error a dev error. Default "dev".
   */
  heldOut?: "dev" | "test";
}

/** The notes' four cases. */
export type BiasVarianceVerdict = "high variance" | "high bias" | "high bias and high variance" | "low bias and low variance";

export interface BiasVarianceDiagnosis {
  verdict: BiasVarianceVerdict;
  /** trainError - baselineError: what a better fit of the training set could still gain. */
  avoidableBias: number;
  /** devError - trainError: how much worse the model does on data it did not train on. */
  variance: number;
  highBias: boolean;
  highVariance: boolean;
  /** What to work on first: bias while it is high (the notes' recipe), then variance. */
  focus: "bias" | "variance" | null;
  /** Why a high bias is not the next thing to work on (early stopping at the dev cost's minimum), or null. */
  setAside: string | null;
  /** Next steps in the notes' terms, most promising first. */
  advice: string[];
  /** One paragraph in words. */
  summary: string;
}

const BIAS_ADVICE = [
  "a bigger network: more hidden units or more layers",
  "train longer (more iterations), or with a better optimizer (momentum, Adam)",
  "another architecture better suited to the problem",
  "(more data will not help while the model cannot fit the training set)",
];
const VARIANCE_ADVICE = [
  "more training data (or data augmentation)",
  "regularization: L2 (a larger lambda) or dropout (a larger rate)",
  "early stopping at the dev cost's minimum",
  "another architecture, or a smaller one",
];

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/**
 * Bias and variance from train and dev error (the notes' first diagnosis): high train error against the
 * baseline is high (avoidable) bias; dev error far above train error is high variance. The advice follows
 * the notes' basic recipe: fix bias first, then variance.
 */
export function diagnoseBiasVariance(input: BiasVarianceInput): BiasVarianceDiagnosis {
  const { trainError, devError } = input;
  const baseline = input.baselineError ?? 0;
  const tolerance = input.tolerance ?? 0.02;
  for (const [name, v] of [["trainError", trainError], ["devError", devError], ["baselineError", baseline]] as const) {
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) fail("diagnoseBiasVariance", `${name} must be in [0, 1]`, v);
  }
  const avoidableBias = trainError - baseline;
  const variance = devError - trainError;
  const trainNoise = input.trainExamples ? Math.sqrt((Math.max(trainError, 0.01) * (1 - trainError)) / input.trainExamples) : 0;
  const highBias = avoidableBias > Math.max(tolerance, trainNoise);
  const setAside = highBias && input.atDevMinimum ? "early stopping ended at the dev cost's minimum: fitting further did not lower the dev cost" : null;
  // The doctor's test (causes/high-variance.ts), so that the two never disagree in one output: a rising dev
  // cost supports a gap the dev set's noise alone would not, but not a gap within one standard error (a
  // run the doctor called healthy, "the gap within the dev set's noise", was "high variance" on this line).
  const noise = input.devExamples ? 2 * Math.sqrt((Math.max(devError, 0.01) * (1 - devError)) / input.devExamples) : 0;
  const risen = (input.devCostRise ?? 0) > 0.1;
  const highVariance = variance > tolerance && (variance > noise || (risen && variance > tolerance + noise / 2));
  const verdict: BiasVarianceVerdict =
    highBias && highVariance
      ? "high bias and high variance"
      : highBias
        ? "high bias"
        : highVariance
          ? "high variance"
          : "low bias and low variance";
  // The notes' basic recipe: as long as bias is high, work on bias; then on variance.
  const focus = highBias ? "bias" : highVariance ? "variance" : null;
  const advice =
    verdict === "high bias and high variance"
      ? [...BIAS_ADVICE.slice(0, 3).map((a) => `first, for bias: ${a}`), ...VARIANCE_ADVICE.slice(0, 2).map((a) => `then, for variance: ${a}`)]
      : highBias
        ? BIAS_ADVICE
        : highVariance
          ? VARIANCE_ADVICE.filter((a) => !(input.earlyStopped && a.startsWith("early stopping")))
          : ["nothing pressing: check the test set once, and consider a smaller model or less regularization only if speed matters"];
  const held = input.heldOut ?? "dev";
  const facts = `train error ${percent(trainError)}, ${held === "test" ? "test error (no dev set)" : "dev error"} ${percent(devError)}, baseline ${percent(baseline)}: avoidable bias ${percent(avoidableBias)}, variance ${percent(variance)}`;
  const meaning = {
    "high variance": `the model fits the training set but does not generalize to the ${held} set (overfitting)`,
    "high bias": "the model does not even fit the training set well (underfitting)",
    "high bias and high variance": "the model underfits the training set and still generalizes poorly",
    "low bias and low variance": `the model fits the training set and generalizes to the ${held} set`,
  }[verdict];
  // (devCostRise reads the kept epoch's cost, or the mean of the curve's last twentieth: the line says which)
  const curve = risen && highVariance ? ` The ${held} cost ${input.earlyStopped ? "of the weights kept is" : "ended (the mean of the run's last twentieth)"} ${(100 * input.devCostRise!).toFixed(0)}% above its minimum: overfitting.` : "";
  const aside = setAside ? ` The bias is not the next step: ${setAside}.` : "";
  return { verdict, avoidableBias, variance, highBias, highVariance, focus, setAside, advice, summary: `${verdict}: ${meaning} (${facts}).${curve}${aside}` };
}
