/**
 * What the run says about its network is read from the network built (the notes audit, session 15): the
 * header described the spec's top-level fields (a layer's own dropout and l2 went unsaid; "dropout 0.5"
 * of a network whose only layer is the output), dropout without hidden layers was accepted without a
 * word, and the doctor and improve advised dropout and "a smaller network" to a network with no hidden
 * layer. A sweep's top-level knob that a layer's own value overrode labelled its trials wrongly (the
 * determinism audit). Each case failed before its fix.
 */
import { describe, expect, it } from "vitest";
import { buildModel, csvTextLoader, describeModel, generate, gridTrials, parseSpec, runExperiment } from "../src/index.js";
import { remedyFor } from "../src/improve/remedies.js";
import { Rng } from "../src/tensor/rng.js";

const moons = generate("moons", { n: 50, seed: 1 });
const header = (spec: Record<string, unknown>) => {
  const s = parseSpec(spec);
  return describeModel(s, buildModel(s, moons));
};

describe("the run header describes the layers built", () => {
  it("a spec-wide L2 and dropout read as before; layers' own values and dropout without hidden layers as built", () => {
    expect(header({ l2: 0.7, dropout: 0.1, model: { hidden: [{ units: 20 }, { units: 3 }] } })).toBe("2-20-3-1, L2 0.7, dropout 0.1 (keep_prob 0.9)");
    expect(header({ l2: 0.7, dropout: 0.5, model: { hidden: [{ units: 20, dropout: 0, l2: 0 }] } })).toBe("2-20-1, L2 0.7 on W2");
    expect(header({ model: { hidden: [{ units: 20, dropout: 0.4, l2: 0.5 }, { units: 3 }] } })).toBe("2-20-3-1, L2 0.5 on W1, dropout 0.4 (keep_prob 0.6) after layer 1");
    expect(header({ dropout: 0.5, model: { hidden: [] } })).toBe("2-1");
  });
});

/** 60 noise features and 2 that carry the label, 120 rows: a linear model that overfits. */
function wideCsv(): string {
  const rng = new Rng(1); // a draw where the dev error (33%) is above chance: high variance, not "nothing carries over"
  const lines = [[...Array.from({ length: 62 }, (_, j) => `f${j}`), "y"].join(",")];
  for (let i = 0; i < 120; i++) {
    const x = Array.from({ length: 62 }, () => rng.normal());
    lines.push([...x.map((v) => v.toFixed(4)), x[0]! + rng.normal() > 0 ? 1 : 0].join(","));
  }
  return lines.join("\n");
}

describe("a network without hidden layers", () => {
  it("is warned that its dropout is not used, and is advised neither dropout nor a smaller network", async () => {
    const spec = parseSpec({ seed: 1, data: { source: "wide.csv", label: "y" }, dropout: 0.3, model: { hidden: [] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 300 } });
    const r = await runExperiment(spec, { loadData: csvTextLoader(wideCsv(), "wide.csv") });
    expect(r.split.warnings).toContain("dropout 0.3 was asked for, but the network has no hidden layer: dropout drops hidden units (never the inputs or the outputs), so it is not used");
    const variance = r.diagnosis.causes.find((c) => c.id === "high-variance")!;
    expect(variance, JSON.stringify(r.diagnosis.causes.map((c) => c.id))).toBeDefined();
    const advice = variance.advice.join("\n");
    expect(advice).not.toMatch(/dropout|a smaller network/);
    expect(advice).toMatch(/fewer input features if regularization does not close the gap \(now [\d.]+ points\) \(the network has no hidden layer to shrink\)/);
    // improve's candidates for it: L2 (and early stopping where it is off), no dropout trial that would train the same network
    const labels = remedyFor("high-variance", spec)!.candidates.map((c) => c.label);
    expect(labels.filter((l) => /dropout/.test(l))).toEqual([]);
    expect(labels).toContain("L2 lambda 0.1");
    expect(remedyFor("high-variance", parseSpec({ model: { hidden: [{ units: 4 }] }, training: { earlyStopping: { patience: 10 } } }))!.candidates.map((c) => c.label)).toContain("dropout 0.2");
  });
});

describe("improve's remedy for too much regularization scales the optimizer's weight decay too", () => {
  it("weight decay 0.3 -> 0.03, 0.003, 0 beside L2 and dropout", () => {
    const spec = parseSpec({ l2: 1, optimizer: { name: "sgd", learningRate: 0.3, weightDecay: 0.3 } });
    const changes = remedyFor("over-regularized", spec)!.candidates.map((c) => c.change["optimizer.weightDecay"]);
    expect(changes).toEqual([0.03, 0.003, 0]);
  });
});

describe("a sweep of a top-level knob that a layer's own value overrides", () => {
  it("is refused before any trial runs, naming the layer and the path to sweep instead", () => {
    const base = { seed: 1, data: { source: "moons", n: 100 }, model: { hidden: [{ units: 8, dropout: 0.2 }, { units: 4 }] } };
    const axes = [{ name: "rate", path: "dropout", values: [0, 0.3] }];
    expect(() => gridTrials(base, axes, { source: "a64.json" })).toThrow('a64.json: the axis "rate" sets the spec\'s dropout, but model.hidden[0] sets its own dropout 0.2, which overrides it; remove the layer\'s dropout, or sweep model.hidden.0.dropout');
    const trials = gridTrials(base, [{ name: "model.hidden.0.dropout", path: "model.hidden.0.dropout", values: [0, 0.3] }]);
    expect(trials.map((t) => t.spec.model.hidden[0]!.dropout)).toEqual([0, 0.3]);
    expect(gridTrials(base, [{ name: "lambda", path: "l2", values: [0, 0.1] }]).length).toBe(2);
  });
});
