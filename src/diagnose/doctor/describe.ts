import type { CauseId, Diagnosis } from "./types.js";

/** Each cause id in words, for headings. */
export const CAUSE_TITLES: Readonly<Record<CauseId, string>> = {
  "learning-rate-too-high": "learning rate too high",
  "learning-rate-too-low": "learning rate too low",
  undertrained: "undertrained: training ended before the network fit the training set",
  "symmetric-init": "symmetric initialization: symmetry never broke",
  "init-too-small": "initial weights too small",
  "init-too-large": "initial weights too large",
  "inputs-not-normalized": "inputs not normalized",
  "target-not-normalized": "regression target not normalized",
  "over-regularized": "over-regularized",
  "high-bias": "high bias: the model underfits",
  "high-variance": "high variance: the model overfits",
  "data-problem": "a problem with the data",
};

/**
 * The diagnosis as plain lines: the first cause with its evidence, what it explains and its advice, then
 * the other causes the same way. The terminal prints them; the report and the playground lay out the same parts.
 */
export function diagnosisLines(diagnosis: Diagnosis): string[] {
  if (diagnosis.healthy) return [`Diagnosis: ${diagnosis.summary}`];
  const lines: string[] = [];
  diagnosis.causes.forEach((cause, i) => {
    lines.push(`${i === 0 ? "Diagnosis" : `Also (${i + 1})`}: ${CAUSE_TITLES[cause.id]} [${cause.id}]`);
    for (const e of cause.evidence) lines.push(`  evidence: ${e}`);
    for (const x of cause.explains ?? []) lines.push(`  explains: ${x}`);
    for (const a of cause.advice) lines.push(`  advice: ${a}`);
  });
  return lines;
}
