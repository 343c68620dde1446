/**
 * Bad input of every kind ends with exit code 2 and one clear line on stderr (what was expected, what
 * was received), never "unexpected error" and a stack trace (issue 11): paths that are folders or
 * files where the other was expected, missing folders, binary files given as CSV, a port in use,
 * sizes too large to allocate, numbers too large for a double.
 */
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, runCli } from "./run-cli.js";

let dir: string;
let model: string;
const write = (name: string, value: unknown) => writeFile(join(dir, name), typeof value === "string" || Buffer.isBuffer(value) ? value : JSON.stringify(value));

/** Exit 2, one line on stderr that matches `pattern`, nothing that looks like a stack trace. */
function expectOneClearLine(r: CliResult, pattern: RegExp): void {
  expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.code).toBe(2);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-bad-input-"));
  await write("tiny.json", { name: "tiny", data: { source: "moons", n: 40 }, model: { hidden: [{ units: 3 }] }, training: { epochs: 3 } });
  const trained = await runCli(["--quiet", "--runs", "runs", "train", "tiny.json"], dir);
  expect(trained.code).toBe(0);
  const [id] = await readdir(join(dir, "runs"));
  model = join("runs", id!, "model.json");
  await write("xy.csv", "x1,x2\n0.5,0.25\n-1,2\n");
  await mkdir(join(dir, "adir"));
  await mkdir(join(dir, "folder.csv"));
});

describe("nnlab predict", () => {
  it("a folder as the model file", async () => {
    expectOneClearLine(await runCli(["predict", "runs", "xy.csv"], dir), /^nnlab: runs: expected a model file \(such as runs\/<id>\/model\.json\); received a folder\n$/);
  });

  it("a folder as --out, with or without the slash, leaves nothing behind", async () => {
    for (const out of ["adir/", "adir"]) {
      const r = await runCli(["predict", model, "xy.csv", "--out", out], dir);
      expectOneClearLine(r, new RegExp(`^nnlab: ${out}: expected a file to write; received a folder \\(give a file name, e\\.g\\. adir/out\\.csv\\)\\n$`));
    }
    expect(await readdir(join(dir, "adir"))).toEqual([]);
  });

  it("--out into a folder that does not exist", async () => {
    const r = await runCli(["predict", model, "xy.csv", "--out", "missing/p.csv"], dir);
    expectOneClearLine(r, /^nnlab: missing\/p\.csv: cannot write: the folder missing does not exist \(ENOENT\); create it first\n$/);
  });

  it("a folder as the CSV", async () => {
    expectOneClearLine(await runCli(["predict", model, "folder.csv"], dir), /^nnlab: folder\.csv: expected a CSV file; received a folder\n$/);
  });

  it("a binary file as the CSV", async () => {
    await write("elf.csv", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x22, 0x00, 0x0a, 0x41]));
    expectOneClearLine(await runCli(["predict", model, "elf.csv"], dir), /^nnlab: elf\.csv:1: not a CSV file: a NUL byte at byte 7 \(binary data, or text not saved as UTF-8\)\n$/);
  });
});

describe("nnlab --runs", () => {
  it("a file as the runs folder is refused before any training", async () => {
    const r = await runCli(["--runs", "xy.csv", "train", "tiny.json"], dir);
    expectOneClearLine(r, /^nnlab: --runs xy\.csv: expected a folder for the runs; received a file/);
    expect(r.stdout).toBe("");
  });

  it("a path through a file", async () => {
    expectOneClearLine(await runCli(["--runs", "xy.csv/runs", "runs"], dir), /^nnlab: --runs xy\.csv\/runs: expected a folder for the runs; a part of that path is a file\n$/);
  });
});

