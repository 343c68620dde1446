/**
 * Property tests of the model-file loader (issue 11): any text, any JSON value, and any valid model
 * file with one or two fields broken (or cut short) either loads or throws an NnlabError; no other
 * exception escapes (a TypeError from a missing field, a RangeError from a size too large to
 * allocate). Fixed seeds, so a failure reproduces exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Standardization } from "../../src/data/standardization.js";
import { NnlabError } from "../../src/errors.js";
import { loadModel, saveModel } from "../../src/io/model-file.js";
import { Dense } from "../../src/layers/dense.js";
import { Dropout } from "../../src/layers/dropout.js";
import { Sequential } from "../../src/model/sequential.js";
import { paths, replaced } from "./mutate.js";

/** Loads, or throws a clear NnlabError. */
function loadsOrFailsClearly(source: string | object): void {
  try {
    loadModel(source as string);
  } catch (error) {
    if (!(error instanceof NnlabError)) throw new Error(`expected an NnlabError; received ${(error as Error)?.name}: ${(error as Error)?.message}`);
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
}

/** A small classifier with every optional part a model file can carry. */
function smallModelFile(): Record<string, unknown> {
  const model = new Sequential({
    inputSize: 2,
    seed: 7,
    dtype: "float64",
    layers: [new Dense({ units: 3, activation: "relu" }), new Dropout({ rate: 0.2 }), new Dense({ units: 1, activation: "sigmoid" })],
  });
  model.normalization = new Standardization([0.5, -1], [2, 0.25]);
  model.classes = ["no", "yes"];
  model.featureNames = ["x1", "x2"];
  return JSON.parse(saveModel(model)) as Record<string, unknown>;
}
const valid = smallModelFile();
const validText = JSON.stringify(valid);


/**
 * Values that break model files: wrong types, edges, non-finite numbers, sizes too large to allocate
 * (1e12, 2^33, and 1e8 to 2^32, which the loader once reserved gigabytes for before comparing them with
 * the weights in the file).
 */
const nasty = fc.oneof(
  fc.constantFrom(undefined, null, 0, -1, 0.5, 1, 2, 3, 1e12, 2 ** 33, -1e12, Infinity, NaN, "", "dense", "relu", "float32", "nnlab-model", [], {}, [1, 2], [[1, 2]], true),
  fc.double({ noInteger: true }),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.integer({ min: 100_000_000, max: 2 ** 32 }),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const modelPaths = paths(valid);
const mutation = fc.tuple(fc.constantFrom(...modelPaths), nasty);

/** Inputs tried, by property (the report's count). */
export const MODEL_RUNS = { anyText: 300, anyJson: 400, oneField: 1000, twoFields: 400, truncated: 200 };

describe("loadModel never throws anything but a clear NnlabError", () => {
  it("loads the unbroken file (the mutations start from a loadable one)", () => {
    expect(loadModel(validText).classes).toEqual(["no", "yes"]);
  });

  it("on arbitrary text", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.json({ maxDepth: 3 })), (text) => loadsOrFailsClearly(text)), { seed: 42, numRuns: MODEL_RUNS.anyText });
  });

  it("on arbitrary JSON values, as text and as objects", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, asText) => loadsOrFailsClearly(asText ? JSON.stringify(value) : (value as object))),
      { seed: 42, numRuns: MODEL_RUNS.anyJson },
    );
  });

  it("on a valid model file with one field changed, removed or replaced", () => {
    fc.assert(
      fc.property(mutation, fc.boolean(), ([path, by], asText) => {
        const broken = replaced(valid, path, by);
        loadsOrFailsClearly(asText ? (JSON.stringify(broken) ?? "") : (broken as object));
      }),
      { seed: 42, numRuns: MODEL_RUNS.oneField },
    );
  });

  it("on a valid model file with two fields changed", () => {
    fc.assert(
      fc.property(mutation, mutation, ([p1, v1], [p2, v2]) => {
        let broken = replaced(valid, p1, v1);
        try {
          broken = replaced(broken, p2, v2);
        } catch {
          /* the second path is gone after the first change */
        }
        loadsOrFailsClearly(JSON.stringify(broken) ?? "");
      }),
      { seed: 42, numRuns: MODEL_RUNS.twoFields },
    );
  });

  it("on a valid model file cut short", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: validText.length - 1 }), (n) => loadsOrFailsClearly(validText.slice(0, n))), {
      seed: 42,
      numRuns: MODEL_RUNS.truncated,
    });
  });
});
