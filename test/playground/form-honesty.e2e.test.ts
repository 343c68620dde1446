/**
 * The settings form says what the run does, in Chromium (one page load): a value the browser cannot read
 * is refused rather than trained as the default, empty fields and the split are said in the form's own
 * terms, every bound a field shows is enforced, the fields a layer overrides say so, the optimizer's and
 * early stopping's own knobs, class weights and the baseline error are in the form and the link, the
 * library's warnings are shown, and an error in training stops the run with the button back on "Train".
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, startPlayground } from "./page.js";

let playground: Playground;

beforeAll(async () => {
  playground = await startPlayground();
}, 60_000);

afterAll(async () => {
  await playground?.close();
});

const runs = (page: Page) => page.evaluate(() => Number(document.body.dataset.runs));

/** Types `text` as a person does (keys, so that text a number field cannot read stays unread), then leaves the field. */
async function type(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.press("Control+A");
  if (text === "") await page.keyboard.press("Delete");
  else await page.keyboard.type(text);
  await page.press(selector, "Tab");
}

/** The field refuses what was typed: marked, with this reason beside it, and no new run. */
async function refused(page: Page, id: string, text: string): Promise<string> {
  const before = await runs(page);
  await type(page, `#${id}`, text);
  expect({ id, invalid: await page.getAttribute(`#${id}`, "aria-invalid") }).toEqual({ id, invalid: "true" });
  expect({ id, runs: await runs(page) }).toEqual({ id, runs: before });
  return (await page.textContent(`#${id}-error`)) ?? "";
}

/** A change the page applies: a new run starts, and is ready. */
async function applied(page: Page, change: () => Promise<unknown>): Promise<void> {
  const before = await runs(page);
  await change();
  await page.waitForFunction((n) => Number(document.body.dataset.runs) > n && document.body.dataset.run === "ready", before);
}

const visible = (page: Page, selector: string) => page.isVisible(selector);

