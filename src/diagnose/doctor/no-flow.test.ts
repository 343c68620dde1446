import { describe, expect, it } from "vitest";
import { Adam, Dense, GradientFlow, SGD, Sequential, Standardization, diagnose, fit, gatherEvidence, generate, l2, recordRun, split } from "../../index.js";
import { highBiasRule } from "./causes/high-bias.js";
import { overRegularized } from "./causes/over-regularized.js";
import { hiddenDrift } from "./signals.js";

/**
 * recordRun from code with `flow: []` (README: recordRun, gatherEvidence, diagnose "in code"): the doctor
 * has no layer measured, and must not read the measurements it lacks as 0. The max over no layers read a
 * drift of 0: "the hidden layers' weights moved 0.0% of their initial size at most ... raise the learning
 * rate" for a 3-unit network on spirals whose GradientFlow snapshots said high bias.
 */
function run(options: { units: number; optimizer: () => Adam | SGD; epochs: number; withFlow: boolean; penalty?: number; data?: "spirals" | "moons" }) {
  const data = generate(options.data ?? "spirals", { n: options.data === "moons" ? 400 : 600, noise: options.data === "moons" ? 0.2 : 0.1, seed: 1 });
  const { train, dev } = split(data, "auto", { seed: 1 });
  const reg = options.penalty ? { kernelRegularizer: l2(options.penalty) } : {};
  const model = new Sequential({ inputSize: 2, seed: 1, layers: [new Dense({ units: options.units, activation: "relu", ...reg }), new Dense({ units: 1, activation: "sigmoid", ...reg })] });
  model.compile({ loss: "binaryCrossEntropy", optimizer: options.optimizer() });
  model.normalization = Standardization.fit(train);
  const flow = new GradientFlow();
  const history = fit(model, train, { epochs: options.epochs, validationData: dev, callbacks: options.withFlow ? [flow] : [] });
  return gatherEvidence(recordRun({ model, history, flow: options.withFlow ? flow.snapshots : [], train, dev, epochsPlanned: options.epochs }));
}

const allText = (d: ReturnType<typeof diagnose>) => d.causes.flatMap((c) => [...c.evidence, ...c.advice]).join("\n");

describe("the doctor without GradientFlow snapshots (flow: [])", () => {
  it("a 3-unit network on spirals gets the cause its snapshots show, not a drift of 0 it never measured", () => {
    const spirals = { units: 3, optimizer: () => new Adam({ learningRate: 0.01 }), epochs: 100 };
    const without = run({ ...spirals, withFlow: false });
    const withFlow = run({ ...spirals, withFlow: true });
    expect(without.layers).toEqual([]);
    expect(hiddenDrift(without)).toBeNull();
    expect(hiddenDrift(withFlow)).not.toBeNull();
    const d = diagnose(without);
    expect(d.causes.map((c) => c.id)).toEqual(diagnose(withFlow).causes.map((c) => c.id));
    expect(d.causes[0]!.id).toBe("high-bias");
    expect(allText(d)).not.toMatch(/moved|learning rate too low/);
  });

  it("a network with a hidden layer is not told to add one where no layer was measured", () => {
    const without = run({ units: 3, optimizer: () => new Adam({ learningRate: 0.01 }), epochs: 100, withFlow: false });
    expect(without.regularization.hiddenLayers).toBe(1);
    const advice = highBiasRule.assess(without)!.advice;
    expect(advice[0]).toMatch(/^a bigger network/);
    expect(advice.join("\n")).not.toMatch(/a hidden layer \(16 to 64/);
  });

  it("a rate far below the usual range is still named, on the rate and the cost alone, without a drift", () => {
    const d = diagnose(run({ units: 8, optimizer: () => new SGD({ learningRate: 1e-5 }), epochs: 50, withFlow: false, data: "moons" }));
    expect(d.causes[0]!.id).toBe("learning-rate-too-low");
    expect(d.causes[0]!.evidence.join("\n")).toMatch(/below SGD's usual 1e-3 to 1 \(how far the weights moved was not measured/);
    expect(allText(d)).not.toMatch(/moved \d/);
  });

  it("the weights' norm ratio is absent, and the penalty's evidence does not quote it", () => {
    const e = run({ units: 16, optimizer: () => new Adam({ learningRate: 0.01 }), epochs: 100, withFlow: false, penalty: 3, data: "moons" });
    expect(e.regularization.weightNormRatio).toBeNull();
    // a penalty over 40% of the cost: over-regularized on its share alone (the norm would only add to it)
    const heavy = { ...e, regularization: { ...e.regularization, share: 0.5, shareMax: 0.5 } };
    const finding = overRegularized.assess(heavy)!;
    expect(finding.evidence[0]).toMatch(/^the regularization term is 50\.0% of the training cost at the end \(at most 50\.0% during the run\)$/);
    expect(finding.evidence.join("\n")).not.toMatch(/norm/);
  });
});
