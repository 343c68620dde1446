import { NnlabError, oneLine } from "../errors.js";
import type { ActivationName } from "../layers/activation-functions.js";
import { Activation } from "../layers/activation.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import type { Layer } from "../layers/layer.js";
import { checkModel, Sequential } from "../model/sequential.js";
import { Standardization } from "../data/standardization.js";
import { INPUT_FEATURES } from "../data/generators.js";
import { regularizerFromConfig } from "../regularizers/l1l2.js";
import type { DType } from "../tensor/tensor.js";

/** The model file format's name and the newest version this build reads and writes. */
export const MODEL_FORMAT = "nnlab-model";
export const MODEL_FORMAT_VERSION = 2;

/**
 * A saved model: architecture, dtype and every weight as a JSON number. JSON numbers print the
 * shortest decimal that reads back to the same double, so float64 and float32 weights round-trip
 * exactly and a loaded model predicts bit-identically.
 */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  dtype: DType;
  inputSize: number;
  seed: number;
  layers: Array<{ type: string; config: Record<string, unknown> }>;
  /** By parameter name (W1, b1, ...): shape and row-major values. */
  weights: Record<string, { shape: [number, number]; values: number[] }>;
  /** Input standardization fitted on the training split, or null. */
  normalization: { mean: number[]; std: number[] } | null;
  /**
   * A regression target's standardization (Sequential.targetNormalization): the network's output is in
   * its units, and predictions are std * output + mean. Files that hold it are version 2, so that a
   * reader that does not know it refuses the file rather than predict in the wrong units.
   */
  targetNormalization?: { mean: number[]; std: number[] } | null;
  /** m of the regularization term, from the last fit. */
  trainingExamples: number | null;
  /** The original labels of the classes, and the input features' names, when trained on a Dataset. */
  classes?: Array<string | number> | null;
  featureNames?: string[] | null;
  /** "classes" or "values": what the model predicts, from the loss it was trained with (absent in older files). */
  outputs?: "classes" | "values";
  /** The two columns data.inputFeatures computed the inputs from (absent: the inputs are columns themselves). */
  inputFeaturesFrom?: string[];
  labelName?: string | null;
}

type LayerFactory = (config: Record<string, unknown>) => Layer;

const activationTypes: ActivationName[] = ["linear", "relu", "leakyRelu", "tanh", "sigmoid", "softmax"];
const factories = new Map<string, LayerFactory>([
  [
    "dense",
    (c) =>
      new Dense({
        units: c.units as number,
        activation: c.activation as ActivationName,
        alpha: c.alpha as number | undefined,
        useBias: c.useBias as boolean,
        // The saved weights replace the initial ones: keep the name, skip the draws.
        kernelInitializer: { name: String(c.kernelInitializer ?? "loaded"), initialize: () => {} },
        kernelRegularizer: c.kernelRegularizer ? regularizerFromConfig(c.kernelRegularizer as never) : undefined,
        biasRegularizer: c.biasRegularizer ? regularizerFromConfig(c.biasRegularizer as never) : undefined,
      }),
  ],
  ["dropout", (c) => new Dropout({ rate: c.rate as number })],
  ...activationTypes.map((name): [string, LayerFactory] => [name, (c) => new Activation(name, c)]),
]);

/** Teaches `loadModel` to rebuild a custom layer type from its `getConfig()`. */
export function registerLayer(type: string, factory: LayerFactory): void {
  factories.set(type, factory);
}

