import { checkPositive, fail, NnlabError } from "../errors.js";
import { cloneModel } from "../io/model-file.js";
import { Activation } from "../layers/activation.js";
import { Dense } from "../layers/dense.js";
import { Dropout } from "../layers/dropout.js";
import { isOutputActivationLayer, type Layer, type Mode } from "../layers/layer.js";
import type { Sequential } from "../model/sequential.js";
import type { Tensor } from "../tensor/tensor.js";
import { checkGradientCheckOptions, compareChecked, GRADIENT_CHECK_OPTIONS, type GradientCheckOptions, type GradientCheckReport } from "./gradient-comparison.js";

export interface ModelGradientCheckOptions extends GradientCheckOptions {
  /** m of the regularization term. Default: the model's training-set size, else x.rows. */
  m?: number;
  /**
   * "eval" (default) checks the network with dropout off. "train" keeps dropout on, which is only
   * allowed when every dropout layer has a fixed mask (otherwise each cost evaluation would draw a new
   * mask and the check would compare noise).
   */
  mode?: Mode;
}

export interface ModelGradientCheckReport extends GradientCheckReport {
  /** The cost J (data loss + regularization) at the checked parameters, in the target's units. */
  cost: number;
  /**
   * What J is the optimized cost times (the target's variance under a target normalization, else 1): the
   * gradients checked are those of J / costScale, the cost the optimizer minimizes.
   */
  costScale: number;
  /** True when the model has dropout and it was switched off for the check. */
  dropoutSwitchedOff: boolean;
}

/**
 * A float32 model's float64 copy for the check, with its dropout layers' fixed masks (a model file does not
 * keep them: a float32 model with its masks set was refused "a dropout layer drawing fresh masks"). A custom
 * layer needs registerLayer for the copy, which the message says.
 */
function float64Copy(model: Sequential): Sequential {
  let copy: Sequential;
  try {
    copy = cloneModel(model, "float64");
  } catch (error) {
    if (error instanceof NnlabError) throw new NnlabError(`checkGradients: a float32 model is checked on a float64 copy, which failed: ${error.message} (register a custom layer with registerLayer, or check a float64 model)`);
    throw error;
  }
  const masks = model.layers.map((l) => (l instanceof Dropout ? l.fixedMaskTensor : null));
  copy.layers.forEach((l, i) => {
    if (l instanceof Dropout && masks[i]) l.setFixedMask(masks[i]!.clone("float64"));
  });
  return copy;
}

/**
 * Gradient checking: backprop's gradient of J (data loss + regularization, the model's loss) against
 * finite differences over every parameter (or a random `sample`), in float64 — on the model itself
 * when it is float64, else on a float64 copy. Reports the difference overall and per tensor (dW1, db1,
 * ...), the worst entries with both values, and a verdict by band.
 */
export function checkGradients(
  model: Sequential,
  x: Tensor,
  y: Tensor,
  options: ModelGradientCheckOptions = {},
): ModelGradientCheckReport {
  checkGradientCheckOptions("checkGradients", options, [...GRADIENT_CHECK_OPTIONS, "m", "mode"]);
  if (options.mode !== undefined && options.mode !== "eval" && options.mode !== "train") fail("checkGradients", 'options.mode must be "eval" or "train"', options.mode);
  if (options.m !== undefined) checkPositive("checkGradients", "options.m (the examples the regularization term divides by)", options.m);
  model.requireLoss("checkGradients");
  const work = model.dtype === "float64" ? model : float64Copy(model);
  const mode = options.mode ?? "eval";
  const dropouts = work.layers.filter((l): l is Dropout => l instanceof Dropout);
  if (mode === "train" && dropouts.some((d) => !d.hasFixedMask && d.rate > 0)) {
    throw new NnlabError(
      'checkGradients: mode "train" needs a fixed mask on every dropout layer (Dropout.setFixedMask); received a dropout layer drawing fresh masks',
    );
  }
  const input = work.prepareInputs(x, "checkGradients").clone("float64");
  work.checkTargets(y, x.rows, "checkGradients");
  const target = y.clone("float64");
  const m = options.m ?? work.trainingExamples ?? x.rows;

  const cost = work.computeGradients(input, target, { mode, m });
  const params = work.params();
  const analytic = params.map((p) => Float64Array.from(p.grad.data));
  // the gradients are those of the optimized cost: the reported one over costScale (a regression target's
  // variance under its normalization, else 1)
  const scale = work.costScale;
  const report = compareChecked(
    params.map((p, i) => ({ name: p.name, values: p.value.data, cols: p.value.cols, analytic: analytic[i]! })),
    () => work.cost(input, target, { mode, m }) / scale,
    {
      ...options,
      crossedKink: options.crossedKink ?? kinkWatch(work, () => work.cost(input, target, { mode, m })) ?? undefined,
      kinkSource: options.kinkSource ?? kinkSource(work),
      ...(options.crossedKink || options.kinkWhat ? {} : { kinkWhat: kinkWhat(work) }),
    },
  );
  return { ...report, cost, costScale: scale, dropoutSwitchedOff: mode === "eval" && dropouts.some((d) => d.rate > 0) };
}

