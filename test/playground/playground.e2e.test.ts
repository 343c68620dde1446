/**
 * The playground in real headless Chromium (Debian's, driven by playwright-core; nothing is
 * downloaded): acceptance 1-3 and 5 of issue 5. The page is built fresh into a temporary folder and
 * served by startPlaygroundServer. Screenshots go to test-artifacts/; speed is measured by a benchmark
 * (bench/playground-speed.ts), never by a test.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copySpec, DEFAULT_SPEC } from "../../web/src/page-spec.js";
import { specToQuery } from "../../web/src/url-state.js";
import { loadModel, realDatasets, toOnnx } from "../../src/index.js";
import { runExportedCode } from "./run-exported.js";
import { afterPause, ARTIFACTS, axeViolations, boundaryPixels, type Playground, setValue, startPlayground, workerHeap } from "./page.js";

let playground: Playground;
const open: Playground["open"] = (query, viewport) => playground.open(query, viewport);

beforeAll(async () => {
  playground = await startPlayground();
}, 60_000);

afterAll(async () => {
  await playground?.close();
});

describe("playground in Chromium", () => {
  it("keeps the real data sets out of the scripts a page loads: each is a lazy chunk of its own", async () => {
    const chunks = readdirSync(join(playground.root, "chunks"));
    const scripts = ["main.js", "worker.js", ...chunks.filter((f) => f.startsWith("chunk-") && f.endsWith(".js")).map((f) => `chunks/${f}`)];
    for (const name of Object.keys(realDatasets) as Array<keyof typeof realDatasets>) {
      const set = await realDatasets[name].load();
      const own = chunks.filter((f) => f.startsWith(`${name}-`) && f.endsWith(".js"));
      expect(own).toHaveLength(1);
      const rows = set.values.slice(0, 80);
      expect(readFileSync(join(playground.root, "chunks", own[0]!), "utf8")).toContain(rows);
      for (const script of scripts) expect(readFileSync(join(playground.root, script), "utf8"), `${name} in ${script}`).not.toContain(rows);
    }
  });

  it("offers the real sets in the Dataset menu (it showed a blank box for them); a Fashion-MNIST spec is said to be read in Node", async () => {
    const { page, errors } = await open();
    await page.selectOption("#dataset", "iris");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("iris"));
    expect(await page.inputValue("#dataset")).toBe("iris");
    expect(await page.isDisabled("#size")).toBe(true); // a real set has no size to choose
    expect(JSON.parse(await page.inputValue("#spec-text")).data).toEqual({ source: "iris", onInvalidRow: "error" });
    await page.fill("#spec-text", JSON.stringify({ data: { source: "fashion-mnist" }, training: { epochs: 2 } }));
    await page.click("#spec-open");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.includes("only nnlab in Node reads"));
    expect(await page.textContent("#status")).toContain(`This spec reads "fashion-mnist", which only nnlab in Node reads (from Debian's dataset-fashion-mnist package): train it there with nnlab train spec.json.`);
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("trains circles with He and L2, draws the boundary, passes the gradient check, restarts on a dropout change", async () => {
    // 150 epochs exactly: the gradient check then runs on the same weights every time (a pause at whatever
    // epoch the machine's load allowed put a ReLU unit near its kink now and then, and the check failed)
    const { page, errors } = await open("?epochs=150");
    await page.selectOption("#dataset", "moons");
    await page.selectOption("#dataset", "circles");
    await page.selectOption("#activation", "relu");
    await page.selectOption("#init", "he");
    await setValue(page, "#l2", "0.01");
    expect(page.url()).toContain("init=he");
    expect(page.url()).toContain("l2=0.01");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("relu"));
    const before = await boundaryPixels(page);
    expect(await axeViolations(page)).toEqual([]); // before training

    await page.click("#run"); // (150 epochs may be over before the button could be read as pressed: the end is awaited)
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#epoch")!.textContent!.split(" ")[1]) === 150 && document.querySelector("#run")!.getAttribute("aria-pressed") === "false");
    await afterPause(page); // the last views after the run
    const costs = await page.$eval("#cost-chart", (el) => ({
      first: Number((el as HTMLElement).dataset.firstTrainCost),
      last: Number((el as HTMLElement).dataset.trainCost),
    }));
    expect(costs.last).toBeLessThan(costs.first / 2);
    expect(await page.locator("#cost-chart svg path").count()).toBeGreaterThanOrEqual(4); // J and data parts (L2 on)
    const after = await boundaryPixels(page);
    const changed = after.filter((v, i) => Math.abs(v - before[i]!) > 30).length / after.length;
    expect(changed).toBeGreaterThan(0.05);
    expect(["healthy", "cause"]).toContain(await page.getAttribute("#verdict", "data-state")); // 40 epochs, the cost well down: the doctor answers

    // The check reports its progress as it goes (20 times over its cost evaluations)
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progress: string[] }).progress = seen;
      const region = document.querySelector("#gradient-check")!;
      new MutationObserver(() => {
        const bar = region.querySelector("progress");
        if (bar) seen.push(`${bar.value}/${bar.max}`);
      }).observe(region, { subtree: true, childList: true, characterData: true });
    });
    await page.click("#check");
    await page.waitForSelector("#gradient-check [data-verdict]");
    const progress = await page.evaluate(() => (window as unknown as { progress: string[] }).progress);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.every((p) => Number(p.split("/")[0]) < Number(p.split("/")[1]))).toBe(true);
    expect(await page.getAttribute("#gradient-check [data-verdict]", "data-verdict")).toBe("pass");
    expect(await axeViolations(page)).toEqual([]); // after training and a gradient check ("passed" was 4.4:1 on white)
    expect(await page.textContent("#gradient-check")).toContain("Gradient check passed");
    expect(await page.$$eval("#gradient-check tbody th", (ths) => ths.map((th) => th.textContent))).toEqual(["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "playground.png"), fullPage: true });

    await setValue(page, "#epochs", "1000000"); // a new run, far from its epochs' end
    await page.waitForFunction(() => document.querySelector("#epoch")!.textContent!.startsWith("epoch 0 of 1000000"));
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#iteration")!.dataset.value) > 600);
    // A restart is told by the page's run count, not by the iteration counter: under load the new run
    // may pass the old one's count before the test looks.
    const runs = Number(await page.getAttribute("body", "data-runs"));
    await setValue(page, "#dropout-0", "0.2");
    expect(await page.textContent("#keep-0")).toBe("0.8"); // as the Model card writes it
    expect(page.url()).toMatch(/dropout=0\.2%2C(&|$)/); // the first layer's rate; the second has none of its own
    await page.waitForFunction((before) => Number(document.body.dataset.runs) === before + 1, runs);
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("dropout rate 0.2"));
    // the new run trains on (the spec's epochs, a million here, are far off)
    await page.waitForFunction(
      () => Number(document.querySelector<HTMLElement>("#iteration")!.dataset.value) > 50 || document.querySelector("#status")!.textContent!.startsWith("Stopped"),
    );
    expect(await page.textContent("#status")).not.toMatch(/^Stopped/);
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("true");
    await page.click("#run");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("keeps the worker's memory flat over a long run, says what the run is doing, and trains on past its epochs", async () => {
    // A tiny network on 40 points, full batch: 10,000s of epochs a second, so 100,000 epochs stand in for
    // 10 minutes of the default run (the per-epoch history grew the worker's heap by ~70 bytes an epoch).
    // Softmax regression with Adam on 3 separable blobs: the cost falls ~11 decades and is still falling.
    const N = 100_000;
    const { page, errors } = await open(`?data=blobs&n=40&noise=0.3&layers=none&batch=full&opt=adam&lr=0.1&epochs=${N}`);
    const heap = await workerHeap(page);
    const status = () => page.textContent("#status");
    expect(await status()).toMatch(/^Ready: 9 parameters, \d+ training examples\.$/);
    await page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { statuses: Set<string> }).statuses = seen;
      const line = document.querySelector("#status")!;
      new MutationObserver(() => seen.add(line.textContent!.replace(/epoch \d+ of/, "epoch # of"))).observe(line, { subtree: true, childList: true, characterData: true });
    });
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector("#epoch")!.textContent!.split(" ")[1]) >= 10_000);
    // The early sample is taken while it trains (a pause clicked now lands tens of thousands of epochs later
    // on a fast machine); its epoch is read after the sample, an upper bound on the epoch it measured.
    const earlyHeap = await heap();
    const tenth = { epoch: Number((await page.textContent("#epoch"))!.split(" ")[1]), heap: earlyHeap };
    expect(tenth.epoch).toBeLessThan(N / 2);
    // it shows how fast it trains while it trains (the speed itself is measured by bench/playground-speed.ts)
    expect(Number(await page.getAttribute("#speed", "data-value"))).toBeGreaterThan(0);
    await page.click("#run");
    await afterPause(page);
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("false");
    const paused = (await status())!;
    expect(paused).toMatch(new RegExp(`^Paused at epoch \\d+ of ${N} \\(iteration \\d+\\)\\.$`));
    await page.click("#run");
    await page.waitForFunction((n) => document.querySelector("#status")!.textContent === `Stopped: the spec's ${n} epochs are done.`, N);
    const full = { epoch: N, heap: await heap() };
    expect(await page.textContent("#epoch")).toBe(`epoch ${N} of ${N}`);
    // The cost axis follows the cost down (it was cut 8 decades below the top: a falling cost ran flat),
    // and the gradient-flow bar of a gradient far below 1e-8 is still a bar.
    await page.waitForFunction((n) => document.querySelector("#cost-chart")!.getAttribute("aria-label")!.includes(`over ${n} epochs`), N);
    const axis = await page.$eval("#cost-chart", (el) => ({
      first: Number((el as HTMLElement).dataset.firstTrainCost),
      last: Number((el as HTMLElement).dataset.trainCost),
      bottom: Number(el.querySelector("svg")!.getAttribute("data-log-bottom")),
    }));
    expect(axis.last).toBeLessThan(axis.first * 1e-8);
    expect(axis.bottom).toBeLessThan(Math.log10(axis.last));
    const bars = await page.$$eval("#flow-chart rect", (rects) => rects.map((r) => r.getBoundingClientRect().width));
    expect(bars.length).toBe(1);
    expect(bars[0]).toBeGreaterThanOrEqual(2);
    console.log("falling cost:", JSON.stringify(axis), await page.getAttribute("#flow-chart", "aria-label"));
    const figures = { tenth, full, ratio: +(full.heap / tenth.heap).toFixed(3) };
    console.log("worker heap after GC (bytes):", JSON.stringify(figures));
    writeFileSync(join(ARTIFACTS, "playground-worker-heap.json"), `${JSON.stringify(figures, null, 2)}\n`);
    expect(full.heap).toBeLessThan(2 * tenth.heap); // without the bound: 2.8x here (6.1x at 2N)
    // Train on: as many epochs again, from where it stopped (the run went on, not over)
    expect(await page.isVisible("#train-on")).toBe(true);
    await page.click("#train-on");
    // the page's spec asks for the epochs the run now trains: the form, the link (and so every export)
    // said N, whose nnlab train gave another model than the page's (a page audit)
    expect(await page.inputValue("#epochs")).toBe(String(2 * N));
    expect(new URL(page.url()).searchParams.get("epochs")).toBe(String(2 * N));
    await page.waitForFunction((n) => Number(document.querySelector("#epoch")!.textContent!.split(" ")[1]) > n + 1000, N);
    await page.click("#run");
    await afterPause(page);
    // paused within the extra epochs, or, on a machine busy enough that the click came late, past them:
    // either way the run went on to 2N (a race on the click's timing failed this under load)
    const after = (await status()) ?? "";
    if (after.startsWith("Stopped:")) {
      // (the page's words: this branch expected "Stopped: N epochs are done.", which it never says, and
      // failed whenever the click came late, as on a loaded fresh clone in session 21)
      expect(after).toBe(`Stopped: the spec's ${2 * N} epochs are done.`);
      expect(await page.textContent("#epoch")).toBe(`epoch ${2 * N} of ${2 * N}`);
    } else {
      expect(after).toMatch(new RegExp(`^Paused at epoch \\d+ of ${2 * N} `));
      expect(await page.isVisible("#train-on")).toBe(false); // paused, not out of epochs
    }
    const statuses = await page.evaluate(() => [...(window as unknown as { statuses: Set<string> }).statuses]);
    expect(statuses).toContain(`Training: epoch # of ${N}`);
    expect(statuses).toContain(`Training: epoch # of ${2 * N}`);
    // A spec that does not start (noise augmentation needs images): the old run's speed goes with it
    expect(Number(await page.getAttribute("#speed", "data-value"))).toBeGreaterThan(0);
    await page.fill("#spec-text", JSON.stringify({ data: { source: "blobs" }, augment: { noise: 0.1 } }));
    await page.click("#spec-open");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Problem: augment.noise: expected image data"));
    expect(await page.textContent("#speed")).toBe("0 it/s");
    expect(await page.textContent("#epoch")).toBe("epoch 0");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("draws the network: each unit over the plane, weights as lines to hover, live, dead and saturated units marked", async () => {
    const { page, errors } = await open(`?${specToQuery({ ...DEFAULT_SPEC, seed: 3 })}`, { width: 1280, height: 800 }); // 2-8-8-1 tanh
    await page.waitForSelector("#network button.unit canvas");
    expect(await page.locator("#network button.unit").count()).toBe(2 + 8 + 8 + 1);
    expect(await page.locator("#network .link").count()).toBe(2 * 8 + 8 * 8 + 8 * 1);
    // a unit's picture: its output over the plane (not one flat colour), and it changes as the weights do
    const unitPixels = () =>
      page.$eval("#network button.unit[data-layer='2'][data-unit='0'] canvas", (c) => {
        const canvas = c as HTMLCanvasElement;
        return Array.from(canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data);
      });
    const first = await unitPixels();
    expect(new Set(first.filter((_, i) => i % 4 === 2)).size).toBeGreaterThan(10);
    const widths = await page.$$eval("#network .link", (ls) => new Set(ls.map((l) => l.getAttribute("stroke-width"))).size);
    expect(widths).toBeGreaterThan(10); // sized by weight
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector("#epoch")!.textContent!.split(" ")[1]) >= 30);
    await page.click("#run");
    await afterPause(page);
    const later = await unitPixels();
    expect(later.filter((v, i) => Math.abs(v - first[i]!) > 20).length).toBeGreaterThan(first.length / 20); // live
    // A laptop screen after training: the diagram, the boundary, the curves and the controls in view, unscrolled.
    expect(await page.evaluate(() => [window.scrollY, document.documentElement.scrollLeft])).toEqual([0, 0]);
    for (const selector of ["#network", "#boundary", "#cost-chart", "#cost-legend", "#run", "#step", "#reset", "#dataset", "#noise", "#size"]) {
      const box = (await page.locator(selector).boundingBox())!;
      expect({ selector, inView: box.y >= 0 && box.x >= 0 && box.y + box.height <= 800 && box.x + box.width <= 1280 && box.height > 0 }).toEqual({ selector, inView: true });
    }
    await page.screenshot({ path: join(ARTIFACTS, "playground-1280x800.png") });
    // hover a line: its weight; focus a unit (keyboard): its bias and incoming weights
    const line = page.locator("#network .link").nth(3);
    const weight = Number(await line.getAttribute("data-weight"));
    // (a point on that line where no other line crosses it: lines fan out and cross)
    const point = await page.$eval("#network .link-hit >> nth=3", (hit) => {
      const box = hit.getBoundingClientRect();
      const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => Number(hit.getAttribute(a)));
      const svg = (hit as SVGLineElement).ownerSVGElement!;
      const k = box.width / Math.abs(x2! - x1!);
      const origin = svg.getBoundingClientRect();
      const view = svg.viewBox.baseVal;
      const scale = origin.width / view.width;
      for (const f of [0.2, 0.3, 0.4, 0.6, 0.7, 0.8]) {
        const x = origin.left + (x1! + f * (x2! - x1!)) * scale;
        const y = origin.top + (y1! + f * (y2! - y1!)) * scale;
        if (document.elementFromPoint(x, y) === hit) return { x, y, k };
      }
      return null;
    });
    expect(point).not.toBeNull();
    await page.mouse.move(point!.x, point!.y);
    expect(await page.textContent("#network-readout")).toMatch(/^Weight from x1 to h1\.4: /);
    const shown = Number((await page.textContent("#network-readout"))!.split(": ")[1]!.replace(/\.$/, ""));
    expect(Math.abs(shown - weight)).toBeLessThanOrEqual(0.005 * Math.abs(weight) + 1e-12);
    await page.mouse.move(0, 0);
    await page.focus("#network button.unit[data-layer='1'][data-unit='1']");
    expect(await page.textContent("#network-readout")).toMatch(/^h1\.2 \(tanh\): bias -?[\d.e-]+; weights in: x1 -?[\d.e-]+, x2 -?[\d.e-]+\.$/);
    expect(await page.getAttribute("#network button.unit[data-layer='1'][data-unit='1']", "aria-describedby")).toBe("network-readout");
    expect(await axeViolations(page)).toEqual([]);
    // ReLU units that start at zero weights are dead; tanh with large random weights is saturated
    await page.selectOption("#activation", "relu");
    await page.selectOption("#init", "zeros");
    await page.waitForFunction(() => document.querySelectorAll("#network button.unit.dead").length === 16);
    expect(await page.getAttribute("#network button.unit.dead >> nth=0", "aria-label")).toMatch(/^hidden layer 1 unit h1\.1 \(relu\), dead$/);
    await page.selectOption("#activation", "tanh");
    await page.selectOption("#init", "randomNormal");
    await setValue(page, "#init-scale", "10");
    await page.waitForFunction(() => document.querySelectorAll("#network button.unit.saturated").length >= 8);
    expect(await page.locator("#network button.unit.dead").count()).toBe(0);
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("marks the early-stopping epoch on the cost curves and stays stopped", async () => {
    const { page, errors } = await open("?data=moons&noise=0.35&n=100&layers=64,64&act=relu&init=he&oinit=he&lr=0.01&opt=adam&batch=full&es=5");
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Stopped: early stopping"));
    await page.waitForFunction(() => document.querySelector("#cost-chart")!.innerHTML.includes("early-stopping epoch"));
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("false");
    expect(await page.textContent("#scores")).toContain("test (final)");
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#run")!.getAttribute("aria-pressed") === "false");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("shows the doctor's card: nothing before progress, then healthy or a cause with evidence (never init-too-large on LeCun)", async () => {
    const { page, errors } = await open();
    await page.waitForSelector("#verdict[data-state]"); // the first views after "ready"
    expect(await page.getAttribute("#verdict", "data-state")).toBe("waiting");
    expect(await page.textContent("#verdict")).toContain("train for a while: the diagnosis appears once training has made progress");
    // Every answer the card gives, with the epoch shown when it gave it.
    await page.evaluate(() => {
      const seen: Array<{ state: string; epoch: number }> = [];
      (window as unknown as { verdicts: typeof seen }).verdicts = seen;
      const verdict = document.querySelector<HTMLElement>("#verdict")!;
      new MutationObserver(() => seen.push({ state: verdict.dataset.state!, epoch: Number(document.querySelector("#epoch")!.textContent!.split(" ")[1]) })).observe(verdict, {
        attributes: true,
        attributeFilter: ["data-state"],
      });
      // And how long each diagnosis took in the worker.
      const ms: number[] = [];
      (window as unknown as { doctorMs: number[] }).doctorMs = ms;
      const details = document.querySelector<HTMLElement>("#doctor-details")!;
      new MutationObserver(() => ms.push(Number(details.dataset.ms))).observe(details, { attributes: true, attributeFilter: ["data-ms"] });
    });
    await page.click("#run");
    await page.waitForSelector("#verdict:is([data-state=healthy], [data-state=cause])");
    expect(await axeViolations(page)).toEqual([]); // during training (it goes on while axe reads the page)
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#run")!.getAttribute("aria-pressed") === "false");
    const seen = await page.evaluate(() => (window as unknown as { verdicts: Array<{ state: string; epoch: number }> }).verdicts);
    const first = seen.find((v) => v.state !== "waiting")!;
    expect(first.epoch).toBeGreaterThanOrEqual(20); // the progress rule's minimum, on the default run (it never stops by itself)
    const state = await page.getAttribute("#verdict", "data-state");
    const text = `${await page.innerText("#verdict")}\n${await page.innerText("#doctor-details")}`;
    expect(await page.getAttribute("#verdict", "data-cause")).not.toBe("init-too-large");
    expect(text).not.toMatch(/init too large|initial weights too large/);
    if (state === "healthy") expect(text).toContain("healthy");
    else expect(await page.locator("#doctor-details .evidence li").count()).toBeGreaterThan(0);
    const ms = await page.evaluate(() => (window as unknown as { doctorMs: number[] }).doctorMs);
    expect(ms.length).toBeGreaterThan(0);
    writeFileSync(join(ARTIFACTS, "playground-doctor-default.txt"), `${text}\n`);
    console.log("doctor card, default run:", JSON.stringify({ firstAnswerAtEpoch: first.epoch, state, text, msPerDiagnosisInWorker: ms.map((v) => +v.toFixed(2)) }));
    // A spec that cannot train (its split leaves no dev set) after a diagnosed run: the old run's verdict,
    // scores and flow go (they described weights that are not this spec's), and the status says why.
    await page.fill("#spec-text", JSON.stringify({ ...DEFAULT_SPEC, split: [1, 0] }));
    await page.click("#spec-open");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Problem: the split left no dev set"));
    expect(await page.getAttribute("#verdict", "data-state")).toBe("waiting");
    expect(await page.textContent("#scores")).toBe("");
    expect(await page.locator("#flow-chart svg").count()).toBe(0);
    // ...and so do its pictures, its model card, its split and its speed: nothing left describes the old run
    expect(await page.getAttribute("body", "data-run")).toBe("failed");
    expect(await page.locator("#cost-chart svg").count()).toBe(0);
    expect(await page.textContent("#cost-legend")).toBe("");
    expect(await page.locator("#network button.unit").count()).toBe(0);
    expect(await page.getAttribute("#boundary", "data-shows")).toBe("nothing");
    expect(await page.textContent("#model-summary")).toBe("");
    expect(await page.textContent("#split-reason")).toBe("");
    // the spec box does not claim the run is this spec's: it says why the run did not start
    expect(await page.getAttribute("#spec-message", "class")).toBe("message error");
    expect(await page.textContent("#spec-message")).toContain("the run did not start: the split left no dev set");
    // a button pressed now says why it does nothing, and the reason stays in view
    await page.click("#model-download");
    await page.click("#step");
    const refused = (await page.textContent("#status"))!;
    expect(refused).toMatch(/^Problem: the split left no dev set/);
    expect(refused).toContain("Not done: there is no run");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("says a run diverged, and the doctor names the learning rate (gradient descent at 10 on the default network)", async () => {
    const spec = copySpec(DEFAULT_SPEC);
    spec.optimizer = { name: "sgd", learningRate: 10 };
    const { page, errors } = await open(`?${specToQuery(spec)}`);
    expect(page.url()).toContain("lr=10"); // (gradient descent is the spec's default optimizer: not written)
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Stopped: training diverged"));
    await page.waitForSelector("#verdict[data-state=cause]");
    expect(await page.getAttribute("#verdict", "data-cause")).toBe("learning-rate-too-high");
    expect(await page.textContent("#verdict strong")).toBe("learning rate too high");
    expect(await page.textContent("#status")).toContain("Diagnosis: learning rate too high");
    expect(await page.locator("#doctor-details .evidence li").count()).toBeGreaterThan(0);
    expect(await page.locator("#doctor-details .advice li").count()).toBeGreaterThan(0);
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("false");
    // Gradient-flow findings are observations: flowFindings' "likely cause" texts never reach the page.
    expect(await page.textContent("#flow-findings")).not.toMatch(/use LeCun|He initialization|lower the learning rate|initialize randomly|use ReLU/);
    const text = [await page.innerText("#status"), await page.innerText("#verdict"), await page.innerText("#doctor-details")].join("\n");
    writeFileSync(join(ARTIFACTS, "playground-doctor-lr10.txt"), `${text}\n`);
    console.log("doctor card, sgd lr 10:", JSON.stringify(text));
    await page.screenshot({ path: join(ARTIFACTS, "playground-diverged.png"), fullPage: true });
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("exports the spec, opens a pasted one, and explains one it cannot open", async () => {
    const { page, errors } = await open();
    await setValue(page, "#seed", "9");
    const download = page.waitForEvent("download");
    await page.click("#spec-download");
    expect((await download).suggestedFilename()).toBe("spec.json"); // as the button and the exported command say
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, "utf8")) as typeof DEFAULT_SPEC;
    expect(exported).toEqual({ ...DEFAULT_SPEC, seed: 9 });
    // An edit not opened yet is not what trains: the download is the spec the run uses, and says so
    await page.fill("#spec-text", (await page.inputValue("#spec-text")).replace('"learningRate": 0.01', '"learningRate": 5'));
    const edited = page.waitForEvent("download");
    await page.click("#spec-download");
    expect(JSON.parse(readFileSync(await (await edited).path(), "utf8"))).toEqual({ ...DEFAULT_SPEC, seed: 9 });
    expect(await page.textContent("#spec-message")).toContain("not opened");

    await page.fill("#spec-text", '{"model": {"hidden": [{"units": 0}]}, "colour": "red"}');
    await page.click("#spec-open");
    await page.waitForSelector("#spec-message.error");
    expect(await page.textContent("#spec-message")).toBe(
      'spec: invalid experiment spec:\n  model.hidden[0].units: expected a number above 0; received 0\n  (the spec): unknown field "colour" (expected one of: name, seed, data, split, normalize, normalizeTarget, model, l2, l1, dropout, optimizer, training, augment, baselineError, classWeight)',
    );
    expect(page.url()).toContain("seed=9"); // the page kept its spec
    await page.fill("#spec-text", "{not json");
    await page.click("#spec-open");
    await page.waitForFunction(() => document.querySelector("#spec-message")!.textContent!.startsWith("spec: not valid JSON: "));

    await page.fill("#spec-text", JSON.stringify({ data: { source: "xor", n: 120 }, model: { hidden: [] }, training: { epochs: 1, batchSize: "full" } }));
    await page.click("#spec-open");
    await page.waitForSelector("#spec-message.ok");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.startsWith("2-1"));
    expect(await page.inputValue("#dataset")).toBe("xor");
    expect(await page.inputValue("#layer-count")).toBe("0");
    expect(page.url()).toContain("data=xor&n=120&epochs=1&layers=none");
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent === "Stopped: the spec's 1 epoch is done.");
    // A single epoch's point shows (a path of one point drew nothing)
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#cost-chart")!.dataset.points === "1");
    const dots = await page.$$eval("#cost-chart circle", (cs) => cs.map((c) => c.getBoundingClientRect().width));
    expect(dots).toHaveLength(2);
    for (const d of dots) expect(d).toBeGreaterThan(4);

    // The same run as TypeScript with the library: run as exported (the library's own files for "nnlab"),
    // it prints the page's training cost to the bit and saves the page's trained weights.
    const saved = (download: Promise<import("playwright-core").Download>) => download.then((d) => d.path()).then((path) => readFileSync(path, "utf8"));
    const code = await page.inputValue("#export-text");
    expect(code).toContain('import { diagnosisLines, parseSpec, runExperiment, saveModel } from "nnlab";');
    const codeFile = page.waitForEvent("download");
    await page.click("#export-download");
    expect(await saved(codeFile)).toBe(code);
    const modelFile = page.waitForEvent("download");
    await page.click("#model-download");
    const pageModelText = await saved(modelFile);
    const pageModel = JSON.parse(pageModelText) as { weights: Record<string, { values: number[] }> };
    // ONNX too: the very bytes the library's toOnnx writes for the same model (src/export, checked against ONNX Runtime there)
    const onnxFile = page.waitForEvent("download");
    await page.click("#model-onnx");
    const onnxBytes = await onnxFile.then((d) => d.path()).then((path) => readFileSync(path));
    expect(Buffer.compare(onnxBytes, Buffer.from(toOnnx(loadModel(pageModelText))))).toBe(0);
    const dir = mkdtempSync(join(ARTIFACTS, "exported-"));
    const { printed, model: scriptModel } = await runExportedCode(code, dir, "train");
    // the cost J of the weights kept, as the page's scores show it (not the curve's last batch mean)
    const pageCost = await page.getAttribute("#scores", "data-train-loss");
    expect(printed[0]).toBe(`train cost ${pageCost} after 1 epochs`);
    expect(scriptModel.weights).toEqual(pageModel.weights);
    rmSync(dir, { recursive: true, force: true });
    await page.selectOption("#export-format", "command");
    expect((await page.inputValue("#export-text")).split("\n")).toContain("nnlab train spec.json");
    expect(await page.textContent("#export-download")).toBe("Download train.sh");
    // The form shows what trains: the examples and noise of the generator's defaults (the spec leaves noise out)...
    expect(await page.inputValue("#size")).toBe("120");
    expect(await page.getAttribute("#noise", "placeholder")).toBe("0.05 (default)");
    // ...an activation picked with no hidden layer is the next layer's (it was tanh, and the menu flipped)
    await page.selectOption("#activation", "sigmoid");
    await setValue(page, "#layer-count", "1");
    expect(JSON.parse(await page.inputValue("#spec-text")).model.hidden[0].activation).toBe("sigmoid");
    expect(await page.inputValue("#activation")).toBe("sigmoid");
    // ...and the hidden layers' initialization, not the output layer's (ReLU's default, He, trains here)
    await page.fill("#spec-text", JSON.stringify({ data: { source: "circles" }, model: { hidden: [{ units: 8, activation: "relu" }], output: { init: "zeros" } }, training: { epochs: 50 } }));
    await page.click("#spec-open");
    expect(await page.inputValue("#init")).toBe("");
    expect(await page.inputValue("#size")).toBe("");
    expect(await page.getAttribute("#size", "placeholder")).toBe("300 (default)");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("is usable on a phone-sized screen and from the keyboard, with every control labelled", async () => {
    const { page, errors } = await open("", { width: 390, height: 844 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const unlabelled = await page.$$eval("input, select", (els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).map((e) => e.id));
    expect(unlabelled).toEqual([]);
    // every checkbox a finger can hit: at least 24 x 24 px (they were 13 px)
    const boxes = await page.$$eval("input[type=checkbox]", (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [e.id, r.width, r.height] as const; }));
    expect(boxes.length).toBeGreaterThan(2);
    for (const [id, w, h] of boxes) expect({ id, small: w < 24 || h < 24 }).toEqual({ id, small: false });
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getAttribute("#verdict", "aria-live")).toBe("polite");
    await page.focus("#step");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#iteration")!.dataset.value === "1");
    await page.focus("#seed");
    await page.keyboard.press("ArrowUp"); // a number field steps, and the change restarts the run
    await page.keyboard.press("Tab");
    await page.waitForFunction(() => location.search.includes("seed=2"));
    await page.waitForSelector("body[data-run=ready]");
    await page.focus("#step");
    await page.keyboard.press("Space");
    await page.waitForFunction(() => document.querySelector<HTMLElement>("#iteration")!.dataset.value === "1");
    await page.screenshot({ path: join(ARTIFACTS, "playground-phone.png"), fullPage: false });
    expect(errors).toEqual([]);
    await playground.release(page);
  });
});
