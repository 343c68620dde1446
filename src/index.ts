/**
 * nnlab: train neural networks the practical way, and find out what is wrong with them.
 * This is the whole public API; it runs in Node and in the browser (file helpers live in "nnlab/node").
 */

// Errors
// (oneLine: a name or message as one printable line, control characters written as escapes)
export { NnlabError } from "./errors.js";

// Tensors and randomness
export { Tensor, type DType, type TypedArray } from "./tensor/tensor.js";
export { Rng, type RngState } from "./tensor/rng.js";
export { useFusedMultiplyAdd } from "./tensor/kernels.js";
// In a browser page served cross-origin isolated: large products on a Web Worker too (same bits).
export { stopWorkerThreads, useWorkerThreads } from "./tensor/wasm/worker-threads.js";

// Initializers
export {
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  randomNormal,
  varianceScaling,
  zeros,
  type Initializer,
  type InitializerName,
  type VarianceScalingOptions,
} from "./initializers/initializers.js";

// Regularizers
export { l1 } from "./regularizers/l1.js";
export { l2 } from "./regularizers/l2.js";
export { l1l2 } from "./regularizers/l1l2.js";
export type { Regularizer, RegularizerConfig } from "./regularizers/regularizer.js";

// Layers
export type { BuildContext, Layer, Mode, OutputActivationLayer, Param } from "./layers/layer.js";
export { Dense, type DenseOptions } from "./layers/dense.js";
export { Dropout, type DropoutOptions } from "./layers/dropout.js";
export { Activation, leakyRelu, relu, sigmoid, softmax, tanh } from "./layers/activation.js";
export type { ActivationFunction, ActivationName } from "./layers/activation-functions.js";

// Losses
export type { Loss, LossName } from "./losses/loss.js";
export { binaryCrossEntropy } from "./losses/binary-cross-entropy.js";
export { softmaxCrossEntropy } from "./losses/softmax-cross-entropy.js";
export { meanSquaredError } from "./losses/mean-squared-error.js";

// Optimizers
export type { Optimizer, OptimizerState } from "./optim/optimizer.js";
export { SGD, type SGDOptions } from "./optim/sgd.js";
export { Momentum, type MomentumOptions } from "./optim/momentum.js";
export { Adam, type AdamOptions } from "./optim/adam.js";

// Models
export { Sequential, type CompileOptions, type Evaluation, type SequentialOptions } from "./model/sequential.js";

export { cloneModel, loadModel, modelToJSON, registerLayer, saveModel, type ModelFile } from "./io/model-file.js";

// Export: ONNX (opset 13, float32/float64, normalization in the graph) and TensorFlow.js layers models
export { ONNX_NAMES, ONNX_OPSET, toOnnx, toTfjs, type TfjsModel, type TfjsWeightSpec, type ToOnnxOptions, type ToTfjsOptions } from "./export/index.js";

// Training
export { fit, fitAsync, type FitOptions } from "./train/fit.js";
export { Trainer } from "./train/trainer.js";
export type { TrainerSnapshot } from "./train/trainer-snapshot.js";
export { History, type EarlyStoppingRecord, type HistoryState, type InitialRecord, type StopRecord } from "./train/history.js";
export type { Callback, TrainingState } from "./train/callbacks/callback.js";
export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from "./train/callbacks/early-stopping.js";
export { Progress, type ProgressReport } from "./train/callbacks/progress.js";
export { TrainingDivergedError } from "./train/non-finite.js";

// Diagnosis
export {
  checkGradients,
  type ModelGradientCheckOptions,
  type ModelGradientCheckReport,
} from "./diagnose/check-gradients.js";
export { checkLayer, checkLoss, checkRegularizer, type LayerCheckOptions } from "./diagnose/check-layer.js";
export {
  compareGradients,
  type CheckedTensor,
  type EntryComparison,
  type GradientCheckOptions,
  type GradientCheckReport,
  type TensorComparison,
  type Verdict,
} from "./diagnose/gradient-comparison.js";

// The doctor: evidence measured from a run -> causes ranked, with advice; the learning-rate range test
export {
  CAUSE_RULES,
  CAUSE_TITLES,
  diagnosisLines,
  diagnose,
  gatherEvidence,
  recordRun,
  type Cause,
  type CauseId,
  type CauseRule,
  type CurveShape,
  type Diagnosis,
  type Evidence,
  type Finding,
  type LayerEvidence,
  type RecordRunInput,
  type RunRecord,
  type WorstRows,
} from "./diagnose/doctor/index.js";
export { lrRangeTest, lrRangeTestAsync, type LrRangeOptions, type LrRangePoint, type LrRangeResult } from "./diagnose/doctor/lr-find.js";
export { type Divergence, type DivergenceOptions, type DivergenceWatchState } from "./train/divergence.js";

