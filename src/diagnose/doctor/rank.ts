import type { Cause, CauseId, Diagnosis, Finding } from "./types.js";

/** Causes that cannot both be true of one run: only the better-supported one is kept. */
const RIVALS: Array<[CauseId, CauseId]> = [
  ["init-too-small", "init-too-large"],
  ["learning-rate-too-high", "learning-rate-too-low"],
  ["learning-rate-too-low", "undertrained"],
];

/**
 * Orders the findings by score and folds every finding that a higher-ranked one accounts for into it
 * (as a line of `explains`), so the answer names causes, not a list of rival symptoms.
 */
export function rank(findings: Finding[], task: "binary" | "categorical" | "regression" = "binary"): Diagnosis {
  // a finding that yields to another found beside it ranks just below it
  const scoreOf = new Map(
    findings.map((f) => {
      const over = findings.filter((g) => f.yieldsTo?.includes(g.id)).map((g) => g.score);
      return [f, over.length ? Math.min(f.score, Math.min(...over) - 1e-9) : f.score] as const;
    }),
  );
  const ordered = [...findings].sort((a, b) => scoreOf.get(b)! - scoreOf.get(a)!);
  const kept: Finding[] = [];
  for (const finding of ordered) {
    const rival = kept.find((k) => RIVALS.some(([a, b]) => (a === k.id && b === finding.id) || (b === k.id && a === finding.id)));
    if (rival) continue;
    const owner = kept.find((k) => k.accountsFor.includes(finding.id));
    if (owner) {
      (owner.explains ??= []).push(finding.symptom);
      (owner.folded ??= []).push({ id: finding.id, evidence: finding.evidence });
      continue;
    }
    kept.push({ ...finding, explains: [] });
  }
  const causes: Cause[] = kept.map(({ id, evidence, advice, explains, folded }) => ({ id, evidence, advice, ...(explains?.length ? { explains, folded } : {}) }));
  const first = causes[0];
  return {
    healthy: causes.length === 0,
    causes,
    summary: first
      ? `${first.id}: ${first.evidence[0]}`
      : task === "regression"
        ? "healthy: no cause found (most of the targets' variance explained on train and dev alike, the cost fell and settled)"
        : "healthy: no cause found (the train error within tolerance of the baseline, the dev-train gap within the dev set's noise, the cost fell and settled)",
  };
}
