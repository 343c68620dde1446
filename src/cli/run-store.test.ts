import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listRunEntries, resolveRun, withRunDir } from "./run-store.js";

describe("withRunDir: no half-made run behind a failure", () => {
  it("keeps the folder when writing succeeds and removes it, with what was written, when writing throws", async () => {
    const root = await mkdtemp(join(tmpdir(), "nnlab-runs-"));
    const kept = await withRunDir(root, "good", async ({ id, dir }) => {
      await writeFile(join(dir, "report.html"), "<p>ok</p>");
      return id;
    });
    expect(await readdir(root)).toEqual([kept]);
    const failure = withRunDir(root, "bad", async ({ dir }) => {
      await writeFile(join(dir, "compare-init.json"), "{}");
      throw new Error("lineChart: series to have one value per x");
    });
    await expect(failure).rejects.toThrow("lineChart: series to have one value per x");
    expect(await readdir(root)).toEqual([kept]);
  });
});

describe("listRunEntries: every folder, with its kind", () => {
  it("tells each kind by its record (or, for older folders, its name) and names what it cannot read", async () => {
    const root = await mkdtemp(join(tmpdir(), "nnlab-runs-"));
    const folder = async (id: string, files: Record<string, string>) => {
      await mkdir(join(root, id));
      for (const [name, text] of Object.entries(files)) await writeFile(join(root, id, name), text);
    };
    const summary = (id: string, accuracy: number, kind?: string) =>
      JSON.stringify({ id, kind, model: "2-8-1", epochsTrained: 10, train: { loss: 0.3, accuracy: 0.9 }, dev: { loss: 0.4, accuracy }, test: { loss: 0.4, accuracy } });
    await folder("20250101-000000-a", { "summary.json": summary("20250101-000000-a", 0.8) });
    await folder("20250101-000001-a-doctor", { "summary.json": summary("20250101-000001-a-doctor", 0.85) });
    await folder("20250101-000002-demo-l2", { "summary.json": summary("20250101-000002-demo-l2", 0.9, "demo") });
    await folder("20250101-000003-broken", { "summary.json": "{ oops" });
    await folder("20250101-000004-a-lr-find", { "lr-find.json": JSON.stringify({ suggestion: 0.03 }) });
    await folder("20250101-000005-a-learning-curve", { "report.html": "" });
    await folder("20250101-000006-a-compare-init", { "compare-init.json": JSON.stringify({ results: [{}, {}, {}, {}, {}, {}] }) });
    await folder("20250101-000007-demo", { "demo.json": JSON.stringify({ runs: [{ id: "x" }, { id: "y" }, { id: "z" }] }), "report.html": "" });
    await folder("20250101-000008-empty", {});
    await folder("20250101-000009-killed", { "spec.json": "{}", "history.jsonl": "{}\n", "checkpoint.json": "{}" });
    await folder("20250101-000010-starting", { ".spec.json.0a1b2c.tmp": "{" }); // killed while writing its spec (it was "unknown")
    await folder("sweep-a-12345678", { "trial-0.json": "{}", "results.json": JSON.stringify({ complete: true, trials: [{ values: { lambda: 0.1 }, devError: 0.05, devLoss: 0.2 }] }) });
    const entries = await listRunEntries(root);
    expect(entries.map((e) => [e.id, e.kind, e.problem ?? e.description])).toEqual([
      ["20250101-000000-a", "train", "-"],
      ["20250101-000001-a-doctor", "doctor", "-"],
      ["20250101-000002-demo-l2", "demo", "-"],
      ["20250101-000003-broken", "train", expect.stringMatching(/^unreadable summary\.json \(.*JSON.*\)$/)],
      ["20250101-000004-a-lr-find", "lr-find", "suggested learning rate 0.03"],
      ["20250101-000005-a-learning-curve", "learning-curve", "see its report.html"],
      ["20250101-000006-a-compare-init", "compare-init", "6 initializations compared"],
      ["20250101-000007-demo", "demo", "3 models compared"],
      ["20250101-000008-empty", "unknown", "empty folder: an unfinished or failed run"],
      ["20250101-000009-killed", "train", `unfinished: killed or stopped while training; continue it with nnlab --runs ${root} train --resume 20250101-000009-killed`],
      ["20250101-000010-starting", "train", "unfinished: stopped before its first checkpoint, in its first seconds: train its spec again (nothing to resume)"],
      ["sweep-a-12345678", "sweep", "1 trial, best lambda=0.1 (dev error 5.0%)"],
    ]);
    // the sweep by its best trial's dev error, to sort it among the trained runs
    expect(entries.map((e) => e.devError?.toFixed(2) ?? null)).toEqual(["0.20", "0.15", "0.10", null, null, null, null, null, null, null, null, "0.05"]);
    await expect(resolveRun("a-lr-find", root)).rejects.toThrow("20250101-000004-a-lr-find is an lr-find run (no summary.json): expected a trained run (train, doctor, or one of a demo's runs)");
    // the demo's own folder: its runs are named (it said "a demo run ... expected a trained run (train, doctor or demo)")
    await expect(resolveRun("20250101-000007-demo", root)).rejects.toThrow("20250101-000007-demo is the demo's comparison of 3 runs (no summary.json of its own): expected one of its runs, x, y, z");
    await expect(resolveRun("nothing-here", root)).rejects.toThrow(/no run "nothing-here" in /);
    expect(await resolveRun("a-doctor", root)).toBe(join(root, "20250101-000001-a-doctor"));
  });
});

