/** A cross-validated trial with "balanced" class weights counts them on each fold's training rows. */
import { describe, expect, it } from "vitest";
import { makeDataset, subset } from "../data/dataset.js";
import { augmentationFor, buildModel, splitData } from "../experiment/build.js";
import { parseSpec } from "../experiment/spec.js";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { crossValidateFold, type CrossValidateOptions, foldAssignment } from "../train/cross-validate.js";
import { runTrial } from "./trial.js";

describe("balanced class weights under cross-validation", () => {
  it("each fold's model counts them on the rows it trains on, not on the whole data", async () => {
    // 100 rows, classes 71 / 19 / 10: three folds cannot hold these shares exactly, so the counts differ
    const rng = new Rng(3);
    const labels = Array.from({ length: 100 }, (_, i) => (i < 71 ? 0 : i < 90 ? 1 : 2));
    const x = new Tensor(100, 2, Float64Array.from({ length: 200 }, (_, i) => labels[i >> 1]! + rng.normal()));
    const data = makeDataset(x, new Tensor(100, 1, Float64Array.from(labels)));
    const spec = parseSpec({ data: { source: "x.csv" }, classWeight: "balanced", split: [1, 0], model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 5 } });
    const loader = () => ({ data, source: "x", dropped: 0 });
    const trial = await runTrial({ index: 0, values: {}, spec, folds: 3, fold: 1 }, { loader });

    // the trial's pool: the split's train and dev rows, in the split's order
    const parts = splitData(spec, data);
    const pool = subset(data, [...parts.indices.train, ...(parts.dev ? parts.indices.dev : [])]);
    const options: CrossValidateOptions = { k: 3, seed: spec.seed, normalize: spec.normalize, fit: { epochs: 5, batchSize: spec.training.batchSize, seed: spec.seed, augment: augmentationFor(spec, data), onNonFinite: "stop" } };
    const folds = foldAssignment(pool, options);
    const onFoldRows = crossValidateFold((f) => buildModel(spec, data, { trainSplit: subset(pool, folds[f]!.train) }), pool, options, 1, folds[1]!);
    const onAllRows = crossValidateFold(() => buildModel(spec, data), pool, options, 1, folds[1]!);
    expect(trial.devLoss).toBe(onFoldRows.dev.loss);
    expect(trial.trainLoss).toBe(onFoldRows.train.loss);
    expect(onAllRows.train.loss).not.toBe(onFoldRows.train.loss); // the check can fail: the counts differ
  });
});
