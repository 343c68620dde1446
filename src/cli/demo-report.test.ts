import { describe, expect, it } from "vitest";
import { yTickLabels } from "../../test/support/svg.js";
import { parseSpec, renderReport, runExperiment } from "../index.js";
import { type DemoRun, demoConclusion, demoReport, demoText } from "./demo-report.js";

/** The demo's three models, trained briefly (the report's shape does not depend on the epochs). */
async function demoRuns(): Promise<DemoRun[]> {
  const variants = [
    { label: "no regularization", spec: {} },
    { label: "L2, lambda = 0.7", spec: { l2: 0.7 } },
    { label: "dropout, rate 0.14 (keep_prob 0.86)", spec: { dropout: 0.14 } },
  ];
  const runs: DemoRun[] = [];
  for (const [i, v] of variants.entries()) {
    const spec = parseSpec({ name: `demo-${i}`, seed: 3, baselineError: 0.08, data: { source: "football", n: 411 }, training: { epochs: 60 }, ...v.spec }, "demo");
    runs.push({ label: v.label, id: `run-${i}`, result: await runExperiment(spec, { recordFlow: false }) });
  }
  return runs;
}

describe("the demo report", async () => {
  const runs = await demoRuns();
  const report = demoReport(runs, 60);
  const html = renderReport(report);
  const figures = [...html.matchAll(/<figure>(<svg[\s\S]*?<\/svg>)<figcaption><strong>(.*?)\.<\/strong> (.*?)<\/figcaption><\/figure>/g)].map((m) => ({ svg: m[1]!, title: m[2]!, caption: m[3]! }));
  const costFigures = figures.filter((f) => f.title.startsWith("Cost per epoch: "));

  it("captions its per-epoch cost plots as costs per epoch, not as a validation curve", () => {
    expect(report.curves!.map((c) => c.kind)).toEqual(["cost", "cost", "cost"]);
    expect(costFigures.map((f) => f.title)).toEqual(runs.map((r) => `Cost per epoch: ${r.label}`));
    for (const f of costFigures) {
      expect(f.caption).toMatch(/^Train cost \(blue\) and dev cost \(vermillion\) per epoch\./);
      expect(f.caption).toContain("share one y scale");
    }
    expect(html).not.toContain("Each point is a model trained with that setting");
  });

  it("draws the three cost plots on one y range, so their heights compare", () => {
    const domains = report.curves!.map((c) => c.yDomain);
    expect(domains[0]).toBeDefined();
    expect(new Set(domains.map((d) => JSON.stringify(d))).size).toBe(1);
    const all = report.curves!.flatMap((c) => c.series.flatMap((s) => s.values));
    expect(domains[0]).toEqual([Math.min(...all), Math.max(...all)]);
    const ticks = costFigures.map((f) => yTickLabels(f.svg));
    expect(ticks[0]!.length).toBeGreaterThan(2);
    expect(ticks[1]).toEqual(ticks[0]);
    expect(ticks[2]).toEqual(ticks[0]);
  });

  it("says which model its one decision boundary shows: the best by dev accuracy, as in its facts", () => {
    const best = [...runs].sort((a, b) => b.result.dev!.accuracy! - a.result.dev!.accuracy!)[0]!;
    const boundary = figures.find((f) => f.title.startsWith("Decision boundary"));
    expect(boundary?.title).toBe(`Decision boundary: ${best.label} (the best dev accuracy, ${(100 * best.result.dev!.accuracy!).toFixed(1)}%)`);
    expect(report.facts).toContainEqual(["diagnosis and decision boundary of", best.label]);
  });
});

describe("an interrupted demo's text (an audit helper: it diagnosed a cut-short run and compared without the missing one)", () => {
  it("says how many models trained and which was cut short, diagnoses none of those, and draws no conclusion", async () => {
    const spec = (name: string, extra: object) => parseSpec({ name, seed: 3, baselineError: 0.08, data: { source: "football", n: 411 }, training: { epochs: 60 }, ...extra }, "demo");
    const full = await runExperiment(spec("a", {}), { recordFlow: false });
    let epochs = 0;
    const cut = await runExperiment(spec("b", { l2: 0.7 }), { recordFlow: false, shouldStop: () => ++epochs > 20 });
    expect(cut.interrupted).toBe(true);
    const text = demoText([{ label: "no regularization", id: "r1", result: full }, { label: "L2, lambda = 0.7", id: "r2", result: cut }], 60, "report.html", 3);
    expect(text).toMatch(new RegExp(`^Interrupted: 2 of the 3 models trained, L2, lambda = 0\\.7 cut short at epoch ${cut.history.length} of 60; rerun to compare them all\\.$`, "m"));
    expect(text).toMatch(/^L2, lambda = 0\.7: interrupted at epoch \d+ of 60: not diagnosed$/m);
    expect(text).not.toContain("train-dev gap");
    // the whole demo keeps its closing line, the conclusion its figures support
    const whole = demoText([{ label: "no regularization", id: "r1", result: full }, { label: "L2, lambda = 0.7", id: "r2", result: await runExperiment(spec("c", { l2: 0.7 }), { recordFlow: false }) }], 60, "report.html", 2);
    expect(whole).toMatch(/^(Regularization|Only L2).* train-dev gap .*\(L2, lambda = 0\.7: gap -?\d+\.\d points; against -?\d+\.\d without regularization, and a dev standard error of \d+\.\d\)\.$/m);
  });
});

describe("the demo's conclusion", () => {
  /** A run with these train and dev accuracies on 100 dev examples (all the conclusion reads). */
  const run = (label: string, train: number, dev: number) => ({ label, id: label, result: { train: { accuracy: train }, dev: { accuracy: dev, examples: 100 } } }) as unknown as DemoRun;
  // the dev standard error of the unregularized run: sqrt(0.2 x 0.8 / 100) = 4 points
  it("says regularization narrowed the gap only where every regularized gap is narrower by more than the dev noise", () => {
    expect(demoConclusion([run("none", 0.95, 0.8), run("L2", 0.92, 0.86), run("dropout", 0.93, 0.85)])).toBe(
      "Regularization traded up to 3.0 points of training accuracy for a smaller train-dev gap: less variance (L2: gap 6.0 points; dropout: gap 8.0 points; against 15.0 without regularization, and a dev standard error of 4.0).",
    );
  });

  it("names the one that did, and says so when none did (300 epochs of the demo: L2's gap was wider)", () => {
    expect(demoConclusion([run("none", 0.95, 0.8), run("L2", 0.92, 0.86), run("dropout", 0.93, 0.79)])).toMatch(/^Only L2 narrowed the train-dev gap beyond the dev set's noise in these runs \(L2: gap 6\.0 points; dropout: gap 14\.0 points;/);
    // dropout narrower by 1 point: inside the noise
    expect(demoConclusion([run("none", 0.95, 0.8), run("L2", 0.95, 0.78), run("dropout", 0.94, 0.8)])).toMatch(/^Regularization did not narrow the train-dev gap beyond the dev set's noise in these runs \(L2: gap 17\.0 points; dropout: gap 14\.0 points; against 15\.0/);
  });
});
