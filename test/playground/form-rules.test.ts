/**
 * What the settings form shows and adds, and what the spec box hands out, without a browser: the
 * initialization the hidden layers train with, the activation a first layer takes, the input-feature
 * boxes on data that is not 2-D, the generators' defaults, and "Download spec.json".
 */
import { describe, expect, it } from "vitest";
import { csvTextLoader, generate, type GeneratorName, generators, parseSpec } from "../../src/index.js";
import {
  decayProblem,
  fromPercent,
  inputFeaturesRefusal,
  keepProbText,
  monitorWords,
  newLayer,
  numberProblem,
  perLayerNotes,
  shownInit,
  splitProblem,
} from "../../web/src/form-rules.js";
import { dataFields, GENERATOR_DEFAULTS } from "../../web/src/generator-defaults.js";
import { DEFAULT_SPEC, specJson } from "../../web/src/page-spec.js";
import { TrainingSession } from "../../web/src/session.js";
import { SPEC_FILE, specToHandOut } from "../../web/src/spec-box.js";

describe("the Initialization menu", () => {
  it("shows the hidden layers' initialization, not the output layer's, when they have none of their own", () => {
    const spec = parseSpec({ data: { source: "circles" }, model: { hidden: [{ units: 8, activation: "relu" }], output: { init: "zeros" } }, training: { epochs: 50 } });
    // the ReLU layer trains with its default (He): "default", not the output layer's "zeros"
    expect(shownInit(spec)).toEqual({ init: "" });
    const scaled = parseSpec({ model: { hidden: [{ units: 4, init: "randomNormal", initScale: 0.5 }], output: { init: "zeros" } } });
    expect(shownInit(scaled)).toEqual({ init: "randomNormal", initScale: 0.5 });
  });

  it("shows the output layer's when there is no hidden layer (logistic regression)", () => {
    expect(shownInit(parseSpec({ model: { hidden: [], output: { init: "randomNormal", initScale: 0.2 } } }))).toEqual({ init: "randomNormal", initScale: 0.2 });
    expect(shownInit(parseSpec({ model: { hidden: [] } }))).toEqual({ init: "" });
  });
});

describe("a hidden layer added with the layer count", () => {
  it("takes the activation the menu shows when it is the first (the menu has no layer to set before it)", () => {
    const none = parseSpec({ model: { hidden: [], output: { init: "he" } } });
    expect(newLayer(none, "sigmoid")).toEqual({ units: 8, activation: "sigmoid", init: "he" });
    expect(newLayer(none, "relu")).toEqual({ units: 8, activation: "relu", init: "he" });
  });

  it("is like the last one otherwise, without its regularization", () => {
    const spec = parseSpec({ model: { hidden: [{ units: 5, activation: "tanh", init: "lecun", dropout: 0.3, l2: 0.1 }] } });
    expect(newLayer(spec, "relu")).toEqual({ units: 5, activation: "tanh", init: "lecun" });
  });
});

describe("the input-feature boxes", () => {
  it("are refused, with the reason, for data that does not have exactly 2 input features", () => {
    expect(inputFeaturesRefusal(2)).toBeNull();
    expect(inputFeaturesRefusal(3)).toBe("These are computed from 2 input features (x1, x2); this data has 3.");
    expect(inputFeaturesRefusal(1)).toContain("this data has 1");
  });

  it("are judged on the data's own features, not the model's inputs (x1², x2², x1·x2 on circles are 3)", async () => {
    const features = await TrainingSession.open(parseSpec({ ...DEFAULT_SPEC, data: { ...DEFAULT_SPEC.data, inputFeatures: ["x1^2", "x2^2", "x1*x2"] } }));
    expect(features.model.inputSize).toBe(3);
    expect(features.dataFeatures).toBe(2);
    const rows = Array.from({ length: 30 }, (_, i) => `${i % 3},${i % 5},${i % 7},${i % 2}`).join("\n");
    const wide = await TrainingSession.open(parseSpec({ ...DEFAULT_SPEC, data: { source: "wide.csv" } }), csvTextLoader(`a,b,c,label\n${rows}\n`, "wide.csv"));
    expect(wide.dataFeatures).toBe(3);
  });
});

