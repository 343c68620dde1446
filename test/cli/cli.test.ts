/**
 * End-to-end tests of every command on small built-in data: exit codes that mean something, clear
 * messages for bad specs, missing files and malformed CSV files.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
const write = (name: string, value: unknown) => writeFile(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
const small = { name: "small", data: { source: "moons", n: 200, noise: 0.15 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 150, batchSize: 32 } };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-cli-"));
  await write("small.json", small);
});

describe("nnlab train", () => {
  it("trains, keeps the run and prints the verdict (the built executable, as a process)", async () => {
    const r = await runCli(["train", "small.json"], dir, { process: true });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Run \d{8}-\d{6}-small: 2-8-1 on built-in "moons"/);
    expect(r.stdout).toMatch(/^Diagnosis: (healthy: no cause found .+|.+ \[[a-z-]+\])$/m);
    const runs = await readdir(join(dir, "runs"));
    const files = await readdir(join(dir, "runs", runs[0]!));
    expect(files.sort()).toEqual(["flow.json", "history.jsonl", "model.json", "report.html", "spec.json", "summary.json"]);
    const history = (await readFile(join(dir, "runs", runs[0]!, "history.jsonl"), "utf8")).trim().split("\n");
    expect(history).toHaveLength(150);
    expect(Object.keys(JSON.parse(history[0]!))).toEqual(expect.arrayContaining(["epoch", "loss", "valLoss", "accuracy"]));
  });

  it("--json prints the summary for scripts", async () => {
    const r = await runCli(["--json", "train", "small.json"], dir);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.epochsTrained).toBe(150);
    expect(summary.biasVariance.verdict).toBeDefined();
  });

  it("without a dev set: says early stopping had nothing to watch, and calls the held-out error the test error", async () => {
    // early stopping was dropped without a word, and the bias/variance line called the test error "dev error"
    await write("nodev-train.json", { name: "nodev", data: { source: "moons", n: 150, noise: 0.2 }, split: [0.8, 0, 0.2], model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 40, earlyStopping: { patience: 5 } } });
    const r = await runCli(["--json", "train", "nodev-train.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.epochsTrained).toBe(40);
    expect(summary.warnings).toContain("early stopping was asked for, but this split has no dev set to watch (train/dev/test 120/0/30): it is not used (the run trains its 40 epochs); give the split a dev part to stop early");
    expect(summary.biasVariance.summary).toContain(`test error (no dev set) ${(100 * (1 - summary.test.accuracy)).toFixed(1)}%`);
    expect(summary.biasVariance.summary).not.toContain("dev error");
  });

  it("a bad spec: wrong type, unknown field and impossible value, each with its path, exit 2", async () => {
    await write("bad.json", { l2: "big", trainig: {}, model: { hidden: [{ units: 0 }] }, dropout: 1.5 });
    const r = await runCli(["train", "bad.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.json: invalid experiment spec:");
    expect(r.stderr).toContain('l2: expected a number; received "big"');
    expect(r.stderr).toMatch(/unknown field "trainig" \(expected one of: name, seed, data/);
    expect(r.stderr).toContain("model.hidden[0].units: expected a number above 0; received 0");
    expect(r.stderr).toContain("dropout: expected a number below 1; received 1.5");
  });

  it("a missing spec, a spec that is not JSON, a missing data file and a malformed CSV: exit 2", async () => {
    expect(await runCli(["train", "nope.json"], dir)).toMatchObject({ code: 2, stderr: "nnlab: nope.json: no such spec file\n" });
    await write("broken.json", "{ oops");
    expect((await runCli(["train", "broken.json"], dir)).stderr).toMatch(/broken\.json: the spec is not valid JSON/);
    await write("nodata.json", { data: { source: "missing.csv" } });
    const missing = await runCli(["train", "nodata.json"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.csv: no such data file/);
    await write("bad.csv", "x1,x2,y\n0.1,0.2,0\n0.3,abc,1\n");
    await write("csv.json", { data: { source: "bad.csv" } });
    const bad = await runCli(["train", "csv.json"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv:3:2: column "x2" must be a number; received "abc"/);
  });
});

describe("every spec-taking command refuses bad input the same way", () => {
  it.each([["gradcheck"], ["learning-curve"], ["compare-init"], ["sweep", "--grid", "lambda=0,1"]])(
    "%s: a bad spec, a missing spec, a malformed CSV (exit 2)",
    async (command, ...rest) => {
      await write("bad2.json", { l2: -1, model: { hidden: [{ units: 3, extra: true }] } });
      const bad = await runCli([command, "bad2.json", ...rest], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("l2: expected a number of at least 0; received -1");
      expect(bad.stderr).toContain('model.hidden[0]: unknown field "extra" (expected one of: units, activation, init');
      const missing = await runCli([command, "absent.json", ...rest], dir);
      expect(missing).toMatchObject({ code: 2, stderr: "nnlab: absent.json: no such spec file\n" });
      await write("bad.csv", "x1,x2,y\n0.1,0.2,0\n0.3,abc,1\n");
      await write("csv2.json", { data: { source: "bad.csv" } });
      const csv = await runCli([command, "csv2.json", ...rest], dir);
      expect(csv.code).toBe(2);
      expect(csv.stderr).toMatch(/bad\.csv:3:2: column "x2" must be a number/);
    },
  );
});

describe("Ctrl-C", () => {
  it("stops training, keeps the best model so far and writes the run and its report (exit 130)", async () => {
    const here = await mkdtemp(join(tmpdir(), "nnlab-sigint-"));
    await writeFile(join(here, "long.json"), JSON.stringify({ ...small, name: "long", training: { epochs: 1_000_000 } }));
    const { spawn } = await import("node:child_process");
    const { bin } = await import("./run-cli.js");
    const child = spawn(process.execPath, [bin, "train", "long.json"], { cwd: here });
    let stderr = "";
    let stdout = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.stdout.on("data", (d) => (stdout += d));
    // Ctrl-C once training has begun: the run folder's history.jsonl has its first epoch (an event, not a sleep)
    const { stat } = await import("node:fs/promises");
    const started = async () => {
      const runs = await readdir(join(here, "runs")).catch(() => [] as string[]);
      const size = runs[0] ? await stat(join(here, "runs", runs[0], "history.jsonl")).then((s) => s.size, () => 0) : 0;
      return size > 0;
    };
    while (!(await started())) await new Promise((r) => setTimeout(r, 5)); // polls the file; the wait ends on the event
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("close", r));
    expect(code).toBe(130);
    expect(stderr).toMatch(/Stopping after this batch/);
    const [id] = await readdir(join(here, "runs"));
    const summary = JSON.parse(await readFile(join(here, "runs", id!, "summary.json"), "utf8"));
    expect(summary.interrupted).toBe(true);
    expect(summary.epochsTrained).toBeGreaterThan(0);
    expect(summary.epochsTrained).toBeLessThan(1_000_000);
    expect(summary.earlyStopping.restoredBest || summary.earlyStopping.bestEpoch === summary.epochsTrained - 1).toBe(true);
    // the spec has no early stopping: the best epoch was kept because of the interruption, and said so
    expect(stdout).toMatch(/^Interrupted: the best epoch's weights kept \(valLoss \d+\.\d{4} at epoch \d+\)\.$/m);
    expect(stdout).not.toMatch(/^Early stopping:/m);
    expect((await readdir(join(here, "runs", id!))).sort()).toContain("report.html");
    // nnlab runs says it was interrupted and how to go on, with the --runs it needs (it read as a finished run)
    const listed = (await runCli(["runs"], here)).stdout;
    expect(listed).toContain(`interrupted after ${summary.epochsTrained} epoch${summary.epochsTrained === 1 ? "" : "s"} (continue it with nnlab train --resume ${id}): `);
    const elsewhere = (await runCli(["--runs", join(here, "runs"), "runs"], dir)).stdout;
    expect(elsewhere).toContain(`(continue it with nnlab --runs ${join(here, "runs")} train --resume ${id})`);
  });
});

describe("nnlab gradcheck, diagnose, runs, predict", () => {
  it("gradcheck passes on the spec's model and prints the per-tensor table", async () => {
    const r = await runCli(["gradcheck", "small.json", "--examples", "16"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dW1\s+\S+\s+pass/);
    expect(r.stdout).toMatch(/db2\s+\S+\s+pass/);
    expect(r.stdout).toMatch(/PASS/);
  });

  it("gradcheck --sample checks that many parameters, drawn with the spec's seed, and says so", async () => {
    // every parameter of a wide network was checked, for minutes, with nothing printed
    await write("wide.json", { name: "wide", data: { source: "moons", n: 100 }, model: { hidden: [{ units: 64, activation: "tanh" }, { units: 64, activation: "tanh" }] } });
    const sampled = await runCli(["--json", "gradcheck", "wide.json", "--examples", "8", "--sample", "300"], dir);
    expect(sampled.code, sampled.stderr).toBe(0);
    const report = JSON.parse(sampled.stdout);
    expect(report.checked).toBe(300);
    expect(report.perTensor.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(["dW1", "dW2", "dW3"])); // drawn over the tensors
    expect(report.verdict).toBe("pass");
    const again = JSON.parse((await runCli(["--json", "gradcheck", "wide.json", "--examples", "8", "--sample", "300"], dir)).stdout);
    expect(again.worst).toEqual(report.worst); // same seed, same entries
    const text = await runCli(["gradcheck", "wide.json", "--examples", "8", "--sample", "300"], dir);
    expect(text.stdout).toMatch(/^Gradient check of 300 of 4417 parameters \(drawn at random with the spec's seed; --sample all for every one\) on 8 examples/);
    expect((await runCli(["gradcheck", "wide.json", "--sample", "0"], dir)).stderr).toBe('nnlab: gradcheck: --sample must be a whole number >= 1 or "all"; received "0"\n');
  });

  it("diagnose reads a finished run; runs lists runs; an unknown run is a clear error", async () => {
    const list = await runCli(["--json", "runs"], dir);
    const runs = JSON.parse(list.stdout) as Array<{ id: string }>;
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const d = await runCli(["diagnose", runs[0]!.id], dir);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/^Diagnosis: (healthy: no cause found .+|.+ \[[a-z-]+\])$/m);
    expect(d.stdout).toMatch(/^Bias\/variance figures: train error \d/m);
    const json = JSON.parse((await runCli(["--json", "diagnose", runs[0]!.id], dir)).stdout);
    expect(typeof json.diagnosis.healthy).toBe("boolean");
    expect(Array.isArray(json.diagnosis.causes)).toBe(true);
    const table = await runCli(["runs"], dir);
    expect(table.stdout).toMatch(/run\s+kind\s+model\s+epochs\s+train acc\s+dev acc/); // every folder, with its kind (issue 11)
    const unknown = await runCli(["diagnose", "no-such-run"], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run "no-such-run" in runs/);
  });

  it("predict writes a row per example with the label and probability; wrong columns are refused", async () => {
    const runs = await readdir(join(dir, "runs"));
    const model = join("runs", runs.find((r) => r.endsWith("-small"))!, "model.json");
    await write("points.csv", "x1,x2\n0,1\n1,-0.5\n");
    const r = await runCli(["predict", model, "points.csv"], dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("x1,x2,prediction,p(1)");
    expect(lines).toHaveLength(3);
    await write("wide.csv", "a,b,c\n1,2,3\n");
    const wrong = await runCli(["predict", model, "wide.csv"], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/wide\.csv: expected the model's feature columns .*; received a file without them \(its columns: a, b, c\)/);
    expect((await runCli(["predict", "nope.json", "points.csv"], dir)).stderr).toMatch(/nope\.json: no such model file/);
  });
});

describe("nnlab learning-curve and compare-init", () => {
  it("learning-curve: error against training-set size and a verdict about more data", async () => {
    // sizes in any order, one given twice: each size once, ascending (the verdict read --sizes 1,0.6,0.1 at its last, smallest point)
    const r = await runCli(["--json", "learning-curve", "small.json", "--sizes", "1,0.25,0.5,0.25"], dir);
    expect(r.code).toBe(0);
    const sizes = (JSON.parse(r.stdout).points as Array<{ size: number }>).map((p) => p.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(sizes).toHaveLength(3);
    const text = await runCli(["learning-curve", "small.json", "--sizes", "0.25,0.5,1"], dir);
    expect(text.stdout).toMatch(/train examples\s+train error\s+dev error/);
    expect(text.stdout).toMatch(/Verdict: /);
  });

  it("learning-curve of a regression: costs, not costs printed as percents, and a verdict in their units", async () => {
    await write("plane.json", { name: "plane", data: { source: "plane", n: 200, noise: 0.1 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 40 } });
    const r = await runCli(["learning-curve", "plane.json", "--sizes", "0.5,1", "--workers", "1"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^train examples\s+train MSE\s+dev MSE$/m);
    expect(r.stdout).not.toMatch(/error|%/);
    expect(r.stdout).toMatch(/^Verdict: .*R\^2 -?\d/m);
  });

  it("compare-init: zeros do not break symmetry and large random weights saturate", async () => {
    await write("init.json", { data: { source: "circles", n: 200, noise: 0.08 }, model: { hidden: [{ units: 10 }, { units: 5 }] }, optimizer: { learningRate: 0.01 }, training: { epochs: 200 } });
    const r = await runCli(["compare-init", "init.json"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/zeros: all units of layer 1 \(W1\) have identical weights .*symmetry is not broken/);
    expect(r.stdout).toMatch(/large random \(10\): the output saturates at the start \(\d+% of sigmoid outputs/);
    expect(r.stdout).toMatch(/He: a healthy start/);
  });

  it("compare-init says when runs diverged (every one at SGD 200 was explained as a start, 'healthy' or 'the lowest')", async () => {
    await write("init-wild.json", { seed: 2, data: { source: "moons", n: 120, noise: 0.2 }, model: { hidden: [{ units: 6, activation: "tanh" }] }, optimizer: { name: "sgd", learningRate: 200 }, training: { epochs: 40, batchSize: "full" } });
    const r = await runCli(["--json", "compare-init", "init-wild.json"], dir);
    expect(r.code, r.stderr).toBe(3); // every initialization diverged: exit 3, as for one run
    const results = JSON.parse(r.stdout).results as Array<{ stop: string; explanation: string }>;
    expect(results.every((x) => x.stop === "diverged" || x.stop === "nonFiniteCost")).toBe(true);
    for (const x of results) expect(x.explanation).toMatch(/: training diverged at epoch \d+ \(so did every initialization: the learning rate, not the initialization, is the first thing to lower\)/);
    expect(results.some((x) => /healthy start|the lowest of/.test(x.explanation))).toBe(false);
  });

  it("compare-init says what it measured: a signal made small at 0.01, and speed as a rank of early costs", async () => {
    // one ReLU layer of 16 on moons: 0.01 left the hidden activations' std at 0.0065 (He: 0.65) and was called
    // "a healthy start ... activations and gradients keep their scale"; the saturated start at 10 "starts slowly".
    // Small, not faded: "all but vanishes" contradicted train, which finds a signal faded under 1e-3 (SIGNAL_FADED)
    await write("init1.json", { seed: 1, data: { source: "moons", n: 400, noise: 0.2 }, model: { hidden: [{ units: 16, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 0.1 }, training: { epochs: 300, batchSize: "full" } });
    const r = await runCli(["compare-init", "init1.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^small random \(0\.01\): the signal is small at the start, though not faded: the hidden activations' std is W1 0\.00\d+ \(the inputs' is 1; faded is under 0\.001\)/m);
    expect(r.stdout).not.toMatch(/keep their scale|starts slowly/);
    // every explanation ranks its cost after 30 epochs; the ranks order the costs they quote
    const early = [...r.stdout.matchAll(/after 30 epochs the training cost is (\d+\.\d+), the (lowest|highest|\d)(?:st|nd|rd|th)?(?: lowest)? of the 6/g)];
    expect(early).toHaveLength(6);
    const rankOf = (word: string) => (word === "lowest" ? 1 : word === "highest" ? 6 : Number(word));
    const byRank = early.map((m) => ({ cost: Number(m[1]), rank: rankOf(m[2]!) })).sort((a, b) => a.rank - b.rank);
    for (let i = 1; i < byRank.length; i++) expect(byRank[i]!.cost).toBeGreaterThanOrEqual(byRank[i - 1]!.cost);
  });
});

describe("nnlab sweep", () => {
  const sweepSpec = { name: "sw", data: { source: "moons", n: 150, noise: 0.2 }, model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 60 } };

  it("names a regression's best point by the dev cost it is ranked by", async () => {
    // it printed "(dev error -)"
    await write("plane-sweep.json", { name: "ps", data: { source: "plane", n: 120, noise: 0.1 }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.02 }, training: { epochs: 20 } });
    const r = await runCli(["sweep", "plane-sweep.json", "--grid", "lambda=0,1", "--workers", "1", "-q"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Best: lambda=(0|1) \(dev MSE \d+(\.\d+)?(e-\d+)?(; 1 other within one standard error \([\d.e-]+\) of it: the order among them is noise)?\)$/m);
  });

  it("refuses to rank trials by the test set: a split without a dev part is one line, exit 2", async () => {
    // it ranked them by the test set's figures and called them "dev error"
    await write("nodev.json", { ...sweepSpec, split: [0.8, 0, 0.2] });
    const r = await runCli(["sweep", "nodev.json", "--grid", "lambda=0,1", "--workers", "1"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nnlab: sweep: expected a split with a dev set to rank the trials by (choosing by the test set would tune on it); received split [0.8,0,0.2], which has none: give a dev part (e.g. [0.6, 0.2, 0.2]), or --folds k to cross-validate on the training part\n");
  });
  it("refuses a split column that marks no row dev, as it refuses ratios without a dev part", async () => {
    // it ranked the trials by the rows marked "test" and printed their error as the best "dev error"
    const rows = Array.from({ length: 60 }, (_, i) => `${Math.cos(i).toFixed(4)},${Math.sin(i * 1.7).toFixed(4)},${i % 2},${i % 5 === 0 ? "test" : "train"}`);
    await writeFile(join(dir, "parts.csv"), `x1,x2,y,part\n${rows.join("\n")}\n`);
    await write("parts.json", { ...sweepSpec, data: { source: "parts.csv", label: "y", splitColumn: "part" } });
    const r = await runCli(["sweep", "parts.json", "--grid", "lambda=0,1", "--workers", "1"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'nnlab: sweep: expected a split with a dev set to rank the trials by (choosing by the test set would tune on it); received split column "part", which marks no row "dev": mark some training rows "dev", or use --folds k to cross-validate on the training part\n',
    );
  });
  const table = (stdout: string) => stdout.slice(stdout.indexOf("lambda"), stdout.indexOf("Best:"));

  it("a sweep killed midway and restarted runs only the missing trials and gives the same table", async () => {
    await write("sweep.json", sweepSpec);
    const args = ["sweep", "sweep.json", "--grid", "lambda=0,0.1,1", "--grid", "rate=0,0.2", "--workers", "1"];
    const fresh = await mkdtemp(join(tmpdir(), "nnlab-sweep-"));
    await writeFile(join(fresh, "sweep.json"), JSON.stringify({ ...sweepSpec, training: { epochs: 400 } }));
    const full = await runCli(args, dir);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/Sweep of 6 trials \(0 already done, 6 run now/);
    // The interrupted one: same spec in another folder, killed after the first trials.
    const { spawn } = await import("node:child_process");
    const { bin } = await import("./run-cli.js");
    const child = spawn(process.execPath, [bin, ...args], { cwd: fresh });
    const sweepDir = await new Promise<string>((resolve) => {
      const poll = setInterval(async () => {
        try {
          const [name] = (await readdir(join(fresh, "runs"))).filter((d) => d.startsWith("sweep-"));
          const trials = (await readdir(join(fresh, "runs", name!))).filter((f) => f.startsWith("trial-"));
          if (trials.length >= 2) {
            child.kill("SIGKILL");
            clearInterval(poll);
            resolve(join(fresh, "runs", name!));
          }
        } catch {
          // not there yet
        }
      }, 20);
    });
    await new Promise((r) => child.on("close", r));
    const done = (await readdir(sweepDir)).filter((f) => f.startsWith("trial-")).length;
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThan(6);
    const resumed = await runCli(args, fresh);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`Sweep of 6 trials (${done} already done, ${6 - done} run now`);
    // Same table as an uninterrupted run of the same sweep.
    const again = await mkdtemp(join(tmpdir(), "nnlab-sweep-"));
    await writeFile(join(again, "sweep.json"), JSON.stringify({ ...sweepSpec, training: { epochs: 400 } }));
    const uninterrupted = await runCli([...args.slice(0, -1), "2"], again);
    expect(table(resumed.stdout)).toBe(table(uninterrupted.stdout));
  }, 240_000);

  it("a bad grid and a bad value are refused with what was expected", async () => {
    const r = await runCli(["sweep", "sweep.json", "--grid", "lambda"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--grid must look like NAME=V1,V2,...; received "lambda"/);
    const v = await runCli(["sweep", "sweep.json", "--grid", "rate=0,1.5"], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/sweep\.json with rate=1\.5: invalid experiment spec:\n\s+dropout: expected a number below 1/);
  });
});

describe("nnlab playground", () => {
  it("serves the page on 127.0.0.1, only the page's files, and stops on Ctrl-C", async () => {
    const { spawn } = await import("node:child_process");
    const { bin } = await import("./run-cli.js");
    const child = spawn(process.execPath, [bin, "playground"], { cwd: dir });
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        const m = /nnlab playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on("close", () => reject(new Error(`exited early: ${stdout}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    expect((await fetch(`${url}%2e%2e/package.json`)).status).toBe(404);
    child.kill("SIGINT");
    expect(await new Promise((r) => child.on("close", r))).toBe(0);
  }, 120_000);

  it("with --json prints its address as JSON on stdout, and the hint on stderr (an audit helper: --json was ignored)", async () => {
    const { spawn } = await import("node:child_process");
    const { bin } = await import("./run-cli.js");
    const child = spawn(process.execPath, [bin, "--json", "playground"], { cwd: dir });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        stdout += d;
        if (stdout.endsWith("\n")) resolve(stdout);
      });
      child.on("close", () => reject(new Error(`exited early: ${stdout}${stderr}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(url)).status).toBe(200);
    child.kill("SIGINT");
    expect(await new Promise((r) => child.on("close", r))).toBe(0);
    expect(stdout).toBe(line); // nothing else on stdout
    expect(stderr).toContain("(Ctrl-C to stop)");
  }, 120_000);
});

describe("global flags every command checks (an audit helper)", () => {
  it("a bad --kernels or --threads is one line and exit 2 for every command; a worker takes neither, nor --json", async () => {
    for (const args of [["runs", "--kernels", "gpu"], ["--threads", "999", "runs"], ["export", "m.json", "--format", "onnx", "--kernels", "gpu"]]) {
      const r = await runCli(args, dir);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^nnlab: --(kernels|threads): expected/);
    }
    const threads = await runCli(["--threads", "4", "worker", "--queue", "redis://127.0.0.1:1"], dir);
    expect(threads.code).toBe(2);
    expect(threads.stderr).toMatch(/^nnlab: worker: --threads is the sweep's to choose, not the worker's/);
    const json = await runCli(["--json", "worker", "--queue", "redis://127.0.0.1:1"], dir);
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/^nnlab: worker: --json has no result to print/);
  });
});
