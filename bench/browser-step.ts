/**
 * nnlab's w1, w2 and w3 (bench/workloads.ts) in headless Chromium (Debian's, driven by playwright-core), one
 * fresh page per workload and element type, as the Node runs use one process each. Prints the same JSON
 * lines as bench/train-step.ts, with peer "nnlab-browser". In Chromium the WebAssembly kernels fuse
 * float32 multiply-adds (relaxed SIMD); --strict turns that off.
 *
 *   npx tsx bench/browser-step.ts w2 --dtype f32 --reps 7
 */
import { chromium } from "playwright-core";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const workloads = args.filter((a) => /^w[123]$/.test(a));
const dtypes = option("dtype", "both") === "both" ? ["f32", "f64"] : [option("dtype", "f32")];
const reps = Number(option("reps", "7"));
const strict = args.includes("--strict");

const esbuild = await import("esbuild");
const bundle = await esbuild.build({
  entryPoints: [new URL("./browser-entry.ts", import.meta.url).pathname],
  bundle: true,
  write: false,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
});
const script = bundle.outputFiles[0]!.text;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  for (const workload of workloads.length ? workloads : ["w1", "w2", "w3"]) {
    for (const tag of dtypes) {
      const page = await browser.newPage();
      await page.addScriptTag({ content: script });
      const record = await page.evaluate(
        ([w, d, r, s]) => (globalThis as any).nnlabBench(w, d, r, s),
        [workload, tag === "f32" ? "float32" : "float64", reps, strict] as const,
      );
      console.log(JSON.stringify({ browser: `chromium ${browser.version()}`, peer: "nnlab-browser", threads: 1, ...record }));
      await page.close();
    }
  }
} finally {
  await browser.close();
}