// Experiments: the JSON spec the CLI, the playground and library users run (see src/experiment/index.ts)
export {
  buildExperiment,
  buildModel,
  csvTextLoader,
  experimentReport,
  experimentSpec,
  loadExperimentData,
  parseSpec,
  runExperiment,
  type BuildExperimentOptions,
  type DataLoader,
  type Experiment,
  type ExperimentResult,
  type ExperimentSpec,
  type LoadedData,
  type RunJournal,
  type RunOptions,
  type TrainLoopOptions,
} from "./experiment/index.js";

// Probes: the doctor's short experiments that confirm a cause, and runDoctor (what `nnlab doctor` runs)
export { runDoctor, type DoctorOptions, type DoctorResult, type Probe, type ProbeOutcome } from "./probes/index.js";

// Data
export { makeDataset, type Dataset, type Task } from "./data/dataset.js";
export { parseCsv } from "./data/csv.js";
export { type CsvDialect } from "./data/csv-dialect.js";
export { isRealDataset, loadRealDataset, realDatasets, type RealDatasetName } from "./data/real-datasets.js";
export { idxDataset, parseIdx, type IdxArray } from "./data/idx.js";
export type { CsvOptions, CsvProblem, CsvResult, CsvSummary } from "./data/csv-table.js";
export type { TextCells } from "./data/text-cells.js";
export {
  blobs,
  circles,
  flower,
  football,
  gauss,
  gaussMixture,
  generate,
  generators,
  INPUT_FEATURES,
  inputFeatures,
  moons,
  plane,
  spirals,
  xor,
  type ClassesOptions,
  type GeneratorName,
  type GeneratorOptions,
  type InputFeature,
} from "./data/generators.js";
export { autoSplitSizes, split, type Split, type SplitOptions, type SplitSizes } from "./data/split.js";
export {
  checkSameDistribution,
  type DistributionCheck,
  type DistributionCheckOptions,
  type FeatureComparison,
} from "./data/distribution-check.js";
export { kFold, stratifiedKFold, type Fold } from "./data/k-fold.js";
export { featureWarnings } from "./data/feature-checks.js";
export { Standardization } from "./data/standardization.js";
export {
  compose,
  flipImage,
  gaussianNoise,
  jitter,
  randomFlip,
  randomRotation,
  randomShift,
  type Augmentation,
  type ImageShape,
} from "./data/augment.js";
export { crossValidate, type CrossValidateOptions, type CrossValidation, type FoldResult, type MeanStd } from "./train/cross-validate.js";

// Diagnosis: bias/variance and gradient flow
export {
  diagnoseBiasVariance,
  type BiasVarianceDiagnosis,
  type BiasVarianceInput,
  type BiasVarianceVerdict,
} from "./diagnose/bias-variance.js";
export {
  flowFindings,
  GradientFlow,
  probeFlow,
  type FlowFinding,
  type FlowSnapshot,
  type GradientFlowOptions,
  type LayerFlow,
} from "./diagnose/gradient-flow.js";

// Metrics: confusion matrix, per-class precision/recall/F1/support with macro and weighted averages; MSE, MAE, R^2; class weights
export {
  classificationMetrics,
  classWeights,
  confusionMatrix,
  metricsFromConfusion,
  modelMetrics,
  regressionMetrics,
  type AveragedMetrics,
  type ClassificationMetrics,
  type ClassMetrics,
  type ClassWeightSpec,
  type Metrics,
  type RegressionMetrics,
} from "./metrics/index.js";
export { confusionMatrixChart, type ConfusionChartOptions } from "./report/confusion-chart.js";

// Reports (browser-safe: the playground draws with the same chart functions)
export { type SteadyFall } from "./diagnose/steady-fall.js";
export type { CurveChart, DecisionBoundary, MisclassifiedImages, RunReport, TableSection } from "./report/run-report.js";
export { renderReport } from "./report/render-report.js";
export { decisionBoundaryGrid, type DecisionBoundaryGridOptions, type LabelledSet } from "./report/decision-boundary-grid.js";
export { lineChart, type ChartMarker, type LineChartOptions, type LineSeries } from "./report/line-chart.js";
export { accuracyChart, costCurvesChart, lossPartsChart, type ChartSize } from "./report/cost-charts.js";
export { decisionBoundaryChart, type BoundaryChartOptions } from "./report/boundary-chart.js";
export { gradientFlowChart, weightNormChart } from "./report/flow-charts.js";
export { curveChart } from "./report/curve-chart.js";

