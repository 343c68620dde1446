/**
 * Sweeps: a grid of values for some knobs of a spec (every combination) or random points from ranges
 * (log scale for rates), each trained as a trial, optionally by successive halving; the trials ranked,
 * tabled and drawn as validation curves. Browser-safe: files and threads are nnlab/node's
 * (threadPool, openSweepStore); data that is not built in comes through a DataLoader.
 */
export { GRID_ALIASES, gridLabel, gridPoints, gridTrials, parseGridAxis, pointTrials, type GridAxis, type GridTrialsOptions } from "./grid.js";
export { drawFromRange, parseRange, randomPoints, randomTrials, rangeAxes, rangeLabel, type SearchRange } from "./random.js";
export { HALVING_ETA, halvingPlan, pointOf, rungIndex, rungTask, successiveHalving, type HalvingRung, type RungPlan } from "./halving.js";
export { runTrial, type RunTrialOptions, storedTrialResult, type TrialResult, type TrialTask } from "./trial.js";
export { combineFolds, crossValidatedResult, foldTasks, trialKey } from "./folds.js";
export { serialExecutor, TrialFailure, type SerialExecutorOptions, type TrialExecutor } from "./executor.js";
export { dataCost, errorRateSe, rankTrials, trialScore } from "./rank.js";
export { sweepGrid, type SweepGridOptions, type SweepGridResult } from "./sweep-grid.js";
export { spansDecades, validationCurves } from "./curves.js";
export { learningCurveVerdict, type LearningCurveContext, type LearningCurvePoint } from "./learning-curve-verdict.js";
export { failedTable, rungsLabel, rungTable, sweepReport, sweepTable, type FailedTrial, type SweepReportInput, type SweepResults } from "./report.js";
