/**
 * The playground in Chromium with data and links: a run reproduced from its URL, CSVs dropped in (bad,
 * classification, regression, too wide for a boundary), links with bad values, a link to a CSV spec.
 * (Split from playground.e2e.test.ts so that the two files run on both test workers.)
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, setValue, startPlayground, stepTimes } from "./page.js";

let playground: Playground;
let server: Playground["server"];
let browser: Playground["browser"];
const open: Playground["open"] = (query, viewport) => playground.open(query, viewport);

beforeAll(async () => {
  playground = await startPlayground();
  ({ server, browser } = playground);
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

    const copy = await open(original.url.slice(server.url.length));
    expect(await values(copy.page)).toEqual(original.values);
    await stepTimes(copy.page, 10);
    expect(await cost(copy.page)).toBe(original.cost);
    expect(Number(original.cost)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(copy.errors).toEqual([]);
    await copy.page.close();
    await page.close();
  });

  it("explains a malformed CSV and keeps working; a good CSV dropped in trains", async () => {
    const { page, errors } = await open();
    await page.setInputFiles("#csv-file", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from('x1,x2,label\n1,2,0\n3,"4,1\n') });
    await page.waitForSelector("#csv-message.error");
    expect(await page.textContent("#csv-message")).toMatch(/^Could not use bad\.csv: bad\.csv:\d+: malformed CSV/);
    await page.setInputFiles("#csv-file", { name: "text.csv", mimeType: "text/csv", buffer: Buffer.from("x1,x2,label\n1,2,0\n3,abc,1\n") });
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("text.csv"));
    expect(await page.textContent("#csv-message")).toContain('text.csv:3:2: column "x2" must be a number; received "abc"');
    expect(await page.inputValue("#dataset")).toBe("circles");
    await page.click("#run");
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>("#iteration")!.dataset.value) > 100);
    await page.click("#run");

    // A good file, dropped on the data panel.
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.cos(i)},${Math.sin(i)},${i % 2 ? "yes" : "no"}`);
    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "good.csv", { type: "text/csv" }));
      document.querySelector("#data-panel")!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, `a,b,answer\n${rows.join("\n")}\n`);
    await page.waitForSelector("#csv-message.ok");
    expect(await page.textContent("#csv-message")).toContain('Loaded good.csv: 60 examples, 2 features (a, b), label "answer" (2 classes)');
    expect(await page.inputValue("#dataset")).toBe("csv");
    await page.waitForFunction(() => document.querySelector("#split-reason")!.textContent!.startsWith("36 train, 12 dev"));
    await stepTimes(page, 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws a regression CSV's predictions as values, and no stale boundary for data without 2 features", async () => {
    const { page, errors } = await open();
    const drop = (name: string, text: string) =>
      page.evaluate(
        ([n, t]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([t!], n!, { type: "text/csv" }));
          document.querySelector("#data-panel")!.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        [name, text],
      );
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

    // Five features after a 2-D set: the old picture goes, the canvas says why there is none
    const wide = Array.from({ length: 60 }, (_, i) => `${i % 3},${i % 5},${i % 7},${Math.sin(i)},${Math.cos(i)},${i % 2}`);
    await drop("wide.csv", `a,b,c,d,e,label\n${wide.join("\n")}\n`);
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.includes("wide.csv"));
    await stepTimes(page, 3);
    await page.waitForFunction(() => document.querySelector("#boundary")!.getAttribute("data-shows") === "none");
    expect(await shows()).toBe("none");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens a link with a bad value keeping every valid one, and says which was not used where it stays", async () => {
    const { page, errors } = await open("?data=moons&lr=abc&seed=5&layers=6");
    expect(await page.inputValue("#dataset")).toBe("moons");
    expect(await page.inputValue("#seed")).toBe("5");
    expect(await page.textContent("#status")).toMatch(/^Ready/); // the status line moved on...
    expect(await page.isVisible("#link-message")).toBe(true); // ...the link's problem did not
    expect(await page.textContent("#link-message")).toContain('optimizer.learningRate: expected number; received "abc"; the default is used');
    expect(page.url()).toContain("seed=5");
    await setValue(page, "#seed", "6");
    expect(await page.isVisible("#link-message")).toBe(false);
    const banana = await open("?data=banana&seed=4");
    expect(await banana.page.inputValue("#seed")).toBe("4");
    expect(await banana.page.textContent("#link-message")).toContain('received "banana"');
    expect([...errors, ...banana.errors]).toEqual([]);
    await page.close();
    await banana.page.close();
  });

  it("opens a link to a CSV spec asking for the file, with every button still usable", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}?data=mine.csv&seed=3`);
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.includes('"mine.csv"'));
    await page.click("#run");
    expect(await page.getAttribute("#run", "aria-pressed")).toBe("false"); // it flipped to "Pause" at iteration 0
    await page.click("#check");
    expect(await page.isDisabled("#check")).toBe(false); // it said "Checking..." forever
    expect(await page.textContent("#gradient-check")).not.toContain("Checking");
    expect(await page.textContent("#status")).toContain("drop it on the Data panel");
    expect(errors).toEqual([]);
    await page.close();
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
    expect(errors).toEqual([]);
    await page.close();
  });
});
