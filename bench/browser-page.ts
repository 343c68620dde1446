/**
 * What the browser benchmarks share: an entry bundled for the page (esbuild, minified, as the playground
 * ships), Debian's headless Chromium, and a cross-origin-isolated page on 127.0.0.1 serving the bundle
 * (shared memory, so Web Worker threads, needs the isolation).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium } from "playwright-core";
import { bundleForBrowser } from "../test/support/browser-bundle.js";

/** The entry (a path beside this file) as one minified script for the page. */
export function bundleForPage(entry: string): Promise<string> {
  return bundleForBrowser({ entry: new URL(entry, import.meta.url).pathname });
}

export function launchBenchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
}

/** Serves `script` as /bench.js and a page that loads it, both cross-origin isolated; resolves once listening. */
export async function serveIsolated(script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };
    if (request.url === "/bench.js") response.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(script);
    else response.writeHead(200, { ...headers, "Content-Type": "text/html" }).end('<!doctype html><script src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
