/**
 * Where the w2 step's time goes in Chromium: each of its matrix products alone (forward, dW = X^T dZ,
 * dX = dZ W^T, as the layers call them), then the packed WebAssembly kernel and the packing alone on the
 * same shapes. Headless Debian Chromium via playwright-core, as bench/browser-step.ts.
 *
 *   npx tsx bench/browser-products.ts [--dtype f32|f64|both] [--reps 9] [--strict]
 */
import { bundleForPage, launchBenchChromium } from "./browser-page.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const dtypes = option("dtype", "f32") === "both" ? ["f32", "f64"] : [option("dtype", "f32")];
const reps = Number(option("reps", "9"));
const strict = args.includes("--strict");

const script = await bundleForPage("./browser-products-entry.ts");
const browser = await launchBenchChromium();
try {
  for (const tag of dtypes) {
    const page = await browser.newPage();
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(([d, r, s]) => (globalThis as any).nnlabProducts(d, r, s), [tag === "f32" ? "float32" : "float64", reps, strict] as const);
    if (args.includes("--json")) console.log(JSON.stringify(result));
    else {
      console.log(`${tag}${strict ? " strict" : ""}: products as the layers call them sum to ${result.sum_of_products_us} us`);
      for (const row of result.rows) console.log(`  ${row.name.padEnd(42)} ${String(row.us_median).padStart(8)} us (min ${row.us_min})${row.madds ? `  ${row.gflops_median} GFLOP/s` : ""}`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
