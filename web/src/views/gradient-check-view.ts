import { escapeHtml, formatNumber } from "../html.js";
import type { GradientCheckSummary } from "../observe.js";

const VERDICT_WORDS = { pass: "passed", suspect: "look closer", fail: "failed" } as const;

/** The verdict and the per-tensor table (dW1, db1, ...) of a gradient check. */
export function gradientCheckHtml(r: GradientCheckSummary): string {
  const rows = r.perTensor
    .map(
      (t) =>
        `<tr class="${t.verdict}"><th scope="row">${escapeHtml(t.name)}</th><td>${t.difference.toExponential(2)}</td>` +
        `<td>${t.checked}${t.checked < t.size ? ` of ${t.size}` : ""}</td><td>${VERDICT_WORDS[t.verdict]}</td></tr>`,
    )
    .join("");
  const notes = [
    `${r.checked} of ${r.total} parameters, ${r.examples} training examples, ε = ${r.epsilon}`,
    r.dropoutSwitchedOff ? "dropout switched off for the check" : "",
  ].filter(Boolean);
  return (
    `<p class="verdict ${r.verdict === "pass" ? "good" : r.verdict === "fail" ? "variance" : "bias"}" data-verdict="${r.verdict}">` +
    `<strong>Gradient check ${VERDICT_WORDS[r.verdict]}</strong>: difference ${r.difference.toExponential(2)}</p>` +
    `<p class="hint">${escapeHtml(r.message)}</p>` +
    (r.verdict === "suspect"
      ? `<p class="hint">On a network trained to a very small cost the gradients are tiny and round-off weighs more: check again after Reset, or with L2 on.</p>`
      : "") +
    `<table class="grad-table"><caption>Per tensor (${escapeHtml(notes.join("; "))})</caption>` +
    `<thead><tr><th scope="col">tensor</th><th scope="col">difference</th><th scope="col">entries</th><th scope="col">verdict</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}

/**
 * A gradient check under way, in `region`: a progress bar and its count. The count is hidden from
 * assistive technology (the region is live: "Checking…" is announced once, not at every step); the bar
 * carries it.
 */
export function showCheckProgress(region: HTMLElement, done: number, total: number): void {
  let bar = region.querySelector("progress");
  if (!bar) {
    region.innerHTML =
      `<p class="checking">Checking… <progress aria-label="Gradient check progress" max="1" value="0"></progress> ` +
      `<span class="hint" aria-hidden="true"></span></p>`;
    bar = region.querySelector("progress")!;
  }
  bar.max = total;
  bar.value = done;
  region.querySelector("span")!.textContent = `${formatNumber(done)} of ${formatNumber(total)} cost evaluations`;
}
