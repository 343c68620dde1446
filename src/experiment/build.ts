/**
 * An experiment spec made concrete: its split, its network (hidden layers with their regularizers and
 * dropout, an output layer and loss that fit the task), its optimizer, normalization and augmentation.
 * Browser-safe; loading the data is the caller's (the CLI reads files, the page hands in parsed CSV).
 */
import type { Augmentation } from "../data/augment.js";
import { compose, gaussianNoise, jitter, randomFlip, randomRotation, randomShift } from "../data/augment.js";
import { classCounts, classIndices, type Dataset } from "../data/dataset.js";
import { type Split, split } from "../data/split.js";
import { Standardization } from "../data/standardization.js";
import { type Initializer, randomNormal } from "../initializers/initializers.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import type { Layer } from "../layers/layer.js";
import { Sequential } from "../model/sequential.js";
import { Adam } from "../optim/adam.js";
import { Momentum } from "../optim/momentum.js";
import type { Optimizer } from "../optim/optimizer.js";
import { SGD } from "../optim/sgd.js";
import { l1 } from "../regularizers/l1.js";
import { l1l2 } from "../regularizers/l1l2.js";
import { l2 } from "../regularizers/l2.js";
import type { Regularizer } from "../regularizers/regularizer.js";
import { NnlabError } from "../errors.js";
import { binaryCrossEntropy } from "../losses/binary-cross-entropy.js";
import { softmaxCrossEntropy } from "../losses/softmax-cross-entropy.js";
import { classWeights } from "../metrics/class-weights.js";
import { checkNetworkSize, type ExperimentSpec, splitRatiosOf, splitSeedOf } from "./spec.js";

/**
 * The spec's split, seeded by the split's own seed (default: the spec's), with the rows the data fixes
 * (a test file, a split column) kept in their parts; `inPlace` reorders `data` itself (when nobody else
 * holds it) instead of copying it.
 */
export function splitData(spec: ExperimentSpec, data: Dataset, options: { inPlace?: boolean } = {}): Split {
  const parts = split(data, splitRatiosOf(spec), { seed: splitSeedOf(spec), inPlace: options.inPlace });
  // Early stopping watches the dev set; it never watches the test set (that would tune on it), so a split
  // without a dev part trains every epoch, and the run says so rather than drop the request silently.
  if (spec.training.earlyStopping && (!parts.dev || parts.dev.x.rows === 0)) {
    parts.warnings.push(
      `early stopping was asked for, but this split has no dev set to watch (train/dev/test ${parts.sizes.train}/${parts.sizes.dev}/${parts.sizes.test}): ` +
        `it is not used (the run trains its ${spec.training.epochs} epochs); give the split a dev part to stop early`,
    );
  }
  if (spec.dropout > 0 && spec.model.hidden.length === 0) {
    parts.warnings.push(`dropout ${spec.dropout} was asked for, but the network has no hidden layer: dropout drops hidden units (never the inputs or the outputs), so it is not used`);
  }
  return parts;
}

function regularizer(l2Lambda: number, l1Lambda: number): Regularizer | undefined {
  if (l2Lambda > 0 && l1Lambda > 0) return l1l2({ l1: l1Lambda, l2: l2Lambda });
  if (l2Lambda > 0) return l2(l2Lambda);
  if (l1Lambda > 0) return l1(l1Lambda);
  return undefined;
}

const initializerNames = { he: "heNormal", lecun: "lecunNormal", glorot: "glorotNormal" } as const;

function initializer(layer: { init?: string; initScale?: number }): Initializer | undefined | string {
  if (!layer.init) return undefined;
  if (layer.init === "randomNormal") return randomNormal({ scale: layer.initScale ?? 0.01 });
  return initializerNames[layer.init as keyof typeof initializerNames] ?? layer.init;
}

export function makeOptimizer(spec: ExperimentSpec): Optimizer {
  const o = spec.optimizer;
  if (o.name === "adam") return new Adam({ learningRate: o.learningRate, beta1: o.beta1, beta2: o.beta2, weightDecay: o.weightDecay });
  if (o.name === "momentum") return new Momentum({ learningRate: o.learningRate, momentum: o.momentum, weightDecay: o.weightDecay });
  return new SGD({ learningRate: o.learningRate, weightDecay: o.weightDecay });
}

/**
 * The spec's network for `data`: its hidden layers (each with its regularizer and dropout), and an
 * output layer that fits the task — sigmoid for two classes, softmax for more, linear for regression —
 * compiled with the matching loss and the spec's optimizer.
 */
/**
 * The loss's class weights for the spec's `classWeight` (null without one): given per class, or
 * "balanced" counted on `train`, the rows the model trains on (scikit-learn's n / (k * count_c)).
 */
