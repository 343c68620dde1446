/**
 * A learning curve whose training set is not fitted, with a gap beside it, was read as variance alone:
 * "more data of the same kind helps little now; try regularization", advice that raises the train error of
 * a model that underfits (an audit of the analysis commands, session 25). The bias comes first, as the
 * notes' recipe and the doctor have it, unless the gap is over twice the avoidable bias (overfitting that a
 * lack of fit cannot stand beside).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { learningCurveVerdict, type LearningCurvePoint } from "../../src/index.js";
import { runCli } from "../cli/run-cli.js";

const point = (size: number, train: number, dev: number): LearningCurvePoint => ({ size, trainError: train, devError: dev, trainLoss: train, devLoss: dev });
const cost = (size: number, train: number, dev: number): LearningCurvePoint => ({ size, trainError: null, devError: null, trainLoss: train, devLoss: dev });

describe("learningCurveVerdict: high bias beside a gap", () => {
  it("leads with the bias where the train error is far above the baseline and the gap is not twice the bias", () => {
    // the audit's figures: a linear model on circles, 800 dev rows, both errors near chance
    const under = [point(1200, 0.46, 0.52), point(1600, 0.47, 0.5), point(2000, 0.475, 0.515), point(2400, 0.474, 0.511)];
    const verdict = learningCurveVerdict(under, { devExamples: 800, baseline: 0 });
    expect(verdict).toMatch(/^the train error \(47\.4%\) is well above the baseline \(0\.0%\), and the dev error \(51\.1%\) sits 3\.7% above it: high bias first, some variance beside it\. More data will not help while the training set is not fitted \(over the larger half of the sizes: .*\), and regularization would raise the train error further: a bigger network or longer training will help; then measure the curve again\.$/);
    expect(verdict).not.toMatch(/try regularization|high variance/);
    // no baseline given: hedged as the met-curve verdict is
    expect(learningCurveVerdict(under, { devExamples: 800, baseline: 0, baselineGiven: false })).toMatch(/longer training may help; .*No baselineError was given/);
  });

  it("says more data would narrow the gap, though not the bias, where the dev error is still falling", () => {
    const sizes = [3000, 4000, 5000, 6000];
    const falling = sizes.map((size, i) => point(size, 0.1, [0.2, 0.18, 0.165, 0.15][i]!));
    expect(learningCurveVerdict(falling, { devExamples: 4000, baseline: 0 })).toMatch(
      /high bias first, some variance beside it\. The dev error is still falling as the training set grows \(.*\), so more data would narrow the gap, but it will not lower the train error: a bigger network or longer training will help first; regularization would raise the train error further\.$/,
    );
  });

  it("keeps high variance where the gap is over twice the bias and four standard errors (a small bias beside clear overfitting)", () => {
    const over = [point(1000, 0.03, 0.22), point(1500, 0.03, 0.21), point(2000, 0.03, 0.2)];
    const verdict = learningCurveVerdict(over, { devExamples: 1000, baseline: 0 });
    expect(verdict).toMatch(/^a train-dev gap of 17\.0% remains/);
    expect(verdict).not.toMatch(/high bias/);
  });

  it("a regression: a training set with over a tenth of its variance unexplained comes first; a clear overfit stays variance", () => {
    const under = [cost(600, 0.28, 0.36), cost(800, 0.285, 0.355), cost(1000, 0.286, 0.35)];
    const verdict = learningCurveVerdict(under, { devExamples: 200, baseline: 0, constantCost: 1, trainConstantCost: 1 });
    expect(verdict).toBe(
      "the training set is not fitted (R^2 0.714 on train, 0.65 on dev), and the dev cost sits 0.064 above the train cost: high bias first, some variance beside it. More data will not help while the training set is not fitted, and regularization would fit it less: a bigger network or longer training will help; then measure the curve again.",
    );
    // a baseline given at 0.3 of the variance: train R^2 0.714 is as good as the data allows, no bias to name
    expect(learningCurveVerdict(under, { devExamples: 200, baseline: 0.3, constantCost: 1, trainConstantCost: 1 })).not.toMatch(/not fitted|high bias/);
    // none given: hedged
    expect(learningCurveVerdict(under, { devExamples: 200, baseline: 0, baselineGiven: false, constantCost: 1, trainConstantCost: 1 })).toMatch(/longer training may help; .*No baselineError was given/);
    const over = [cost(600, 0.12, 0.6), cost(800, 0.12, 0.58), cost(1000, 0.12, 0.57)];
    expect(learningCurveVerdict(over, { devExamples: 200, baseline: 0, constantCost: 1, trainConstantCost: 1 })).toMatch(/^a train-dev gap of 0\.45 remains/);
  });
});

describe("nnlab learning-curve on a planted high bias (a linear model on circles)", () => {
  it("names the bias, and does not advise regularization", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lc-bias-"));
    const spec = { name: "under", seed: 1, data: { source: "circles", n: 1000, noise: 0.05 }, split: [0.6, 0.2, 0.2], normalize: true, model: { hidden: [] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 40, batchSize: 64 }, baselineError: 0 };
    await writeFile(join(dir, "under.json"), JSON.stringify(spec));
    const r = await runCli(["--json", "--runs", "runs", "learning-curve", "under.json", "--workers", "1", "--sizes", "0.25,0.5,0.75,1"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const last = out.points.at(-1);
    expect(last.trainError).toBeGreaterThan(0.35); // the premise: a line cannot separate two rings
    expect(out.verdict).toMatch(/high bias/);
    expect(out.verdict).not.toMatch(/try regularization/);
  });
});
