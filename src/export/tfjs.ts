import { NnlabError } from "../errors.js";
import type { Sequential } from "../model/sequential.js";
import { type ExportStep, exportPlan } from "./plan.js";
import { littleEndian } from "./protobuf.js";

export interface ToTfjsOptions {
  /** The weights file named in the manifest. Default "weights.bin". */
  weightsPath?: string;
  /** Written as the model's `generatedBy`. Default "nnlab". */
  generatedBy?: string;
}

/** One weight in a tfjs weights manifest. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: "float32";
}

/** A TensorFlow.js layers model: the model.json object and the weights.bin bytes it names. */
export interface TfjsModel {
  modelJson: {
    format: "layers-model";
    generatedBy: string;
    convertedBy: null;
    modelTopology: Record<string, unknown>;
    weightsManifest: Array<{ paths: string[]; weights: TfjsWeightSpec[] }>;
    userDefinedMetadata?: Record<string, unknown>;
  };
  weights: Uint8Array;
}

const ACTIVATION: Record<string, string> = { relu: "relu", tanh: "tanh", sigmoid: "sigmoid", softmax: "softmax" };

/**
 * The model as a TensorFlow.js layers model (what `tf.loadLayersModel` reads): a Sequential of Dense,
 * LeakyReLU, Activation and Dropout layers. tfjs has no normalization layer, so the standardization is
 * folded into the first Dense layer: W' = W / std (row by row), b' = b - (mean / std) W, computed in
 * float64. tfjs computes in float32: the weights are written as float32 whatever the model's dtype.
 */
export function toTfjs(model: Sequential, options: ToTfjsOptions = {}): TfjsModel {
  const plan = exportPlan(model, "toTfjs");
  const steps = plan.steps.map((s) => (s.kind === "dense" ? { ...s, weight: Float64Array.from(s.weight), bias: s.bias ? Float64Array.from(s.bias) : null } : s));
  if (plan.normalization) foldNormalization(steps, plan.normalization);
  const layers: Array<{ class_name: string; config: Record<string, unknown> }> = [];
  const specs: TfjsWeightSpec[] = [];
  const values: number[][] = [];
  const counts: Record<string, number> = {};
  const name = (kind: string) => `${kind}_${(counts[kind] = (counts[kind] ?? 0) + 1)}`;
  for (const step of steps) {
    const config: Record<string, unknown> = {};
    let className: string;
    if (step.kind === "dense") {
      className = "Dense";
      const layerName = name("dense");
      Object.assign(config, {
        name: layerName,
        trainable: true,
        units: step.units,
        activation: "linear",
        use_bias: step.bias !== null,
        kernel_initializer: { class_name: "Zeros", config: {} },
        bias_initializer: { class_name: "Zeros", config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      });
      specs.push({ name: `${layerName}/kernel`, shape: [step.inputs, step.units], dtype: "float32" });
      values.push(Array.from(step.weight));
      if (step.bias) {
        specs.push({ name: `${layerName}/bias`, shape: [step.units], dtype: "float32" });
        values.push(Array.from(step.bias));
      }
    } else if (step.kind === "dropout") {
      className = "Dropout";
      Object.assign(config, { name: name("dropout"), trainable: true, rate: step.rate, noise_shape: null, seed: null });
    } else if (step.name === "leakyRelu") {
      className = "LeakyReLU";
      Object.assign(config, { name: name("leaky_re_lu"), trainable: true, alpha: step.alpha });
    } else {
      className = "Activation";
      Object.assign(config, { name: name("activation"), trainable: true, activation: ACTIVATION[step.name] });
    }
    config.dtype = "float32";
    layers.push({ class_name: className, config });
  }
  // An activation right after a Dense becomes that Dense's activation: the usual Keras shape.
  for (let i = layers.length - 1; i > 0; i--) {
    if (layers[i]!.class_name === "Activation" && layers[i - 1]!.class_name === "Dense" && layers[i - 1]!.config.activation === "linear") {
      layers[i - 1]!.config.activation = layers[i]!.config.activation;
      layers.splice(i, 1);
    }
  }
  layers[0]!.config.batch_input_shape = [null, plan.inputSize];
  const weightsPath = options.weightsPath ?? "weights.bin";
  const metadata: Record<string, unknown> = { nnlab: { dtype: plan.dtype, normalizationFolded: plan.normalization !== null, classes: plan.labels, featureNames: plan.featureNames } };
  return {
    modelJson: {
      format: "layers-model",
      generatedBy: options.generatedBy ?? "nnlab",
      convertedBy: null,
      modelTopology: {
        class_name: "Sequential",
        config: { name: "sequential", layers },
        keras_version: "tfjs-layers 4.22.0",
        backend: "tensor_flow.js",
      },
      weightsManifest: [{ paths: [weightsPath], weights: specs }],
      userDefinedMetadata: metadata,
    },
    weights: littleEndian(values.flat(), "float32"),
  };
}

/** x' = (x - mean) / std into the first Dense: W'[i][j] = W[i][j] / std[i], b'[j] = b[j] - sum_i mean[i] / std[i] W[i][j]. */
function foldNormalization(steps: ExportStep[], normalization: { mean: Float64Array; std: Float64Array }): void {
  const first = steps.find((s) => s.kind !== "dropout");
  if (!first || first.kind !== "dense") {
    throw new NnlabError("toTfjs: the input normalization can only be folded into a first Dense layer; this model starts with an activation");
  }
  const { inputs, units, weight } = first;
  const bias = first.bias ?? new Float64Array(units);
  for (let i = 0; i < inputs; i++) {
    const std = normalization.std[i]!;
    const shift = normalization.mean[i]! / std;
    for (let j = 0; j < units; j++) {
      bias[j] = bias[j]! - shift * weight[i * units + j]!;
      weight[i * units + j] = weight[i * units + j]! / std;
    }
  }
  first.bias = bias;
}
