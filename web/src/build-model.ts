import {
  Adam,
  Dense,
  Dropout,
  glorotNormal,
  heNormal,
  type Initializer,
  l1,
  l1l2,
  l2,
  type Layer,
  lecunNormal,
  Momentum,
  randomNormal,
  type Regularizer,
  Sequential,
  SGD,
  type Task,
  zeros,
} from "../../src/index.js";
import type { Settings } from "./settings.js";

function initializer(s: Settings): Initializer {
  switch (s.init) {
    case "zeros":
      return zeros();
    case "random":
      return randomNormal({ scale: s.initScale });
    case "he":
      return heNormal();
    case "lecun":
      return lecunNormal();
    case "glorot":
      return glorotNormal();
  }
}

function regularizer(s: Settings): Regularizer | undefined {
  if (s.l1 > 0 && s.l2 > 0) return l1l2({ l1: s.l1, l2: s.l2 });
  if (s.l2 > 0) return l2(s.l2);
  if (s.l1 > 0) return l1(s.l1);
  return undefined;
}

/**
 * The network the settings describe: hidden Dense layers (each followed by its Dropout when the rate
 * is > 0; never after the output), then an output layer matched to the task, compiled with the loss
 * that pairs with it. float64, so that a gradient check needs no copy and the course's numbers match.
 */
export function buildModel(s: Settings, inputSize: number, task: Task, classes: number): Sequential {
  const init = initializer(s);
  const kernelRegularizer = regularizer(s);
  const layers: Layer[] = [];
  s.hidden.forEach((units, i) => {
    layers.push(new Dense({ units, activation: s.activation, kernelInitializer: init, kernelRegularizer }));
    const rate = s.dropout[i] ?? 0;
    if (rate > 0) layers.push(new Dropout({ rate }));
  });
  const output =
    task === "binary"
      ? { units: 1, activation: "sigmoid" as const, loss: "binaryCrossEntropy" as const }
      : task === "multiclass"
        ? { units: classes, activation: "softmax" as const, loss: "softmaxCrossEntropy" as const }
        : { units: 1, activation: "linear" as const, loss: "meanSquaredError" as const };
  // The output layer is initialized like the hidden ones, so "zeros" really is all zeros.
  layers.push(new Dense({ units: output.units, activation: output.activation, kernelInitializer: init, kernelRegularizer }));
  const learningRate = s.learningRate;
  const optimizer =
    s.optimizer === "adam" ? new Adam({ learningRate }) : s.optimizer === "momentum" ? new Momentum({ learningRate }) : new SGD({ learningRate });
  return new Sequential({ inputSize, layers, dtype: "float64", seed: s.seed }).compile({ loss: output.loss, optimizer });
}
