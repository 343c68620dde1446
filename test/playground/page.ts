/**
 * The playground page for the e2e tests: built fresh into a temporary folder, served by
 * startPlaygroundServer, opened in Debian's Chromium; and the moves a person makes on it.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { buildPlayground } from "../../src/node/build-playground.js";
import { type PlaygroundServer, startPlaygroundServer } from "../../src/node/playground-server.js";
import { launchChromium } from "../support/chromium.js";

export const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

export interface Playground {
  server: PlaygroundServer;
  browser: Browser;
  /** A page that fails the test on any script error or failed request, once its first run is ready. */
  open(query?: string, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const outDir = join(mkdtempSync(join(tmpdir(), "nnlab-playground-")), "page");
  await buildPlayground({ outDir });
  const server = await startPlaygroundServer({ root: outDir });
  const browser = await launchChromium();
  return {
    server,
    browser,
    async open(query = "", viewport = { width: 1280, height: 900 }) {
      const page = await browser.newPage({ viewport });
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(server.url + query);
      await page.waitForSelector("body[data-run=ready]");
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(join(outDir, ".."), { recursive: true, force: true });
    },
  };
}

export const iteration = (page: Page) => page.$eval("#iteration", (el) => Number((el as HTMLElement).dataset.value));

/** Commits a value the way a person does: type it, then leave the field (which fires "change"). */
export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.press(selector, "Tab");
}

/** Every 7th pixel of the boundary canvas, to tell whether the picture changed. */
export const boundaryPixels = (page: Page) =>
  page.$eval("#boundary", (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
    return Array.from(data.filter((_, i) => i % 28 < 4));
  });

/** Waits for the worker's answer to a Pause (its last views) and for the page to draw them. */
export async function afterPause(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.workerRunning === "false");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

export async function stepTimes(page: Page, n: number): Promise<void> {
  const start = await iteration(page);
  for (let i = 0; i < n; i++) await page.click("#step");
  await page.waitForFunction((target) => Number(document.querySelector<HTMLElement>("#iteration")!.dataset.value) === target, start + n);
}

/**
 * The page's training worker's JS heap after a full garbage collection, in bytes, read through the
 * DevTools protocol (Runtime.getHeapUsage on the worker's own target): a worker has no
 * performance.memory of its own.
 */
export async function workerHeap(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = (await cdp.send("Target.getTargets")) as { targetInfos: Array<{ type: string; targetId: string; url: string }> };
  const target = targetInfos.find((t) => t.type === "worker" && t.url.endsWith("worker.js"));
  if (!target) throw new Error(`no worker.js target among ${targetInfos.map((t) => `${t.type} ${t.url}`).join(", ")}`);
  const { sessionId } = (await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false })) as { sessionId: string };
  let id = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  cdp.on("Target.receivedMessageFromTarget", (event: { message: string }) => {
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply.error ? Promise.reject(new Error(JSON.stringify(reply.error))) : reply.result);
  });
  const call = (method: string) =>
    new Promise<unknown>((resolve) => {
      const n = ++id;
      waiting.set(n, resolve);
      void cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id: n, method, params: {} }) });
    });
  return async () => {
    await call("HeapProfiler.collectGarbage");
    return ((await call("Runtime.getHeapUsage")) as { usedSize: number }).usedSize;
  };
}

/**
 * axe-core's audit of the page as it is now (WCAG 2.x A and AA rules, plus best practices): one line per
 * violation, "rule: the elements it found", so that a failing test names what to fix.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // (evaluated through the DevTools protocol: the page's Content-Security-Policy refuses inline scripts)
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return violations;
}
