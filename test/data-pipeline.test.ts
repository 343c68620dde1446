/**
 * Data through training: cross-validation with normalization inside the folds, normalization that
 * travels with the model, the convergence the notes promise from normalizing, and augmentation that
 * only ever touches training batches.
 */
import { describe, expect, it } from "vitest";
import {
  Adam,
  blobs,
  classCounts,
  classIndices,
  compose,
  crossValidate,
  Dense,
  fit,
  flipImage,
  gaussianNoise,
  jitter,
  kFold,
  loadRealDataset,
  loadModel,
  makeDataset,
  randomFlip,
  randomRotation,
  randomShift,
  Rng,
  saveModel,
  Sequential,
  SGD,
  split,
  Standardization,
  stratifiedKFold,
  subset,
  Tensor,
  type Augmentation,
} from "../src/index.js";

function classifier(seed: number, inputSize = 2, classes = 2): Sequential {
  const binary = classes === 2;
  return new Sequential({
    inputSize,
    dtype: "float64",
    seed,
    layers: [new Dense({ units: 8, activation: "relu" }), new Dense({ units: binary ? 1 : classes, activation: binary ? "sigmoid" : "softmax" })],
  }).compile({ loss: binary ? "binaryCrossEntropy" : "softmaxCrossEntropy", optimizer: new SGD({ learningRate: 0.1 }) });
}

describe("k-fold", () => {
  it("folds partition the data, sizes within one", () => {
    const folds = kFold(103, 5, { seed: 1 });
    const seen = new Array(103).fill(0);
    for (const f of folds) {
      for (const i of f.dev) seen[i]++;
      expect(f.train.length + f.dev.length).toBe(103);
      expect(new Set([...f.train, ...f.dev]).size).toBe(103);
      expect(Math.abs(f.dev.length - 103 / 5)).toBeLessThan(1);
    }
    expect(seen.every((c) => c === 1)).toBe(true);
  });

  it("stratified folds keep each class's share within one example", () => {
    const data = blobs({ n: 307, classes: 3, seed: 1 });
    const labels = classIndices(data)!;
    const total = classCounts(data);
    for (const fold of stratifiedKFold(labels, 4, { seed: 2 })) {
      const counts = classCounts(subset(data, fold.dev));
      counts.forEach((c, k) => expect(Math.abs(c - total[k]! / 4)).toBeLessThanOrEqual(1));
    }
  });
});

describe("crossValidate", () => {
  // Feature 1 carries the label; a few examples have an outlying feature 2, so statistics fitted on
  // all the data differ from statistics fitted on a fold's training part.
  const rng = new Rng(5);
  const rows = Array.from({ length: 60 }, (_, i) => [rng.normal(), i % 12 === 0 ? 50 + rng.normal() : rng.normal()]);
  const data = makeDataset(Tensor.from2D(rows), Tensor.column(rows.map((r) => (r[0]! > 0 ? 1 : 0))));
  const fitOptions = { epochs: 30, batchSize: 16, seed: 1 } as const;

  it("trains a fresh model per fold and reports per-fold and mean +/- std metrics", () => {
    const built: number[] = [];
    const cv = crossValidate((fold) => (built.push(fold), classifier(fold)), data, { k: 3, fit: fitOptions });
    expect(built).toEqual([0, 1, 2]);
    expect(cv.folds).toHaveLength(3);
    const dev = cv.folds.map((f) => f.dev.accuracy!);
    expect(cv.summary.devAccuracy!.mean).toBeCloseTo(dev.reduce((s, v) => s + v, 0) / 3, 12);
    expect(cv.summary.devAccuracy!.std).toBeGreaterThanOrEqual(0);
    expect(cv.summary.trainLoss.mean).toBeGreaterThan(0);
  });

  it("normalization is fitted inside each fold, and fitting it on all the data would change the result", () => {
    const cv = crossValidate((fold) => classifier(fold), data, { k: 3, fit: fitOptions });
    const everything = Standardization.fit(data);
    let changed = 0;
    for (const f of cv.folds) {
      const train = subset(data, f.indices.train);
      const dev = subset(data, f.indices.dev);
      expect(f.normalization!.toJSON()).toEqual(Standardization.fit(train).toJSON());
      expect(f.normalization!.overlap(dev.ids)).toBe(0);
      // The leaky alternative: same model, same training, statistics from all the data.
      const leaky = classifier(f.fold);
      leaky.normalization = everything;
      fit(leaky, train, fitOptions);
      expect(leaky.normalization.leakWarning(dev, "dev")).toMatch(/fitted on \d+ of the \d+ rows of the dev set/);
      if (leaky.evaluate(dev.x, dev.y).loss !== f.dev.loss) changed++;
    }
    expect(changed).toBe(3);
  });

  it("fit warns when the normalization saw validation rows", () => {
    const s = split(data, [0.6, 0.2, 0.2], { seed: 1 });
    const model = classifier(1);
    model.normalization = Standardization.fit(data);
    const history = fit(model, s.train, { epochs: 1, validationData: s.dev });
    expect(history.warnings[0]).toMatch(/normalization was fitted on 12 of the 12 rows of the validation set/);
    model.normalization = Standardization.fit(s.train);
    expect(fit(model, s.train, { epochs: 1, validationData: s.dev }).warnings).toEqual([]);
  });
});

