/**
 * Acceptance of the CLI issue: the README's main job (`nnlab demo`, here shortened with --epochs) runs
 * to the end, and the report it writes opens in headless Chromium and shows its curves.
 */
import { mkdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { CHROMIUM_PATH, chromiumContext } from "../support/chromium.js";

const CHROMIUM = CHROMIUM_PATH;
const artifacts = fileURLToPath(new URL("../../test-artifacts/", import.meta.url));

it("nnlab demo runs to the end and its report shows its curves in Chromium", async () => {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-demo-"));
  const r = await runCli(["--quiet", "demo", "--epochs", "1500"], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/no regularization\s+\d+\.\d%\s+\d+\.\d%/);
  expect(r.stdout).toMatch(/L2, lambda = 0\.7/);
  expect(r.stdout).toMatch(/dropout, rate 0\.14 \(keep_prob 0\.86\)/);
  const reportPath = /Report: (.+report\.html)/.exec(r.stdout)![1]!;
  const context = await chromiumContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(dir, reportPath)).href, { waitUntil: "load" });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, "demo-report.png"), fullPage: true });
    const charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll("svg")).map((svg) => {
        const boxes = Array.from(svg.querySelectorAll<SVGPathElement>("path.data")).map((p) => p.getBBox());
        return { paths: boxes.length, drawn: boxes.filter((b) => b.width > 0 && b.height > 0).length };
      }),
    );
    expect(charts.length).toBeGreaterThanOrEqual(4); // the boundary and three cost curves
    for (const chart of charts) {
      expect(chart.paths).toBeGreaterThan(0);
      expect(chart.drawn).toBe(chart.paths);
    }
    expect(await page.textContent("h1")).toContain("nnlab demo");
  } finally {
    await context.close();
  }
});
