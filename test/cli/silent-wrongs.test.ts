/**
 * Issue 11: wrong results that passed silently. Each case once printed a plausible answer (or crashed
 * with an internal message, leaving a half-made run); each now says what is wrong, or gets it right.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";
import { README_FOOTBALL_SPEC } from "../support/readme-spec.js";

const oneClassCsv = fileURLToPath(new URL("../doctor/data/one-class.csv", import.meta.url));

async function folder(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-silent-"));
  for (const [name, value] of Object.entries(files)) await writeFile(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
  return dir;
}

/** The run folders a command left, none when it made no runs folder at all. */
async function runFolders(dir: string): Promise<string[]> {
  try {
    return (await readdir(join(dir, "runs"))).sort();
  } catch {
    return [];
  }
}

const small = { data: { source: "moons", n: 200, noise: 0.2 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 60 } };

describe("tiny data and two-way splits", () => {
  it('4 rows with split "auto": exit 2 saying the data is too small for a dev set and what to do, and no run left', async () => {
    const dir = await folder({ "tiny.csv": "x1,x2,y\n0,1,0\n1,0,1\n0.5,0.2,0\n0.9,0.8,1\n", "tiny.json": { name: "tiny", data: { source: "tiny.csv", label: "y" }, training: { epochs: 20 } } });
    const r = await runCli(["train", "tiny.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'nnlab: tiny.json: split: "auto" needs at least 5 examples (3/1/1 train/dev/test); received 4 examples, which would leave the dev and test sets empty (4/0/0 train/dev/test): give more data, or a 2-way split such as [0.75, 0.25] (train and dev)\n',
    );
    expect(r.stderr).not.toMatch(/NaN|diagnoseBiasVariance/);
    for (const command of ["learning-curve", "compare-init"]) expect((await runCli([command, "tiny.json"], dir)).code).toBe(2);
    expect(await runFolders(dir)).toEqual([]);
  });

  it("a 2-way split [0.8, 0.2] is train and dev: the dev set is what early stopping watches and the summary reports", async () => {
    const dir = await folder({ "two.json": { ...small, name: "two", split: [0.8, 0.2], training: { epochs: 60, earlyStopping: { patience: 10 } } } });
    const r = await runCli(["--json", "train", "two.json"], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.dev.examples).toBe(40);
    expect(summary.test.examples).toBe(0); // no test set: the notes' train/dev
    expect(summary.earlyStopping.monitor).toBe("valLoss");
    const report = await readFile(join(dir, summary.report), "utf8");
    expect(report).toContain("160 train / 40 dev (no test set)");
    expect(summary.diagnosis.causes.map((c: { id: string }) => c.id)).not.toContain("data-problem"); // an absent test set is no missing class
    const text = await runCli(["train", "two.json"], dir);
    expect(text.stdout).toMatch(/^dev +\d/m);
    expect(text.stdout).not.toMatch(/^test /m);
  });
});

describe("a classification dataset with a single class", () => {
  it("is refused with exit 2 by every command that trains, naming the file and the label, and leaves no run", async () => {
    const dir = await folder({ "spam.json": { name: "spam", data: { source: oneClassCsv, label: "label" }, training: { epochs: 20 } } });
    for (const args of [["train"], ["compare-init"], ["learning-curve"], ["sweep", "--grid", "lambda=0,0.1", "--workers", "1"], ["doctor"]]) {
      const r = await runCli([args[0]!, "spam.json", ...args.slice(1)], dir);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toBe(`nnlab: ${oneClassCsv}: every row has label "spam" (column "label"): a classifier needs at least two classes; check the label column and how the data was filtered\n`);
    }
    expect(await runFolders(dir)).toEqual([]);
  });

  it("a class with no example in the dev set is a warning in the summary, the report and `nnlab diagnose`", async () => {
    // 98 rows of "a" and 2 of "b": the stratified 60/20/20 split puts the two b's in train and test.
    const rows = Array.from({ length: 100 }, (_, i) => `${(i / 100).toFixed(2)},${((i * 37) % 100) / 100},${i < 98 ? "a" : "b"}`);
    const dir = await folder({ "rare.csv": ["x1,x2,kind", ...rows].join("\n") + "\n", "rare.json": { name: "rare", data: { source: "rare.csv", label: "kind" }, training: { epochs: 20 } } });
    const r = await runCli(["--json", "train", "rare.json"], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    const warning = 'class "b" has 2 examples in the data but none in the dev set (dev counts per class: 20/0): the dev error says nothing about this class; gather more examples of this class';
    expect(summary.warnings).toContain(warning);
    expect((await runCli(["train", "rare.json"], dir)).stdout).toContain(`Warning: ${warning}`);
    expect(await readFile(join(dir, summary.report), "utf8")).toContain(warning.replace(/"/g, "&quot;"));
    const diagnosed = await runCli(["diagnose", summary.id], dir);
    expect(diagnosed.stderr).toBe("");
    expect(diagnosed.stdout).toContain(`Warning: ${warning}`);
  });
});

describe("no half-made run behind a failure", () => {
  it("compare-init on the README's spec with early stopping: runs of different lengths share one chart", async () => {
    const readme = README_FOOTBALL_SPEC;
    const dir = await folder({ "football.json": readme });
    const r = await runCli(["--quiet", "--json", "compare-init", "football.json"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const epochs = out.results.map((x: { epochs: number }) => x.epochs);
    expect(new Set(epochs).size).toBeGreaterThan(1); // the runs did stop at different epochs
    const runs = await runFolders(dir);
    expect(runs).toHaveLength(1);
    expect((await readdir(join(dir, "runs", runs[0]!))).sort()).toEqual(["compare-init.json", "report.html"]);
    const report = await readFile(join(dir, out.report), "utf8");
    expect(report).toContain("Training cost by initialization.");
    expect(report).toMatch(/so their curves are shorter/);
  });

  it("a sweep whose every trial fails (too little data for its split) exits 2 and leaves no folder", async () => {
    const dir = await folder({ "tiny.csv": "x1,y\n0,0\n1,1\n2,0\n3,1\n", "tiny.json": { name: "tiny", data: { source: "tiny.csv", label: "y" }, training: { epochs: 5 } } });
    for (const workers of ["1", "2"]) {
      const r = await runCli(["sweep", "tiny.json", "--grid", "lambda=0,0.1", "--workers", workers], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/split: "auto" needs at least 5 examples/);
    }
    expect(await runFolders(dir)).toEqual([]);
  });
});

describe("nnlab runs lists every folder", () => {
  it("with its kind, trained runs by dev error first, and names the ones it cannot read", async () => {
    const dir = await folder({ "small.json": { ...small, name: "small" } });
    for (const args of [
      ["train", "small.json"],
      ["sweep", "small.json", "--grid", "lambda=0,0.1", "--workers", "1"],
      ["learning-curve", "small.json", "--sizes", "0.5,1"],
      ["compare-init", "small.json"],
      ["lr-find", "small.json", "--steps", "20"],
      ["demo", "--epochs", "20"],
    ]) {
      expect((await runCli(["--quiet", ...args], dir)).code, args[0]).toBe(0);
    }
    await mkdir(join(dir, "runs", "20200101-000000-broken"));
    await writeFile(join(dir, "runs", "20200101-000000-broken", "summary.json"), "{ oops");
    await mkdir(join(dir, "runs", "20200101-000001-left-over"));
    const r = await runCli(["runs"], dir);
    expect(r.code).toBe(0);
    const rows = r.stdout.split("\n").slice(2).filter((l) => /^\S+\s+\S/.test(l) && !/^\d{8}-\d{6}-\S+: /.test(l));
    const kinds = rows.map((l) => l.split(/\s+/)[1]);
    expect(kinds.slice(0, 4).sort()).toEqual(["demo", "demo", "demo", "train"]); // the ones with a dev error
    expect(kinds.slice(4).sort()).toEqual(["compare-init", "demo", "learning-curve", "lr-find", "sweep", "train", "unknown"]);
    expect(r.stdout).toMatch(/^20200101-000000-broken: unreadable summary\.json \(.+\)$/m);
    expect(r.stdout).toMatch(/^20200101-000001-left-over: empty folder: an unfinished or failed run$/m);
    const json = JSON.parse((await runCli(["--json", "runs"], dir)).stdout) as Array<{ id: string; kind: string; problem?: string; dev?: unknown }>;
    expect(json.map((e) => e.kind)).toEqual(kinds);
    expect(json.find((e) => e.id === "20200101-000000-broken")!.problem).toMatch(/^unreadable summary\.json/);
    expect(json.find((e) => e.kind === "train" && e.dev)).toBeDefined();
  });
});

describe("a model file with one class or a zero standard deviation", () => {
  it("is refused at load by predict, naming the field", async () => {
    const dir = await folder({ "small.json": { ...small, name: "small", training: { epochs: 5 } }, "points.csv": "x1,x2\n0,1\n" });
    const trained = JSON.parse((await runCli(["--json", "train", "small.json"], dir)).stdout);
    const model = JSON.parse(await readFile(join(dir, trained.dir, "model.json"), "utf8"));
    await writeFile(join(dir, "one-class.json"), JSON.stringify({ ...model, classes: [0] }));
    await writeFile(join(dir, "zero-std.json"), JSON.stringify({ ...model, normalization: { ...model.normalization, std: [model.normalization.std[0], 0] } }));
    const oneClass = await runCli(["predict", "one-class.json", "points.csv"], dir);
    expect(oneClass.code).toBe(2);
    expect(oneClass.stderr).toMatch(/classes must be 2 distinct labels, one per class of the 1-unit output \(P\(class 1\)\); received \[0\]/);
    const zeroStd = await runCli(["predict", "zero-std.json", "points.csv"], dir);
    expect(zeroStd.code).toBe(2);
    expect(zeroStd.stderr).toMatch(/normalization\.std\[1\] must be a finite number > 0 .*; received 0/);
  });
});

describe("which weights early stopping kept, as nnlab train says it", () => {
  it("after a divergence whose best epoch was not put back it does not say 'best weights kept' (an audit helper)", async () => {
    // SGD at rate 5: diverged in epoch 0, whose blown-up end has the best valLoss; the initial weights stay
    const spec = { name: "div", seed: 3, data: { source: "moons", n: 200, noise: 0.35 }, normalize: true, model: { dtype: "float64", hidden: [{ units: 64, activation: "relu" }, { units: 64 }] }, optimizer: { name: "sgd", learningRate: 5 }, training: { epochs: 400, batchSize: "full", earlyStopping: { patience: 50 } } };
    const dir = await folder({ "div.json": spec, "calm.json": { ...small, name: "calm", training: { epochs: 300, earlyStopping: { patience: 5 } } } });
    const r = await runCli(["train", "div.json"], dir);
    expect(r.code, r.stderr).toBe(3); // diverged
    const [id] = await runFolders(dir);
    const summary = JSON.parse(await readFile(join(dir, "runs", id!, "summary.json"), "utf8"));
    expect(summary.earlyStopping.restoredBest).toBe(false);
    expect(r.stdout).toMatch(/^Early stopping: best valLoss [\d.]+ at epoch 0; its weights not put back: they cost more to train on than those the divergence left \(above\)\.$/m);
    expect(r.stdout).not.toContain("best weights kept");
    // a run stopped early that did restore them says so
    const calm = await runCli(["train", "calm.json"], dir);
    expect(calm.stdout).toMatch(/^Early stopping: best valLoss [\d.]+ at epoch \d+, stopped at epoch \d+; best weights kept\.$/m);
  });
});

describe("a CSV spec without data.label", () => {
  it("names the column it read as the label (the last) in the run's first line; one with data.label does not", async () => {
    // two features in the file, none named the label: x2 was trained as a regression on x1 and nothing said so (a README walkthrough)
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.sin(i).toFixed(4)},${Math.cos(i).toFixed(4)}`).join("\n");
    const dir = await folder({ "two.csv": `x1,x2\n${rows}\n`, "auto.json": { data: { source: "two.csv" }, training: { epochs: 3 } }, "named.json": { data: { source: "two.csv", label: "x2" }, training: { epochs: 3 } } });
    const auto = await runCli(["train", "auto.json"], dir);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stdout.split("\n")[0]).toMatch(/ on \S+two\.csv \(60 rows kept, 0 dropped; label "x2", the last column, as no data\.label was given\)$/);
    const named = await runCli(["train", "named.json"], dir);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout.split("\n")[0]).toMatch(/ on \S+two\.csv \(60 rows kept, 0 dropped\)$/);
  });
});
