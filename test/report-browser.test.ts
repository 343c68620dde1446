/**
 * The report as a person sees it: rendered from a real training run, opened in headless Chromium
 * (Debian's, driven by playwright-core; never a downloaded browser), screenshotted to
 * test-artifacts/report.png, and checked in the page: every chart drew non-empty paths, no text runs
 * out of its chart or into other text, nothing was fetched and no script exists.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";
import { renderReport } from "../src/index.js";
import { sampleReport } from "./support/sample-report.js";
import { CHROMIUM_PATH, chromiumContext } from "./support/chromium.js";

const CHROMIUM = CHROMIUM_PATH;
const artifacts = fileURLToPath(new URL("../test-artifacts/", import.meta.url));

interface ChartCheck {
  title: string;
  dataPaths: number;
  solidPaths: number;
  degeneratePaths: number;
  outside: string[];
  overlaps: string[];
}

it("renders a real run's report in headless Chromium with every chart drawn", async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium expected at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH); received no such file`);
  }
  const injection = `<script>document.title="pwned"</script><img src=x onerror=alert(1)>`;
  const report = sampleReport(`moons report ${injection}`);
  report.notes!.push(`a note with markup ${injection}`);
  // Two 8x8 "misclassified images" (a ramp and its mirror): the gallery's BMP data URIs must decode in the browser.
  const ramp = Array.from({ length: 64 }, (_, i) => i);
  report.misclassified = {
    set: "test", height: 8, width: 8, channels: 1, wrong: 3, examples: 10,
    shown: [
      { pixels: ramp, label: `cat ${injection}`, predicted: "dog", confidence: 0.9, row: 4 },
      { pixels: ramp.map((v) => 63 - v), label: "dog", predicted: "cat", confidence: 0.8, row: 7 },
    ],
  };
  const html = renderReport(report);
  const dir = mkdtempSync(join(tmpdir(), "nnlab-report-"));
  const file = join(dir, "report.html");
  writeFileSync(file, html);
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, "report.html"), html);

  const context = await chromiumContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.screenshot({ path: join(artifacts, "report.png"), fullPage: true });

    const charts: ChartCheck[] = await page.evaluate(() => {
      const boxOf = (e: Element) => e.getBoundingClientRect();
      const intersects = (a: DOMRect, b: DOMRect) =>
        a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
      return Array.from(document.querySelectorAll("svg")).map((svg) => {
        const paths = Array.from(svg.querySelectorAll<SVGPathElement>("path.data")).map((p) => p.getBBox());
        const frame = boxOf(svg);
        const texts = Array.from(svg.querySelectorAll("text")).filter((t) => t.textContent);
        const outside = texts
          .filter((t) => {
            const b = boxOf(t);
            return b.left < frame.left - 1 || b.right > frame.right + 1 || b.top < frame.top - 1 || b.bottom > frame.bottom + 1;
          })
          .map((t) => t.textContent!);
        const overlaps: string[] = [];
        texts.forEach((a, i) =>
          texts.slice(i + 1).forEach((b) => {
            if (intersects(boxOf(a), boxOf(b))) overlaps.push(`${a.textContent} / ${b.textContent}`);
          }),
        );
        return {
          title: svg.querySelector("title")?.textContent ?? "",
          dataPaths: paths.length,
          solidPaths: paths.filter((b) => b.width > 0 && b.height > 0).length,
          degeneratePaths: paths.filter((b) => !(b.width > 0 || b.height > 0)).length,
          outside,
          overlaps,
        };
      });
    });
    const page2 = await page.evaluate(() => ({
      title: document.title,
      scripts: document.querySelectorAll("script, img:not([src^='data:image/bmp;base64,'])").length,
      images: Array.from(document.querySelectorAll("img")).map((img) => ({
        decoded: img.complete && img.naturalWidth === 8 && img.naturalHeight === 8,
        shownWidth: img.getBoundingClientRect().width,
        handlers: img.getAttributeNames().filter((a) => a.startsWith("on")),
      })),
      h1: document.querySelector("h1")!.textContent,
      verdict: document.querySelector(".verdict h2")?.textContent,
      width: document.documentElement.scrollWidth,
    }));

    expect(charts.map((c) => c.title)).toHaveLength(8);
    for (const c of charts) {
      expect(c.solidPaths, `${c.title}: paths with a non-empty bounding box`).toBeGreaterThan(0);
      expect(c.degeneratePaths, `${c.title}: empty paths`).toBe(0);
      expect(c.outside, `${c.title}: text outside the chart`).toEqual([]);
      expect(c.overlaps, `${c.title}: overlapping text`).toEqual([]);
    }
    expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([]);
    expect(page2.scripts).toBe(0);
    expect(page2.images).toEqual([
      { decoded: true, shownWidth: 84, handlers: [] },
      { decoded: true, shownWidth: 84, handlers: [] },
    ]);
    expect(page2.title).toContain("<script>");
    expect(page2.h1).toContain(injection);
    expect(page2.verdict).toMatch(/^Diagnosis: /);
    expect(page2.width).toBeLessThanOrEqual(1280);
  } finally {
    await context.close();
  }
});
