/**
 * Sweeps: a grid of values for some knobs of a spec, every combination trained as a trial, the trials
 * ranked, tabled and drawn as validation curves. Browser-safe: files and threads are nnlab/node's
 * (threadPool, openSweepStore); data that is not built in comes through a DataLoader.
 */
export { GRID_ALIASES, gridLabel, gridPoints, gridTrials, parseGridAxis, type GridAxis, type GridTrialsOptions } from "./grid.js";
export { runTrial, type RunTrialOptions, type TrialResult, type TrialTask } from "./trial.js";
export { serialExecutor, TrialFailure, type SerialExecutorOptions, type TrialExecutor } from "./executor.js";
export { rankTrials, trialScore } from "./rank.js";
export { spansDecades, validationCurves } from "./curves.js";
export { sweepReport, sweepTable, type SweepReportInput, type SweepResults } from "./report.js";
