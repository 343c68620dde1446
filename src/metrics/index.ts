/**
 * Metrics: the confusion matrix, per-class precision, recall, F1 and support with their macro and
 * weighted averages, accuracy; MSE, MAE and R^2 for regression. Browser-safe. 0/0 is 0 throughout
 * (scikit-learn's zero_division=0).
 */
export {
  classificationMetrics,
  confusionMatrix,
  metricsFromConfusion,
  ratio,
  type AveragedMetrics,
  type ClassificationMetrics,
  type ClassMetrics,
} from "./classification.js";
export { regressionMetrics, type RegressionMetrics } from "./regression.js";
export { modelMetrics, type Metrics } from "./model-metrics.js";
export { classWeights, type ClassWeightSpec } from "./class-weights.js";
