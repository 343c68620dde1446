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

  it("follows a cost still falling 12 decades below its start (the axis was cut 8 decades down), and shows a single epoch", () => {
    const s = new CurveStore(64);
    const points = new Float64Array(60 * POINT_SIZE);
    for (let e = 0; e < 60; e++) points.set([e, 10 ** (-e / 5), 10 ** (-e / 5), 0, 10 ** (-e / 5), 10 ** (-e / 5)], e * POINT_SIZE);
    s.add(points);
    const svg = costChartSvg(s);
    const bottom = Number(/data-log-bottom="([^"]+)"/.exec(svg)![1]);
    expect(bottom).toBeLessThan(Math.log10(s.last(1)));
    // the last 15 epochs (3 decades, all below 1e-8) are drawn at different heights
    const path = /<path d="([^"]+)"/.exec(svg)![1]!;
    const ys = [...path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(new Set(ys.slice(-15)).size).toBe(15);
    const one = costChartSvg(store(1, 0));
    expect(one.match(/<circle class="latest"/g)).toHaveLength(2); // a point for train and dev: a path of one point draws nothing
  });

  it("marks the early-stopping epoch", () => {
    expect(costChartSvg(store(10, 0), { bestEpoch: 4 })).toContain("early-stopping epoch 4"); // 0-based, as the library and the CLI
  });

  it("keeps a long run within capacity by dropping every other epoch", () => {
    const s = store(200, 0);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.get(1, 0) - s.get(0, 0)).toBe(4);
    expect(s.get(s.length - 2, 0)).toBe(196);
    expect(s.last(0)).toBe(199); // the newest epoch, off the grid, is kept too
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

  it("keeps a gradient far below 1e-8 on its axis, as a bar with its value", () => {
    const layer = (index: number, gradientRms: number) => ({
      index, kind: "dense relu", weight: `W${index + 1}`, activationMean: 0, activationStd: 1, deadUnits: 0, saturated: 0, gradientRms,
    });
    const svg = flowChartSvg({ epoch: 3, layers: [layer(0, 3e-13), layer(1, 1e-9), layer(2, 5e3)] }, []);
    expect(Number(/data-log-low="([^"]+)"/.exec(svg)![1])).toBeLessThanOrEqual(-14);
    expect(Number(/data-log-high="([^"]+)"/.exec(svg)![1])).toBeGreaterThanOrEqual(4);
    const widths = [...svg.matchAll(/<rect [^>]*width="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeGreaterThanOrEqual(3);
    expect(widths[1]).toBeGreaterThan(widths[0]! + 20); // 1e-9 and 3e-13 are told apart
    expect(svg).toContain(">3.00e-13<");
  });
});

describe("the boundary's points on a large set", () => {
  it("draws at most 2000 of a set's points, evenly spaced (every point on every redraw froze the page for over a second at 50,000 rows)", async () => {
    const { MOST_POINTS_DRAWN, pointStride } = await import("../../web/src/charts/boundary-view.js");
    expect(MOST_POINTS_DRAWN).toBe(2000);
    for (const n of [0, 1, 2000]) expect(pointStride(n)).toBe(1);
    for (const n of [2001, 50_000, 1_000_000]) {
      const stride = pointStride(n);
      expect(Math.ceil(n / stride)).toBeLessThanOrEqual(MOST_POINTS_DRAWN);
      expect(Math.ceil(n / (stride - 1))).toBeGreaterThan(MOST_POINTS_DRAWN); // no sparser than needed
    }
  });
});
