/**
 * Debian's Chromium, headless, driven by playwright-core (nothing downloaded): for the page and report
 * tests. One browser per test process, shared by the files that run in it: vitest runs a worker's files
 * in one process (isolate: false), and a launch and its close cost about 2 core-seconds on this 2-core
 * machine, which seven files paid each. A file takes a browser context of its own (its own pages,
 * cookies and storage) and closes it; the browser itself ends with the process (playwright kills the
 * browsers it launched when the process exits, and Chromium ends when its pipe closes).
 */
import { join } from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from "playwright-core";

/** Where Debian puts it (npm test's pretest installs it); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** No sandbox (tests run as root in CI), no GPU, and nothing that reaches the network on its own. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Headless Chromium still builds a browser window for each page, and each window loaded the address
  // bar's suggestion popups (WebUI pages of ~160 modules, in a renderer process of their own) that no
  // test can open: about 1.5 core-seconds a page opened on this 2-core machine. (Merged with
  // playwright-core's own list by chromium-launcher.sh: Chromium reads only the last --disable-features.)
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
];

/** Runs CHROMIUM_PATH with the --disable-features of ARGS and of playwright-core merged (see the script). */
const LAUNCHER = join(import.meta.dirname, "chromium-launcher.sh");

/** A browser of its own, for a caller that must close the browser itself. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: LAUNCHER, args: ARGS, env: { ...process.env, NNLAB_CHROMIUM: CHROMIUM_PATH } });
}

// (kept on globalThis: a module evaluated again for another file must still find the process's browser)
const SHARED = Symbol.for("nnlab.test.sharedChromium");
type Holder = { [SHARED]?: Promise<Browser> };

/** The process's shared browser, launched on first use and again if it went away. */
function sharedBrowser(): Promise<Browser> {
  const holder = globalThis as Holder;
  const current = holder[SHARED];
  const launch = () => {
    const launched = launchChromium();
    holder[SHARED] = launched;
    // a failed launch is not kept: the next caller tries again
    launched.catch(() => holder[SHARED] === launched && delete holder[SHARED]);
    return launched;
  };
  if (!current) return launch();
  return current.then((browser) => (browser.isConnected() ? browser : launch()));
}

/** A fresh browser context in the shared browser: close it when done (the browser stays for other files). */
export async function chromiumContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return (await sharedBrowser()).newContext(options);
}
