import type { Evidence } from "./evidence.js";

/** The causes the doctor can name (the vocabulary of its output). */
export type CauseId =
  | "learning-rate-too-high"
  | "learning-rate-too-low"
  | "undertrained"
  | "symmetric-init"
  | "init-too-small"
  | "init-too-large"
  | "inputs-not-normalized"
  | "target-not-normalized"
  | "over-regularized"
  | "high-bias"
  | "high-variance"
  | "data-problem";

/** A named cause: the measured numbers that point to it, and the notes' remedy made concrete. */
export interface Cause {
  id: CauseId;
  evidence: string[];
  advice: string[];
  /** Symptoms that this cause accounts for (what a lower-ranked cause would otherwise have claimed). */
  explains?: string[];
  /** The causes behind those symptoms, with their own evidence (improve tries their remedies when this one's fail). */
  folded?: Array<{ id: CauseId; evidence: string[] }>;
}

/** The doctor's answer: healthy, or the causes ranked, most likely first. */
export interface Diagnosis {
  healthy: boolean;
  causes: Cause[];
  /** One line: the first cause and its leading evidence, or why the run looks healthy. */
  summary: string;
}

/** A cause as one rule found it, before ranking. */
export interface Finding extends Cause {
  /** How strongly the evidence points to this cause, in (0, 1]; ranks the causes. */
  score: number;
  /** Lower-ranked causes whose symptoms this cause explains (they are folded into it). */
  accountsFor: CauseId[];
  /** Its own symptom, as a lower-ranked cause that folds into a higher one lists it. */
  symptom: string;
  /** Causes that, where they are found too, come before this one (ranked just below the lowest of them). */
  yieldsTo?: CauseId[];
}

/** One cause's rule: reads the evidence, returns a finding or null. One file per rule in causes/. */
export interface CauseRule {
  id: CauseId;
  assess(evidence: Evidence): Finding | null;
}
