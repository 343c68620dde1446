import type { BiasVarianceDiagnosis } from "../diagnose/bias-variance.js";
import { CAUSE_TITLES } from "../diagnose/doctor/describe.js";
import type { Diagnosis } from "../diagnose/doctor/types.js";
import { escapeHtml } from "./escape.js";
import { percent } from "./format.js";

const list = (items: string[], cls: string) => (items.length ? `<ul class="${cls}">${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>` : "");

/**
 * The doctor's answer, first in the report: the first cause with its measured evidence, the symptoms it
 * explains and its advice, then any other cause; the bias/variance numbers below it as plain figures.
 */
export function diagnosisSection(d: Diagnosis, biasVariance?: BiasVarianceDiagnosis): string {
  const numbers = biasVariance
    ? `<p class="numbers">Avoidable bias ${escapeHtml(percent(biasVariance.avoidableBias))} · variance ${escapeHtml(percent(biasVariance.variance))}</p>`
    : "";
  if (d.healthy) {
    return `<section class="verdict good" aria-label="diagnosis"><h2>Diagnosis: healthy</h2><p>${escapeHtml(d.summary.replace(/^healthy: /, ""))}</p>${numbers}</section>`;
  }
  const causes = d.causes
    .map(
      (c, i) => `<div class="cause-block">
<h3>${i === 0 ? "" : `Also: `}${escapeHtml(CAUSE_TITLES[c.id])} <code>${escapeHtml(c.id)}</code></h3>
<p>Evidence from the run:</p>${list(c.evidence, "evidence")}
${c.explains?.length ? `<p>It also explains:</p>${list(c.explains, "explains")}` : ""}
<p>What to do:</p>${list(c.advice, "advice")}
</div>`,
    )
    .join("\n");
  return `<section class="verdict" aria-label="diagnosis">
<h2>Diagnosis: ${escapeHtml(CAUSE_TITLES[d.causes[0]!.id])}</h2>
${causes}
${numbers}
</section>`;
}
