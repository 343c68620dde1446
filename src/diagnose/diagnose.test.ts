import { describe, expect, it } from "vitest";
import { circles } from "../data/generators.js";
import { Dense } from "../layers/dense.js";
import { Sequential } from "../model/sequential.js";
import { SGD } from "../optim/sgd.js";
import { fit } from "../train/fit.js";
import { diagnoseBiasVariance } from "./bias-variance.js";
import { flowFindings, GradientFlow, type LayerFlow, probeFlow } from "./gradient-flow.js";

describe("diagnoseBiasVariance: the notes' four examples", () => {
  it.each([
    [0.01, 0.11, "high variance", "variance"],
    [0.15, 0.16, "high bias", "bias"],
    [0.15, 0.3, "high bias and high variance", "bias"],
    [0.005, 0.01, "low bias and low variance", null],
  ] as const)("train %f, dev %f: %s", (trainError, devError, verdict, focus) => {
    const d = diagnoseBiasVariance({ trainError, devError });
    expect(d.verdict).toBe(verdict);
    expect(d.focus).toBe(focus);
    expect(d.summary).toContain(verdict);
  });

  it("measures bias against the baseline: 15% train error is fine when humans get 14%", () => {
    const d = diagnoseBiasVariance({ trainError: 0.15, devError: 0.16, baselineError: 0.14 });
    expect(d.verdict).toBe("low bias and low variance");
    expect(d.avoidableBias).toBeCloseTo(0.01, 12);
  });

  it("says how the dev cost's rise was read: the kept weights', or the mean of the run's last twentieth", () => {
    const ended = diagnoseBiasVariance({ trainError: 0.01, devError: 0.11, devCostRise: 0.5 }).summary;
    expect(ended).toContain("The dev cost ended (the mean of the run's last twentieth) 50% above its minimum: overfitting.");
    const kept = diagnoseBiasVariance({ trainError: 0.01, devError: 0.11, devCostRise: 0.5, earlyStopped: true }).summary;
    expect(kept).toContain("The dev cost of the weights kept is 50% above its minimum: overfitting.");
  });

  it("advises in the notes' terms", () => {
    expect(diagnoseBiasVariance({ trainError: 0.15, devError: 0.16 }).advice[0]).toMatch(/bigger network/);
    const variance = diagnoseBiasVariance({ trainError: 0.01, devError: 0.11 }).advice.join(" ");
    expect(variance).toMatch(/more training data/);
    expect(variance).toMatch(/regularization/);
    expect(diagnoseBiasVariance({ trainError: 0.15, devError: 0.3 }).advice[0]).toMatch(/^first, for bias/);
    expect(() => diagnoseBiasVariance({ trainError: 1.5, devError: 0 })).toThrow("trainError must be in [0, 1]; received 1.5");
  });
});

describe("gradient flow", () => {
  const data = circles({ n: 200, seed: 1, noise: 0.1 });
  const net = (init: "zeros" | "he", activation: "relu" | "sigmoid" = "relu", depth = 2, scale?: number) => {
    const layers = Array.from({ length: depth }, () =>
      new Dense({ units: 8, activation, kernelInitializer: scale ? { name: "scaled", initialize: (v, _i, _o, rng) => v.forEach((_, k) => (v[k] = scale * rng.normal())) } : init }),
    );
    return new Sequential({ inputSize: 2, dtype: "float64", seed: 2, layers: [...layers, new Dense({ units: 1, activation: "sigmoid" })] }).compile({
      loss: "binaryCrossEntropy",
      optimizer: new SGD({ learningRate: 0.1 }),
    });
  };

  it("records snapshots at init and over training without changing the training", () => {
    const flow = new GradientFlow({ every: 5 });
    const a = net("he");
    fit(a, data, { epochs: 20, batchSize: 50, seed: 1, callbacks: [flow] });
    const b = net("he");
    fit(b, data, { epochs: 20, batchSize: 50, seed: 1 });
    expect(a.getWeights()).toEqual(b.getWeights());
    expect(flow.snapshots.map((s) => s.epoch)).toEqual([-1, 4, 9, 14, 19]);
    const layer = flow.snapshots[1]!.layers[0]!;
    expect(layer.weight).toBe("W1");
    expect(layer.gradientNorm!).toBeGreaterThan(0);
    expect(layer.weightNorm!).toBeGreaterThan(0);
  });

  it("zeros: units identical, symmetry not broken", () => {
    const model = net("zeros");
    const flow = new GradientFlow({ every: 10 });
    fit(model, data, { epochs: 30, batchSize: "full", callbacks: [flow] });
    const kinds = flowFindings(flow.snapshots).map((f) => f.kind);
    expect(kinds).toContain("symmetric");
    expect(flow.snapshots.at(-1)!.layers[0]!.unitsIdentical).toBe(true);
  });

  it("a deep sigmoid stack: vanishing gradients, flagged at the first layer", () => {
    const model = net("he", "sigmoid", 8, 0.5);
    const f = flowFindings([probeFlow(model, data.x, data.y, -1)]);
    const vanishing = f.find((x) => x.kind === "vanishing");
    expect(vanishing?.weight).toBe("W1");
    expect(vanishing?.message).toMatch(/^vanishing gradients at initialization: W1's gradient is \S+ times W\d+'s/);
  });

  it("names a layer by its weight, not by its place among layers that Dropout layers count in", () => {
    // with dropout after each hidden layer, the third hidden layer was "layer 5"
    const layer = (index: number, weight: string | undefined, kind: string, activationStd: number): LayerFlow => ({ index, kind, ...(weight ? { weight } : {}), activationMean: 0, activationStd, deadUnits: kind === "dense relu" ? 0.6 : 0, saturated: 0 });
    const findings = flowFindings([{ epoch: -1, layers: [layer(0, "W1", "dense relu", 0.3), layer(1, undefined, "dropout", 0.3), layer(2, "W2", "dense relu", 1e-4), layer(3, undefined, "dropout", 1e-4), layer(4, "W3", "dense sigmoid", 0.01)] }]);
    const messages = findings.map((f) => f.message).join("\n");
    expect(messages).toContain("layer 2 (W2)'s outputs have std 1.0e-4");
    expect(messages).toContain("60% of layer 1 (W1)'s ReLU units output 0");
    expect(messages).not.toMatch(/layer [345]\b/);
  });

  it("large initial weights: exploding gradients in a ReLU stack, saturation in a sigmoid one", () => {
    const exploding = flowFindings([probeFlow(net("he", "relu", 6, 3), data.x, data.y, -1)]);
    expect(exploding.map((f) => f.kind)).toContain("exploding");
    const saturated = flowFindings([probeFlow(net("he", "sigmoid", 2, 10), data.x, data.y, -1)]);
    expect(saturated.map((f) => f.kind)).toContain("saturated");
    const healthy = flowFindings([probeFlow(net("he"), data.x, data.y, -1)]);
    expect(healthy).toEqual([]);
  });
});
