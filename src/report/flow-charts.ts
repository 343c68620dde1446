import type { FlowSnapshot, LayerFlow } from "../diagnose/gradient-flow.js";
import type { ChartSize } from "./cost-charts.js";
import { lineChart, type LineSeries } from "./line-chart.js";

/** One series per weight layer ("W1 (dense relu)") of a LayerFlow field, against epochs trained. */
function perLayer(snapshots: FlowSnapshot[], field: "gradientRms" | "weightNorm"): { x: number[]; series: LineSeries[] } {
  // The initial snapshot has epoch -1; "epochs trained" puts it at 0 and the one after epoch e at e + 1.
  const x = snapshots.map((s) => s.epoch + 1);
  const layers = new Map<number, { name: string; values: number[] }>();
  snapshots.forEach((snap, i) => {
    for (const l of snap.layers as LayerFlow[]) {
      if (l[field] === undefined) continue;
      let entry = layers.get(l.index);
      if (!entry) {
        entry = { name: `${l.weight ?? `layer ${l.index + 1}`} (${l.kind})`, values: new Array(snapshots.length).fill(NaN) };
        layers.set(l.index, entry);
      }
      entry.values[i] = l[field]!;
    }
  });
  return { x, series: [...layers.entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s) };
}

/**
 * Gradient RMS of each weight layer over training, on a log scale: healthy layers sit within a decade
 * or two of each other; a first layer orders of magnitude below the last is vanishing, values far above
 * 1 are exploding. A gradient that is exactly 0 (a layer that gets no signal) lies on the chart's "0"
 * baseline below the decades. Null without gradient data.
 */
export function gradientFlowChart(snapshots: FlowSnapshot[] | undefined, size: ChartSize = {}): string | null {
  if (!snapshots?.length) return null;
  const { x, series } = perLayer(snapshots, "gradientRms");
  if (!series.length) return null;
  return lineChart({
    ...size,
    description: "gradient RMS per weight layer over training (log scale)",
    xLabel: "epochs trained",
    yLabel: "RMS of dJ/dW (log)",
    logY: true,
    x,
    xIntegers: true,
    series,
  });
}

/** Frobenius norm of each weight matrix over training: L2 and dropout show as lower, flatter curves. */
export function weightNormChart(snapshots: FlowSnapshot[] | undefined, size: ChartSize = {}): string | null {
  if (!snapshots?.length) return null;
  const { x, series } = perLayer(snapshots, "weightNorm");
  if (!series.length) return null;
  return lineChart({ ...size, description: "weight norm per layer over training", xLabel: "epochs trained", yLabel: "||W|| (Frobenius)", x, xIntegers: true, series });
}
