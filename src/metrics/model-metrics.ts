/** The metrics of a trained model on a labelled set: per-class figures for a classifier, MSE/MAE/R^2 for regression. */
import { failReceived } from "../errors.js";
import { checkTensor } from "../tensor/check-tensor.js";
import { checkModel, type Sequential } from "../model/sequential.js";
import { trueClass } from "../model/count-correct.js";
import type { Tensor } from "../tensor/tensor.js";
import { type ClassificationMetrics, classificationMetrics } from "./classification.js";
import { type RegressionMetrics, regressionMetrics } from "./regression.js";

export type Metrics = ClassificationMetrics | RegressionMetrics;

/**
 * The model's metrics on inputs x (raw: the model's normalization is applied) with targets y (a 0/1
 * column, class indices or one-hot rows, or real values). Classes are labelled with `model.classes`
 * when it has them. Regression is decided by what the model predicts (model.predictsClasses()).
 */
export function modelMetrics(model: Sequential, x: Tensor, y: Tensor): Metrics {
  checkModel("modelMetrics", model);
  checkTensor("modelMetrics", "x", x);
  checkTensor("modelMetrics", "y", y);
  if (y.rows !== x.rows) failReceived("modelMetrics", `y must have one row per example of x (${x.rows})`, `${y.rows} rows`);
  // by what the model predicts, not by its loss: a model read back from its file has no loss, and a
  // regression's real targets then threw "class indices must be integers" (0/1 targets scored as classes)
  if (!model.predictsClasses()) return regressionMetrics(y.data, model.predict(x).data, y.cols);
  const predicted = model.classify(x);
  const k = model.outputSize === 1 ? 2 : model.outputSize;
  const actual = Array.from({ length: y.rows }, (_, r) => trueClass(y, r, model.outputSize));
  const labels = model.classes && model.classes.length === k ? model.classes : undefined;
  return classificationMetrics(actual, predicted, k, labels);
}
