import { escapeHtml, formatNumber, percent } from "../html.js";
import type { Scores } from "../observe.js";

/** The costs and errors now (dropout off), as a small table. */
export function scoresHtml(s: Scores): string {
  const rows = [
    ["train", formatNumber(s.trainLoss), percent(s.trainError)],
    ["dev", formatNumber(s.devLoss), percent(s.devError)],
  ];
  if (s.testError !== null) rows.push(["test (final)", "", percent(s.testError)]);
  return (
    `<table class="scores"><caption class="visually-hidden">Cost and error now</caption>` +
    `<thead><tr><th scope="col">set</th><th scope="col">cost J</th><th scope="col">error</th></tr></thead><tbody>` +
    rows.map(([set, cost, error]) => `<tr><th scope="row">${set}</th><td data-set="${set}">${cost}</td><td>${error}</td></tr>`).join("") +
    `</tbody></table>`
  );
}

/**
 * The library's bias/variance verdict and its advice. Kept short and stable between updates (it is an
 * aria-live region: a screen reader announces it when the verdict changes, not at every number).
 */
export function verdictHtml(s: Scores): string {
  const d = s.diagnosis;
  if (!d) return `<p class="verdict">No bias/variance verdict for regression targets.</p>`;
  const tone = d.focus === null ? "good" : d.focus === "bias" ? "bias" : "variance";
  return (
    `<p class="verdict ${tone}"><strong>${escapeHtml(d.verdict)}</strong> · avoidable bias ${percent(d.avoidableBias)}, variance ${percent(d.variance)}</p>` +
    `<p class="hint">${d.focus ? `To reduce ${d.focus}, try:` : "Next:"}</p>` +
    `<ul class="advice">${d.advice.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>`
  );
}
