import { describe, expect, it } from "vitest";
import { learningCurveVerdict, type LearningCurvePoint } from "./learning-curve-verdict.js";

const SIZES = [6, 12, 24, 36, 48, 60];
/** Points of a classifier: train and dev errors by size (costs do not enter the classification verdict). */
const curve = (train: number[], dev: number[], sizes = SIZES): LearningCurvePoint[] =>
  sizes.map((size, i) => ({ size, trainError: train[i]!, devError: dev[i]!, trainLoss: train[i]!, devLoss: dev[i]! }));

describe("learningCurveVerdict", () => {
  it("reads a 20-row dev set's wobble as noise, not as a curve still falling (the old rule: last two points, 0.5 points)", () => {
    // moons, 100 rows, two layers of 64: one row is 5 points of dev error; the old verdict said "still falling"
    const wobble = curve([0, 0, 0, 0, 0, 0], [0.15, 0.1, 0.1, 0.15, 0.15, 0.1]);
    const verdict = learningCurveVerdict(wobble, { devExamples: 20, baseline: 0 });
    expect(verdict).not.toMatch(/still falling|More data would help|helps little/);
    expect(verdict).toMatch(/^a train-dev gap of 10\.0% remains: high variance\. Whether more data would close it, this dev set cannot tell/);
    // binomial standard error at 10% on 20 rows: sqrt(0.1 * 0.9 / 20) = 6.7%
    expect(verdict).toContain("standard error 6.7%");
    expect(verdict).toContain("The dev set's 20 examples move its error 5.0% per example");
  });

  it("calls a fall beyond the dev set's noise on a large dev set high variance that more data would help", () => {
    const sizes = [500, 1000, 2000, 3000, 4000, 5000];
    const falling = curve([0.01, 0.01, 0.02, 0.02, 0.02, 0.02], [0.2, 0.17, 0.14, 0.12, 0.11, 0.1], sizes);
    // the larger half of the sizes is 3000-5000 (12%, 11%, 10%); 4000 dev rows: standard error at 10% is 0.47%
    // a point, 0.67% for the fall of a line through three points spanning log(5000 / 3000); a fall must pass twice that
    const verdict = learningCurveVerdict(falling, { devExamples: 4000, baseline: 0 });
    expect(verdict).toBe(
      "the dev error is still falling as the training set grows (12.0% at 3000, 11.0% at 4000, 10.0% at 5000 examples: the least-squares line through them fell 2.0%, more than twice its standard error of 0.7%) and sits above the train error by 8.0%: high variance. More data would help (so would regularization).",
    );
    // the same curve flat over its larger half: more data helps little
    const flat = curve([0.01, 0.01, 0.02, 0.02, 0.02, 0.02], [0.2, 0.14, 0.105, 0.1, 0.105, 0.1], sizes);
    expect(learningCurveVerdict(flat, { devExamples: 1000, baseline: 0 })).toMatch(/^a train-dev gap of 8\.0% remains, but the dev error has not fallen beyond its standard error over the larger half of the sizes \(10\.0% at 3000, 10\.5% at 4000, 10\.0% at 5000 examples: .*\).*helps little now; try regularization\.$/);
  });

  it("high bias where train and dev have met above the baseline; nothing needed where both are low", () => {
    const met = curve([0.1, 0.12, 0.14, 0.15, 0.15, 0.15], [0.2, 0.18, 0.17, 0.16, 0.16, 0.16]);
    expect(learningCurveVerdict(met, { devExamples: 2000, baseline: 0 })).toMatch(/^train and dev error have met \(15\.0% and 16\.0%\) well above the baseline \(0\.0%\): high bias\. More data will not help/);
    // the same figures with a baseline of 14%: no avoidable bias, and the gap is inside the dev set's noise
    expect(learningCurveVerdict(met, { devExamples: 2000, baseline: 0.14 })).toMatch(/^train and dev error are close \(15\.0% and 16\.0%, within the dev set's noise\): more data is not needed\.$/);
  });

  it("reads a regression's costs against their standard error and the targets' variance, never as percents", () => {
    // dev cost 52 -> 40 over the larger half, 300 dev rows: standard error 40 * sqrt(2 / 300) = 3.27 a point,
    // 4.61 for the fall of a line through three points spanning log(1000 / 600)
    const points: LearningCurvePoint[] = [100, 200, 400, 600, 800, 1000].map((size, i) => ({ size, trainError: null, devError: null, trainLoss: 10, devLoss: [90, 75, 60, 52, 45, 40][i]! }));
    const verdict = learningCurveVerdict(points, { devExamples: 300, baseline: 0, constantCost: 400 });
    expect(verdict).toBe(
      "the dev cost is still falling as the training set grows (dev cost 52 at 600, 45 at 800, 40 at 1000 examples: the least-squares line through them fell 12, more than twice its standard error of 4.61) and sits above the train cost by 30 (R^2 0.975 on train, 0.9 on dev): high variance. More data would help (so would regularization).",
    );
    expect(verdict).not.toMatch(/%/);
    // flat at the noise floor (the audit's noisy quadratic: 27.1 and 29.5 against a variance of ~2300)
    const floor: LearningCurvePoint[] = [30, 60, 120, 180, 240, 300].map((size, i) => ({ size, trainError: null, devError: null, trainLoss: [73, 58, 43, 30, 28.7, 27.1][i]!, devLoss: [66, 63, 42, 32.8, 31.5, 29.5][i]! }));
    expect(learningCurveVerdict(floor, { devExamples: 100, baseline: 0, constantCost: 2300 })).toBe(
      // the tolerance named as what it is (an audit: a gap over the noise was "within the dev set's noise")
      "train and dev cost are close (27.1 and 29.5, within a fiftieth of the targets' variance (46; the dev set's noise is 4.17); R^2 0.988 on train, 0.987 on dev): more data is not needed.",
    );
  });
});

describe("learningCurveVerdict's claims (an audit of the analysis commands)", () => {
  const point = (size: number, trainError: number, devError: number): LearningCurvePoint => ({ size, trainError, devError, trainLoss: 0.3, devLoss: 0.4 });

  it("does not let a size far below half the largest decide the trend", () => {
    // 30, 300 and 600 examples: 24%, 17%, 15.5%; 300 -> 600 fell 1.5 points, inside the noise of 200 dev rows
    const verdict = learningCurveVerdict([point(30, 0.05, 0.24), point(300, 0.09, 0.17), point(600, 0.098, 0.155)], { devExamples: 200, baseline: 0 });
    expect(verdict).not.toMatch(/still falling|More data would help/);
    expect(verdict).toMatch(/17\.0% at 300, 15\.5% at 600 examples/);
  });

  it("hedges a high bias measured from a 0% baseline nobody gave, and not one that was given", () => {
    const met = [point(200, 0.14, 0.16), point(400, 0.139, 0.158), point(600, 0.139, 0.155)];
    const unknown = learningCurveVerdict(met, { devExamples: 180, baseline: 0, baselineGiven: false });
    expect(unknown).toMatch(/well above the baseline \(0\.0%, none given\): high bias\. More data will not help; a bigger network or longer training may\./);
    expect(unknown).toContain("No baselineError was given, so the bias is measured from 0%: if about 13.9% is the best any model can do here");
    const given = learningCurveVerdict(met, { devExamples: 180, baseline: 0.02, baselineGiven: true });
    expect(given).toMatch(/well above the baseline \(2\.0%\): high bias\. More data will not help; a bigger network or longer training will\.$/);
  });
});