describe("nnlab train: the spec's data and sizes", () => {
  it("a folder as the data source", async () => {
    await write("folder.json", { data: { source: "folder.csv" } });
    expectOneClearLine(await runCli(["train", "folder.json"], dir), /folder\.csv: expected a CSV file; received a folder\n$/);
  });

  it("a binary file as the data source, with or without NUL bytes", async () => {
    await write("elf.csv", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x22, 0x0a]));
    await write("elf.json", { data: { source: "elf.csv" } });
    expectOneClearLine(await runCli(["train", "elf.json"], dir), /elf\.csv:1: not a CSV file: a NUL byte at byte 4/);
    // No NUL, but control bytes and a quote inside a field: csv-parse's Invalid Opening Quote.
    await write("ctl.csv", Buffer.from([0x1f, 0x8b, 0x08, 0x22, 0x41, 0x0a, 0x31, 0x0a]));
    await write("ctl.json", { data: { source: "ctl.csv" } });
    // (Said by data-file.ts today; by csvSyntaxError in src/data/csv.ts once that knows the stream parser's errors.)
    expectOneClearLine(await runCli(["train", "ctl.json"], dir), /ctl\.csv:1: (not a CSV file|malformed CSV)\b.*Invalid Opening Quote: a quote is found on field 0 at line 1/);
  });

  it("a quote inside a text field is malformed CSV, with its line", async () => {
    await write("quote.csv", 'x1,x2,y\n1,2,0\n1,a"b,1\n');
    await write("quote.json", { data: { source: "quote.csv" } });
    expectOneClearLine(await runCli(["train", "quote.json"], dir), /quote\.csv:3: malformed CSV\b.*Invalid Opening Quote: a quote is found on field 1 at line 3/);
  });

  it("units too large to allocate", async () => {
    await write("huge.json", { model: { hidden: [{ units: 1e12 }] } });
    const r = await runCli(["train", "huge.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nnlab: huge.json: invalid experiment spec:\n  model.hidden[0].units: expected at most 100000 units per layer; received 1000000000000\n");
  });

  it("layers each allowed but too many weights together", async () => {
    await write("wide.json", { model: { hidden: [{ units: 100000 }, { units: 100000 }] } });
    const r = await runCli(["train", "wide.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("model.hidden: expected at most 10000000 weights between the hidden layers; received 10000000000 (100000-100000)");
  });

  it("a number too large for a double is quoted as written, not as null", async () => {
    await write("inf.json", '{ "optimizer": { "learningRate": 1e999 }, "l2": -1E400 }');
    const r = await runCli(["train", "inf.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("optimizer.learningRate: expected a finite number; received 1e999 (not a finite number)");
    expect(r.stderr).toContain("l2: expected a finite number; received -1E400 (not a finite number)");
    expect(r.stderr).not.toContain("null");
  });
});

describe("nnlab playground", () => {
  let occupier: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (occupier ? occupier.close(() => resolve()) : resolve()));
    occupier = undefined;
  });
  const occupy = (host: string) =>
    new Promise<number>((resolve, reject) => {
      occupier = createServer().once("error", reject);
      occupier.listen(0, host, () => resolve((occupier!.address() as { port: number }).port));
    });

  it("a port in use", async () => {
    const port = await occupy("127.0.0.1");
    const r = await runCli(["playground", "--port", String(port)], dir);
    expectOneClearLine(r, new RegExp(`^nnlab: playground: port ${port} on 127\\.0\\.0\\.1 is in use; choose another with --port or leave it out for a free one\\n$`));
  });

  it("--host 0.0.0.0 warns that the page is reachable from the network", async () => {
    // The port is taken, so the command stops right after the warning, without building the page.
    const port = await occupy("0.0.0.0");
    const r = await runCli(["playground", "--host", "0.0.0.0", "--port", String(port)], dir);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^nnlab playground: warning: --host 0\.0\.0\.0 is not a loopback address: the page will be reachable from other machines on the network/);
    expect(lines[1]).toMatch(new RegExp(`^nnlab: playground: port ${port} on 0\\.0\\.0\\.0 is in use`));
    expect(lines).toHaveLength(2);
  });
});

describe("nnlab sweep --seed", () => {
  it("is a whole number written in digits (an audit helper: '' ran as seed 0 and 0x10 as 16)", async () => {
    for (const seed of ["", "0x10", "1e3", "1.5"]) {
      expectOneClearLine(await runCli(["sweep", "tiny.json", "--random", "2", "--range", "lr=1e-3..1e-1:log", "--seed", seed], dir), new RegExp(`^nnlab: sweep: --seed must be a whole number; received ${JSON.stringify(JSON.stringify(seed)).slice(1, -1).replace(/\./g, "\\.")}\\n$`));
    }
  });
});