// improve: the notes' loop run for the user (src/improve/index.ts)
export {
  improve,
  improveReport,
  type StartingSpecOptions,
  type AlreadyTried,
  type Candidate,
  type Comparison,
  type ImproveEnd,
  type ImproveOptions,
  type ImproveResult,
  type ImproveStep,
  type Remedy,
  type RemedyContext,
  type Scores,
  type TrialCache,
  type TriedCandidate,
} from "./improve/index.js";

// Sweeps: a grid over a spec's knobs, each combination a trial; ranked, tabled, drawn (src/sweep/index.ts)
export {
  sweepGrid,
  type SweepGridOptions,
  type SweepGridResult,
  type LearningCurveContext,
  type LearningCurvePoint,
  type FailedTrial,
  type GridAxis,
  type GridTrialsOptions,
  type HalvingRung,
  type RungPlan,
  type SearchRange,
  type RunTrialOptions,
  type SerialExecutorOptions,
  type SweepReportInput,
  type SweepResults,
  type TrialExecutor,
  type TrialResult,
  type TrialTask,
} from "./sweep/index.js";

// What the CLI and the playground page build on beyond the API the README documents (DESIGN.md: the faces
// import only from here): the spec's plumbing, the sweeps' and improve's machinery, the report's
// formatting. Exported for the faces; these may change without notice.
export { oneLine } from "./errors.js";
export { fusedMultiplyAddInUse } from "./tensor/kernels.js";
export { workerPanels } from "./tensor/wasm/worker-threads.js";
export { curveShape } from "./diagnose/doctor/index.js";
export { constantPredictorCost } from "./losses/constant-cost.js";
export { DivergenceWatch } from "./train/divergence.js";
export {
  augmentationFor,
  boundaryOf,
  builtInDatasets,
  csvOptionsFor,
  describeModel,
  dropForeignOptimizerFields,
  misclassifiedImages,
  formatSpecIssues,
  isBuiltInSource,
  makeOptimizer,
  normalizationFor,
  targetNormalizationFor,
  fitNormalizations,
  plainExpectation,
  refuseSingleClass,
  splitData,
  splitRatiosOf,
  splitText,
  trainLoop,
  withValue,
} from "./experiment/index.js";
export { judgeProbe, planProbes } from "./probes/index.js";
export { classCounts, classIndices, subset } from "./data/dataset.js";
export { CSV_DELIMITERS, detectCsvDialect } from "./data/csv-dialect.js";
export { csvTextOfBytes, refuseBinaryCsv } from "./data/csv-bytes.js";
export { partOfWord, withTestSet } from "./data/fixed-parts.js";
export { PART_DEV, PART_FREE, PART_TEST, PART_TRAIN } from "./data/dataset.js";
export { regressionGenerators, withInputFeatures } from "./data/generators.js";
export { splitIndices } from "./data/split.js";
export { checkSteadyFall } from "./diagnose/steady-fall.js";
export { htmlTable } from "./report/table.js";
export { escapeHtml } from "./report/escape.js";
export { downsample } from "./report/downsample.js";
export { formatCost, formatNumber, percent } from "./report/format.js";
export { CAPTIONS } from "./report/captions.js";
export {
  causeWords,
  checkDevSet,
  compareDev,
  bestCandidate,
  chooseCandidate,
  alreadyTriedLines,
  endWords,
  finalFigures,
  finalMetrics,
  finalSeedIndex,
  finalSeedWords,
  showsTest,
  pathChart,
  remedyFor,
  scoreText,
  specLine,
  startingSpec,
  stepLine,
  stepRecord,
  stepsTable,
} from "./improve/index.js";
export {
  drawFromRange,
  failedTable,
  GRID_ALIASES,
  gridLabel,
  gridPoints,
  gridTrials,
  HALVING_ETA,
  halvingPlan,
  parseGridAxis,
  parseRange,
  pointOf,
  pointTrials,
  randomPoints,
  randomTrials,
  rangeAxes,
  rangeLabel,
  rankTrials,
  rungIndex,
  rungsLabel,
  rungTable,
  rungTask,
  successiveHalving,
  runTrial,
  storedTrialResult,
  serialExecutor,
  spansDecades,
  sweepReport,
  sweepTable,
  TrialFailure,
  trialScore,
  dataCost,
  errorRateSe,
  validationCurves,
  learningCurveVerdict,
} from "./sweep/index.js";
// the gradient flow's one definition of a faded signal, shared by nnlab train's findings and compare-init
export { SIGNAL_FADED, signalFaded, signalOf } from "./diagnose/gradient-flow.js";
