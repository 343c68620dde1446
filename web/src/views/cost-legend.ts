import { COST_SERIES, type CostMarks, GOOD, hasRegularization } from "../charts/cost-chart.js";
import type { CurveStore } from "../curve-store.js";
import { formatNumber } from "../html.js";

/** The legend with each line's latest value, which doubles as the chart's text. */
export function costLegendHtml(store: CurveStore, marks: CostMarks): string {
  const regularized = hasRegularization(store);
  const items = COST_SERIES.filter((s) => regularized || s.field === 1 || s.field === 4).map(
    (s) =>
      `<li><svg width="26" height="10" aria-hidden="true"><line x1="0" x2="26" y1="5" y2="5" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/></svg>` +
      `${s.label} <span class="value">${store.length ? formatNumber(store.last(s.field)) : "–"}</span></li>`,
  );
  if (marks.bestEpoch !== undefined) {
    items.push(`<li><svg width="26" height="10" aria-hidden="true"><line x1="0" x2="26" y1="5" y2="5" stroke="${GOOD}" stroke-width="2" stroke-dasharray="6 3"/></svg>early-stopping epoch ${marks.bestEpoch}</li>`);
  }
  items.push(`<li class="hint">cost on a log scale</li>`);
  return `<ul>${items.join("")}</ul>`;
}

/** The chart in words, for screen readers. */
export function describeCosts(store: CurveStore, marks: CostMarks): string {
  if (!store.length) return "Cost curves: no epoch trained yet";
  const epoch = store.last(0) + 1;
  const text = `Cost curves over ${epoch} epochs: train cost now ${formatNumber(store.last(1))} (from ${formatNumber(store.get(0, 1))}), dev cost ${formatNumber(store.last(4))}`;
  return marks.bestEpoch !== undefined ? `${text}; early stopping chose epoch ${marks.bestEpoch}` : text;
}