describe("a spec's problem found after its data was read names the spec file, as the schema's do (a README audit)", () => {
  it("classWeight, split and data fields; not other errors, nor a line that already names it", async () => {
    const { namingSpecFile } = await import("../../src/cli/main.js");
    const keys = ["data", "split", "classWeight", "model"];
    expect(namingSpecFile("classWeight: expected 2 weights (one per class); received 3", ["train", "w.json"], keys)).toBe("w.json: classWeight: expected 2 weights (one per class); received 3");
    expect(namingSpecFile("data.classes: expected nothing", ["doctor", "d.json"], keys)).toBe("d.json: data.classes: expected nothing");
    expect(namingSpecFile("split: ratios [0.98,0.01,0.01] of 10 examples leave", ["train", "s.json"], keys)).toMatch(/^s\.json: split: /);
    // a data file's or another problem, a CSV given to improve, a line naming the file already
    expect(namingSpecFile("data.csv:3: malformed CSV", ["train", "s.json"], keys)).toBe("data.csv:3: malformed CSV");
    expect(namingSpecFile("classWeight: expected 2 weights", ["improve", "data.csv"], keys)).toBe("classWeight: expected 2 weights");
    expect(namingSpecFile("w.json: invalid experiment spec:", ["train", "w.json"], keys)).toBe("w.json: invalid experiment spec:");
    expect(namingSpecFile("lrRangeTest: something", ["lr-find", "w.json"], keys)).toBe("lrRangeTest: something");
    // a data file named like a field, and commands whose first word is a model, not a spec (a review)
    expect(namingSpecFile("data.csv: expected a CSV file; received a folder", ["train", "s.json"], keys)).toBe("data.csv: expected a CSV file; received a folder");
    expect(namingSpecFile("data.csv: expected at least one valid data row; received none", ["predict", "model.json", "data.csv"], keys)).toBe("data.csv: expected at least one valid data row; received none");
    expect(namingSpecFile("data.classes: x", ["export", "model.json"], keys)).toBe("data.classes: x");
  });

  it("end to end: a classWeight for the wrong number of classes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-spec-named-"));
    await writeFile(join(dir, "w.json"), JSON.stringify({ name: "w", data: { source: "moons" }, classWeight: [1, 2, 3], training: { epochs: 1 } }));
    const r = await runCli(["--runs", "runs", "train", "w.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("nnlab: w.json: classWeight: expected 2 weights (one per class); received 3\n");
  });
});

describe("a sweep's --grid name that is neither the sweep's nor a spec field (an audit of the analysis commands)", () => {
  it("is refused in one line that names the sweep's short names, before anything trains", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-grid-name-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "s", data: { source: "moons", n: 100 }, training: { epochs: 2 } }));
    for (const name of ["foo", "units"]) {
      const r = await runCli(["--runs", "runs", "sweep", "s.json", "--grid", `${name}=1,2`], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `nnlab: sweep: --grid ${name}: expected a short name (lambda, l2, l1, rate, dropout, lr, learningRate, epochs, batch, batchSize, seed) or a spec field's dotted path (e.g. model.hidden.0.units, optimizer.name, training.earlyStopping.patience); received "${name}"\n`,
      );
    }
    expect(await readdir(dir)).toEqual(["s.json"]); // nothing trained, no runs folder
  });
});

describe("a sweep's Best line (an audit: 'Best' at 13.0% beside five trials at 13.0-14.0% on 200 dev rows)", () => {
  it("says how many trials lie within one standard error of the best, from the dev rows, the folds or a regression's rows", async () => {
    const { closeBehind } = await import("../../src/cli/commands/sweep.js");
    const trial = (index: number, devError: number | null, extra: object = {}) => ({ index, values: {}, trainError: 0.1, devError, trainLoss: 0.3, devLoss: 0.4, epochs: 1, ms: 1, ...extra });
    const best = trial(0, 0.13, { devExamples: 200 });
    const others = [trial(1, 0.135), trial(2, 0.14), trial(3, 0.17), trial(4, 0.131, { diverged: true })];
    // sqrt(0.13 x 0.87 / 200) = 2.38%: 13.5% and 14.0% within it; 17% and the diverged one not
    expect(closeBehind(best, [best, ...others], undefined)).toBe("; 2 others within one standard error (2.4%) of it: the order among them is noise");
    expect(closeBehind(best, [best, trial(3, 0.17)], undefined)).toBe("");
    // folds: the folds' std over sqrt(k)
    const cv = trial(0, 0.125, { devErrorStd: 0.027 });
    expect(closeBehind(cv, [cv, trial(1, 0.129)], 5)).toBe("; 1 other within one standard error (1.2%) of it: the order among them is noise");
    // a regression: its dev cost's standard error from its rows
    const reg = trial(0, null, { devDataLoss: 0.2242, devDataLossSe: 0.0362 });
    expect(closeBehind(reg, [reg, trial(1, null, { devDataLoss: 0.25 })], undefined)).toBe("; 1 other within one standard error (0.0362) of it: the order among them is noise");
    // no noise known (a result saved before devExamples): nothing said
    const old = trial(0, 0.13);
    expect(closeBehind(old, [old, trial(1, 0.131)], undefined)).toBe("");
  });
});
