/**
 * nnlab's w1, w2 and w3 (bench/workloads.ts) in headless Chromium (Debian's, driven by playwright-core), one
 * fresh page per workload and element type, as the Node runs use one process each. Prints the same JSON
 * lines as bench/train-step.ts, with peer "nnlab-browser". In Chromium the WebAssembly kernels fuse
 * float32 multiply-adds (relaxed SIMD); --strict turns that off. With --threads 2 the page is served from
 * 127.0.0.1 with the cross-origin-isolation headers and a Web Worker computes part of every large product
 * (src/tensor/wasm/worker-threads.ts); without it, the page is about:blank and one thread, as before.
 *
 *   npx tsx bench/browser-step.ts w2 --dtype f32 --reps 7 [--threads 2]
 */
import { bundleForPage, launchBenchChromium, serveIsolated } from "./browser-page.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const workloads = args.filter((a) => /^w[123]$/.test(a));
const dtypes = option("dtype", "both") === "both" ? ["f32", "f64"] : [option("dtype", "f32")];
const reps = Number(option("reps", "7"));
const strict = args.includes("--strict");
const threads = Number(option("threads", "1"));

const script = await bundleForPage("./browser-entry.ts");
// for --threads 2: a cross-origin-isolated page (shared memory needs it) serving the bundle
const served = threads > 1 ? await serveIsolated(script) : null;
const browser = await launchBenchChromium();
try {
  for (const workload of workloads.length ? workloads : ["w1", "w2", "w3"]) {
    for (const tag of dtypes) {
      const page = await browser.newPage();
      if (served) await page.goto(served.url);
      else await page.addScriptTag({ content: script });
      const record = await page.evaluate(
        ([w, d, r, s, t]) => (globalThis as any).nnlabBench(w, d, r, s, t),
        [workload, tag === "f32" ? "float32" : "float64", reps, strict, threads] as const,
      );
      console.log(JSON.stringify({ browser: `chromium ${browser.version()}`, peer: "nnlab-browser", threads, ...record }));
      await page.close();
    }
  }
} finally {
  await browser.close();
  served?.server.close();
}
