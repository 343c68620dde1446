/**
 * The playground's training speed against the library's bare loop in Node, in one run: the football-sized
 * network (2-20-3-1, ReLU, sigmoid output, 211 examples, full-batch gradient descent at 0.3). Each round
 * times Node (the page paused) and then the page in headless Chromium; the best window of each side is
 * compared, the one least disturbed by other work. Writes test-artifacts/playground-speed.json.
 * `npx tsx bench/playground-speed.ts [--rounds 3]`
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium, type Page } from "playwright-core";
import { buildPlayground } from "../src/node/build-playground.js";
import { startPlaygroundServer } from "../src/node/playground-server.js";
import { TrainingSession } from "../web/src/session.js";
import { specFromQuery } from "../web/src/url-state.js";

const roundsArg = process.argv.indexOf("--rounds");
const rounds = roundsArg >= 0 ? Number(process.argv[roundsArg + 1]) : 3;
const query = "?data=flower&noise=0&n=351&split=0.6-0.2-0.2&layers=20,3&act=relu&init=he&oinit=he&lr=0.3&opt=sgd&batch=full&epochs=100000000&seed=1";

const session = await TrainingSession.open(specFromQuery(query.slice(1)).spec);
const { model, data } = session;
/** The library's bare loop (what bench/train-step.ts w1 times). */
const nodeLibrary = () => {
  model.computeGradients(data.trainX, data.train.y);
  model.optimizer!.step(model.params());
};
const rate = (run: () => void, ms: number) => {
  for (let i = 0; i < 200; i++) run();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) for (let i = 0; i < 50; i++, n++) run();
  return (1000 * n) / (performance.now() - t0);
};
const iteration = (page: Page) => page.$eval("#iteration", (el) => Number((el as HTMLElement).dataset.value));

const outDir = join(mkdtempSync(join(tmpdir(), "nnlab-playground-speed-")), "page");
await buildPlayground({ outDir });
const server = await startPlaygroundServer({ root: outDir });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(server.url + query);
  await page.waitForSelector("body[data-run=ready]");
  const node: number[] = [];
  const sessionRates: number[] = [];
  const pageRates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    node.push(rate(nodeLibrary, 700));
    sessionRates.push(rate(() => session.step(), 300));
    await page.click("#run");
    await page.waitForTimeout(300); // a benchmark may wait: let the worker warm up
    const i0 = await iteration(page);
    const t0 = performance.now();
    await page.waitForTimeout(1000);
    pageRates.push(((await iteration(page)) - i0) / ((performance.now() - t0) / 1000));
    await page.click("#run");
  }
  const pageRate = Math.max(...pageRates);
  const nodeLibraryRate = Math.max(...node);
  const figures = {
    network: "2-20-3-1, 211 examples, full batch",
    pageIterationsPerSecond: Math.round(pageRate),
    nodeLibraryIterationsPerSecond: Math.round(nodeLibraryRate),
    nodeSessionIterationsPerSecond: Math.round(Math.max(...sessionRates)),
    ratioPageToNodeLibrary: +(pageRate / nodeLibraryRate).toFixed(2),
    windows: { page: pageRates.map(Math.round), nodeLibrary: node.map(Math.round) },
  };
  const artifacts = join(import.meta.dirname, "../test-artifacts");
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, "playground-speed.json"), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
} finally {
  await browser.close();
  await server.close();
  rmSync(join(outDir, ".."), { recursive: true, force: true });
}
