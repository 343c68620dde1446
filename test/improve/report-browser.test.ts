/**
 * The improve report as a person sees it: a real `improve` run on small moons (one high-bias step), its
 * report rendered and opened in headless Chromium (Debian's, via playwright-core), screenshotted to
 * test-artifacts/improve-report.png, and checked in the page: the path chart drew its train and dev lines
 * and one labelled marker per step, and no text runs out of a chart or into other text. A longer path
 * (the same run's steps repeated under other causes, labels long enough to need several rows) is
 * checked the same way.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeAll, expect, it } from "vitest";
import { type CauseId, formatCost, improve, improveReport, type ImproveResult, parseSpec, percent, renderReport } from "../../src/index.js";
import { CHROMIUM_PATH, chromiumContext } from "../support/chromium.js";

const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

interface ChartCheck {
  title: string;
  solidPaths: number;
  markers: number;
  markerLabels: string[];
  outside: string[];
  overlaps: string[];
}

let result: ImproveResult;
beforeAll(async () => {
  const spec = parseSpec({ name: "moons", data: { source: "moons", n: 400, noise: 0.1 }, model: { hidden: [{ units: 1, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 150, batchSize: 32 } });
  result = await improve(spec);
}, 120_000);

/** A longer path made of the real step under other causes: every kind of label, kept and not. */
function longPath(real: ImproveResult): ImproveResult {
  const causes: CauseId[] = ["learning-rate-too-high", "inputs-not-normalized", "high-bias", "init-too-small", "high-variance", "over-regularized", "undertrained", "high-variance"];
  const step = real.steps[0]!;
  const steps = causes.map((cause, i) => {
    const kept = i % 3 !== 2;
    const dev = 0.3 / (i + 2);
    return {
      ...step,
      step: i + 1,
      cause,
      kept,
      best: { ...step.best!, label: i === 3 ? "He initialization for ReLU layers, LeCun for the others" : `${step.best!.label} (${i})` },
      before: { ...step.before, dev: 0.3 / (i + 1) },
      after: kept ? { ...step.after, train: dev / 2, dev } : { ...step.before, dev: 0.3 / (i + 1) },
    };
  });
  return { ...real, steps };
}

async function check(page: import("playwright-core").Page, file: string): Promise<{ charts: ChartCheck[]; width: number }> {
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const charts: ChartCheck[] = await page.evaluate(() => {
    const boxOf = (e: Element) => e.getBoundingClientRect();
    const intersects = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    return Array.from(document.querySelectorAll("svg")).map((svg) => {
      const frame = boxOf(svg);
      const texts = Array.from(svg.querySelectorAll("text")).filter((t) => t.textContent);
      const overlaps: string[] = [];
      texts.forEach((a, i) => texts.slice(i + 1).forEach((b) => intersects(boxOf(a), boxOf(b)) && overlaps.push(`${a.textContent} / ${b.textContent}`)));
      return {
        title: svg.querySelector("title")?.textContent ?? "",
        solidPaths: Array.from(svg.querySelectorAll<SVGPathElement>("path.data")).filter((p) => {
          const b = p.getBBox();
          return b.width > 0 && b.height > 0;
        }).length,
        markers: svg.querySelectorAll("g.marker").length,
        markerLabels: Array.from(svg.querySelectorAll("g.marker text")).map((t) => t.textContent ?? ""),
        outside: texts
          .filter((t) => {
            const b = boxOf(t);
            return b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1;
          })
          .map((t) => t.textContent!),
        overlaps,
      };
    });
  });
  return { charts, width: await page.evaluate(() => document.documentElement.scrollWidth) };
}

it("states the start, the end and the final figures; the test set's come from the final run alone", () => {
  const report = improveReport(result, "nnlab improve moons");
  const facts = Object.fromEntries(report.facts!);
  expect(facts.ended).toBe("healthy: the doctor finds nothing left to fix");
  expect(facts["final run, test"]).toBe(`cost ${formatCost(result.final.test.loss)}, accuracy ${percent(result.final.test.accuracy)}`);
  expect(Object.keys(facts).filter((k) => /test/.test(k))).toEqual(["final run, test"]);
  const [path] = report.curves!;
  expect(path!.x).toEqual([0, ...result.steps.map((s) => s.step)]);
  expect(path!.series.map((s) => [s.name, s.values])).toEqual([
    ["train error", [result.startScores.train, ...result.steps.map((s) => s.after.train)]],
    ["dev error", [result.startScores.dev, ...result.steps.map((s) => s.after.dev)]],
  ]);
  // the high-bias step, then the prior the healthy run ends with (src/improve/prior.ts), kept or not
  expect(result.steps.map((s) => s.cause)).toEqual(["high-bias", "healthy"]);
  const prior = result.steps[1]!;
  expect(path!.markers!.map((m) => m.label)).toEqual([`1. high bias: ${result.steps[0]!.best!.label}`, `2. healthy: ${prior.kept ? prior.best!.label : "L2 lambda unchanged"}`]);
  const [steps] = report.tables!;
  expect(steps!.rows).toHaveLength(result.steps.length);
  expect(steps!.rows[0]!.slice(0, 2)).toEqual([1, "high bias"]);
  expect(report.spec).toBe(result.finalSpec);
});

it("renders the improve report in Chromium: the path chart drawn, each step labelled, no text overflow", async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium expected at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH); received no such file`);
  expect(result.steps.length).toBeGreaterThan(0);
  mkdirSync(artifacts, { recursive: true });
  const real = join(artifacts, "improve-report.html");
  const long = join(artifacts, "improve-report-long.html");
  writeFileSync(real, renderReport(improveReport(result, "nnlab improve moons")));
  writeFileSync(long, renderReport(improveReport(longPath(result), "nnlab improve moons (a longer path)")));

  const context = await chromiumContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    for (const [file, steps, shot] of [[real, result.steps.length, "improve-report.png"], [long, 8, "improve-report-long.png"]] as const) {
      const { charts, width } = await check(page, file);
      await page.screenshot({ path: join(artifacts, shot), fullPage: true });
      const path = charts.find((c) => c.title.startsWith("The path"));
      expect(path, `${shot}: the path chart`).toBeDefined();
      expect(path!.solidPaths, `${shot}: train and dev lines`).toBe(2);
      expect(path!.markers, `${shot}: one marker a step`).toBe(steps);
      expect(path!.markerLabels[0]).toMatch(/^1\. [a-z ]+: /);
      for (const c of charts) {
        expect(c.outside, `${shot}, ${c.title}: text outside the chart`).toEqual([]);
        expect(c.overlaps, `${shot}, ${c.title}: overlapping text`).toEqual([]);
      }
      expect(width, `${shot}: the page's width`).toBeLessThanOrEqual(1280);
    }
  } finally {
    await context.close();
  }
});
