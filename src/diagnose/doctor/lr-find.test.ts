import { describe, expect, it } from "vitest";
import { football, generate } from "../../data/generators.js";
import { split } from "../../data/split.js";
import { Standardization } from "../../data/standardization.js";
import { Dense } from "../../layers/dense.js";
import { Sequential } from "../../model/sequential.js";
import { Adam } from "../../optim/adam.js";
import type { Optimizer } from "../../optim/optimizer.js";
import { SGD } from "../../optim/sgd.js";
import { fit } from "../../train/fit.js";
import { lrRangeTest, lrRangeTestAsync } from "./lr-find.js";

const data = football({ seed: 1 });

/** The course's 2-20-3-1 network (relu/relu/sigmoid, float64) on normalized football data. */
function network(optimizer: Optimizer = new SGD({ learningRate: 0.01 })): Sequential {
  const model = new Sequential({
    inputSize: 2,
    dtype: "float64",
    seed: 1,
    layers: [new Dense({ units: 20, activation: "relu" }), new Dense({ units: 3, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })],
  });
  model.compile({ loss: "binaryCrossEntropy", optimizer });
  model.normalization = Standardization.fit(data);
  return model;
}

describe("lrRangeTest on football, full batch (211 rows), SGD", () => {
  const model = network();
  const before = model.getWeights();
  const result = lrRangeTest(model, data.x, data.y);

  it("tries rates from minLr upward, each 10^(6/99) times the last (1e-5 to 10 in 100 steps)", () => {
    expect(result.batchSize).toBe(211);
    expect(result.smoothing).toBe(0); // full batches: the cost is exact, nothing to smooth
    expect(result.points[0]!.learningRate).toBe(1e-5);
    const factor = 10 ** (6 / 99);
    for (let i = 1; i < result.points.length; i++) {
      expect(result.points[i]!.learningRate / result.points[i - 1]!.learningRate).toBeCloseTo(factor, 10);
    }
    for (const p of result.points) expect(p.smoothed).toBe(p.cost);
  });

  it("is flat at tiny rates, then falls well below the initial cost before it blows up", () => {
    const initial = result.points[0]!.cost;
    for (const p of result.points.slice(0, 20)) expect(Math.abs(p.cost - initial)).toBeLessThan(0.01 * initial); // rates <= 1e-4
    const lowest = Math.min(...result.points.map((p) => p.smoothed));
    expect(lowest).toBeLessThan(0.6 * initial);
    expect(result.minimumAt).toBeGreaterThan(0.5);
    if (result.divergedAt !== null) {
      expect(result.divergedAt).toBeGreaterThan(result.minimumAt);
      expect(result.points.at(-1)!.smoothed).toBeGreaterThan(4 * lowest); // the step that tripped the stop rule
    }
  });

  it("suggests a tenth of the rate at the minimum of the exact cost (full batches), and says so with the numbers", () => {
    // full batches: the cost is exact, and the curve read is the cost itself
    for (const p of result.points) expect(p.averaged).toBe(p.cost);
    const costs = result.points.map((p) => p.cost);
    const best = costs.indexOf(Math.min(...costs));
    expect(result.minimumAt).toBe(result.points[best]!.learningRate);
    // the first rate past the minimum whose cost is above the starting cost or 4x the minimum
    const rose = costs.findIndex((c, i) => i > best && c > Math.min(costs[0]!, 4 * costs[best]!));
    expect(rose).toBeGreaterThan(best);
    expect(result.blowUpAt).toBe(result.points[rose]!.learningRate);
    expect(result.limitFound).toBe(true); // the cost rose again: the test found where the rate is too high
    expect(result.suggestion).toBe(result.minimumAt / 10);
    expect(result.rule).toBe("tenthOfMinimum");
    expect(result.steepestAt).not.toBeNull();
    expect(result.steepestAt!).toBeLessThan(result.minimumAt);
    expect(result.reason).toContain(`suggested ${Number(result.suggestion.toPrecision(3))}, a tenth of the rate at the minimum (full batches`);
    expect(result.reason).toContain(`at ${Number(result.minimumAt.toPrecision(3))}`);
  });

  it("the suggested rate trains the network: 2000 full-batch SGD epochs converge", () => {
    const trained = network(new SGD({ learningRate: result.suggestion }));
    const history = fit(trained, data.x, data.y, { epochs: 2000, batchSize: "full" });
    const cost = history.get("loss");
    const final = trained.evaluate(data.x, data.y);
    expect(Number.isFinite(final.loss)).toBe(true);
    expect(final.loss).toBeLessThan(0.4 * cost[0]!);
    expect(final.accuracy!).toBeGreaterThan(0.9);
  });

  it("leaves the caller's weights and optimizer alone", () => {
    expect(model.getWeights()).toEqual(before);
    expect(model.optimizer!.learningRate).toBe(0.01);
  });

  it("the same seed gives the same result", () => {
    expect(lrRangeTest(network(), data.x, data.y)).toEqual(result);
  });
});