export function classWeightsFor(spec: ExperimentSpec, train: Dataset): number[] | null {
  if (!spec.classWeight) return null;
  if (train.task === "regression") throw new NnlabError("classWeight: class weights need classification data; received a regression target");
  const k = train.task === "binary" ? 2 : train.classes!.length;
  const classes = classIndices(train)!;
  const weights = classWeights(spec.classWeight, classes, k);
  // weights of 0 on every class the training rows have: a cost of 0 whatever the weights, nothing learned
  const counts = classCounts(train, k);
  if (classes.length > 0 && counts.every((c, j) => c === 0 || weights[j] === 0)) {
    throw new NnlabError(
      `classWeight: expected a weight above 0 for a class the training set has; received ${JSON.stringify(weights)} with training counts per class ${counts.join("/")}: every training example would count 0`,
    );
  }
  return weights;
}

export function buildModel(
  spec: ExperimentSpec,
  data: Dataset,
  overrides: { init?: Initializer | string; /** Count "balanced" class weights on these rows (default `data`). */ trainSplit?: Dataset } = {},
): Sequential {
  const classes = data.classes?.length ?? 0;
  const outputUnits = data.task === "multiclass" ? classes : 1;
  checkNetworkSize("model", data.x.cols, spec.model.hidden.map((h) => h.units), outputUnits);
  const layers: Layer[] = [];
  for (const hidden of spec.model.hidden) {
    const reg = regularizer(hidden.l2 ?? spec.l2, hidden.l1 ?? spec.l1);
    layers.push(
      new Dense({
        units: hidden.units,
        activation: hidden.activation,
        kernelInitializer: (overrides.init ?? initializer(hidden)) as Initializer | undefined,
        kernelRegularizer: reg,
      }),
    );
    const rate = hidden.dropout ?? spec.dropout;
    if (rate > 0) layers.push(new Dropout({ rate }));
  }
  const outputReg = regularizer(spec.l2, spec.l1);
  const outputInit = (overrides.init ?? (spec.model.output ? initializer(spec.model.output) : undefined)) as Initializer | undefined;
  const output =
    data.task === "binary"
      ? new Dense({ units: 1, activation: "sigmoid", kernelRegularizer: outputReg, kernelInitializer: outputInit })
      : data.task === "multiclass"
        ? new Dense({ units: classes, activation: "softmax", kernelRegularizer: outputReg, kernelInitializer: outputInit })
        : new Dense({ units: 1, kernelRegularizer: outputReg, kernelInitializer: outputInit });
  layers.push(output);
  const model = new Sequential({ inputSize: data.x.cols, dtype: spec.model.dtype, seed: spec.seed, layers });
  const classWeight = classWeightsFor(spec, overrides.trainSplit ?? data);
  model.compile({
    loss: classWeight
      ? data.task === "binary"
        ? binaryCrossEntropy({ classWeight })
        : softmaxCrossEntropy({ classWeight })
      : data.task === "binary"
        ? "binaryCrossEntropy"
        : data.task === "multiclass"
          ? "softmaxCrossEntropy"
          : "meanSquaredError",
    optimizer: makeOptimizer(spec),
  });
  return model;
}

/**
 * Normalization fitted on the training split only, when the spec asks for it: per feature, or per image
 * channel where the spec augments images (flips, shifts, rotations and noise move ink onto pixels whose
 * per-pixel std is near 0; see Standardization.fitPerChannel).
 */
export function normalizationFor(spec: ExperimentSpec, train: Dataset): Standardization | null {
  if (!spec.normalize) return null;
  return train.image && augmentsImages(spec) ? Standardization.fitPerChannel(train, train.image.channels ?? 1) : Standardization.fit(train);
}

/** Whether the spec's augmentation changes pixels (jitter, on any features, is in the data's own units). */
function augmentsImages(spec: ExperimentSpec): boolean {
  const a = spec.augment;
  return !!a && (a.flip === true || (a.shift ?? 0) > 0 || (a.rotate ?? 0) > 0 || (a.noise ?? 0) > 0);
}

/**
 * A regression target's standardization fitted on the training split when the spec asks for it
 * (`normalizeTarget: true`), or null; class labels are never scaled (see fitNormalizations' warning).
 */
export function targetNormalizationFor(spec: ExperimentSpec, train: Dataset): Standardization | null {
  return spec.normalizeTarget && train.task === "regression" ? Standardization.fit(train.y) : null;
}

