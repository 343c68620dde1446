/**
 * The doctor on regressions (an audit, session 14): the half-data probe could not confirm high variance
 * ("the dev error is - against -"), a regression was told both "a smaller network" and "a bigger network",
 * "train longer" while it overfitted, nothing about a 12-row dev set, and no baselineError hint for a
 * noisy target. Data: y = x1 + N(0, 1) (400 rows), y = sin(2 x1) + x2^2 + N(0, 0.25) (60 rows), and
 * y = sin(2 a) + b^2 + N(0, 0.01) with the feature a given as 1000 a (400 rows).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { judgeProbe, parseSpec, runExperiment } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";

const data = (file: string) => join(import.meta.dirname, "data", file);
const run = (spec: Record<string, unknown>) => runExperiment(parseSpec(spec), { loadData: fileDataLoader() });
const tanh = (...units: number[]) => units.map((u) => ({ units: u, activation: "tanh" }));

describe("the doctor on regressions", () => {
  it("a network that already overfits a noisy target is not told 'a bigger network' beside 'a smaller one', and hears of baselineError", async () => {
    const r = await run({ seed: 1, data: { source: data("regression-x1-plus-noise.csv") }, model: { hidden: tanh(64, 64) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } });
    expect(r.diagnosis.causes[0]!.id).toBe("high-variance");
    const bias = r.diagnosis.causes.find((c) => c.id === "high-bias")!;
    expect(bias.advice.join("\n")).not.toMatch(/^a bigger network: more hidden units/m);
    expect(bias.advice.join("\n")).toMatch(/a bigger network only with regularization: alone it would widen the gap between the dev and train R\^2/);
    expect(bias.advice.join("\n")).toMatch(/give that as baselineError/);
    expect(bias.evidence[0]).toContain("unexplained, none given");
  });

  it("a 12-row dev set is named for a regression as for a classifier, and 'train longer' is not advised to a run that overfits", async () => {
    const r = await run({ seed: 1, data: { source: data("regression-curved-60.csv") }, model: { hidden: tanh(32) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: "full" } });
    expect(r.evidence.errors.devUnexplained! - r.evidence.errors.trainUnexplained!).toBeGreaterThan(0.1);
    expect(r.diagnosis.causes[0]!.id).toBe("data-problem");
    expect(r.diagnosis.causes[0]!.evidence[0]).toBe("the dev set has 12 examples: its cost moves with a few of them, too coarse to compare models");
    expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("undertrained");
  });

  it("inputs a thousand times apart are the cause, and 'nothing carries over' (the data's labels) is folded into it, not advised beside it", async () => {
    const r = await run({ seed: 1, data: { source: data("regression-feature-x1000.csv") }, normalize: false, model: { hidden: tanh(32) }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 300, batchSize: 32 } });
    expect(r.diagnosis.causes[0]!.id).toBe("inputs-not-normalized");
    expect(r.diagnosis.causes.map((c) => c.id)).not.toContain("data-problem");
  });

  it("the half-data probe of nnlab doctor confirms high variance on a regression by its dev cost", async () => {
    // the probe as runDoctor plans it, judged directly (a doctor run of a network that overfits took 8 s)
    const spec = parseSpec({ seed: 1, data: { source: data("regression-curved-60.csv") }, model: { hidden: tanh(32) }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 300, batchSize: "full" } });
    const original = await runExperiment(spec, { loadData: fileDataLoader() });
    const half = await runExperiment(spec, { loadData: fileDataLoader(), trainRows: Math.floor(original.split.train.x.rows / 2) });
    const probe = { cause: "high-variance" as const, test: "the same run on half of the training set", change: {}, epochFraction: 1, dataFraction: 0.5, judge: "dev-worse-with-less-data" as const };
    const outcome = judgeProbe(probe, original, half, 0);
    expect(outcome.finding).toMatch(/^on half the training set the dev cost is [\d.]+ against [\d.]+ on all of it: less data hurts/);
    expect(outcome.confirmed).toBe(true);
    expect(half.dev!.dataLoss).toBeGreaterThan(1.05 * original.dev!.dataLoss);
  });
});
