import { formatNumber, percent } from "../html.js";
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
