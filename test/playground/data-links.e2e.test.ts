/**
 * The playground in Chromium with data and links: a run reproduced from its URL, CSVs dropped in (bad,
 * classification, regression, too wide for a boundary), links with bad values, a link to a CSV spec.
 * (Split from playground.e2e.test.ts so that the two files run on both test workers.)
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { afterPause, boundaryPixels, dropFile, type Playground, setValue, startPlayground, stepTimes } from "./page.js";

let playground: Playground;
let server: Playground["server"];
const open: Playground["open"] = (...args) => playground.open(...args);

beforeAll(async () => {
  playground = await startPlayground();
  ({ server } = playground);
}, 60_000);

afterAll(async () => {
  await playground?.close();
});

describe("playground in Chromium: data and links", () => {
  it("reproduces a run from a copied URL: same settings, same cost after 10 iterations", async () => {
    const { page, errors } = await open();
    await page.selectOption("#dataset", "moons");
    await setValue(page, "#layer-count", "3");
    await setValue(page, "#units-2", "5");
    await setValue(page, "#dropout-1", "0.3");
    await page.selectOption("#optimizer", "momentum");
    await setValue(page, "#learning-rate", "0.1");
    await setValue(page, "#seed", "7");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("dropout rate 0.3"));
    await stepTimes(page, 10);
    const ids = await page.$$eval("#settings input, #settings select", (els) => els.map((e) => e.id).filter(Boolean));
    const values = (p: Page) =>
      p.$$eval("#settings input, #settings select", (els) =>
        els.map((e) => [e.id, e instanceof HTMLInputElement && e.type === "checkbox" ? String(e.checked) : (e as HTMLInputElement).value]),
      );
    const cost = (p: Page) => p.$eval("#cost-chart", (el) => (el as HTMLElement).dataset.trainCost);
    const original = { url: page.url(), values: await values(page), cost: await cost(page) };
    expect(ids).toContain("units-2");
    // (the original is done with: the copy opens in its tab, navigated, rather than in a new tab)
    await playground.release(page);

    const copy = await open(original.url.slice(server.url.length));
    expect(await values(copy.page)).toEqual(original.values);
    await stepTimes(copy.page, 10);
    expect(await cost(copy.page)).toBe(original.cost);
    expect(Number(original.cost)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
    await playground.release(copy.page);
  });

  it("explains a malformed CSV and keeps working, offers to skip bad rows, reads semicolons; a good CSV dropped in trains", async () => {
    const { page, errors } = await open();
    await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from('x1,x2,label\n1,2,0\n3,"4,1\n') });
    await page.waitForSelector("#csv-message.error");
    expect(await page.textContent("#csv-message")).toMatch(/^Could not use bad\.csv: bad\.csv:\d+: malformed CSV/);
    expect(await page.isVisible("#csv-drop")).toBe(false); // skipping rows would not help a broken quote
    // UTF-16 text (a byte-order mark, then NULs): refused as nnlab train refuses it (the browser decoded and trained it)
    await page.setInputFiles("#csv-file", { name: "u16.csv", mimeType: "text/csv", buffer: Buffer.from("\ufeffx1,x2,label\n1,2,0\n", "utf16le") });
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("u16.csv"));
    expect(await page.textContent("#csv-message")).toMatch(/^Could not use u16\.csv: u16\.csv:1: not a CSV file: a NUL byte at byte 3 \(binary data, or text not saved as UTF-8\)\nThe run keeps its data: /);
    const rows = Array.from({ length: 30 }, (_, i) => (i === 1 ? "3,abc,1" : `${Math.cos(i)},${Math.sin(i)},${i % 2}`));
    await page.setInputFiles("#csv-file", { name: "text.csv", mimeType: "text/csv", buffer: Buffer.from(`x1,x2,label\n${rows.join("\n")}\n`) });
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("text.csv"));
    const refused = await page.textContent("#csv-message");
    expect(refused).toContain('text.csv:3:2: column "x2" must be a number; received "abc"');
    expect(refused).not.toContain("pass onInvalidRow"); // an option the page did not have: it is a button now
    expect(refused).toContain('The run keeps its data: built-in "circles" (400 examples)');
    expect(await page.inputValue("#csv-file")).toBe(""); // the input does not show a file the run does not use
    expect(await page.inputValue("#dataset")).toBe("circles");
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#iteration")!.dataset.value) > 100);
    await page.click("#run");
    await page.click("#csv-drop");
    await page.waitForSelector("#csv-message.ok");
    expect(await page.textContent("#csv-message")).toContain("Loaded text.csv: 29 examples; 1 invalid row skipped");
    expect(page.url()).toContain("invalid=drop");
    expect(await page.isVisible("#csv-drop")).toBe(false);
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("text.csv (29 rows kept, 1 dropped)"));

    // A good file, semicolon-separated (a spreadsheet with decimal commas writes these), dropped on the data panel.
    const good = Array.from({ length: 60 }, (_, i) => `${Math.cos(i)};${Math.sin(i)};${i % 2 ? "yes" : "no"}`);
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "good.csv", { type: "text/csv" }));
      document.querySelector("#data-panel")!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, `a;b;answer\n${good.join("\n")}\n`);
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("good.csv"));
    const loaded = await page.textContent("#csv-message");
    expect(loaded).toContain("Loaded good.csv (semicolon-separated");
    expect(loaded).toContain('60 examples, 2 features (a, b), label "answer" (2 classes)');
    expect(await page.inputValue("#dataset")).toBe("csv");
    await page.waitForFunction(() => document.querySelector("#split-reason")!.textContent!.startsWith("36 train, 12 dev"));
    await stepTimes(page, 3);
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("draws a regression CSV's predictions as values, and no stale boundary for data without 2 features", async () => {
    const { page, errors } = await open();
    const drop = (name: string, text: string) => dropFile(page, name, text);
    const shows = () => page.getAttribute("#boundary", "data-shows");
    await stepTimes(page, 2);
    await page.waitForFunction(() => document.querySelector("#boundary")!.getAttribute("data-shows") === "classes");

    // A continuous label: regression, drawn as values (it threw a TypeError per frame, colouring a value as a class)
    const plane = Array.from({ length: 80 }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${(2 * Math.cos(i) - Math.sin(i) + 0.01 * (i % 7)).toFixed(4)}`);
    await drop("plane.csv", `x1,x2,height\n${plane.join("\n")}\n`);
    await page.waitForSelector("#csv-message.ok");
    expect(await page.textContent("#csv-message")).toContain("(regression)");
    await stepTimes(page, 3);
    await page.waitForFunction(() => document.querySelector("#boundary")!.getAttribute("data-shows") === "values");
    // the same targets in dollars, learned standardized: the toggle goes into the spec and the link, and it trains
    await drop("prices.csv", `x1,x2,price\n${plane.map((r) => r.replace(/,([^,]+)$/, (_, v: string) => `,${Math.round(200000 + 50000 * Number(v))}`)).join("\n")}\n`);
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("prices.csv"));
    await page.waitForFunction(() => !document.querySelector<HTMLInputElement>("#normalize-target")!.disabled);
    await page.check("#normalize-target");
    await page.waitForFunction(() => location.search.includes("normt=1"));
    // the rebuilt model says so on its card, with the training split's mean and std
    await page.waitForFunction(() => /target standardized \(mean 1\d{5}, std \d{5}\)/.test(document.querySelector("#model-summary")!.textContent!));
    await stepTimes(page, 3);
    await page.waitForFunction(() => document.querySelector("#boundary")!.getAttribute("data-shows") === "values");

    // Five features after a 2-D set: the old picture goes, the canvas says why there is none
    const wide = Array.from({ length: 60 }, (_, i) => `${i % 3},${i % 5},${i % 7},${Math.sin(i)},${Math.cos(i)},${i % 2}`);
    await drop("wide.csv", `a,b,c,d,e,label\n${wide.join("\n")}\n`);
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("wide.csv"));
    await stepTimes(page, 3);
    await page.waitForFunction(() => document.querySelector("#boundary")!.getAttribute("data-shows") === "none");
    expect(await shows()).toBe("none");
    // class labels: the target toggle is off limits (the spec's request is left unused, and the run trains)
    expect(await page.isDisabled("#normalize-target")).toBe(true);
    // the input features are computed from x1 and x2: off limits for 5 features, with the reason beside them
    expect(await page.isDisabled("#feature-x1sq")).toBe(true);
    expect(await page.isVisible("#features-reason")).toBe(true);
    expect(await page.textContent("#features-reason")).toContain("this data has 5");

    // A file that reads but cannot train (one class): the panel does not say "Loaded" in green, the status says why
    await drop("one.csv", `x1,x2,label\n${plane.map((r) => r.replace(/,[^,]+$/, ",0")).join("\n")}\n`);
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Problem: one.csv: every row has label 0"));
    expect(await page.getAttribute("#csv-message", "class")).toBe("message error");
    expect(await page.textContent("#csv-message")).toContain("the run did not start: one.csv: every row has label 0");
    expect(await shows()).toBe("nothing");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("takes input features (x1², x2² let a network without hidden layers fit circles), regression sets, gauss, test data, discretized output", async () => {
    const { page, errors } = await open("?data=circles&n=400&noise=0.1&layers=none&opt=adam&lr=0.03&batch=32&seed=2");
    // the squares first: unticking x1 and x2 first would leave no input, which the form refuses (the box ticks back)
    for (const [id, on] of [["#feature-x1sq", true], ["#feature-x2sq", true], ["#feature-x1", false], ["#feature-x2", false]] as const) {
      await (on ? page.check(id) : page.uncheck(id));
    }
    await page.waitForFunction(() => location.search.includes("inputs=x1%5E2%2Cx2%5E2"));
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("2 inputs → 1 output"));
    expect(JSON.parse(await page.inputValue("#spec-text")).data.inputFeatures).toEqual(["x1^2", "x2^2"]); // the spec carries it
    // (the new run's first views: the diagram names its inputs, and the boundary came in the same message)
    await page.waitForFunction(() => Array.from(document.querySelectorAll("#network text")).some((t) => t.textContent === "x1^2"));
    // Discretized, every cell takes its class's full colour (tint 0.7 of orange or blue): the picture is
    // almost all those two colours (the points and the 1-2 px blend at the boundary aside), where the untrained model's graded picture has little of them.
    const fullColours = [[239, 167, 95], [98, 154, 201]];
    const shareFull = (pixels: number[]) => {
      let full = 0;
      for (let p = 0; p < pixels.length; p += 4) if (fullColours.some((c) => c.every((v, k) => Math.abs(pixels[p + k]! - v) <= 2))) full++;
      return full / (pixels.length / 4);
    };
    const graded = shareFull(await boundaryPixels(page));
    await page.check("#discretize");
    const discrete = shareFull(await boundaryPixels(page));
    expect(discrete).toBeGreaterThan(0.7);
    expect(graded).toBeLessThan(0.3); // the initial weights are unsure everywhere
    await page.uncheck("#discretize");
    console.log("boundary share in the two full colours:", JSON.stringify({ graded, discrete }));
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector("#epoch")!.textContent!.split(" ")[1]) >= 40);
    await page.click("#run");
    await afterPause(page);
    const devError = await page.$eval("#scores tbody tr:nth-child(2) td:last-child", (td) => parseFloat(td.textContent!));
    expect(devError).toBeLessThan(10); // a linear model on x1, x2 stays near 50% on circles
    // test data on the picture
    expect(await page.getAttribute("#boundary", "data-test")).toBe("0");
    await page.check("#show-test");
    expect(Number(await page.getAttribute("#boundary", "data-test"))).toBeGreaterThan(50);
    // the regression sets and gauss (TensorFlow Playground's), and a linear activation
    await page.check("#feature-x1");
    await page.check("#feature-x2");
    await page.uncheck("#feature-x1sq");
    await page.uncheck("#feature-x2sq");
    await page.waitForFunction(() => !location.search.includes("inputs="));
    for (const [set, shows] of [["plane", "values"], ["gauss-mixture", "values"], ["gauss", "classes"]] as const) {
      await page.selectOption("#dataset", set);
      await page.waitForFunction((s) => document.querySelector("#model-summary")!.textContent!.includes(`built-in "${s}"`), set);
      await stepTimes(page, 2);
      await page.waitForFunction((s) => document.querySelector("#boundary")!.getAttribute("data-shows") === s, shows);
    }
    await setValue(page, "#layer-count", "1");
    await page.selectOption("#activation", "linear");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("dense 8 linear"));
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("opens a link with a bad value keeping every valid one, and says which was not used where it stays", async () => {
    const { page, errors } = await open("?data=moons&lr=abc&seed=5&layers=6");
    expect(await page.inputValue("#dataset")).toBe("moons");
    expect(await page.inputValue("#seed")).toBe("5");
    expect(await page.textContent("#status")).toMatch(/^Ready/); // the status line moved on...
    expect(await page.isVisible("#link-message")).toBe(true); // ...the link's problem did not
    expect(await page.textContent("#link-message")).toContain('optimizer.learningRate: expected a number; received "abc"; the default is used');
    expect(page.url()).toContain("seed=5");
    await setValue(page, "#seed", "6");
    expect(await page.isVisible("#link-message")).toBe(false);
    await playground.release(page); // (the next link opens in its tab)
    const banana = await open("?data=banana&seed=4");
    expect(await banana.page.inputValue("#seed")).toBe("4");
    expect(await banana.page.textContent("#link-message")).toContain('received "banana"');
    expect([...errors, ...banana.errors]).toEqual([]);
    await playground.release(banana.page);
  });

  it("opens a link to a CSV spec asking for the file, with every button still usable", async () => {
    // (no run to be ready: the spec waits for its CSV)
    const { page, errors } = await open("?data=mine.csv&seed=3", undefined, { ready: false });
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.includes('"mine.csv"'));
    await page.click("#run");
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("false"); // it flipped to "Pause" at iteration 0
    await page.click("#check");
    expect(await page.isDisabled("#check")).toBe(false); // it said "Checking..." forever
    expect(await page.textContent("#gradient-check")).not.toContain("Checking");
    expect(await page.textContent("#status")).toContain("drop it on the Data panel");
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("marks a refused setting on the field, with the reason beside it, until a value is accepted", async () => {
    const { page, errors } = await open();
    await setValue(page, "#layer-count", "7");
    expect(await page.getAttribute("#layer-count", "aria-invalid")).toBe("true");
    expect(await page.inputValue("#layer-count")).toBe("7"); // as typed, not snapped back
    expect(await page.textContent("#layer-count-error")).toContain("0 to 6");
    expect(await page.getAttribute("#layer-count", "aria-describedby")).toBe("layer-count-error");
    await setValue(page, "#layer-count", "3");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.startsWith("2-8-8-8-1"));
    expect(await page.getAttribute("#layer-count", "aria-invalid")).toBeNull();
    expect(await page.$("#layer-count-error")).toBeNull();
    // a refused checkbox (the last input feature unticked): the reason goes after its label, not between the
    // box and its name, and the settings column does not overflow (a page audit: "x2" went out of view, the
    // column grew to 444 px with a horizontal scrollbar)
    await page.uncheck("#feature-x1");
    await page.waitForFunction(() => !location.search.includes("x1%2Cx2") && location.search.includes("inputs=x2"));
    await page.click("#feature-x2"); // refused: the box ticks back
    await page.waitForSelector("#feature-x2-error");
    expect(await page.$eval("#feature-x2-error", (note) => note.parentElement!.tagName)).not.toBe("LABEL");
    expect(await page.$eval("#feature-x2", (box) => box.closest("label")!.textContent!.trim())).toBe("x2");
    expect(await page.textContent("#feature-x2-error")).toContain("at least 1 item;");
    expect(await page.$eval(".settings", (column) => column.scrollWidth - column.clientWidth)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await playground.release(page);
  });
});
