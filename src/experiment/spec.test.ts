import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSpec } from "../cli/spec.js";
import { parseSpec } from "../index.js";

describe("the experiment spec in the library", () => {
  it("is the CLI's spec: a spec file reads to the library's parse, with the same readable errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-spec-"));
    const path = join(dir, "s.json");
    writeFileSync(path, JSON.stringify({ data: { source: "moons" } }));
    const spec = parseSpec({ data: { source: "moons" } }, "s.json");
    expect(await readSpec(path)).toEqual(spec);
    expect(spec.optimizer).toEqual({ name: "sgd", learningRate: 0.3 });
    expect(() => parseSpec({ l2: -1 }, "s.json")).toThrow(/^s\.json: invalid experiment spec:\n {2}l2: .*received -1$/);
    writeFileSync(path, JSON.stringify({ l2: -1 }));
    await expect(readSpec(path)).rejects.toThrow(/s\.json: invalid experiment spec:\n {2}l2: .*received -1$/);
  });
});

describe("data.inputFeatures", () => {
  it("the library computes them as it loads the data, so runExperiment trains on them as the page does", async () => {
    const { loadExperimentData, runExperiment, withInputFeatures } = await import("../index.js");
    const raw = { data: { source: "circles", n: 120 }, model: { hidden: [{ units: 3, activation: "tanh" }] }, training: { epochs: 20 } };
    const spec = parseSpec({ ...raw, data: { ...raw.data, inputFeatures: ["x1^2", "x2^2"] } });
    const loaded = await loadExperimentData(spec);
    expect(loaded.data.featureNames).toEqual(["x1^2", "x2^2"]);
    const plain = await loadExperimentData(parseSpec(raw));
    expect(Array.from(loaded.data.x.data)).toEqual(Array.from(withInputFeatures(plain.data, ["x1^2", "x2^2"]).x.data));
    const result = await runExperiment(spec, { recordFlow: false });
    expect(result.model.inputSize).toBe(2);
    expect(result.model.featureNames).toEqual(["x1^2", "x2^2"]);
    // a circle is a line in (x1^2, x2^2): the features make the data linearly separable
    expect(result.train.accuracy!).toBeGreaterThan(0.9);
  });
});

describe("classWeight", () => {
  it("refuses weights that are all 0: every example's loss would be 0 (the run exited 0 and was called high bias)", () => {
    expect(() => parseSpec({ data: { source: "moons" }, classWeight: [0, 0] })).toThrow(/classWeight: at least one class weight above 0 \(with all of them 0 every example's loss is 0 and nothing is learned\); received \[0,0\]/);
    expect(parseSpec({ data: { source: "moons" }, classWeight: [0, 1] }).classWeight).toEqual([0, 1]);
  });
});

describe("split", () => {
  it("says which bound a list of ratios breaks (four ratios read 'expected \"auto\" or Too big: ... or object')", () => {
    expect(() => parseSpec({ split: [0.5, 0.2, 0.2, 0.1] })).toThrow(/^spec: invalid experiment spec:\n {2}split: expected at most 3 items; received \[0\.5,0\.2,0\.2,0\.1\]$/);
    expect(() => parseSpec({ split: [1] })).toThrow(/\n {2}split: expected at least 2 items; received \[1\]$/);
    expect(() => parseSpec({ split: "x" })).toThrow(/\n {2}split: expected "auto" or an array or an object; received "x"$/);
  });
});