describe("the Examples and Noise fields", () => {
  it("hold the generators' defaults as the library has them (the same points, bit for bit)", () => {
    expect(Object.keys(GENERATOR_DEFAULTS).sort()).toEqual(Object.keys(generators).sort());
    for (const [name, { n, noise }] of Object.entries(GENERATOR_DEFAULTS)) {
      const left = generate(name as GeneratorName, { seed: 3 });
      const given = generate(name as GeneratorName, { seed: 3, n, noise });
      expect({ name, rows: left.x.rows }).toEqual({ name, rows: n });
      expect({ name, same: Array.from(left.x.data).every((v, i) => Object.is(v, given.x.data[i])) }).toEqual({ name, same: true });
    }
  });

  it("show the default that trains as a placeholder when the spec leaves it out, and nothing for a CSV", () => {
    expect(dataFields({ source: "circles" })).toEqual({ n: { value: "", placeholder: "300 (default)" }, noise: { value: "", placeholder: "0.05 (default)" } });
    expect(dataFields({ source: "xor", n: 120 })).toEqual({ n: { value: "120", placeholder: "300 (default)" }, noise: { value: "", placeholder: "0.05 (default)" } });
    expect(dataFields({ source: "moons", noise: 0 })?.noise).toEqual({ value: "0", placeholder: "0.1 (default)" });
    expect(dataFields({ source: "mine.csv" })).toBeNull();
    expect(dataFields({ source: "toString" })).toBeNull();
  });
});

describe("Download spec.json and Copy", () => {
  const spec = parseSpec({ ...DEFAULT_SPEC, seed: 9 });
  const shown = specJson(spec);

  it("hand out the spec the run uses, as spec.json, when the box shows it (in any spacing)", () => {
    expect(specToHandOut(shown, spec)).toEqual({ file: "spec.json", text: shown, unopened: false });
    expect(specToHandOut(JSON.stringify(spec), spec)).toEqual({ file: SPEC_FILE, text: shown, unopened: false });
  });

  it("hand out the spec the run uses, not edits that were not opened, and say there are such edits", () => {
    const edited = shown.replace('"learningRate": 0.01', '"learningRate": 5');
    expect(edited).not.toBe(shown);
    const out = specToHandOut(edited, spec);
    expect(JSON.parse(out.text).optimizer.learningRate).toBe(0.01);
    expect(out.unopened).toBe(true);
    expect(specToHandOut("{ not json", spec)).toEqual({ file: SPEC_FILE, text: shown, unopened: true });
  });
});

describe("a number field's problem, in the form's own words", () => {
  const typed = (text: string) => ({ text, badInput: false });
  const unreadable = { text: "", badInput: true }; // "1e309", "-", "1e": the browser's value is "" too
  const examples = { label: "Examples", integer: true, min: 10, optional: true };

  it("refuses text the browser cannot read in an optional field, where only a truly empty one is the default", () => {
    expect(numberProblem(examples, unreadable)).toBe("Examples: expected a whole number at least 10, or nothing for the default; received text that is not a number");
    expect(numberProblem(examples, typed(""))).toBeNull();
    expect(numberProblem(examples, typed("400"))).toBeNull();
    expect(numberProblem(examples, typed("9"))).toBe("Examples: expected a whole number at least 10, or nothing for the default; received 9");
  });

  it("says an empty or unreadable required field as such, not as NaN", () => {
    const rate = { label: "Learning rate", above: 0 };
    expect(numberProblem(rate, typed(" "))).toBe("Learning rate: expected a number above 0; received nothing (the field is empty)");
    expect(numberProblem(rate, unreadable)).toBe("Learning rate: expected a number above 0; received text that is not a number");
    expect(numberProblem(rate, typed("0"))).toBe("Learning rate: expected a number above 0; received 0");
    expect(numberProblem(rate, typed("0.01"))).toBeNull();
  });

  it("enforces every bound the field shows, inclusive and exclusive, and whole numbers", () => {
    const layers = { label: "Hidden layers", integer: true, min: 0, max: 6 };
    expect(numberProblem(layers, typed("7"))).toBe("Hidden layers: expected a whole number from 0 to 6; received 7");
    expect(numberProblem(layers, typed("2.5"))).toBe("Hidden layers: expected a whole number from 0 to 6; received 2.5");
    expect(numberProblem(layers, typed("6"))).toBeNull();
    const beta = { label: "Momentum β", min: 0, below: 1, optional: true };
    expect(numberProblem(beta, typed("1"))).toBe("Momentum β: expected a number at least 0 and below 1, or nothing for the default; received 1");
    expect(numberProblem(beta, typed("0.99"))).toBeNull();
    expect(numberProblem({ label: "Seed", integer: true }, typed("1.5"))).toBe("Seed: expected a whole number; received 1.5");
  });
});

