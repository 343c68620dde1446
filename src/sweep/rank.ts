/** The order of a sweep's trials: best first. */
import type { TrialResult } from "./trial.js";

/** What a trial is ranked by: its dev error, or its dev cost where there is no error (regression). */
export function trialScore(trial: TrialResult): number {
  return trial.devError ?? trial.devLoss;
}

/** The trials best first; ties keep grid order, so the same results always give the same table. */
export function rankTrials(trials: Iterable<TrialResult>): TrialResult[] {
  return [...trials].sort((a, b) => trialScore(a) - trialScore(b) || a.index - b.index);
}
