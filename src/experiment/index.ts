/**
 * Experiments: one JSON spec (data, split, model, regularization, optimizer, training) that the library,
 * the CLI and the playground all run. parseSpec validates it; buildExperiment makes it concrete;
 * runExperiment trains, evaluates and diagnoses it.
 */
export { builtInDatasets, dropForeignOptimizerFields, experimentSpec, formatSpecIssues, parseSpec, plainExpectation, splitRatiosOf, withValue, type ExperimentSpec } from "./spec.js";
export { augmentationFor, buildModel, describeModel, makeOptimizer, normalizationFor, splitData, targetNormalizationFor, fitNormalizations } from "./build.js";
export {
  csvOptionsFor,
  csvTextLoader,
  isBuiltInSource,
  loadExperimentData,
  refuseSingleClass,
  type DataLoader,
  type LoadedData,
} from "./data-source.js";
export { buildExperiment, type BuildExperimentOptions, type Experiment } from "./experiment.js";
export type { RunJournal } from "./journal.js";
export { trainLoop, type TrainLoopOptions } from "./train-loop.js";
export { runExperiment, type ExperimentResult, type RunOptions } from "./run.js";
export { boundaryOf, experimentReport, misclassifiedImages, splitText } from "./report.js";
