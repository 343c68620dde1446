/** The playground's SVG charts: what they draw for a given history. */
import { describe, expect, it } from "vitest";
import { costChartSvg } from "../../web/src/charts/cost-chart.js";
import { flowChartSvg } from "../../web/src/charts/flow-chart.js";
import { CurveStore } from "../../web/src/curve-store.js";
import { POINT_SIZE } from "../../web/src/session.js";

function store(epochs: number, regularization: number): CurveStore {
  const s = new CurveStore(64);
  const points = new Float64Array(epochs * POINT_SIZE);
  for (let e = 0; e < epochs; e++) {
    const train = 1 / (e + 1);
    points.set([e, train + regularization, train, regularization, train + 0.1 + regularization, train + 0.1], e * POINT_SIZE);
  }
  s.add(points);
  return s;
}

describe("cost chart", () => {
  it("draws J for train and dev, the data and regularization parts only when regularized, on a log axis", () => {
    expect(costChartSvg(store(10, 0)).match(/<path /g)).toHaveLength(2);
    const svg = costChartSvg(store(10, 0.01));
    expect(svg.match(/<path /g)).toHaveLength(5);
    expect(svg).toContain(">0.1<");
    expect(svg).not.toContain("style=");
  });

  it("marks the early-stopping epoch", () => {
    expect(costChartSvg(store(10, 0), { bestEpoch: 4 })).toContain("early-stopping epoch 5");
  });

  it("keeps a long run within capacity by dropping every other epoch", () => {
    const s = store(200, 0);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.get(1, 0) - s.get(0, 0)).toBe(4);
    expect(s.last(0)).toBe(196);
  });
});

describe("gradient-flow chart", () => {
  it("draws one bar per weight matrix, red where gradients vanish", () => {
    const layer = (index: number, gradientRms: number) => ({
      index, kind: "dense tanh", weight: `W${index + 1}`, activationMean: 0, activationStd: 1, deadUnits: 0, saturated: 0, gradientRms,
    });
    const snapshot = { epoch: 3, layers: [layer(0, 1e-7), layer(1, 1e-2)] };
    const svg = flowChartSvg(snapshot, [{ kind: "vanishing", layer: 0, weight: "W1", epoch: 3, message: "" }]);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('fill="#c62828"');
    expect(svg).toContain("W2 tanh");
  });
});