describe("lrRangeTest with minibatches and Adam", () => {
  it("averages the noisy batch costs over a quarter decade either side, draws batches from the seed, and keeps the caller's Adam state", () => {
    const adam = new Adam({ learningRate: 0.002, beta1: 0.8 });
    const model = network(adam);
    const options = { batchSize: 32, minLr: 1e-4, maxLr: 100, steps: 60, seed: 7 };
    const a = lrRangeTest(model, data.x, data.y, options);
    expect(a.batchSize).toBe(32);
    expect(a.smoothing).toBe(0.98);
    expect(a.points[0]!.smoothed).toBe(a.points[0]!.cost); // bias correction: the first average is the first cost
    expect(a.points.some((p) => p.smoothed !== p.cost)).toBe(true);
    // 60 rates over 6 decades: 9.8 per decade, so a quarter decade is 2 rates either side (fewer at the ends)
    const costs = a.points.map((p) => p.cost);
    a.points.forEach((p, i) => {
      const window = costs.slice(Math.max(0, i - 2), i + 3);
      expect(p.averaged).toBeCloseTo(window.reduce((s, c) => s + c, 0) / window.length, 14);
    });
    const averaged = a.points.map((p) => p.averaged);
    expect(a.minimumAt).toBe(a.points[averaged.indexOf(Math.min(...averaged))]!.learningRate);
    // the same rule as SGD's, for Adam too (its own rule, the steepest fall, was 3-35x too low on 7 of 11 audited tests)
    expect(a.suggestion).toBe(Math.min(a.minimumAt / 3, a.blowUpAt / 10));
    expect(a.rule).toBe("thirdOfMinimum");
    expect(a.reason).toContain(`suggested ${Number(a.suggestion.toPrecision(3))}, a third of the rate at the minimum`);
    expect(lrRangeTest(model, data.x, data.y, options)).toEqual(a);
    expect(lrRangeTest(model, data.x, data.y, { ...options, seed: 8 }).points).not.toEqual(a.points);
    expect(adam.iterations).toBe(0);
    expect(model.optimizer).toBe(adam);
  });
});

