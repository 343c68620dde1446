/**
 * The gradient-flow findings against an audit (session of the flow audit): an ordinary gradient called
 * "exploding, 1.3e+299 times the last layer's" because the last layer's was exactly 0; a first layer behind
 * zero weights called "vanishing" (the zeros, which the symmetric finding names, are the cause); and a
 * faded sigmoid stack that "the signal fades" could not see, because the pooled std counted each unit's
 * constant offset as signal.
 */
import { describe, expect, it } from "vitest";
import { parseSpec, runExperiment } from "../index.js";
import { type FlowSnapshot, flowFindings, type LayerFlow, SIGNAL_FADED, signalOf } from "./gradient-flow.js";

const moons = { seed: 1, data: { source: "moons", n: 300, noise: 0.2 }, split: [0.7, 0.3], optimizer: { name: "sgd", learningRate: 0.3 } };
const run = (model: object, epochs = 1) => runExperiment(parseSpec({ ...moons, model, training: { epochs } }));
const stack = (n: number, layer: object) => Array.from({ length: n }, () => layer);

const layer = (index: number, weight: string, gradientRms: number, kind = "dense tanh"): LayerFlow => ({
  index, kind, weight, activationMean: 0, activationStd: 0.5, signalStd: 0.5, deadUnits: 0, saturated: 0, gradientRms, unitsIdentical: false,
});
const at = (...layers: LayerFlow[]): FlowSnapshot[] => [{ epoch: -1, layers }];
const kinds = (snapshots: FlowSnapshot[]) => flowFindings(snapshots).map((f) => f.kind);

describe("gradient ratios need a gradient at both ends", () => {
  it("a last layer's gradient of exactly 0 makes no ordinary first layer 'exploding', nor a first layer's of 0 'vanishing'", () => {
    expect(flowFindings(at(layer(0, "W1", 0.13), layer(1, "W2", 0, "dense sigmoid")))).toEqual([]);
    expect(flowFindings(at(layer(0, "W1", 0, "dense sigmoid"), layer(1, "W2", 0.05, "dense sigmoid")))).toEqual([]);
    // a gradient above 100 is exploding whatever the last layer's
    expect(kinds(at(layer(0, "W1", 500), layer(1, "W2", 0, "dense sigmoid")))).toEqual(["exploding"]);
  });

  it("controls: ratios between nonzero gradients are still findings", () => {
    const exploding = flowFindings(at(layer(0, "W1", 0.13), layer(1, "W2", 1e-4, "dense sigmoid")));
    expect(exploding.map((f) => f.message)).toEqual(["exploding gradients at initialization: W1's gradient RMS is 1.3e-1, 1.3e+3 times the last layer's"]);
    const vanishing = flowFindings(at(layer(0, "W1", 1e-5), layer(1, "W2", 0.05, "dense sigmoid")));
    expect(vanishing.map((f) => f.message)).toEqual(["vanishing gradients at initialization: W1's gradient is 2.0e-4 times W2's, so the first layer barely learns"]);
  });

  it("a tanh layer started at zeros: symmetric, not exploding (W1's gradient was '1.3e+299 times the last layer's')", async () => {
    const r = await run({ hidden: [{ units: 8, activation: "tanh", init: "zeros" }] }, 3);
    expect(r.flow[0]!.layers.at(-1)!.gradientRms).toBe(0);
    expect(r.flow[0]!.layers[0]!.gradientRms!).toBeGreaterThan(0.01);
    expect(r.findings.map((f) => f.kind)).toEqual(["symmetric"]);
  });

  it("two sigmoid layers from zeros: symmetric, and no 'vanishing gradients' from the zeros at the start or an epoch later", async () => {
    const r = await run({ hidden: stack(2, { units: 10, activation: "sigmoid", init: "zeros" }), output: { init: "zeros" } }, 3);
    expect(r.findings.map((f) => f.kind)).toContain("symmetric");
    expect(r.findings.filter((f) => f.kind === "vanishing" || f.kind === "exploding")).toEqual([]);
  });
});

describe("the signal is each unit's spread across the examples", () => {
  it("a sigmoid stack from N(0, 0.01) fades (pooled std 5e-3, each unit's 1e-5 .. 1e-13), and the figure does not round to 0", async () => {
    const r = await run({ dtype: "float64", hidden: stack(6, { units: 10, activation: "sigmoid", init: "randomNormal", initScale: 0.01 }) });
    const initial = r.flow[0]!.layers;
    expect(initial[2]!.activationStd).toBeGreaterThan(SIGNAL_FADED); // the offsets the pooled std counted
    expect(initial[2]!.signalStd!).toBeLessThan(1e-6);
    for (const l of initial) expect(l.signalStd!).toBeGreaterThan(0); // two passes: 0.5 +- 1e-14 keeps its 1e-14
    const faded = r.findings.filter((f) => f.message.startsWith("the signal fades at initialization"));
    expect(faded.map((f) => f.weight)).toEqual(["W2", "W3", "W4", "W5", "W6"]);
    expect(faded[0]!.message).toMatch(/layer 2 \(W2\)'s outputs have std 1\.\de-5 across the probe examples/);
  });

  it("a flow recorded before signalStd is read by its pooled std", () => {
    expect(signalOf({ activationStd: 2e-4 })).toBe(2e-4);
    expect(kinds([{ epoch: -1, layers: [{ ...layer(0, "W1", 0.1), signalStd: undefined, activationStd: 2e-4 }, layer(1, "W2", 0.1)] }])).toEqual(["vanishing"]);
  });

  it.each([
    ["He on six ReLU layers", { hidden: stack(6, { units: 10, activation: "relu", init: "he" }) }],
    ["LeCun on four tanh layers", { hidden: stack(4, { units: 10, activation: "tanh", init: "lecun" }) }],
    ["Glorot on four tanh layers", { hidden: stack(4, { units: 10, activation: "tanh", init: "glorot" }) }],
    ["one ReLU layer", { hidden: [{ units: 16, activation: "relu" }] }],
    ["one ReLU layer from N(0, 0.01): a small signal, not a faded one", { hidden: [{ units: 16, activation: "relu", init: "randomNormal", initScale: 0.01 }] }],
  ])("control: %s gets no finding", async (_, model) => {
    const r = await run(model, 5);
    expect(r.findings).toEqual([]);
  });
});
