/**
 * The statistics behind claims (the statistics audit, session 15): a dev/test mismatch read with each
 * set's own error rate (a dev set with 0 errors of 30 collapsed its variance), improve comparing seeds
 * that trained on different generated data, and an empty set that "had the same distribution". Each case
 * failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { checkSameDistribution, generate, improve, parseSpec, serialExecutor, type ExperimentSpec } from "../src/index.js";
import { dataProblem } from "../src/diagnose/doctor/causes/data-problem.js";
import type { Evidence } from "../src/diagnose/doctor/evidence.js";

/** The fields devTestMismatch reads, for a model with 10% error on both sets. */
function evidence(dev: number, devExamples: number, test: number, testExamples: number): Evidence {
  return {
    task: "binary", keptEpoch: null, stop: { reason: "epochs" },
    cost: { initial: 0.69, constant: 0.69, final: 0.25, shape: { end: 0.25 } },
    errors: { train: 0.1, dev, baseline: 0, baselineGiven: false, devExamples, heldOut: "dev", devCostRise: 0, trainUnexplained: null, devUnexplained: null, trainExamples: 600, test: { error: test, examples: testExamples }, devBalanced: null },
    dev: { constant: 0.69, min: 0.1 },
    features: { normalized: true, std: [1, 1], mean: [0, 0] },
    data: { classCounts: { train: [300, 300], dev: [devExamples / 2, devExamples / 2], test: [testExamples / 2, testExamples / 2] }, trainExamples: 600 },
  } as unknown as Evidence;
}

describe("dev and test errors compared with the pooled standard error", () => {
  it("0 of 30 dev errors beside 30 of 300 test errors (one 10% model; 0/30 happens 4% of the time) is not a mismatch", () => {
    expect(dataProblem.assess(evidence(0, 30, 0.1, 300))).toBeNull();
  });
  it("a real gap still is: 30% against 5% on 100 rows each", () => {
    expect(dataProblem.assess(evidence(0.3, 100, 0.05, 100))!.evidence[0]).toMatch(/^the dev error is 30\.0% against the test error's 5\.0%/);
  });
});

describe("improve's seeds train on one generated data set", () => {
  it("every seed of every trial draws the generator's points with the start's seed", async () => {
    const inner = serialExecutor();
    const seen = new Set<string>();
    const executor = { ...inner, run: (tasks: Array<{ spec: ExperimentSpec }>, ...rest: unknown[]) => {
      for (const t of tasks) seen.add(`${t.spec.seed}/${t.spec.data.seed}`);
      return (inner.run as (...a: unknown[]) => Promise<void>)(tasks, ...rest);
    } };
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 200, noise: 0.3 }, split: { ratios: [0.6, 0.2, 0.2], seed: 0 }, model: { hidden: [{ units: 2 }] }, optimizer: { name: "sgd", learningRate: 0.01 }, training: { epochs: 20, batchSize: 32 } });
    const r = await improve(spec, { executor: executor as never, trials: 8 });
    expect(r.start.data.seed).toBe(1);
    expect([...seen].sort()).toEqual(["1/1", "2/1", "3/1"]);
  });
});

describe("checkSameDistribution", () => {
  it("refuses a set too small to have a distribution (an empty one read 'the same distribution', p NaN)", () => {
    const a = generate("moons", { n: 20, seed: 1 });
    const empty = { ...a, x: a.x.gatherRows(new Int32Array(0)), y: a.y.gatherRows(new Int32Array(0)) };
    expect(() => checkSameDistribution(a, empty)).toThrow("checkSameDistribution: expected b to have at least 2 rows; received 0");
  });
});