describe("listRunEntries on a sweep folder of another shape", () => {
  it("names it as unreadable and lists the rest (one such folder ended the whole listing with a TypeError)", async () => {
    const root = await mkdtemp(join(tmpdir(), "nnlab-runs-"));
    await mkdir(join(root, "sweep-y-12345678"));
    await writeFile(join(root, "sweep-y-12345678", "results.json"), JSON.stringify({ trials: [{}] }));
    await mkdir(join(root, "sweep-z-12345678"));
    await writeFile(join(root, "sweep-z-12345678", "results.json"), JSON.stringify({ complete: true, trials: [{ values: { l2: 1 }, devError: null, devLoss: 0.33, devDataLoss: 0.18 }] }));
    const entries = await listRunEntries(root);
    expect(entries.map((e) => e.problem ?? e.description)).toEqual([
      expect.stringMatching(/^unreadable results\.json \(expected "trials": a list of trials with their values; received \[\{\}\]\)$/),
      "1 trial, best l2=1 (dev MSE 0.18)", // a regression's best by its dev MSE, as the sweep printed it (it showed the whole cost)
    ]);
  });
});

describe("saveRun: history.jsonl appended as the run trained (an audit: a long run ended 'Invalid string length')", () => {
  it("is not written again when it holds the run's history, and is written, as before, when it does not", async () => {
    const { readFile, stat } = await import("node:fs/promises");
    const { parseSpec, runExperiment } = await import("../index.js");
    const { HistoryLog } = await import("./history-log.js");
    const { saveRun } = await import("./run-store.js");
    const result = await runExperiment(parseSpec({ name: "saved", seed: 1, data: { source: "moons", n: 40 }, training: { epochs: 6 } }, "s.json"), { recordFlow: false });
    const expected = result.history.toRecords().map((r) => JSON.stringify(r)).join("\n") + "\n";
    const root = await mkdtemp(join(tmpdir(), "nnlab-save-"));
    const dir = join(root, "run");
    await mkdir(dir);
    const path = join(dir, "history.jsonl");
    const log = await HistoryLog.create(path);
    log.append(result.history);
    expect(await readFile(path, "utf8")).toBe(expected);
    const { ino } = await stat(path);
    await saveRun(dir, "run", result);
    // the same file (rewritten, it is another inode), byte for byte what saveRun wrote before
    expect((await stat(path)).ino).toBe(ino);
    expect(await readFile(path, "utf8")).toBe(expected);
    expect(JSON.parse(await readFile(join(dir, "summary.json"), "utf8")).epochsTrained).toBe(6);
    log.close();
    // closed (or no log at all: doctor, demo): written from the history, as before
    await writeFile(path, "stale\n");
    await saveRun(dir, "run", result);
    expect(await readFile(path, "utf8")).toBe(expected);
    // a log that did not write every epoch, or a file changed under it: written again, not trusted
    const partial = await HistoryLog.create(path);
    await saveRun(dir, "run", result);
    expect(await readFile(path, "utf8")).toBe(expected);
    partial.close();
    const whole = await HistoryLog.create(path);
    whole.append(result.history);
    await writeFile(path, expected + '{"epoch":99}\n');
    await saveRun(dir, "run", result);
    expect(await readFile(path, "utf8")).toBe(expected);
    whole.close();
  });
});