describe("normalization", () => {
  it("travels with the model: trained on standardized data, saved and loaded, it predicts from raw inputs as before", () => {
    const raw = blobs({ n: 200, classes: 3, seed: 3 });
    const scaled = makeDataset(
      Tensor.from2D(raw.x.toArray().map(([a, b]) => [1000 * a! + 5000, 0.01 * b!])),
      raw.y,
      { classes: ["red", "green", "blue"], featureNames: ["mass", "charge"] },
    );
    const s = split(scaled, "auto", { seed: 1 });
    const model = classifier(1, 2, 3);
    model.normalization = Standardization.fit(s.train);
    fit(model, s.train, { epochs: 50, batchSize: 32 });
    const copy = loadModel(saveModel(model));
    expect(Array.from(copy.predict(s.test.x).data)).toEqual(Array.from(model.predict(s.test.x).data));
    expect(copy.predictLabels(s.test.x)).toEqual(model.predictLabels(s.test.x));
    expect(new Set(copy.predictLabels(s.test.x))).toEqual(new Set(["red", "green", "blue"]));
    expect(copy.featureNames).toEqual(["mass", "charge"]);
    expect(model.evaluate(s.test.x, s.test.y).accuracy!).toBeGreaterThan(0.9);
    // inverse transform gives the raw inputs back
    const back = model.normalization.inverseTransform(model.normalization.transform(s.test.x));
    back.data.forEach((v, i) => expect(v).toBeCloseTo(s.test.x.data[i]!, 6));
  });

  it("a zero-variance feature is centred and not divided by zero", () => {
    const x = Tensor.from2D([[1, 7], [3, 7], [5, 7]]);
    const t = Standardization.fit(x).transform(x);
    expect(t.toArray().map((r) => r[1])).toEqual([0, 0, 0]);
    expect(t.toArray().map((r) => r[0])).toEqual([-Math.sqrt(1.5), 0, Math.sqrt(1.5)]); // population std sqrt(8/3)
  });

  it("converges in far fewer iterations on normalized inputs (features on scales 1000 and 0.001)", () => {
    const rng = new Rng(9);
    const n = 200;
    const rows = Array.from({ length: n }, () => [1000 * rng.normal(), 0.001 * rng.normal()]);
    const labels = rows.map(([a, b]) => (a! / 1000 + b! / 0.001 > 0 ? 1 : 0));
    const data = makeDataset(Tensor.from2D(rows), Tensor.column(labels));
    const target = 0.25;
    const iterationsToTarget = (normalize: boolean): number => {
      let best = Infinity;
      for (const learningRate of [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 0.3, 1, 3]) {
        const model = new Sequential({ inputSize: 2, dtype: "float64", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
        model.compile({ loss: "binaryCrossEntropy", optimizer: new SGD({ learningRate }) });
        if (normalize) model.normalization = Standardization.fit(data);
        const history = fit(model, data, { epochs: 3000, batchSize: "full", onNonFinite: "stop" });
        const reached = history.get("loss").findIndex((c) => c <= target);
        if (reached >= 0) best = Math.min(best, reached);
      }
      return best;
    };
    const normalized = iterationsToTarget(true);
    const raw = iterationsToTarget(false);
    expect(normalized).toBeLessThan(100);
    expect(raw).toBeGreaterThan(10 * normalized); // Infinity when it never got there in 3000
  });
});

describe("augmentation", () => {
  const shape = { height: 3, width: 5, channels: 2 };
  const image = () => Tensor.from2D([Array.from({ length: 30 }, (_, i) => i), Array.from({ length: 30 }, (_, i) => 100 + i)]);

  it("a flip of a flip is the identity, horizontally and vertically", () => {
    for (const horizontal of [true, false]) {
      const t = image();
      flipImage(t.data, 30, { ...shape, channels: 2 }, horizontal);
      expect(Array.from(t.data)).not.toEqual(Array.from(image().data));
      flipImage(t.data, 30, { ...shape, channels: 2 }, horizontal);
      expect(Array.from(t.data)).toEqual(Array.from(image().data));
    }
    const flipped = image();
    randomFlip({ ...shape, probability: 1 }).apply(flipped, new Rng(1));
    // first pixel of row 0 (channels 0 and 1) now holds the last pixel of that image row
    expect([flipped.data[0], flipped.data[1]]).toEqual([8, 9]);
  });

  it("zero-size shifts and rotations and zero noise change nothing; real ones move pixels and fill with 0", () => {
    for (const a of [randomShift({ ...shape, maxShift: 0 }), randomRotation({ ...shape, maxDegrees: 0 }), gaussianNoise({ std: 0 }), jitter({ std: 0 })]) {
      const t = image();
      a.apply(t, new Rng(1));
      expect(Array.from(t.data)).toEqual(Array.from(image().data));
    }
    const shifted = image();
    randomShift({ ...shape, maxShift: 2 }).apply(shifted, new Rng(3));
    expect(Array.from(shifted.data)).not.toEqual(Array.from(image().data));
    expect(Array.from(shifted.data).some((v) => v === 0)).toBe(true);
  });

  it("is seeded: the same seed gives the same augmented training and the same weights", () => {
    const data = blobs({ n: 60, classes: 2, seed: 4 });
    const run = () => {
      const model = classifier(2);
      fit(model, data, { epochs: 5, batchSize: 10, seed: 7, augment: compose(jitter({ std: 0.1 }), gaussianNoise({ std: 0.05 })) });
      return model.params().map((p) => Array.from(p.value.data));
    };
    expect(run()).toEqual(run());
  });

  it("never touches dev or test data, nor the training set itself", () => {
    const data = blobs({ n: 60, classes: 2, seed: 4 });
    const s = split(data, [0.6, 0.2, 0.2], { seed: 1 });
    const devX = Array.from(s.dev!.x.data);
    const trainX = Array.from(s.train.x.data);
    const seen: number[] = [];
    const spy: Augmentation = {
      name: "spy",
      apply(batch, rng) {
        seen.push(batch.rows);
        for (let i = 0; i < batch.size; i++) batch.data[i] += rng.normal();
      },
    };
    const model = classifier(3);
    model.normalization = Standardization.fit(s.train);
    const history = fit(model, s.train, { epochs: 4, batchSize: 12, augment: spy, validationData: s.dev });
    // a copy of the 36 training rows once, for the starting cost the curve is read against (the training
    // cost is that of augmented batches), then 36 training rows in batches of 12, 4 epochs
    expect(seen).toEqual([36, ...new Array(4 * 3).fill(12)]);
    expect(Array.from(s.dev!.x.data)).toEqual(devX);
    expect(Array.from(s.train.x.data)).toEqual(trainX);
    expect(history.last("valLoss")).toBe(model.evaluate(s.dev!.x, s.dev!.y).loss);
  });

  it("randomShift takes whole pixels up to the image's size, and a finite fill (an audit helper)", () => {
    // 0.5 was taken and never shifted; 1e10 failed on the first batch inside Rng.int; fill NaN was taken
    expect(() => randomShift({ height: 8, width: 8, maxShift: 0.5 })).toThrow("randomShift: maxShift must be a whole number of pixels from 0 to 8 (the image's size); received 0.5");
    expect(() => randomShift({ height: 8, width: 8, maxShift: 1e10 })).toThrow(/maxShift must be a whole number of pixels from 0 to 8/);
    expect(() => randomShift({ height: 8, width: 8, maxShift: 2, fill: Number.NaN })).toThrow(/^randomShift: fill must be a finite number/);
    expect(() => randomShift({ height: 8, width: 8, maxShift: 8 })).not.toThrow();
  });

  it("reads a run's start on augmented rows: strong noise is not a divergence at a tiny learning rate (an audit helper)", async () => {
    // noise of std 48 on digits' pixels (0..16): every epoch's cost was "above 4 times its starting value",
    // measured on clean rows, and a run at Adam 1e-5 stopped as diverged ("learning rate too high")
    const digits = await loadRealDataset("digits");
    const s = split(digits, "auto", { seed: 0 });
    const model = new Sequential({ inputSize: 64, dtype: "float64", seed: 5, layers: [new Dense({ units: 32, activation: "relu" }), new Dense({ units: 10, activation: "softmax" })] }).compile({ loss: "softmaxCrossEntropy", optimizer: new Adam({ learningRate: 1e-5 }) });
    model.normalization = Standardization.fit(s.train);
    const noisy = gaussianNoise({ std: 48 });
    const history = fit(model, s.train, { epochs: 4, batchSize: 8, augment: noisy, validationData: s.dev, onNonFinite: "stop" });
    expect(history.stop.reason).toBe("completed");
    expect(history.get("loss")[0]! / history.initial!.loss).toBeLessThan(1.5); // the start read as the curve is
    // a real blow-up with the same noise still stops: SGD at 50
    const wild = new Sequential({ inputSize: 64, dtype: "float64", seed: 5, layers: [new Dense({ units: 32, activation: "relu" }), new Dense({ units: 10, activation: "softmax" })] }).compile({ loss: "softmaxCrossEntropy", optimizer: new SGD({ learningRate: 50 }) });
    wild.normalization = Standardization.fit(s.train);
    expect(fit(wild, s.train, { epochs: 20, batchSize: 8, augment: noisy, validationData: s.dev, onNonFinite: "stop" }).stop.reason).toMatch(/diverged|nonFiniteCost/);
  });
});

