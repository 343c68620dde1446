/**
 * The playground page for the e2e tests: built fresh into a temporary folder (once per test process:
 * ./built-page.ts), served by startPlaygroundServer, opened in Debian's Chromium; and the moves a person
 * makes on it.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type axe from "axe-core";
import type { ConsoleMessage, Page } from "playwright-core";
import { type PlaygroundServer, startPlaygroundServer } from "../../src/node/playground-server.js";
import { chromiumContext } from "../support/chromium.js";
import { builtPlayground } from "./built-page.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export const ARTIFACTS = join(import.meta.dirname, "../../test-artifacts");

export interface Playground {
  server: PlaygroundServer;
  /** The built page's folder. */
  root: string;
  /**
   * A page that fails the test on any script error or failed request, once its first run is ready (or,
   * with `ready: false`, once it has loaded: a link whose spec waits for a CSV has no run to be ready).
   */
  open(query?: string, viewport?: { width: number; height: number }, options?: { ready?: boolean }): Promise<{ page: Page; errors: string[] }>;
  /**
   * Done with a page from open(): it leaves the playground (its worker stops) and waits, blank, for the
   * next open(), which navigates it rather than open a new tab (half the time of a page's opening).
   */
  release(page: Page): Promise<void>;
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const outDir = await builtPlayground();
  const server = await startPlaygroundServer({ root: outDir });
  // One browser context for the file's pages: a context per page (browser.newPage) cost about a second
  // of each page's opening on a busy machine. The page keeps no storage, so pages still start afresh.
  const defaultViewport = { width: 1280, height: 900 };
  const context = await chromiumContext({ viewport: defaultViewport });
  /** A page released by a test, blank, for open() to navigate; and how to stop each page's error listeners. */
  const idle: Page[] = [];
  const listening = new Map<Page, () => void>();
  return {
    server,
    root: outDir,
    async open(query = "", viewport = defaultViewport, { ready = true } = {}) {
      const spare = idle.pop();
      const page = spare ?? (await context.newPage());
      // (a tab not in front is a background tab: its animation frames and timers are throttled)
      if (spare) await spare.bringToFront();
      const size = page.viewportSize();
      if (size?.width !== viewport.width || size?.height !== viewport.height) await page.setViewportSize(viewport);
      const errors: string[] = [];
      const onError = (e: Error) => errors.push(e.message);
      const onConsole = (m: ConsoleMessage) => m.type() === "error" && errors.push(m.text());
      page.on("pageerror", onError);
      page.on("console", onConsole);
      listening.set(page, () => page.off("pageerror", onError).off("console", onConsole));
      await page.goto(server.url + query);
      if (ready) await page.waitForSelector("body[data-run=ready]");
      return { page, errors };
    },
    async release(page) {
      listening.get(page)?.();
      listening.delete(page);
      // one spare is enough (a second page is opened only beside another)
      if (idle.length > 0) return page.close();
      await page.mouse.move(0, 0);
      await page.goto("about:blank");
      idle.push(page);
    },
    async close() {
      await context.close();
      await server.close();
    },
  };
}

export const iteration = (page: Page) => page.$eval("#iteration", (el) => Number((el as HTMLElement).dataset.value));

/** Commits a value the way a person does: type it, then leave the field (which fires "change"). */
/** Drops a file on the Data panel, as a drag and drop from the desktop does. */
export const dropFile = (page: Page, name: string, text: string) =>
  page.evaluate(
    ([n, t]) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([t!], n!, { type: "text/csv" }));
      document.querySelector("#data-panel")!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    [name, text],
  );

export async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.press(selector, "Tab");
}

/**
 * Every 7th pixel of the boundary canvas, to tell whether the picture changed. (The bytes come back as
 * base64: as an array of ~58,000 numbers, which playwright serializes one
 * value at a time, they took 0.4-0.9 s a call on a busy machine.)
 */
export const boundaryPixels = async (page: Page): Promise<number[]> => {
  const base64 = await page.$eval("#boundary", (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 28 < 4);
    let text = "";
    for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(text);
  });
  return Array.from(Buffer.from(base64, "base64"));
};

/** Waits for the worker's answer to a Pause (its last views) and for the page to draw them. */
export async function afterPause(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.workerRunning === "false");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Presses Step `n` times and waits for the n iterations: the first press a real click (hit-tested, as
 * a person's), the others the button's click() in one go (a round trip to the browser per click took
 * 0.2-0.4 s on a busy machine; the page handles each the same way).
 */
export async function stepTimes(page: Page, n: number): Promise<void> {
  const start = await iteration(page);
  await page.click("#step");
  if (n > 1) await page.$eval("#step", (button, more) => Array.from({ length: more }, () => (button as HTMLButtonElement).click()), n - 1);
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
  const workers = targetInfos.filter((t) => t.type === "worker" && /\/worker\.js$/.test(t.url));
  // (exactly one: a page opened again must not leave an earlier worker to be measured instead)
  if (workers.length !== 1) throw new Error(`expected one worker.js target; received ${targetInfos.map((t) => `${t.type} ${t.url}`).join(", ")}`);
  const target = workers[0]!;
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
  // (axe-core's minified build, 0.65 MB: axe.source is its unminified one, 1.5 MB to send and compile on each page)
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  return violations;
}
