import { checkPositiveInteger, fail, failReceived, NnlabError } from "../errors.js";
import { belongsToModel } from "../model/sequential.js";
import { checkTensor } from "../tensor/check-tensor.js";
import type { Layer, Mode } from "../layers/layer.js";
import type { Loss } from "../losses/loss.js";
import type { Regularizer } from "../regularizers/regularizer.js";
import { Rng } from "../tensor/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { checkGradientCheckOptions, compareChecked, GRADIENT_CHECK_OPTIONS, type GradientCheckOptions, type GradientCheckReport } from "./gradient-comparison.js";

function randomTensor(rows: number, cols: number, rng: Rng): Tensor {
  const t = Tensor.zeros(rows, cols, "float64");
  for (let i = 0; i < t.data.length; i++) t.data[i] = rng.normal();
  return t;
}

export interface LayerCheckOptions extends GradientCheckOptions {
  /** Input features, when the layer is not built yet. */
  inputSize: number;
  /** Examples in the random batch. Default 4. */
  rows?: number;
  /** Seed for the layer's build, the input and the upstream gradient. Default 0. */
  seed?: number;
  /** Mode of the forward pass ("train" for a dropout layer with a fixed mask). Default "train". */
  mode?: Mode;
  /** Use this input instead of a random one. */
  input?: Tensor;
}

/**
 * Checks one layer's backward against its forward, for its parameters and its input: with a random
 * batch X and a random upstream gradient G, backward(G) must equal the gradient of
 * L = sum(forward(X) * G). The layer is built in float64 here, so pass an unbuilt layer. This is how a
 * custom layer is tested.
 */
export function checkLayer(layer: Layer, options: LayerCheckOptions): GradientCheckReport {
  if (!layer || typeof layer !== "object" || typeof layer.build !== "function" || typeof layer.forward !== "function" || typeof layer.backward !== "function") {
    fail("checkLayer", "layer must be a Layer (build, forward, backward, params), e.g. new Dense({ units: 3 })", layer);
  }
  // it rebuilds the layer in float64: a model's layer had its trained weights replaced without a word
  if (belongsToModel(layer)) throw new NnlabError("checkLayer: expected an unbuilt layer; received one that belongs to a model (checking it would rebuild it and overwrite the model's weights): pass a new layer of the same kind");
  if (!options || typeof options !== "object") fail("checkLayer", "options { inputSize, ... }", options);
  checkGradientCheckOptions("checkLayer", options, [...GRADIENT_CHECK_OPTIONS, "inputSize", "rows", "seed", "mode", "input"]);
  if (options.input !== undefined) checkTensor("checkLayer", "options.input", options.input);
  checkPositiveInteger("checkLayer", "options.inputSize (the layer's input features)", options.inputSize);
  if (options.input !== undefined && options.input.cols !== options.inputSize) {
    failReceived("checkLayer", `options.input must have options.inputSize (${options.inputSize}) columns`, `${options.input.cols} columns`);
  }
  const rng = new Rng(options.seed ?? 0);
  const rows = options.rows ?? 4;
  const mode = options.mode ?? "train";
  const outputSize = layer.build({ inputSize: options.inputSize, dtype: "float64", rng: rng.fork() });
  layer.inputGradientNeeded = true;
  const x = options.input ? options.input.clone("float64") : randomTensor(rows, options.inputSize, rng);
  const upstream = randomTensor(x.rows, outputSize, rng);
  const objective = (): number => {
    const out = layer.forward(x, mode);
    let sum = 0;
    for (let i = 0; i < out.data.length; i++) sum += out.data[i]! * upstream.data[i]!;
    return sum;
  };
  // A forward that draws random numbers (a dropout layer without a fixed mask) gives every finite
  // difference another function: the check read "almost surely wrong" (1.0) for a correct Dropout.
  const first = objective();
  const again = objective();
  if (!Object.is(first, again)) {
    throw new NnlabError(
      `checkLayer: expected a layer whose forward gives the same output for the same input in mode "${mode}"; received one that gave ${first} and then ${again} (random, as a Dropout drawing fresh masks is: set one with setFixedMask, or check it in mode "eval")`,
    );
  }
  const inputGrad = Float64Array.from(layer.backward(upstream).data);
  const params = layer.params();
  const tensors = [
    ...params.map((p) => ({ name: p.name, values: p.value.data, cols: p.value.cols, analytic: Float64Array.from(p.grad.data) })),
    { name: "input", values: x.data, cols: x.cols, analytic: inputGrad },
  ];
  return compareChecked(tensors, objective, options);
}

/**
 * Checks a loss's gradient with respect to the network output, and, when it pairs with an activation,
 * its logits path (valueFromLogits against logitsGradient through that activation).
 */
export function checkLoss(
  loss: Loss,
  output: Tensor,
  target: Tensor,
  options: GradientCheckOptions & { activation?: (logits: Tensor) => Tensor } = {},
): GradientCheckReport {
  checkGradientCheckOptions("checkLoss", options, [...GRADIENT_CHECK_OPTIONS, "activation"]);
  const out = output.clone("float64");
  const y = target.clone("float64");
  const grad = Tensor.zeros(out.rows, out.cols, "float64");
  const activation = options.activation;
  const viaLogits = activation !== undefined && loss.valueFromLogits !== undefined && loss.logitsGradient !== undefined;
  // Via logits, `output` holds logits and the activation maps them to what logitsGradient expects.
  if (viaLogits) loss.logitsGradient!(activation(out), y, grad);
  else loss.gradient(out, y, grad);
  return compareChecked(
    [{ name: viaLogits ? "logits" : "output", values: out.data, cols: out.cols, analytic: grad.data }],
    viaLogits ? () => loss.valueFromLogits!(out, y) : () => loss.value(out, y),
    options,
  );
}

/** Checks a regularizer's gradient against its penalty on weights `w`, with m training examples. */
export function checkRegularizer(
  regularizer: Regularizer,
  w: Tensor,
  m: number,
  options: GradientCheckOptions = {},
): GradientCheckReport {
  checkGradientCheckOptions("checkRegularizer", options);
  const values = w.clone("float64");
  const grad = Tensor.zeros(values.rows, values.cols, "float64");
  regularizer.addGradient(values, m, grad);
  return compareChecked(
    [{ name: "W", values: values.data, cols: values.cols, analytic: grad.data }],
    () => regularizer.penalty(values, m),
    options,
  );
}