export function modelToJSON(model: Sequential): ModelFile {
  const weights: ModelFile["weights"] = {};
  for (const p of model.params()) {
    weights[p.name] = { shape: [p.value.rows, p.value.cols], values: Array.from(p.value.data) };
  }
  return {
    format: MODEL_FORMAT,
    version: model.targetNormalization ? 2 : 1,
    dtype: model.dtype,
    inputSize: model.inputSize,
    seed: model.seed,
    layers: model.layers.map((l) => ({ type: l.type, config: l.getConfig() })),
    weights,
    normalization: model.normalization ? model.normalization.toJSON() : null,
    ...(model.targetNormalization ? { targetNormalization: model.targetNormalization.toJSON() } : {}),
    trainingExamples: model.trainingExamples,
    classes: model.classes,
    featureNames: model.featureNames,
    ...(model.inputFeaturesFrom ? { inputFeaturesFrom: model.inputFeaturesFrom } : {}),
    // the loss's task outlives the loss (which is not saved): a sigmoid regression read back as a classifier
    ...(model.loss || model.outputKind ? { outputs: model.predictsClasses() ? "classes" : "values" } : {}),
    labelName: model.labelName,
  };
}

/** The model as JSON text. */
export function saveModel(model: Sequential): string {
  checkModel("saveModel", model);
  return JSON.stringify(modelToJSON(model));
}

function bad(what: string, expected: string, received: unknown): never {
  const shown = typeof received === "string" ? JSON.stringify(received) : JSON.stringify(received)?.slice(0, 60);
  throw new NnlabError(`loadModel: ${what} must be ${expected}; received ${shown}`);
}

/**
 * The class labels of a classifier: distinct strings or numbers, as many as its output tells apart — 2 for
 * one output unit (P(class 1)), one per unit otherwise. Fewer would make a prediction with no label
 * ("undefined"); a single class is no classifier at all.
 */
function checkClasses(classes: unknown, outputSize: number): Array<string | number> {
  const expected = outputSize === 1 ? 2 : outputSize;
  const output = outputSize === 1 ? "the 1-unit output (P(class 1))" : `the ${outputSize} output units`;
  const isLabel = (c: unknown) => typeof c === "string" || (typeof c === "number" && Number.isFinite(c));
  if (!Array.isArray(classes) || !classes.every(isLabel)) bad("classes", "an array of labels (strings or numbers) or null", classes);
  if (classes.length !== expected || new Set(classes).size !== classes.length) {
    bad("classes", `${expected} distinct labels, one per class of ${output}`, classes);
  }
  return classes;
}

