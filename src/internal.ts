/**
 * What the faces (the CLI, the playground page, the benches) share beyond the public API: the spec's
 * plumbing, the sweeps' and improve's machinery, the report's formatting. Not API: the package exports
 * only src/index.ts ("nnlab") and src/node/ ("nnlab/node"), so these may change without notice. The faces
 * import the library through this file (test/architecture/imports.test.ts holds them to it).
 */
export * from "./index.js";

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
  alreadyTriedLines,
  endWords,
  finalFigures,
  finalMetrics,
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
  validationCurves,
  learningCurveVerdict,
} from "./sweep/index.js";
// the gradient flow's one definition of a faded signal, shared by nnlab train's findings and compare-init
export { SIGNAL_FADED, signalFaded, signalOf } from "./diagnose/gradient-flow.js";
