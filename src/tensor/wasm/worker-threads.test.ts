/**
 * In Chromium (Debian's, headless), on a cross-origin-isolated page served here: products and a training
 * run give the same bits with the Web Worker helping (src/tensor/wasm/worker-threads.ts) as on the page's
 * thread alone, float32 (fused multiply-adds, as Chromium runs them) and float64, called on the page's
 * main thread and from a worker; and the helper does compute some of the panels. Without isolation,
 * useWorkerThreads declines.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { bundleForBrowser } from "../../../test/support/browser-bundle.js";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { chromiumContext } from "../../../test/support/chromium.js";

const PAGE_SCRIPT = `
import { Dense, fit, Sequential, Tensor } from "./src/index.js";
import * as kernels from "./src/tensor/kernels.js";
import { Rng } from "./src/tensor/rng.js";
import { stopWorkerThreads, useWorkerThreads, workerPanels } from "./src/tensor/wasm/worker-threads.js";

function random(rows, cols, rng, dtype) {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}
function products(dtype) {
  const rng = new Rng(5);
  const x = random(67, 301, rng, dtype), w = random(301, 133, rng, dtype), b = random(1, 133, rng, dtype);
  const z = Tensor.zeros(67, 133, dtype), a = Tensor.zeros(67, 133, dtype);
  const dw = Tensor.zeros(301, 133, dtype), db = Tensor.zeros(1, 133, dtype), dx = Tensor.zeros(67, 301, dtype);
  kernels.matmulAddBiasRelu(x, w, b, z, a);
  kernels.matmulTransAAndSumRows(x, z, dw, db);
  kernels.matmulTransB(z, w, dx);
  return [z, a, dw, db, dx].map((t) => Array.from(t.data));
}
function trained(dtype) {
  const rng = new Rng(2);
  const x = random(64, 300, rng, dtype);
  const y = Tensor.zeros(64, 1, dtype);
  for (let i = 0; i < 64; i++) y.data[i] = i % 7;
  const model = new Sequential({ inputSize: 300, dtype, layers: [new Dense({ units: 130, activation: "relu" }), new Dense({ units: 7, activation: "softmax" })] })
    .compile({ loss: "softmaxCrossEntropy", optimizer: "sgd" });
  fit(model, x, y, { epochs: 2, batchSize: 32 });
  return Object.values(model.getWeights()).map((w) => w.flat());
}
const differing = (xs, ys) => xs.reduce((n, x, i) => n + x.reduce((m, v, j) => m + (Object.is(v, ys[i][j]) ? 0 : 1), 0), 0);
const count = (xs) => xs.reduce((n, x) => n + x.length, 0);

globalThis.runCheck = async (dtypes) => {
  const out = { isolated: crossOriginIsolated, fused: kernels.fusedMultiplyAddInUse() };
  for (const dtype of dtypes) {
    const one = products(dtype), oneTrained = trained(dtype);
    out[dtype + " started"] = await useWorkerThreads(2);
    let two = products(dtype);
    // the worker may be scheduled late on a busy machine: repeat until it has taken part (bounded)
    for (let r = 0; r < 500 && workerPanels() === 0; r++) two = products(dtype);
    out[dtype + " panels by the worker"] = workerPanels();
    out[dtype + " products compared"] = count(one);
    out[dtype + " products differing"] = differing(one, two);
    const twoTrained = trained(dtype);
    out[dtype + " weights compared"] = count(oneTrained);
    out[dtype + " weights differing"] = differing(oneTrained, twoTrained);
    stopWorkerThreads();
  }
  return out;
};
globalThis.runUnisolated = () => useWorkerThreads(2);
// two calls at once: the first gives way (its worker terminated) rather than run beside the second's
globalThis.runOverlapping = async () => {
  const both = await Promise.all([useWorkerThreads(2), useWorkerThreads(2)]);
  stopWorkerThreads();
  return both;
};
// loaded as a dedicated worker (the playground trains in one), where the caller may sleep while it waits
if (typeof WorkerGlobalScope === "function") onmessage = async ({ data }) => postMessage(await runCheck(data));
globalThis.runCheckInWorker = (dtypes) => new Promise((resolve) => {
  const worker = new Worker("bundle.js");
  worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
  worker.postMessage(dtypes);
});
`;

let server: Server;
let context: BrowserContext; // in the shared browser (test/support/chromium.ts)
let base: string;

beforeAll(async () => {
  const root = new URL("../../../", import.meta.url).pathname;
  const script = await bundleForBrowser({ source: PAGE_SCRIPT, resolveDir: root });
  server = createServer((request, response) => {
    const isolated = !request.url!.startsWith("/plain");
    const headers: Record<string, string> = isolated ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } : {};
    if (request.url!.endsWith("/bundle.js")) response.writeHead(200, { ...headers, "Content-Type": "text/javascript" }).end(script);
    else response.writeHead(200, { ...headers, "Content-Type": "text/html" }).end('<!doctype html><script src="bundle.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  context = await chromiumContext();
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
});

it("two threads (a Web Worker on shared memory) give one thread's bits, and the worker takes part", async () => {
  const page = await context.newPage();
  await page.goto(`${base}/isolated/`);
  // on the page's main thread (which spins while it waits), and from a worker (which may sleep)
  const onPage = (await page.evaluate('runCheck(["float32", "float64"])')) as Record<string, number | boolean>;
  const inWorker = (await page.evaluate('runCheckInWorker(["float32"])')) as Record<string, number | boolean>;
  await page.close();
  for (const [result, dtypes] of [[onPage, ["float32", "float64"]], [inWorker, ["float32"]]] as const) check(result, dtypes);
});

function check(result: Record<string, number | boolean>, dtypes: readonly string[]): void {
  expect(result.isolated).toBe(true);
  expect(result.fused).toBe(true); // Chromium has relaxed SIMD: the fused float32 kernels are the ones tested
  for (const dtype of dtypes) {
    expect(result[`${dtype} started`]).toBe(true);
    expect(result[`${dtype} panels by the worker`]).toBeGreaterThan(0);
    expect(result[`${dtype} products compared`]).toBeGreaterThan(60_000);
    expect(result[`${dtype} products differing`]).toBe(0);
    expect(result[`${dtype} weights compared`]).toBeGreaterThan(39_000);
    expect(result[`${dtype} weights differing`]).toBe(0);
  }
}

it("of two calls at once, only the later one starts a worker", async () => {
  const page = await context.newPage();
  await page.goto(`${base}/isolated/`);
  expect(await page.evaluate("runOverlapping()")).toEqual([false, true]);
  await page.close();
});

it("without cross-origin isolation it declines and products stay on the page's thread", async () => {
  const page = await context.newPage();
  await page.goto(`${base}/plain/`);
  expect(await page.evaluate("runUnisolated()")).toBe(false);
  await page.close();
});
