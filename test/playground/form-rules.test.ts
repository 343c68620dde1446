/**
 * What the settings form shows and adds, and what the spec box hands out, without a browser: the
 * initialization the hidden layers train with, the activation a first layer takes, the input-feature
 * boxes on data that is not 2-D, the generators' defaults, and "Download spec.json".
 */
import { describe, expect, it } from "vitest";
import { csvTextLoader, generate, type GeneratorName, generators, parseSpec } from "../../src/index.js";
import { inputFeaturesRefusal, newLayer, shownInit } from "../../web/src/form-rules.js";
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
