/**
 * The doctor on settings far outside any sensible range (noticed in session 14, fixed in session 15): a
 * penalty that outweighs the data from the first step was blamed on the learning rate, a tenth of a rate
 * of 1e200 was advised, weights of 1e300 were "Infinity times the advised std", and a run with no finite
 * epoch was said to have gone "from 1.95 to NaN". Each case failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

type Result = Awaited<ReturnType<typeof runExperiment>>;
const run = (spec: Record<string, unknown>) => runExperiment(parseSpec(spec));
const moons = (extra: Record<string, unknown>) => ({ seed: 1, data: { source: "moons", n: 200 }, normalize: true, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 50, batchSize: 32 }, ...extra });
const text = (r: Result) => r.diagnosis.causes.flatMap((c) => [...c.evidence, ...c.advice]).join("\n");
const devError = (r: Result) => 1 - r.dev!.accuracy!;

describe("a penalty that outweighs the data from the start", () => {
  it("is named, not the learning rate, when it overflows the cost under Adam (L2 1e308), and the advised lambda is the one that starts it at a tenth of the data cost", async () => {
    const r = await run(moons({ l2: 1e308 }));
    expect(r.history.stop.reason).toBe("diverged");
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("over-regularized");
    expect(first.evidence[0]).toMatch(/^at initialization the regularization term \(L2 1\.0e\+308\) was 8\.4e\+306, 100\.0% of the training cost, against a data cost that started at 0\.745/);
    expect(first.explains).toContain("the learning rate 0.01 is too high");
    // penalty 8.37e306 at lambda 1e308: lambda * 0.1 * 0.745 / 8.37e306 = 0.89
    expect(first.advice[0]).toMatch(/^lower lambda to about L2 0\.89, where the penalty starts at a tenth of the data cost/);
    expect(text(r)).not.toMatch(/lower the learning rate/);
  });

  it("the computed lambda beats the old 'about 10 times lower' on a run the penalty held back (L2 300 on 200 moons, 97% of the cost at the start)", async () => {
    const r = await run(moons({ l2: 300, training: { epochs: 300, batchSize: 32 } }));
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("over-regularized");
    const advised = Number(/lower lambda to about L2 ([\d.]+)/.exec(first.advice.join("\n"))![1]);
    expect(advised).toBeCloseTo(0.89, 2);
    // measured: dev error at the advised lambda against a tenth of 300
    const at = async (l2: number) => devError(await run(moons({ l2, training: { epochs: 300, batchSize: 32 } })));
    const [advisedError, tenthError] = [await at(advised), await at(30)];
    expect(advisedError, `dev error ${advisedError} at ${advised} against ${tenthError} at 30`).toBeLessThan(tenthError - 0.05);
  });

  it("a wide network's penalty at half the cost at the start is not dominant: its learning rate of 8 is named, not lambda", async () => {
    // 2-100-100-1 with the notes' L2 0.7: the random initial weights put the penalty at half the cost
    const r = await run({ seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { hidden: [{ units: 100 }, { units: 100 }] }, l2: 0.7, optimizer: { name: "sgd", learningRate: 8 }, training: { epochs: 60 } });
    expect(r.evidence.regularization.shareAtStart).toBeGreaterThan(0.4);
    expect(r.diagnosis.causes.map((c) => c.id)).toEqual(["learning-rate-too-high"]);
    expect(text(r)).not.toMatch(/lower lambda/);
  });

  it("a penalty of the usual size is not called dominant (the notes' L2 of 0.7, 0.1 on iris)", async () => {
    for (const spec of [moons({ l2: 0.7 }), { seed: 1, data: { source: "iris" }, normalize: true, model: { hidden: [{ units: 16, activation: "relu" }] }, l2: 0.1, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 50, batchSize: "full" } }]) {
      const r = await run(spec);
      expect(r.evidence.regularization.shareAtStart).toBeGreaterThan(0);
      expect(r.evidence.regularization.shareAtStart).toBeLessThan(0.2);
      expect(text(r)).not.toMatch(/set the cost from the start/);
    }
  });
});

describe("learning rates and weights far beyond any usual range", () => {
  const iris = (lr: number, batchSize: number | "full") => ({ seed: 1, data: { source: "iris" }, normalize: true, model: { hidden: [{ units: 16 }] }, optimizer: { name: "sgd", learningRate: lr }, training: { epochs: 20, batchSize } });

  it("a rate of 1e200 is told to start from the top of SGD's usual range, not a tenth of itself; a first epoch that never had a finite cost is said so", async () => {
    const r = await run(iris(1e200, 16));
    expect(r.history.stop.reason).toBe("nonFiniteCost");
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("learning-rate-too-high");
    expect(first.advice[0]).toMatch(/^lower the learning rate: 1\.0e\+200 is far above SGD's usual 1e-3 to 1; try 1,/);
    expect(first.evidence).toContain("the training cost started at 1.95 and no epoch ended with a finite cost (a constant prediction costs 1.1)");
    expect(first.evidence[0]).not.toMatch(/Measured at the stop:$/);
    expect(text(r)).not.toMatch(/NaN \(a constant/);
  });

  it("a rate within reach of the usual range is still advised a tenth of itself", async () => {
    const r = await run(iris(50, "full"));
    const cause = r.diagnosis.causes.find((c) => c.id === "learning-rate-too-high")!;
    expect(cause.advice[0]).toMatch(/^lower the learning rate: try 5 \(a tenth of 50\)/);
  });

  it("weights of 1e300 are measured, not Infinity times the advised std", async () => {
    const r = await run(moons({ model: { hidden: [{ units: 16, activation: "relu", init: "randomNormal", initScale: 1e300 }] } }));
    const first = r.diagnosis.causes[0]!;
    expect(first.id).toBe("init-too-large");
    expect(first.evidence[0]).toMatch(/^W1 started at 7\.6e\+299 times the advised std \(1\)/);
    expect(text(r)).not.toMatch(/Infinity/);
  });
});

describe("a blown-up cost in the tables", () => {
  it("reads as four significant digits, not seventeen", async () => {
    const { formatCost } = await import("../../src/index.js");
    expect(formatCost(1.6609411457542003e299)).toBe("1.661e+299");
    expect(formatCost(2.5e6)).toBe("2.500e+6");
    expect(formatCost(0.16380002)).toBe("0.1638");
    expect(formatCost(2e-10)).toBe("2.000e-10");
  });
});

describe("a dev set of 2 examples (a page audit: n = 10 splits 6/2/2)", () => {
  it("is said to be too small to tell, and is not read as labels that do not follow from the inputs", async () => {
    for (const seed of [1, 3]) {
      const r = await runExperiment(parseSpec({ seed, data: { source: "circles", n: 10 }, training: { epochs: 200 } }), {});
      expect(r.evidence.errors.devExamples).toBe(2);
      // the premise: the dev error sits at or above chance, which on 2 examples says nothing
      expect(r.evidence.errors.dev).toBeGreaterThanOrEqual(0.5);
      const text = JSON.stringify(r.diagnosis);
      expect(text).toContain("the dev set has 2 examples");
      expect(text).not.toMatch(/labels follow from the inputs|nothing learned on the training set carries over/);
    }
  });
});
