import { NnlabError } from "../errors.js";
import { Activation } from "../layers/activation.js";
import type { ActivationName } from "../layers/activation-functions.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import type { Sequential } from "../model/sequential.js";
import type { DType } from "../tensor/tensor.js";

/** One inference step of a model, in the terms both export formats use. */
export type ExportStep =
  | { kind: "dense"; inputs: number; units: number; weight: Float32Array | Float64Array; bias: Float32Array | Float64Array | null }
  | { kind: "activation"; name: Exclude<ActivationName, "linear">; alpha?: number }
  | { kind: "dropout"; rate: number };

/** What an exported model computes: steps on standardized inputs, and how its outputs read. */
export interface ExportPlan {
  dtype: DType;
  inputSize: number;
  outputSize: number;
  steps: ExportStep[];
  normalization: { mean: Float64Array; std: Float64Array } | null;
  /**
   * A classifier's outputs are probabilities, and its predicted class is output > 0.5 for one unit, else
   * the first largest unit (as `Sequential.classify`); a regression's are the values.
   */
  classifier: boolean;
  /** The label of each class index (model.classes, or 0..k-1), for a classifier. */
  labels: Array<string | number> | null;
  featureNames: string[] | null;
}

/** The layers of `model` as export steps; a layer type the formats cannot express is an error. */
export function exportPlan(model: Sequential, where: string): ExportPlan {
  if (!model || typeof model !== "object" || !Array.isArray(model.layers)) {
    throw new NnlabError(`${where}: expected a Sequential model; received ${typeof model}`);
  }
  const steps: ExportStep[] = [];
  let width = model.inputSize;
  model.layers.forEach((layer, i) => {
    if (layer instanceof Dense) {
      const [w, b] = layer.params();
      steps.push({ kind: "dense", inputs: width, units: layer.units, weight: w!.value.data, bias: b ? b.value.data : null });
      width = layer.units;
      const name = layer.activation.name;
      if (name !== "linear") steps.push({ kind: "activation", name, ...(name === "leakyRelu" ? { alpha: layer.activation.config.alpha! } : {}) });
    } else if (layer instanceof Dropout) {
      steps.push({ kind: "dropout", rate: layer.rate });
    } else if (layer instanceof Activation) {
      const name = layer.fn.name;
      if (name !== "linear") steps.push({ kind: "activation", name, ...(name === "leakyRelu" ? { alpha: layer.fn.config.alpha! } : {}) });
    } else {
      throw new NnlabError(
        `${where}: layers[${i}] (type "${(layer as { type?: unknown })?.type}") cannot be exported; ONNX and TensorFlow.js export know dense, dropout and activation layers`,
      );
    }
  });
  const last = [...steps].reverse().find((s) => s.kind !== "dropout");
  if (model.targetNormalization) foldTargetNormalization(last, model.targetNormalization, where);
  // as predict() and nnlab predict read the model: its loss, else what its file says, else its last
  // activation (a sigmoid output trained as a regression was exported as a classifier of label 0)
  const classifier = model.predictsClasses();
  const k = model.outputSize === 1 ? 2 : model.outputSize;
  return {
    dtype: model.dtype,
    inputSize: model.inputSize,
    outputSize: model.outputSize,
    steps,
    normalization: model.normalization ? { mean: model.normalization.mean, std: model.normalization.std } : null,
    classifier,
    labels: classifier ? (model.classes ?? Array.from({ length: k }, (_, j) => j)) : null,
    featureNames: model.featureNames,
  };
}

/**
 * A regression target's standardization folded into the last Dense layer, so that the exported graph
 * outputs the target's units as predict() does: std * (hW + b) + mean = h(W std) + (b std + mean). The step
 * gets scaled copies; the model's own weights are not touched.
 */
function foldTargetNormalization(last: ExportStep | undefined, target: { mean: Float64Array; std: Float64Array }, where: string): void {
  if (last?.kind !== "dense") {
    throw new NnlabError(`${where}: the target normalization can only be folded into a last Dense layer without an activation; this model ends with ${last ? `a ${last.kind === "activation" ? last.name : last.kind} step` : "no layer"}`);
  }
  // output j by its own mean and std, as predict() untransforms it (every output took output 0's: a second
  // output of mean 200 and std 20 came out at half its value)
  const units = last.units;
  if (target.mean.length !== units) throw new NnlabError(`${where}: expected a target normalization of ${units} values (one per output); received ${target.mean.length}`);
  const weight = last.weight.slice();
  for (let i = 0; i < weight.length; i++) weight[i] = weight[i]! * target.std[i % units]!;
  const bias = last.bias ? last.bias.slice() : new (last.weight instanceof Float64Array ? Float64Array : Float32Array)(last.units);
  for (let j = 0; j < bias.length; j++) bias[j] = bias[j]! * target.std[j]! + target.mean[j]!;
  last.weight = weight;
  last.bias = bias;
}