describe("playground in Chromium: the form says what the run does", () => {
  it("refuses unreadable and out-of-range values in its own words, marks overridden fields, carries every knob, shows warnings and training errors", async () => {
    const { page, errors } = await playground.open("?data=circles&n=100&split=0.6-0.2-0.2&layers=8,8&act=relu,sigmoid&ll2=0.5,&dropout=0.001&es=3&esmon=valAccuracy&epochs=20&opt=adam&lr=0.01");

    // What the form shows is what trains: keep_prob as the Model card writes it, notes where a layer overrides a field
    expect(await page.textContent("#keep-0")).toBe("0.999");
    expect(await page.textContent("#model-summary")).toContain("keep_prob 0.999");
    expect(await page.textContent("#l2-note")).toBe("per layer: hidden layer 1 has 0.5 (see the spec); this value is the other layers'");
    expect(await page.getAttribute("#l2", "aria-describedby")).toBe("l2-note");
    expect(await page.textContent("#activation-note")).toContain("per layer: relu, sigmoid");
    expect(await visible(page, "#l1-note")).toBe(false);
    expect(await page.textContent("label:has(#early-stopping)")).toContain("early stopping on valAccuracy");
    // the monitor has a control of its own (a link or a pasted spec was the only way to set it), into the spec and the link
    expect(await page.inputValue("#monitor")).toBe("valAccuracy");
    await applied(page, () => page.selectOption("#monitor", "valDataLoss"));
    expect(JSON.parse(await page.inputValue("#spec-text")).training.earlyStopping.monitor).toBe("valDataLoss");
    expect(page.url()).toContain("esmon=valDataLoss");
    await applied(page, () => page.selectOption("#monitor", "valAccuracy"));
    // Adam's betas beside Adam; momentum's field only for momentum
    expect([await visible(page, "#beta1"), await visible(page, "#momentum")]).toEqual([true, false]);

    // Refused, each in the form's own terms, with no new run (text the browser cannot read trained the default)
    expect(await refused(page, "size", "1e309")).toBe("Examples: expected a whole number at least 10, or nothing for the default; received text that is not a number");
    expect(await refused(page, "noise", "1e")).toBe("Noise: expected a number at least 0, or nothing for the default; received text that is not a number");
    expect(await refused(page, "learning-rate", "")).toBe("Learning rate: expected a number above 0; received nothing (the field is empty)");
    expect(await refused(page, "epochs", "-")).toBe("Epochs: expected a whole number at least 1; received text that is not a number");
    expect(await refused(page, "split-test", "10")).toBe("Test %: expected 0 to 100, the three summing to 100; received 60 + 20 + 10 = 90");
    expect(await refused(page, "split-train", "150")).toBe("Train %: expected above 0 and at most 100, the three summing to 100; received 150");
    // a run with no dev (or training) example fails, in the spec's fractions: refused on the field, in percent
    expect(await refused(page, "split-dev", "0")).toBe("Dev %: expected above 0 and at most 100, the three summing to 100; received 0");
    // one problem for the three fields, on the one that changed: Train's older "150" went (a page audit)
    expect(await page.$("#split-train-error")).toBeNull();
    expect(await page.getAttribute("#split-train", "aria-invalid")).toBeNull();
    expect(await refused(page, "layer-count", "7")).toBe("Hidden layers: expected a whole number from 0 to 6; received 7");
    expect(await page.textContent("#status")).toContain("Not applied: Hidden layers: expected a whole number from 0 to 6; received 7");
    // every bound a field shows is enforced (noise 5 trained under max="2")
    const bounded = await page.$$eval("#settings input[type=number][max]", (fields) =>
      (fields as HTMLInputElement[]).filter((f) => !f.disabled && f.offsetParent !== null).map((f) => ({ id: f.id, max: Number(f.max) })),
    );
    expect(bounded.map((b) => b.id).sort()).toEqual(["baseline-error", "layer-count", "split-dev", "split-test", "split-train"]);
    for (const { id, max } of bounded) expect(await refused(page, id, String(max + 1))).toMatch(/^[^;]+: expected [^;]+; received /);

    // The optimizer's own knobs, early stopping's minimum improvement, class weights and the baseline: in the spec and the link
    await applied(page, () => page.selectOption("#optimizer", "momentum"));
    expect(await page.$$eval("[aria-invalid=true]", (marked) => marked.length)).toBe(0); // an applied change clears the marks
    expect([await visible(page, "#beta1"), await visible(page, "#momentum")]).toEqual([false, true]);
    expect(await refused(page, "momentum", "1")).toBe("Momentum β: expected a number at least 0 and below 1, or nothing for the default; received 1");
    await applied(page, () => type(page, "#momentum", "0.8"));
    await applied(page, () => type(page, "#weight-decay", "0.001"));
    await applied(page, () => type(page, "#min-delta", "0.01"));
    await applied(page, () => type(page, "#baseline-error", "5"));
    await applied(page, () => page.check("#class-weight"));
    const query = new URL(page.url()).searchParams;
    expect(Object.fromEntries(["opt", "mom", "wd", "esdelta", "base", "cw"].map((k) => [k, query.get(k)]))).toEqual({
      opt: "momentum",
      mom: "0.8",
      wd: "0.001",
      esdelta: "0.01",
      base: "0.05",
      cw: '"balanced"',
    });
    const spec = JSON.parse(await page.inputValue("#spec-text"));
    expect([spec.optimizer, spec.training.earlyStopping.minDelta, spec.baselineError, spec.classWeight]).toEqual([
      { name: "momentum", learningRate: 0.01, momentum: 0.8, weightDecay: 0.001 },
      0.01,
      0.05,
      "balanced",
    ]);
    // learning rate x weight decay below 1, said on the field that changed in the form's words (it was the spec's, on Learning rate)
    expect(await refused(page, "weight-decay", "100")).toBe("Weight decay: expected below 1 / learning rate (100 at 0.01); received 100");
    await applied(page, () => type(page, "#weight-decay", "10"));
    expect(await refused(page, "learning-rate", "0.1")).toBe("Learning rate: expected below 1 / weight decay (0.1 with weight decay 10); received 0.1");
    await applied(page, () => type(page, "#learning-rate", "0.01"));
    // a refused "1e" then cleared (the field's value is "" both times: no change event) applies the default on leaving the field
    expect(await refused(page, "weight-decay", "1e")).toBe("Weight decay: expected a number at least 0, or nothing for the default; received text that is not a number");
    await applied(page, () => type(page, "#weight-decay", ""));
    expect([await page.getAttribute("#weight-decay", "aria-invalid"), new URL(page.url()).searchParams.get("wd")]).toEqual([null, null]);
    // a bad value in a field its box turns off does not keep the box's old setting: the change applies, the field back to a usable value
    const specNow = async () => JSON.parse(await page.inputValue("#spec-text"));
    expect(await refused(page, "min-delta", "-1")).toBe("Min. improvement: expected a number at least 0, or nothing for the default; received -1");
    await applied(page, () => page.uncheck("#early-stopping"));
    expect([(await specNow()).training.earlyStopping, await page.inputValue("#min-delta")]).toEqual([false, ""]);
    await applied(page, () => page.check("#early-stopping"));
    await applied(page, () => page.uncheck("#full-batch")); // (the link asks for none: full batch)
    expect(await refused(page, "batch-size", "0")).toBe("Batch size: expected a whole number at least 1; received 0");
    await applied(page, () => page.check("#full-batch"));
    expect([(await specNow()).training.batchSize, await page.inputValue("#batch-size")]).toEqual(["full", "32"]);
    // a refused box shows the setting the run keeps (here a disabled field holding a value it refuses)
    await page.$eval("#batch-size", (field) => void ((field as HTMLInputElement).value = "0"));
    const beforeBox = await runs(page);
    await page.click("#full-batch");
    expect([await page.isChecked("#full-batch"), await page.textContent("#full-batch-error"), (await specNow()).training.batchSize, await runs(page)]).toEqual([
      true,
      "Batch size: expected a whole number at least 1; received 0",
      "full",
      beforeBox,
    ]);
    await applied(page, () => page.selectOption("#optimizer", "adam"));
    await applied(page, () => type(page, "#beta2", "0.99"));
    expect(new URL(page.url()).searchParams.get("b2")).toBe("0.99");
    // class weights are for classes: "balanced" goes with a switch to regression data (the run failed), and the box with it
    await applied(page, () => page.selectOption("#dataset", "plane"));
    expect([await visible(page, "#class-weight"), (await specNow()).classWeight, new URL(page.url()).searchParams.get("cw")]).toEqual([false, undefined, null]);

    // The library's warnings are shown; an error in training stops the run and says why, the button back on "Train"
    // (EarlyStopping refuses a value fit does not log: accuracy on regression data)
    expect(await visible(page, "#run-warnings")).toBe(false);
    const broken = { seed: 1, data: { source: "plane", n: 100 }, model: { hidden: [] }, dropout: 0.3, training: { epochs: 20, earlyStopping: { patience: 3, monitor: "valAccuracy" } } };
    await page.fill("#spec-text", JSON.stringify(broken));
    await applied(page, () => page.click("#spec-open"));
    expect(await page.textContent("#run-warnings")).toMatch(/^Warning: dropout 0\.3 was asked for, but the network has no hidden layer/);
    await page.click("#run");
    await page.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Problem: "));
    expect(await page.textContent("#status")).toMatch(/^Problem: training stopped at epoch 0, iteration \d+: EarlyStopping: monitor "valAccuracy" must be one of the logged values/);
    expect([await page.textContent("#run"), await page.getAttribute("#run", "aria-pressed")]).toEqual(["Train", "false"]);
    expect(errors).toEqual([]);
    await playground.release(page);
  });
});
