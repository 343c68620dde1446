/**
 * The doctor reads a layer's signal as each unit's spread across the probe examples (signalOf), and a
 * gradient exactly 0 at either end as zero weights rather than a ratio (an audit of the gradient flow: the
 * pooled std counted the sigmoid units' different offsets as signal, and W1's gradient of 0 below zero
 * weights read as a vanishing ratio of 0).
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../../src/index.js";

const sigmoidStack = (init: object, layers: number) => Array.from({ length: layers }, () => ({ units: 10, activation: "sigmoid", ...init }));

describe("the doctor's signal and gradient ratio", () => {
  it("names the signal that faded through a stack of six sigmoid layers at N(0, 0.01)", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, split: [0.7, 0.3], model: { dtype: "float64", hidden: sigmoidStack({ init: "randomNormal", initScale: 0.01 }, 6) }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 60 } });
    const r = await runExperiment(spec, {});
    const small = r.diagnosis.causes.find((c) => c.id === "init-too-small")!;
    expect(small).toBeDefined();
    expect(small.evidence.join(" ")).toMatch(/at initialization the signal faded through the layers: the last hidden layer's outputs had std \d\.\de-1\d/);
  });

  it("does not read a first-layer gradient of exactly 0 below zero weights as vanishing", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, model: { dtype: "float64", hidden: sigmoidStack({ init: "zeros" }, 2), output: { init: "zeros" } }, optimizer: { name: "sgd", learningRate: 0.3 }, training: { epochs: 40 } });
    const r = await runExperiment(spec, {});
    expect(r.evidence.gradientRatioAtInit).toBe(1);
    expect(r.diagnosis.causes.map((c) => c.id)).toEqual(["symmetric-init"]);
  });
});