/** A ReLU or leaky ReLU unit: the cost's kinks the check knows of (the rest of the built-in activations are smooth). */
function hasKink(layer: Layer): boolean {
  return isOutputActivationLayer(layer) && (layer.activationName === "relu" || layer.activationName === "leakyRelu");
}

/**
 * Where the model's cost may have kinks, for the message's hint: its ReLU and leaky ReLU units, else a
 * custom layer (not known to be smooth), else none (Dense, Activation and Dropout with smooth activations).
 */
function kinkSource(model: Sequential): "relu" | "customLayer" | "none" {
  if (model.layers.some(hasKink)) return "relu";
  // the classes themselves: a subclass may override forward with a function of its own
  return model.layers.every((l) => l.constructor === Dense || l.constructor === Activation || l.constructor === Dropout) ? "none" : "customLayer";
}

/** The parameters under an L1 penalty, whose |w| has a kink at 0. */
const l1Params = (model: Sequential) => model.params().filter((p) => (p.regularizer?.config.l1 ?? 0) > 0);

/** What kinkWatch watches, in the message's words. */
function kinkWhat(model: Sequential): string {
  const relu = model.layers.some(hasKink);
  const l1 = l1Params(model).length > 0;
  return relu && l1 ? "a ReLU unit's input, or an L1-penalized weight," : l1 ? "an L1-penalized weight" : "a ReLU unit's input";
}

/**
 * Watches the model's kinks: its ReLU and leaky ReLU units' inputs, and its L1-penalized weights (|w| at
 * 0: a weight within epsilon of 0 read a difference of 5.7e-2 as round-off, an audit helper). Records on
 * which side of 0 each lies at the unperturbed parameters (evaluating `cost` once), and returns a function
 * that says whether the last evaluation put any on the other side. Null when the model has neither.
 */
function kinkWatch(model: Sequential, cost: () => number): (() => boolean) | null {
  const layers = model.layers.filter(hasKink).map((l) => l as unknown as { logits(): Tensor });
  const penalized = l1Params(model).map((p) => p.value.data);
  if (layers.length === 0 && penalized.length === 0) return null;
  cost();
  const sign = (v: number) => (v > 0 ? 1 : v < 0 ? 2 : 0);
  const sides = layers.map((l) => Uint8Array.from(l.logits().data, (z) => (z > 0 ? 1 : 0)));
  const signs = penalized.map((w) => Uint8Array.from(w, sign));
  return () =>
    layers.some((l, k) => {
      const z = l.logits().data;
      const side = sides[k]!;
      for (let i = 0; i < z.length; i++) if ((z[i]! > 0 ? 1 : 0) !== side[i]) return true;
      return false;
    }) ||
    penalized.some((w, k) => {
      const was = signs[k]!;
      for (let i = 0; i < w.length; i++) if (sign(w[i]!) !== was[i]) return true;
      return false;
    });
}
