import { describe, expect, it } from "vitest";
import { diagnoseBiasVariance } from "../diagnose/bias-variance.js";
import { renderReport, stopSentence } from "./render-report.js";

const evil = `</title><script>alert(1)</script>`;

describe("renderReport", () => {
  it("a report with only a title is a complete page without charts", () => {
    const html = renderReport({ title: "empty" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("<title>empty</title>");
    expect(html).not.toContain("<svg");
    expect(html).toContain("</html>");
  });

  it("escapes every string it is given and runs no script", () => {
    const html = renderReport({
      title: evil,
      createdAt: evil,
      facts: [[evil, evil]],
      notes: [evil],
      tables: [{ title: evil, columns: [evil], rows: [[evil]] }],
      spec: { name: evil },
      curves: [{ title: evil, xLabel: evil, yLabel: evil, x: [1, 2], series: [{ name: evil, values: [1, 2] }] }],
    });
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("default-src 'none'");
  });

  it("puts the verdict and its advice in words before the plots, and explains each plot", () => {
    const html = renderReport({
      title: "run",
      facts: [["dev error", "12.0%"]],
      biasVariance: diagnoseBiasVariance({ trainError: 0.01, devError: 0.12 }),
      findings: [],
      flow: [{ epoch: -1, layers: [{ index: 0, kind: "dense relu", weight: "W1", activationMean: 0, activationStd: 1, deadUnits: 0, saturated: 0, gradientRms: 0.1, weightNorm: 1 }] }],
      history: { epochs: [0, 1, 2], values: { loss: [1, 0.5, 0.3], valLoss: [1, 0.7, 0.8] } },
      spec: { epochs: 3 },
    });
    const at = (s: string) => html.indexOf(s);
    expect(at("Key facts")).toBeLessThan(at("Diagnosis: high variance"));
    expect(at("Diagnosis: high variance")).toBeLessThan(at("<h2>Gradient flow</h2>"));
    expect(at("<h2>Gradient flow</h2>")).toBeLessThan(at("<h2>Plots</h2>"));
    expect(at("<h2>Plots</h2>")).toBeLessThan(at("<h2>Spec</h2>"));
    expect(html).toContain("regularization: L2 (a larger lambda) or dropout (a larger rate)");
    expect(html).toContain("No vanishing or exploding gradients");
    expect(html).toContain("the early-stopping point is the minimum of the dev curve");
    expect(html).toContain("dev cost minimum, epoch 1");
    expect(html).toContain("&quot;epochs&quot;: 3");
  });

  it("states how training ended", () => {
    expect(
      stopSentence({
        stop: { reason: "earlyStopping", epoch: 80 },
        earlyStopping: { monitor: "valLoss", bestEpoch: 50, bestValue: 0.25, stoppedEpoch: 80, restoredBest: true },
      }),
    ).toBe("Early stopping ended training at epoch 80: best valLoss 0.25 at epoch 50; the model keeps that epoch's weights.");
    expect(stopSentence({ stop: { reason: "completed", epoch: 9 }, history: { epochs: new Array(10).fill(0), values: {} } })).toBe(
      "Training ran its full course (10 epochs).",
    );
    expect(stopSentence({ stop: { reason: "completed", epoch: 0 }, history: { epochs: [0], values: {} } })).toBe("Training ran its full course (1 epoch).");
  });

  it("rejects something that is not a report", () => {
    expect(() => renderReport(undefined as never)).toThrow("renderReport: a RunReport with a title string; received undefined");
  });
});
