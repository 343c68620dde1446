/** `improve`: the notes' loop (diagnose, apply the first cause's remedy, keep it if the dev error falls beyond noise). */
export { type Comparison, compareDev } from "./compare.js";
export {
  type AlreadyTried,
  causeWords,
  checkDevSet,
  finalSeedIndex,
  improve,
  type ImproveEnd,
  type ImproveOptions,
  type ImproveResult,
  type ImproveStep,
  type Scores,
  bestCandidate,
  chooseCandidate,
  stepLine,
  type TrialCache,
  type TriedCandidate,
} from "./improve.js";
export { type Candidate, type Remedy, type RemedyContext, remedyFor } from "./remedies.js";
export { alreadyTriedLines, endWords, finalFigures, finalMetrics, finalSeedWords, improveReport, pathChart, scoreText, showsTest, specLine, stepRecord, stepsTable } from "./report.js";
export { startingSpec, type StartingSpecOptions } from "./start.js";