describe("the split's percentages", () => {
  const shares = (train: string, dev: string, test: string) => ({ train: { text: train, badInput: false }, dev: { text: dev, badInput: false }, test: { text: test, badInput: false } });

  it("are checked as the fields show them, in percent (the spec's message spoke of fractions: <=1, sum to 1)", () => {
    expect(splitProblem("train", shares("150", "20", "20"))).toBe("Train %: expected above 0 and at most 100, the three summing to 100; received 150");
    expect(splitProblem("test", shares("60", "20", "10"))).toBe("Test %: expected 0 to 100, the three summing to 100; received 60 + 20 + 10 = 90");
    expect(splitProblem("dev", shares("60", "", "20"))).toBe("Dev %: expected above 0 and at most 100, the three summing to 100; received nothing (the field is empty)");
    expect(splitProblem("test", shares("60", "20", "20"))).toBeNull();
    expect(splitProblem("test", shares("33.33", "33.33", "33.33"))).toBeNull(); // a rounding off 100 is scaled
  });

  it("refuse 0 for Train and Dev in percent (every run failed, in fractions), and take 0 for Test", () => {
    expect(splitProblem("train", shares("0", "80", "20"))).toBe("Train %: expected above 0 and at most 100, the three summing to 100; received 0");
    expect(splitProblem("dev", shares("100", "0", "0"))).toBe("Dev %: expected above 0 and at most 100, the three summing to 100; received 0");
    expect(splitProblem("test", shares("0", "80", "20"))).toBe("Test %: expected 0 to 100, the three summing to 100; received 20, with Train % not a number above 0 and at most 100");
    expect(splitProblem("test", shares("80", "20", "0"))).toBeNull();
  });
});

describe("learning rate and weight decay together", () => {
  it("are refused on the field that changed, in the form's words, when their product is 1 or more (the spec's message named optimizer.weightDecay)", () => {
    expect(decayProblem("weight-decay", 0.05, 20)).toBe("Weight decay: expected below 1 / learning rate (20 at 0.05); received 20");
    expect(decayProblem("learning-rate", 0.1, 10)).toBe("Learning rate: expected below 1 / weight decay (0.1 with weight decay 10); received 0.1");
    expect(decayProblem("learning-rate", 0.05, 10)).toBeNull();
    expect(decayProblem("learning-rate", 100, undefined)).toBeNull(); // no weight decay
    expect(decayProblem("weight-decay", Number.NaN, 5)).toBeNull(); // the other field's own problem is said there
  });
});

describe("what the form shows beside its fields", () => {
  it("writes keep_prob as the Model card does (it showed 1.00 for a rate of 0.001)", () => {
    expect(keepProbText(0.001)).toBe("0.999");
    expect(keepProbText(0.2)).toBe("0.8");
    expect(keepProbText(0)).toBe("1");
    expect(keepProbText(NaN)).toBe("?");
  });

  it("names what early stopping watches: the dev cost, or the monitored value's own name", () => {
    expect(monitorWords("valLoss")).toBe("the dev cost");
    expect(monitorWords("valAccuracy")).toBe("valAccuracy");
  });

  it("marks a field a layer overrides: a layer's own L2 or L1, mixed activations or initializations", () => {
    const spec = parseSpec({
      model: { hidden: [{ units: 8, activation: "relu", l2: 0.5, init: "he" }, { units: 8, activation: "sigmoid", init: "lecun" }] },
      l2: 0,
    });
    const notes = perLayerNotes(spec);
    expect(notes.l2).toBe("per layer: hidden layer 1 has 0.5 (see the spec); this value is the other layers'");
    expect(notes.l1).toBeUndefined();
    expect(notes.activation).toBe("per layer: relu, sigmoid (see the spec); a choice here sets every layer");
    expect(notes.init).toBe("per layer: he, lecun (see the spec); a choice here sets every layer");
    // the page's default spec: one activation, one initialization everywhere, no layer of its own
    expect(perLayerNotes(DEFAULT_SPEC)).toEqual({});
    // hidden layers at their default while the output layer has zeros: the menu's "default" is not the whole network
    expect(perLayerNotes(parseSpec({ model: { hidden: [{ units: 4, activation: "relu" }], output: { init: "zeros" } } })).init).toBe(
      "per layer: default, output zeros (see the spec); a choice here sets every layer",
    );
  });

  it("turns a percentage into the spec's fraction without the division's last-bit noise", () => {
    expect(fromPercent(1.3)).toBe(0.013);
    expect(fromPercent(5)).toBe(0.05);
    expect(fromPercent(100)).toBe(1);
  });
});
