/** The doctor: measure a run (evidence), name its causes (rules, ranked), confirm them (probes). */
export { diagnose, CAUSE_RULES } from "./diagnose.js";
export { errorOf, gatherEvidence, devCostRise, keptEpochIndex, type Evidence, type LayerEvidence, type RunRecord } from "./evidence.js";
export { recordRun, type RecordRunInput } from "./record.js";
export type { WorstRows } from "./worst-rows.js";
export { stoppedAtDevMinimum, targetErrors } from "./signals.js";
export { curveShape, type CurveShape } from "./curve-shape.js";
export type { Cause, CauseId, CauseRule, Diagnosis, Finding } from "./types.js";
export { CAUSE_TITLES, diagnosisLines } from "./describe.js";
