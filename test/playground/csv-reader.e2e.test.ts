/**
 * The Data panel's CSV read off the page's main thread (web/src/csv-reader-worker.ts), in Chromium: read
 * on the page, a 75 MB file froze it for 7-12 s (no paint, no input). Files that read and files that do
 * not say what they said before, the "skip invalid rows" button reads the file again, a second file
 * supersedes one being read, and the page draws frames while a big file is read, saying it is reading it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropFile, type Playground, setValue, startPlayground } from "./page.js";

let playground: Playground;
let temp: string;

beforeAll(async () => {
  playground = await startPlayground();
  temp = mkdtempSync(join(tmpdir(), "nnlab-csv-reader-"));
}, 60_000);

afterAll(async () => {
  await playground?.close();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** A CSV of `rows` rows: two features on a circle, two classes; row `bad` (if any) has a word for x2. */
function csv(rows: number, bad = -1): string {
  const lines = Array.from({ length: rows }, (_, i) => (i === bad ? "3,abc,1" : `${Math.cos(i).toFixed(6)},${Math.sin(i).toFixed(6)},${i % 2}`));
  return `x1,x2,label\n${lines.join("\n")}\n`;
}

/** A CSV file of about `bytes` bytes in the test's folder (the same rows over and over). */
function bigCsv(name: string, bytes: number): string {
  const block = csv(10_000).slice("x1,x2,label\n".length);
  const path = join(temp, name);
  writeFileSync(path, `x1,x2,label\n${block.repeat(Math.ceil(bytes / block.length))}`);
  return path;
}

/** Drops a file on the Data panel, as a drag and drop from the desktop does. */
const drop = dropFile;

const choose = (page: Page, name: string, text: string | Buffer) => page.setInputFiles("#csv-file", { name, mimeType: "text/csv", buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });

const message = (page: Page) => page.textContent("#csv-message");

/** Waits for the CSV message to say something about `name` other than that it is reading it. */
const answered = (page: Page, name: string) =>
  page.waitForFunction((n) => {
    const text = document.querySelector("#csv-message")!.textContent!;
    return text.includes(n) && !text.startsWith("Reading");
  }, name);

interface Moment {
  /** "file chosen", "bytes read" (the chosen file's bytes, read by the page's script too) or a text the CSV message showed. */
  what: string;
  /** The page's animation frames drawn by then (counted from the call of recordTimeline). */
  frames: number;
}

/**
 * From now on the page keeps a timeline: each file chosen, when its bytes could be read, each text of
 * the CSV message, with the animation frames drawn by then. A page whose main thread is busy draws none:
 * the frames between two moments count what the page could do meanwhile, whatever the machine's speed.
 */
