/**
 * The playground in real headless Chromium (Debian's, driven by playwright-core; nothing is downloaded):
 * the page built fresh into a temporary folder, and the browser, for the e2e tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildPlayground } from "../../src/node/build-playground.js";
import { launchChromium } from "../support/chromium.js";

export interface BuiltPage {
  /** The built page's folder (serve it with startPlaygroundServer({ root })). */
  root: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function buildAndLaunch(): Promise<BuiltPage> {
  const root = join(mkdtempSync(join(tmpdir(), "nnlab-playground-")), "page");
  await buildPlayground({ outDir: root });
  const browser = await launchChromium();
  return {
    root,
    browser,
    close: async () => {
      await browser.close();
      rmSync(join(root, ".."), { recursive: true, force: true });
    },
  };
}
