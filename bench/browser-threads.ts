/**
 * The w2 step in headless Chromium on one thread and on two (a Web Worker sharing the WebAssembly memory:
 * src/tensor/wasm/worker-threads.ts), on a cross-origin-isolated page served from 127.0.0.1. Repetitions
 * alternate between the two in one page, so that a busy machine slows both alike; prints the medians,
 * the median of the paired ratios, and the final losses (the same bits on one thread and two).
 *
 * With --in-worker the steps run in a dedicated worker (as the playground trains), which may sleep while
 * it waits for the helper; on the page's main thread it can only spin.
 *
 *   npx tsx bench/browser-threads.ts [--dtype f32|f64] [--pairs 15] [--iters 30] [--in-worker]
 */
import { bundleForPage, launchBenchChromium, serveIsolated } from "./browser-page.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const dtype = option("dtype", "f32") === "f64" ? "float64" : "float32";
const pairs = Number(option("pairs", "15"));
const iters = Number(option("iters", "30"));
const inWorker = args.includes("--in-worker");

const { server, url } = await serveIsolated(await bundleForPage("./browser-threads-entry.ts"));
const browser = await launchBenchChromium();
try {
  const page = await browser.newPage();
  await page.goto(url);
  if (inWorker) {
    await page.evaluate(`(() => {
      const worker = new Worker("/bench.js");
      globalThis.nnlabThreadsRep = (...args) => new Promise((resolve) => { worker.onmessage = (e) => resolve(e.data); worker.postMessage(args); });
    })()`);
  }
  type Rep = { us_per_step: number; loss: number; panels_by_worker: number };
  const one: Rep[] = [];
  const two: Rep[] = [];
  for (let i = 0; i < pairs; i++) {
    for (const threads of i % 2 ? [2, 1] : [1, 2]) {
      const r = (await page.evaluate(`nnlabThreadsRep(${JSON.stringify(dtype)}, ${threads}, ${iters})`)) as Rep;
      (threads === 1 ? one : two).push(r);
    }
  }
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const ms = (v: Rep[]) => ({ median: median(v.map((r) => r.us_per_step)) / 1000, min: Math.min(...v.map((r) => r.us_per_step)) / 1000 });
  console.log(
    JSON.stringify({
      browser: `chromium ${browser.version()}`,
      workload: "w2",
      dtype,
      in_worker: inWorker,
      pairs,
      iters,
      one_thread_ms: ms(one),
      two_threads_ms: ms(two),
      speedup_median_of_pairs: median(one.map((r, i) => r.us_per_step / two[i]!.us_per_step)),
      same_loss: one.every((r) => r.loss === one[0]!.loss) && two.every((r) => r.loss === one[0]!.loss),
      loss: one[0]!.loss,
      panels_by_worker: two.at(-1)!.panels_by_worker,
    }),
  );
} finally {
  await browser.close();
  server.close();
}
