import type { Dataset } from "../data/dataset.js";
import { checkOptions, fail, failReceived } from "../errors.js";
import { checkModel, type Sequential } from "../model/sequential.js";
import { Tensor } from "../tensor/tensor.js";
import { FIT_OPTION_KEYS, type FitOptions } from "./fit-options.js";
import type { History } from "./history.js";
import { Trainer } from "./trainer.js";

export type { FitOptions } from "./fit-options.js";

/**
 * Trains `model` on (x, y), or on a Dataset (whose classes and feature names the model then keeps); see
 * FitOptions and History. The loop lives here, not in the model: the model knows nothing of training.
 */
export function fit(model: Sequential, x: Tensor, y: Tensor, options: FitOptions): History;
export function fit(model: Sequential, data: Dataset, options: FitOptions): History;
export function fit(model: Sequential, xOrData: Tensor | Dataset, yOrOptions: Tensor | FitOptions, maybeOptions?: FitOptions): History {
  return trainerFor("fit", model, xOrData, yOrOptions, maybeOptions).run();
}

/** The Trainer of fit's and fitAsync's arguments: (x, y, options), or a Dataset (its classes and names kept by the model) and options. */
function trainerFor(where: string, model: Sequential, xOrData: Tensor | Dataset, yOrOptions: Tensor | FitOptions, maybeOptions?: FitOptions): Trainer {
  checkModel(where, model);
  const options = xOrData instanceof Tensor ? maybeOptions : yOrOptions;
  if (options && typeof options === "object" && !(options instanceof Tensor)) {
    checkOptions(where, options, where === "fitAsync" ? [...FIT_OPTION_KEYS, "yieldEveryMs"] : FIT_OPTION_KEYS, "{ epochs: 10 }");
  }
  if (xOrData instanceof Tensor) return new Trainer(model, xOrData, yOrOptions as Tensor, maybeOptions!);
  const data = xOrData;
  if (!data || !(data.x instanceof Tensor) || !(data.y instanceof Tensor)) fail(where, "(model, x, y, options) or (model, dataset, options)", data);
  if (data.classes && data.task !== "regression" && model.loss?.task !== "regression") {
    // the labels are the model's from here on (predictLabels, the saved file): one per class its output tells
    // apart, else predictLabels gave null for the classes without one and loadModel refused the saved file
    const expected = model.outputSize === 1 ? 2 : model.outputSize;
    if (data.classes.length !== expected) {
      const output = model.outputSize === 1 ? "1-unit output (P(class 1))" : `${model.outputSize} output units`;
      failReceived(where, `the dataset must have ${expected} classes, one per class of the model's ${output}`, `${data.classes.length} classes ${JSON.stringify(data.classes).slice(0, 60)}`);
    }
  }
  if (data.classes) model.classes = data.classes;
  if (data.featureNames) model.featureNames = data.featureNames;
  if (data.inputFeaturesFrom) model.inputFeaturesFrom = data.inputFeaturesFrom;
  if (data.labelName) model.labelName = data.labelName;
  return new Trainer(model, data.x, data.y, yOrOptions as FitOptions);
}

/**
 * fit that hands the event loop back at least every `yieldEveryMs` (default 50 ms), between epochs, so
 * that a signal handler (Ctrl-C), a UI or a message can run during training; same results as fit.
 */
export async function fitAsync(model: Sequential, x: Tensor, y: Tensor, options: FitOptions & { yieldEveryMs?: number }): Promise<History>;
export async function fitAsync(model: Sequential, data: Dataset, options: FitOptions & { yieldEveryMs?: number }): Promise<History>;
export async function fitAsync(
  model: Sequential,
  xOrData: Tensor | Dataset,
  yOrOptions: Tensor | (FitOptions & { yieldEveryMs?: number }),
  maybeOptions?: FitOptions & { yieldEveryMs?: number },
): Promise<History> {
  // fit's Dataset form too (it said "fit: options { epochs, ... }; received undefined")
  const options = (xOrData instanceof Tensor ? maybeOptions : yOrOptions) as (FitOptions & { yieldEveryMs?: number }) | undefined;
  const trainer = trainerFor("fitAsync", model, xOrData, yOrOptions, maybeOptions);
  const every = options?.yieldEveryMs ?? 50;
  let last = Date.now();
  while (trainer.runEpoch()) {
    if (Date.now() - last >= every) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      last = Date.now();
    }
  }
  return trainer.finish();
}