async function recordTimeline(page: Page): Promise<() => Promise<Moment[]>> {
  await page.evaluate(() => {
    const timeline: Moment[] = [];
    const counter = { frames: 0 };
    (window as unknown as { timeline: Moment[] }).timeline = timeline;
    const frame = () => {
      counter.frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    const moment = (what: string) => timeline.push({ what, frames: counter.frames });
    // (capturing, on the document: before the page's own listener on the input, which starts its read)
    document.addEventListener(
      "change",
      (event) => {
        const input = event.target as HTMLInputElement;
        if (input.id !== "csv-file" || !input.files?.[0]) return;
        moment("file chosen");
        // The file's bytes take frames to arrive (read by the browser, not the script): read them here as
        // well, so that the frames after they came are the frames drawn while the file was parsed.
        void input.files[0].arrayBuffer().then(() => moment("bytes read"));
      },
      true,
    );
    const shown = document.querySelector("#csv-message")!;
    new MutationObserver(() => moment(shown.textContent!)).observe(shown, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => (window as unknown as { timeline: Moment[] }).timeline);
}

describe("playground in Chromium: a CSV is read off the page's main thread", () => {
  it("loads a good CSV chosen or dropped in, saying so as before, and the run trains on it", async () => {
    const { page, errors } = await playground.open();
    await choose(page, "good.csv", csv(60));
    await answered(page, "good.csv");
    expect(await message(page)).toBe('Loaded good.csv: 60 examples, 2 features (x1, x2), label "label" (2 classes).');
    expect(await page.getAttribute("#csv-message", "class")).toBe("message ok");
    expect(await page.inputValue("#dataset")).toBe("csv");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("good.csv (60 rows kept, 0 dropped)"));
    // dropped on the panel, semicolon-separated: read by the same worker, kept for the next file
    await drop(page, "semi.csv", csv(40).replace(/,/g, ";"));
    await answered(page, "semi.csv");
    expect(await message(page)).toBe('Loaded semi.csv (semicolon-separated): 40 examples, 2 features (x1, x2), label "label" (2 classes).');
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("semi.csv (40 rows kept, 0 dropped)"));
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("refuses a bad CSV in the same words as before, keeps the run's data, and the skip button reads the file again", async () => {
    const { page, errors } = await playground.open();
    // a bad row: refused, with the button that skips such rows
    await choose(page, "rows.csv", csv(30, 1));
    await answered(page, "rows.csv");
    expect(await message(page)).toBe('Could not use rows.csv: rows.csv:3:2: column "x2" must be a number; received "abc"\nThe run keeps its data: built-in "circles" (400 examples).');
    expect(await page.getAttribute("#csv-message", "class")).toBe("message error");
    expect(await page.inputValue("#csv-file")).toBe("");
    expect(await page.isVisible("#csv-drop")).toBe(true);
    await page.click("#csv-drop");
    await page.waitForSelector("#csv-message.ok");
    expect(await message(page)).toBe('Loaded rows.csv: 29 examples; 1 invalid row skipped, 2 features (x1, x2), label "label" (2 classes).');
    expect(await page.isVisible("#csv-drop")).toBe(false);
    expect(page.url()).toContain("invalid=drop");
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("rows.csv (29 rows kept, 1 dropped)"));
    // UTF-16 (decoded by the reader worker now): refused as nnlab train refuses it, no button
    await choose(page, "u16.csv", Buffer.from("\ufeffx1,x2,label\n1,2,0\n", "utf16le"));
    await answered(page, "u16.csv");
    expect(await message(page)).toMatch(/^Could not use u16\.csv: u16\.csv:1: not a CSV file: a NUL byte at byte 3 \(binary data, or text not saved as UTF-8\)\nThe run keeps its data: .*rows\.csv/);
    expect(await page.isVisible("#csv-drop")).toBe(false);
    // a broken quote: skipping rows would not help, no button
    await choose(page, "quote.csv", 'x1,x2,label\n1,2,0\n3,"4,1\n');
    await answered(page, "quote.csv");
    expect(await message(page)).toMatch(/^Could not use quote\.csv: quote\.csv:\d+: malformed CSV/);
    expect(await page.isVisible("#csv-drop")).toBe(false);
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("keeps drawing frames while a big CSV is read, says it is reading it, and keeps settings changed meanwhile", async () => {
    const path = bigCsv("big.csv", 8e6);
    const { page, errors } = await playground.open();
    const timeline = await recordTimeline(page);
    await page.setInputFiles("#csv-file", path);
    // a setting changed while the file is read (the page answers now) stays when the file's data comes
    await setValue(page, "#seed", "9");
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.startsWith("Loaded big.csv"), null, { timeout: 100_000 });
    const moments = await timeline();
    const seen = JSON.stringify(moments);
    const at = (what: string) => moments.findIndex((m) => m.what.startsWith(what));
    const [chosen, bytes, reading, loaded] = [at("file chosen"), at("bytes read"), at("Reading the file"), at("Loaded big.csv")];
    expect(chosen >= 0 && bytes > chosen && loaded > chosen, seen).toBe(true);
    // Frames drawn once the bytes were there: the page that parsed them itself drew none until "Loaded" (0,
    // -1, -5: its own read came a few frames before or after this one's); read by the worker, 200-250 for 25 MB.
    expect(moments[loaded]!.frames - moments[bytes]!.frames, seen).toBeGreaterThanOrEqual(10);
    expect(reading > chosen && reading < loaded, seen).toBe(true);
    expect(moments[reading]!.what).toMatch(/^Reading the file \(8\.\d MB\)…$/);
    expect(await page.getAttribute("#csv-message", "class")).toBe("message ok");
    const query = new URL(page.url()).searchParams;
    expect([query.get("data"), query.get("seed")]).toEqual(["big.csv", "9"]);
    expect(errors).toEqual([]);
    await playground.release(page);
  });

  it("reads the latest file when a second one comes while the first is read: the first one's answer never shows", async () => {
    const path = bigCsv("first.csv", 10e6);
    const { page, errors } = await playground.open();
    const timeline = await recordTimeline(page);
    await page.setInputFiles("#csv-file", path);
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.startsWith("Reading the file (10."));
    await drop(page, "second.csv", csv(50));
    await page.waitForFunction(() => document.querySelector("#csv-message")!.textContent!.startsWith("Loaded second.csv"));
    // one more read after it: an answer for first.csv still on its way would come before this one's, and must not show
    await choose(page, "third.csv", csv(5));
    await answered(page, "third.csv");
    expect(await message(page)).toContain("Could not use third.csv: it has 5 examples; the playground needs at least 10");
    const shown = (await timeline()).map((m) => m.what).filter((what) => what !== "file chosen" && what !== "bytes read");
    // (each text up to its first ":", its size aside)
    expect(shown.map((what) => what.split(":")[0]!.replace(/\(.*\)/, "(size)"))).toEqual([
      "Reading the file (size)…",
      "Reading the file (size)…",
      "Loaded second.csv",
      "Reading the file (size)…",
      "Could not use third.csv",
    ]);
    expect(shown.slice(0, 2).map((what) => what.replace(/[\d.]+/, "#"))).toEqual(["Reading the file (# MB)…", "Reading the file (# KB)…"]);
    await page.waitForFunction(() => document.querySelector("#model-summary")!.textContent!.includes("second.csv (50 rows kept, 0 dropped)"));
    expect(errors).toEqual([]);
    await playground.release(page);
  });
});
