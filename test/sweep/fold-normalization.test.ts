/**
 * Cross-validated sweeps (`nnlab sweep --folds k`) fitted every fold a per-pixel standardization, while
 * `nnlab train` fits the spec's own (normalizationFor: per image channel where the spec shifts, flips,
 * rotates or noises images): the folds scored another model than the one the spec trains.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { augmentationFor, buildModel, loadExperimentData, normalizationFor, parseSpec, runTrial, splitData } from "../../src/index.js";
import { subset } from "../../src/data/dataset.js";
import { Standardization } from "../../src/data/standardization.js";
import { crossValidateFold, type CrossValidateOptions, foldAssignment } from "../../src/train/cross-validate.js";

const spec = parseSpec({ name: "digits-aug", seed: 1, data: { source: "digits" }, normalize: true, augment: { shift: 1 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 1, batchSize: 64 } }, "test");

/** Distinct values of a standardization's std: 1 for one image channel, dozens for per-pixel statistics. */
const distinctStds = (s: Standardization | null) => new Set(Array.from(s!.std, (v) => v.toFixed(12))).size;

afterEach(() => vi.restoreAllMocks());

describe("a fold's normalization", () => {
  it("is the one the spec's own run fits: per channel for an augmented image spec (crossValidateFold's fitNormalization)", async () => {
    const { data } = await loadExperimentData(spec);
    const parts = splitData(spec, data);
    const pool = subset(data, [...parts.indices.train, ...parts.indices.dev!]);
    const options: CrossValidateOptions = {
      k: 3,
      seed: spec.seed,
      normalize: true,
      fitNormalization: (train) => normalizationFor(spec, train),
      fit: { epochs: 1, batchSize: 64, seed: spec.seed, augment: augmentationFor(spec, data), onNonFinite: "stop" },
    };
    const folds = foldAssignment(pool, options);
    const f = crossValidateFold((i) => buildModel(spec, data, { trainSplit: subset(pool, folds[i]!.train) }), pool, options, 0, folds[0]!);
    expect(f.normalization!.std).toHaveLength(64);
    expect(distinctStds(f.normalization)).toBe(1); // digits have one channel
  });

  it("is fitted per channel in a --folds sweep's trial of an augmented image spec", async () => {
    const fitted = vi.spyOn(Standardization, "fitPerChannel");
    const perPixel = vi.spyOn(Standardization, "fit");
    const r = await runTrial({ index: 0, values: {}, spec, folds: 3, fold: 0 });
    expect(r.fold).toMatchObject({ index: 0, k: 3 });
    expect(fitted).toHaveBeenCalledTimes(1);
    expect(distinctStds(fitted.mock.results[0]!.value as Standardization)).toBe(1);
    // the inputs are not standardized per pixel as well (a class label is never standardized either)
    expect(perPixel).not.toHaveBeenCalled();
  });
});
