/** Debian's Chromium, headless, driven by playwright-core (nothing downloaded): for the page and report tests. */
import { type Browser, chromium } from "playwright-core";

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
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
}