/**
 * Both normalizations of `spec` fitted on `train` and given to `model` (see normalizationFor,
 * targetNormalizationFor). Returns a warning when the spec asks to standardize class labels: the option is
 * then left unused rather than refused, so that one spec (the page's, a sweep's) can move between
 * classification and regression data.
 */
export function fitNormalizations(model: Sequential, spec: ExperimentSpec, train: Dataset): string | null {
  model.normalization = normalizationFor(spec, train);
  model.targetNormalization = targetNormalizationFor(spec, train);
  return spec.normalizeTarget && train.task !== "regression"
    ? `normalizeTarget is for a regression target; this data has class labels (${train.task}), which are not scaled: it is not used`
    : null;
}

/**
 * The spec's augmentation of training batches, or undefined for none. The image steps (flip, shift,
 * rotate, noise) need `data`'s image shape; other data is refused in one line.
 */
export function augmentationFor(spec: ExperimentSpec, data?: Dataset): Augmentation | undefined {
  const a = spec.augment;
  if (!a) return undefined;
  const steps: Augmentation[] = [];
  const imageKeys = (["flip", "shift", "rotate", "noise"] as const).filter((k) => a[k] !== undefined && a[k] !== false && a[k] !== 0);
  if (imageKeys.length) {
    const shape = data?.image;
    if (!shape) {
      const what = data ? `data without an image shape (${data.x.cols} features)` : "no data to take the image shape from";
      throw new NnlabError(`augment.${imageKeys[0]}: expected image data (digits, an IDX file, fashion-mnist); received ${what}`);
    }
    if (a.flip) steps.push(randomFlip({ ...shape, horizontal: true }));
    if (a.shift) steps.push(randomShift({ ...shape, maxShift: a.shift }));
    if (a.rotate) steps.push(randomRotation({ ...shape, maxDegrees: a.rotate }));
    if (a.noise) steps.push(gaussianNoise({ std: a.noise }));
  }
  if (a.jitter) steps.push(jitter({ std: a.jitter }));
  if (steps.length === 0) return undefined;
  return steps.length === 1 ? steps[0] : compose(...steps);
}

/**
 * One value for every place ("0.7"), or the places that have one ("0.5 on W1, 0.7 on W3"); "" for none.
 * `where` names a place by its index, `show` a value.
 */
function perLayer(values: readonly number[], where: (i: number) => string, show: (v: number) => string): string {
  if (!values.some((v) => v > 0)) return "";
  if (values.every((v) => v === values[0])) return show(values[0]!);
  return values.flatMap((v, i) => (v > 0 ? [`${show(v)} ${where(i).startsWith("after") ? where(i) : `on ${where(i)}`}`] : [])).join(", ");
}

/** "2-20-3-1 relu/relu/sigmoid, L2 0.7, dropout 0.1" */
export function describeModel(spec: ExperimentSpec, model: Sequential): string {
  const sizes = [model.inputSize, ...spec.model.hidden.map((h) => h.units), model.outputSize].join("-");
  const parts = [sizes];
  // read from the layers built, not the spec's top-level fields: a layer's own l2 or dropout overrides
  // them, and dropout is never put after the output layer (the header said "dropout 0.5" of a network
  // without hidden layers, and nothing of a hidden layer's own dropout 0.4)
  const kernels = model.params().filter((p) => p.role === "weight");
  for (const kind of ["l2", "l1"] as const) {
    const lambdas = kernels.map((w) => w.regularizer?.config[kind] ?? 0);
    const text = perLayer(lambdas, (i) => `W${i + 1}`, (v) => String(v));
    if (text) parts.push(`${kind.toUpperCase()} ${text}`);
  }
  const dense = model.layers.filter((l) => l instanceof Dense).length;
  const rates = Array.from({ length: dense - 1 }, () => 0);
  let seen = 0;
  for (const layer of model.layers) {
    if (layer instanceof Dense) seen++;
    else if (layer instanceof Dropout && seen >= 1 && seen <= rates.length) rates[seen - 1] = layer.rate;
  }
  const dropout = perLayer(rates, (i) => `after layer ${i + 1}`, (r) => `${r} (keep_prob ${+(1 - r).toFixed(4)})`);
  if (dropout) parts.push(`dropout ${dropout}`);
  const target = model.targetNormalization;
  if (target) parts.push(`target standardized (mean ${+target.mean[0]!.toPrecision(4)}, std ${+target.std[0]!.toPrecision(4)})`);
  const weights = model.loss?.classWeight;
  if (spec.classWeight && weights) {
    parts.push(`class weights ${spec.classWeight === "balanced" ? "balanced " : ""}[${weights.map((w) => +w.toPrecision(4)).join(", ")}]`);
  }
  return parts.join(", ");
}