describe("lrRangeTest options", () => {
  const model = network();
  it("rejects invalid options with what was expected and what was received", () => {
    expect(() => lrRangeTest(model, data.x, data.y, { minLr: 0 })).toThrow("lrRangeTest: minLr must be a finite number > 0; received 0");
    expect(() => lrRangeTest(model, data.x, data.y, { minLr: 1, maxLr: 0.5 })).toThrow("lrRangeTest: maxLr must be a finite number > minLr (1); received 0.5");
    expect(() => lrRangeTest(model, data.x, data.y, { steps: 5 })).toThrow("lrRangeTest: steps must be an integer from 10 to 100000; received 5");
    expect(() => lrRangeTest(model, data.x, data.y, { steps: 20.5 })).toThrow("received 20.5");
    expect(() => lrRangeTest(model, data.x, data.y, { batchSize: 0 })).toThrow('lrRangeTest: batchSize must be a positive integer or "full"; received 0');
    expect(() => lrRangeTest(model, data.x, data.y, { smoothing: 1 })).toThrow("lrRangeTest: smoothing must be in [0, 1); received 1");
    expect(() => lrRangeTest(model, data.x, data.y, { stopFactor: 1 })).toThrow("lrRangeTest: stopFactor must be a finite number > 1; received 1");
  });

  it("clamps the suggestion to the tested range", () => {
    const r = lrRangeTest(model, data.x, data.y, { minLr: 2, maxLr: 100, steps: 10 });
    expect(r.minimumAt / 10).toBeLessThan(2); // the minimum is near 7.4 on this short, coarse range
    expect(r.suggestion).toBe(2);
    expect(r.rule).toBe("bottomOfRange");
    expect(r.reason).toContain("suggested 2, the smallest rate tested (a tenth of the rate at the minimum, 0.737, lies below the range");
  });
});

describe("lrRangeTest on minibatches: what the lagging average hides", () => {
  /** Two layers of 16 ReLUs, SGD, on `set` normalized: the auditor's network. */
  const relu16 = (set: typeof data) => {
    const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 1, layers: [new Dense({ units: 16, activation: "relu" }), new Dense({ units: 16, activation: "relu" }), new Dense({ units: 1, activation: "sigmoid" })] });
    model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate: 0.01 }) });
    model.normalization = Standardization.fit(set);
    return model;
  };

  it("reads the minimum where the batch costs have it, not where the moving average does", () => {
    // The moving average (beta 0.98) lagged the rate: its minimum sat at 6.58, where training diverged in
    // its first epoch and single batches cost 6 times the lowest; the centred average has it at 0.81.
    const { train: moons } = split(generate("moons", { n: 400, noise: 0.2, seed: 1 }), "auto", { seed: 1 });
    const result = lrRangeTest(relu16(moons), moons.x, moons.y, { batchSize: 32 });
    const smoothedMinimum = result.points.reduce((a, p) => (p.smoothed < a.smoothed ? p : a)).learningRate;
    expect(smoothedMinimum).toBeGreaterThan(5);
    expect(result.minimumAt).toBeLessThan(1);
    expect(result.steepestAt).toBeGreaterThan(1e-2); // "fell fastest near 0.0000266" on these batches before
    const trained = relu16(moons);
    trained.optimizer!.learningRate = result.suggestion;
    const history = fit(trained, moons.x, moons.y, { epochs: 30, batchSize: 32 });
    expect(history.stop.reason).toBe("completed");
    expect(history.get("loss").at(-1)!).toBeLessThan(0.25 * history.get("loss")[0]!);
  });

  it("finds the steepest fall past the first batches' noise", () => {
    // "fell fastest near 0.0000404", while the rates that low had not moved the weights
    const result = lrRangeTest(relu16(data), data.x, data.y, { batchSize: 32 });
    expect(result.steepestAt).toBeGreaterThan(1e-2);
    expect(result.steepestAt!).toBeLessThan(result.minimumAt);
  });
});

describe("lrRangeTestAsync (what nnlab lr-find runs, so that Ctrl-C is heard during the test)", () => {
  it("gives lrRangeTest's result, bit for bit, handing the event loop back; shouldStop ends it with null", async () => {
    const sync = lrRangeTest(network(), data.x, data.y, { steps: 60 });
    const handed: number[] = [];
    const timer = setInterval(() => handed.push(1), 0);
    const async = await lrRangeTestAsync(network(), data.x, data.y, { steps: 60, yieldEveryMs: 0 });
    clearInterval(timer);
    expect(async).toEqual(sync);
    expect(handed.length).toBeGreaterThan(0); // other work ran while the test did
    let asked = 0;
    expect(await lrRangeTestAsync(network(), data.x, data.y, { steps: 60, shouldStop: () => ++asked > 5 })).toBeNull();
    expect(asked).toBe(6);
  });
});
