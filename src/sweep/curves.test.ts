import { describe, expect, it } from "vitest";
import { renderReport } from "../index.js";
import { xTickLabels } from "../../test/support/svg.js";
import { spansDecades, validationCurves } from "./curves.js";
import type { TrialResult } from "./trial.js";

const trial = (index: number, values: Record<string, number>, devError: number): TrialResult => ({ index, values, trainError: devError / 2, devError, trainLoss: 0.2, devLoss: 0.3, epochs: 10, ms: 1 });

describe("validationCurves", () => {
  it("puts lambda = 0, 0.01, 0.1, 0.7 on a log axis that keeps 0, not a linear one that squashes 0.01 and 0.1", () => {
    const axes = [{ name: "lambda", path: "l2", values: [0, 0.01, 0.1, 0.7] }];
    const trials = [0, 0.01, 0.1, 0.7].map((v, i) => trial(i, { lambda: v }, [0.1, 0.11, 0.12, 0.13][i]!));
    const [curve] = validationCurves(axes, trials, trials[0]);
    expect(curve).toMatchObject({ logX: true, kind: "validation", xLabel: "lambda (log scale, with 0 at the left)", x: [0, 0.01, 0.1, 0.7] });
    expect(curve!.series[1]!.values).toEqual([0.1, 0.11, 0.12, 0.13]);
    // Drawn: a tick at each swept value, 0 among them.
    const html = renderReport({ title: "sweep", curves: [curve!] });
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>"));
    expect(xTickLabels(svg)).toEqual(["0", "0.01", "0.1", "0.7"]);
    expect(html).toContain("Train and dev error against the hyperparameter; each point is a model trained with that setting.");
  });

  it("keeps a linear axis for values within a decade (dropout rate 0, 0.1, 0.2) and learning rates get a log one", () => {
    expect(spansDecades([0, 0.1, 0.2])).toBe(false);
    expect(spansDecades([0.001, 0.01, 0.1])).toBe(true);
    expect(spansDecades([-1, 0, 10, 100])).toBe(false);
    const axes = [{ name: "rate", path: "dropout", values: [0, 0.1, 0.2] }];
    const trials = [0, 0.1, 0.2].map((v, i) => trial(i, { rate: v }, 0.1));
    expect(validationCurves(axes, trials, trials[0])[0]).toMatchObject({ logX: false, xLabel: "rate" });
  });
});