/** Rebuilds a model from `saveModel` text (or its parsed object), optionally in another dtype. */
export function loadModel(source: string | ModelFile, options: { dtype?: DType } = {}): Sequential {
  let file: ModelFile;
  if (typeof source === "string") {
    try {
      file = JSON.parse(source);
    } catch (e) {
      throw new NnlabError(
        // V8 quotes the text around the error, newlines and all: one line.
        `loadModel: the model file is not valid JSON (truncated or corrupt?): ${oneLine((e as Error).message.replace(/\s*\n\s*/g, " "))}`,
      );
    }
  } else file = source;
  if (!file || typeof file !== "object" || Array.isArray(file)) bad("the file", "a JSON object", file);
  if (file.format === undefined) {
    // Most often another JSON file given by mistake (a spec, a summary.json): say so, not "received undefined".
    throw new NnlabError(`loadModel: expected an nnlab model file (format "${MODEL_FORMAT}", such as runs/<id>/model.json); received JSON without a format field`);
  }
  if (file.format !== MODEL_FORMAT) bad("format", `"${MODEL_FORMAT}"`, file.format);
  if (!Number.isInteger(file.version) || file.version < 1) bad("version", "a positive integer", file.version);
  if (file.version > MODEL_FORMAT_VERSION) {
    throw new NnlabError(
      `loadModel: the model file has format version ${file.version}, newer than this nnlab reads (${MODEL_FORMAT_VERSION}); upgrade nnlab to load it`,
    );
  }
  if (file.dtype !== "float32" && file.dtype !== "float64") bad("dtype", '"float32" or "float64"', file.dtype);
  if (!Array.isArray(file.layers) || file.layers.length === 0) bad("layers", "a non-empty array", file.layers);
  if (!file.weights || typeof file.weights !== "object") bad("weights", "an object", file.weights);
  const layers = file.layers.map((l, i) => {
    const factory = factories.get(l?.type);
    if (!factory) bad(`layers[${i}].type`, `a known layer type (${[...factories.keys()].join(", ")}, or one registered with registerLayer)`, l?.type);
    const config = l.config ?? {};
    if (typeof config !== "object" || Array.isArray(config)) bad(`layers[${i}].config`, "an object (the layer's options)", l.config);
    try {
      return factory(config);
    } catch (error) {
      // "Dropout: rate must be in [0, 1)" said nothing of the file or of which layer
      if (error instanceof NnlabError) throw new NnlabError(`loadModel: layers[${i}] (${l.type}): ${error.message}`);
      throw error;
    }
  });
  // Sizes are checked before anything is allocated: a corrupt "units": 1e12 must be an error, not gigabytes.
  if (!Number.isSafeInteger(file.inputSize) || file.inputSize <= 0) bad("inputSize", "a positive integer", file.inputSize);
  let width = file.inputSize;
  let weightCount = 0;
  file.layers.forEach((l, i) => {
    const units = (l?.config as { units?: unknown } | undefined)?.units;
    if (l?.type !== "dense") return;
    if (typeof units !== "number" || !Number.isSafeInteger(units) || units <= 0) bad(`layers[${i}].config.units`, "a positive integer", units);
    weightCount += (width + 1) * units;
    width = units;
  });
  const stored = Object.values(file.weights).reduce((n, w) => n + (Array.isArray((w as { values?: unknown })?.values) ? (w as { values: unknown[] }).values.length : 0), 0);
  if (weightCount > Math.max(stored, 1e7)) {
    bad("inputSize and layers", `an architecture whose ${weightCount} parameters the file holds (it stores ${stored} values)`, file.layers.map((l) => (l?.config as { units?: unknown } | undefined)?.units));
  }
  const model = new Sequential({
    inputSize: file.inputSize,
    layers,
    dtype: options.dtype ?? file.dtype,
    seed: Number.isSafeInteger(file.seed) ? file.seed : 0,
  });
  for (const p of model.params()) {
    const w = file.weights[p.name];
    if (!w) bad(`weights.${p.name}`, `present (the architecture has ${p.value.rows}x${p.value.cols})`, w);
    if (!Array.isArray(w.shape) || w.shape[0] !== p.value.rows || w.shape[1] !== p.value.cols) {
      bad(`weights.${p.name}.shape`, `[${p.value.rows}, ${p.value.cols}]`, w.shape);
    }
    if (!Array.isArray(w.values) || w.values.length !== p.value.size) {
      bad(`weights.${p.name}.values`, `an array of ${p.value.size} numbers`, w.values?.length ?? w.values);
    }
    for (let i = 0; i < w.values.length; i++) {
      if (typeof w.values[i] !== "number" || !Number.isFinite(w.values[i])) bad(`weights.${p.name}.values[${i}]`, "a finite number", w.values[i]);
    }
    p.value.data.set(w.values);
  }
  // weights the architecture has no place for: a file whose layers say useBias false but that holds b1 is
  // inconsistent, and predicting without the bias it holds gave other classes silently
  const known = new Set(model.params().map((p) => p.name));
  const stray = Object.keys(file.weights).find((name) => !known.has(name));
  if (stray !== undefined) bad("weights", `the architecture's weights alone (${[...known].join(", ")}), not ${stray}`, Object.keys(file.weights));
  if (file.normalization) {
    const { mean, std } = file.normalization;
    if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== file.inputSize || std.length !== file.inputSize) {
      bad("normalization", `{ mean, std } with ${file.inputSize} values each`, file.normalization);
    }
    mean.forEach((v, j) => (typeof v === "number" && Number.isFinite(v) ? undefined : bad(`normalization.mean[${j}]`, "a finite number", v)));
    // Inputs are divided by std: a 0 (or less) would send every prediction to infinity or NaN. nnlab saves
    // a feature that was constant in training with std 1, so a 0 here is a corrupt or hand-edited file.
    std.forEach((v, j) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : bad(`normalization.std[${j}]`, "a finite number > 0 (a feature constant in training is saved with std 1)", v)));
    model.normalization = new Standardization(mean, std);
  }
  if (file.targetNormalization != null) {
    const { mean, std } = file.targetNormalization;
    // one mean and std per output, as predict() applies them (a library model may have several outputs)
    const k = model.outputSize;
    if (!Array.isArray(mean) || !Array.isArray(std) || mean.length !== k || std.length !== k) {
      bad("targetNormalization", `{ mean, std } with ${k} value${k === 1 ? "" : "s"} each (one per output)`, file.targetNormalization);
    }
    mean.forEach((v, j) => (typeof v === "number" && Number.isFinite(v) ? undefined : bad(`targetNormalization.mean[${j}]`, "a finite number", v)));
    std.forEach((v, j) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? undefined : bad(`targetNormalization.std[${j}]`, "a finite number > 0", v)));
    model.targetNormalization = new Standardization(mean, std);
  }
  // m of the penalty lambda / (2m): 0 made every cost infinite, a negative one rewarded large weights
  if (file.trainingExamples != null && !(Number.isSafeInteger(file.trainingExamples) && file.trainingExamples > 0)) {
    bad("trainingExamples", "a positive integer (the training set's size) or null", file.trainingExamples);
  }
  model.trainingExamples = file.trainingExamples ?? null;
  if (file.classes != null) model.classes = checkClasses(file.classes, model.outputSize);
  if (file.featureNames != null) {
    if (!Array.isArray(file.featureNames) || file.featureNames.length !== file.inputSize) {
      bad("featureNames", `${file.inputSize} names or null`, file.featureNames);
    }
    // names, each once: numbers were taken for column indices by predict, and a repeated name matched one column twice
    const names = file.featureNames as unknown[];
    const wrong = names.findIndex((n, j) => typeof n !== "string" || names.indexOf(n) !== j);
    if (wrong >= 0) bad(`featureNames[${wrong}]`, "a column name (a string), each name once", names[wrong]);
    model.featureNames = file.featureNames;
  }
  if (file.outputs !== undefined) {
    if (file.outputs !== "classes" && file.outputs !== "values") bad("outputs", '"classes" or "values"', file.outputs);
    if (file.outputs === "values" && file.classes != null) bad("outputs", '"classes" for a model with class labels', file.outputs);
    model.outputKind = file.outputs;
  }
  // a classifier's outputs are probabilities: a target standardization made them std * p + mean (above 1)
  if (model.targetNormalization && (file.classes != null || file.outputs === "classes")) {
    bad("targetNormalization", "null for a classifier (only a regression's target is standardized)", file.targetNormalization);
  }
  if (file.inputFeaturesFrom != null) {
    const from = file.inputFeaturesFrom;
    if (!Array.isArray(from) || from.length !== 2 || !from.every((c) => typeof c === "string")) bad("inputFeaturesFrom", "the two column names the input features are computed from", from);
    const computed = (model.featureNames ?? []).filter((f) => !(INPUT_FEATURES as readonly string[]).includes(f));
    if (!model.featureNames || computed.length) bad("featureNames", `input features (${INPUT_FEATURES.join(", ")}) beside inputFeaturesFrom`, model.featureNames);
    model.inputFeaturesFrom = from;
  }
  if (file.labelName != null) {
    if (typeof file.labelName !== "string") bad("labelName", "the label column's name or null", file.labelName);
    model.labelName = file.labelName;
  }
  return model;
}

/** A copy of the model (weights, normalization and loss; not the optimizer or its state), optionally in another dtype. */
export function cloneModel(model: Sequential, dtype?: DType): Sequential {
  checkModel("cloneModel", model);
  const copy = loadModel(modelToJSON(model), { dtype: dtype ?? model.dtype });
  copy.loss = model.loss;
  copy.normalization = model.normalization; // keeps fittedIds too
  copy.targetNormalization = model.targetNormalization;
  return copy;
}
