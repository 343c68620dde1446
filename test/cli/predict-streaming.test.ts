/**
 * `nnlab predict` writes its output a block of rows at a time (an audit: every row was held as an array,
 * then the whole CSV as one string: 481 MB of memory for a 31 MB file, and "RangeError: Invalid string
 * length", exit 1, for 3 million rows), and runs the network once (the labels were a second pass). The text
 * must stay the bytes it was: the expected CSV here is made as the old code made it, from the library's
 * model.predict and predictLabels. Also: --json carries each row's class probabilities, and the columns
 * predict adds never take the name of a feature column ("prediction" twice in the header). Run
 * `npm run build` first: one test runs the built CLI into a pipe.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Sequential, Tensor } from "../../src/index.js";
import { loadModelFile, writeFileAtomicChunks } from "../../src/node/save-file.js";
import { bin, runCli } from "./run-cli.js";

/** Three classes whose names need quoting in a CSV, and a feature whose name does too. */
const CLASSES = ["set,osa", 'ver "x"', "virg"];
const FEATURES = ["a,1", "b", "c"];

/** Row i's features, as numbers and as written in the file (the old output printed the number read). */
function featureRow(i: number): number[] {
  const a = Number((((i * 37) % 101) / 25 - 2).toFixed(3));
  const b = Number((((i * 53) % 89) / 22 - 2).toFixed(3));
  const c = Number((((i * 17) % 13) / 13).toFixed(4));
  return [a, b, c];
}
const classOf = ([a, b]: number[]) => (a! + b! > 1 ? 0 : a! > 0 ? 1 : 2);
const csvField = (v: string | number) => (typeof v === "string" && /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));

function dataCsv(rows: number): string {
  const lines = [[...FEATURES, "species"].map(csvField).join(",")];
  for (let i = 0; i < rows; i++) {
    const x = featureRow(i);
    lines.push([...x, CLASSES[classOf(x)]!].map(csvField).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * The old predict's CSV, made as it made it: rows of values, labels from predictLabels, joined at the end;
 * with the file's label column, as written, after the features (every column of the file is kept since).
 */
function oldPredictCsv(model: Sequential, rows: number, header: string[]): string {
  const x = new Tensor(rows, FEATURES.length, Float64Array.from({ length: rows * FEATURES.length }, (_, n) => featureRow(Math.floor(n / FEATURES.length))[n % FEATURES.length]!));
  const out = model.predict(x);
  const labels = model.predictLabels(x);
  const body = Array.from({ length: rows }, (_, i) => [...featureRow(i), CLASSES[classOf(featureRow(i))]!, labels[i]!, ...Array.from({ length: out.cols }, (_, j) => out.get(i, j))]);
  return [header, ...body].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

let dir: string;
let modelPath: string;
let model: Sequential;
const HEADER = [...FEATURES, "species", "prediction", ...CLASSES.map((c) => `p(${c})`)];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-predict-streaming-"));
  await writeFile(join(dir, "train.csv"), dataCsv(600));
  const spec = { name: "three", seed: 1, data: { source: "train.csv", label: "species" }, model: { hidden: [{ units: 6 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 5, batchSize: 64 } };
  await writeFile(join(dir, "three.json"), JSON.stringify(spec));
  const r = await runCli(["--json", "--runs", "runs", "-q", "train", "three.json"], dir);
  expect(r.code, r.stderr).toBe(0);
  modelPath = join(dir, JSON.parse(r.stdout).dir, "model.json");
  model = await loadModelFile(modelPath);
  expect(model.classes).toEqual(CLASSES);
  await writeFile(join(dir, "few.csv"), dataCsv(3000));
  await writeFile(join(dir, "many.csv"), dataCsv(12_000));
});

afterEach(() => vi.restoreAllMocks());

describe("the predictions CSV, written in blocks of rows", () => {
  it("is byte for byte the old output, to --out and to stdout, and the network runs once", async () => {
    const expected = oldPredictCsv(model, 3000, HEADER);
    const predict = vi.spyOn(Sequential.prototype, "predict");
    const written = await runCli(["predict", modelPath, "few.csv", "--out", "few-out.csv"], dir);
    expect(written.code, written.stderr).toBe(0);
    // the labels come from the probabilities computed once (predictLabels predicted a second time)
    expect(predict).toHaveBeenCalledTimes(1);
    expect(written.stdout.startsWith("Wrote 3000 predictions to few-out.csv\n\nPer class, against column \"species\" of few.csv")).toBe(true);
    expect(await readFile(join(dir, "few-out.csv"), "utf8")).toBe(expected);
    const printed = await runCli(["predict", modelPath, "few.csv"], dir);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(expected);
    expect(printed.stderr).toMatch(/^Per class, against column "species" of few.csv \(3000 examples\)/);
  });

  it("of more rows than one block is written whole and atomically: no temporary file left, the replaced file's mode kept", async () => {
    const target = join(dir, "many-out.csv");
    await writeFile(target, "x,prediction\nold contents\n"); // an earlier predictions file (another file is refused)
    await chmod(target, 0o640);
    const r = await runCli(["predict", modelPath, "many.csv", "--no-label", "--out", "many-out.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    const text = await readFile(target, "utf8");
    expect(text).toBe(oldPredictCsv(model, 12_000, HEADER));
    expect(text.split("\n")).toHaveLength(12_002);
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it.skipIf(!existsSync(bin))("goes to a pipe whole from the built CLI, ends quietly when the reader stops early, and a failed write is an error", async () => {
    const expected = oldPredictCsv(model, 12_000, HEADER);
    const shell = (command: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        const child = spawn("bash", ["-c", command], { cwd: dir });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
    const node = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} predict ${JSON.stringify(modelPath)} many.csv --no-label`;
    // the old single write was cut at the pipe's 64 KiB: bin.ts's process.exit came with the rest queued
    const piped = await shell(`${node} | cat`);
    expect(piped.stdout).toBe(expected);
    // `| head`: the reader has what it wanted; exit 0 and nothing on stderr, as before
    const early = await shell(`${node} | head -c 100 >/dev/null; echo "exit \${PIPESTATUS[0]}" >&2`);
    expect(early.stderr).toBe("exit 0\n");
    if (existsSync("/dev/full")) {
      // the old single write lost this and exited 0
      const full = await shell(`${node} > /dev/full`);
      expect(full.code).toBe(2);
      expect(full.stderr).toBe("nnlab: stdout: cannot write the predictions: no space left on the device (ENOSPC from write)\n");
    }
  });
});

describe("writeFileAtomicChunks", () => {
  it("writes chunks from a generator or an async one, and on a failure of the chunks leaves the old file and no temporary one", async () => {
    const path = join(dir, "chunks.txt");
    await writeFile(path, "before\n");
    await chmod(path, 0o600);
    await writeFileAtomicChunks(path, (function* () {
      for (let i = 0; i < 5; i++) yield `line ${i}\n`;
      yield new TextEncoder().encode("bytes\n");
    })());
    expect(await readFile(path, "utf8")).toBe("line 0\nline 1\nline 2\nline 3\nline 4\nbytes\n");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const mine = new Error("the caller's own failure");
    await expect(
      writeFileAtomicChunks(path, (async function* () {
        yield "half\n";
        throw mine;
      })()),
    ).rejects.toBe(mine);
    expect(await readFile(path, "utf8")).toBe("line 0\nline 1\nline 2\nline 3\nline 4\nbytes\n");
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    // the same one-line errors as writeFileAtomic
    await expect(writeFileAtomicChunks(join(dir, "no-such-folder", "x.csv"), ["x"])).rejects.toThrow(/the folder .*no-such-folder does not exist \(ENOENT\); create it first/);
  });
});

describe("--json", () => {
  it("carries each row's probabilities, in the order of the model's classes, beside the predictions", async () => {
    const r = await runCli(["--json", "predict", modelPath, "few.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    // the text JSON.stringify(..., null, 2) writes, though written in blocks
    expect(r.stdout).toBe(JSON.stringify(json, null, 2) + "\n");
    expect(Object.keys(json)).toEqual(["rows", "predictions", "classes", "probabilities", "out", "label", "metrics"]);
    expect(json.classes).toEqual(CLASSES);
    const x = new Tensor(3000, 3, Float64Array.from({ length: 9000 }, (_, n) => featureRow(Math.floor(n / 3))[n % 3]!));
    const out = model.predict(x);
    expect(json.probabilities).toHaveLength(3000);
    expect(json.probabilities).toEqual(Array.from({ length: 3000 }, (_, i) => [out.get(i, 0), out.get(i, 1), out.get(i, 2)]));
    expect(json.predictions).toEqual(model.predictLabels(x));
    expect(json.metrics.examples).toBe(3000);
  });

  it("gives one sigmoid output's two probabilities, 1 - p and p; a regression has none", async () => {
    const rows = ["u,v,y", ...Array.from({ length: 200 }, (_, i) => `${(i % 17) / 17},${(i % 11) / 11},${(i % 17) / 17 > (i % 11) / 11 ? "yes" : "no"}`)];
    await writeFile(join(dir, "yn.csv"), rows.join("\n") + "\n");
    await writeFile(join(dir, "yn.json"), JSON.stringify({ name: "yn", seed: 1, data: { source: "yn.csv", label: "y" }, model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } }));
    const trained = await runCli(["--json", "--runs", "runs", "-q", "train", "yn.json"], dir);
    expect(trained.code, trained.stderr).toBe(0);
    const yn = join(dir, JSON.parse(trained.stdout).dir, "model.json");
    const r = await runCli(["--json", "predict", yn, "yn.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.classes).toEqual(["no", "yes"]);
    const p = (await loadModelFile(yn)).predict(new Tensor(200, 2, Float64Array.from({ length: 400 }, (_, n) => (n % 2 ? (Math.floor(n / 2) % 11) / 11 : (Math.floor(n / 2) % 17) / 17))));
    expect(json.probabilities).toEqual(Array.from({ length: 200 }, (_, i) => [1 - p.get(i, 0), p.get(i, 0)]));

    const regression = ["u,v,t", ...Array.from({ length: 200 }, (_, i) => `${(i % 17) / 17},${(i % 11) / 11},${((i % 17) * 0.37 + (i % 11) * 1.1).toFixed(3)}`)];
    await writeFile(join(dir, "reg.csv"), regression.join("\n") + "\n");
    await writeFile(join(dir, "reg.json"), JSON.stringify({ name: "reg", seed: 1, data: { source: "reg.csv", label: "t", task: "regression" }, model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } }));
    const reg = await runCli(["--json", "--runs", "runs", "-q", "train", "reg.json"], dir);
    expect(reg.code, reg.stderr).toBe(0);
    const predicted = await runCli(["--json", "predict", join(dir, JSON.parse(reg.stdout).dir, "model.json"), "reg.csv"], dir);
    const regJson = JSON.parse(predicted.stdout);
    expect(regJson.classes).toBeNull();
    expect(regJson.probabilities).toBeNull();
    expect(regJson.predictions).toHaveLength(200);
    expect(typeof regJson.predictions[0]).toBe("number");
  });
});

describe("a feature column named as a column predict adds", () => {
  it("keeps its name; the added columns take '.1' (pandas' name for a repeated column), said on stderr", async () => {
    const rows = ["prediction,p(yes),label", ...Array.from({ length: 200 }, (_, i) => `${(i % 17) / 17},${(i % 11) / 11},${(i % 17) / 17 > (i % 11) / 11 ? "yes" : "no"}`)];
    await writeFile(join(dir, "clash.csv"), rows.join("\n") + "\n");
    await writeFile(join(dir, "clash.json"), JSON.stringify({ name: "clash", seed: 1, data: { source: "clash.csv", label: "label" }, model: { hidden: [{ units: 4 }] }, training: { epochs: 3 } }));
    const trained = await runCli(["--json", "--runs", "runs", "-q", "train", "clash.json"], dir);
    expect(trained.code, trained.stderr).toBe(0);
    const clash = join(dir, JSON.parse(trained.stdout).dir, "model.json");
    const r = await runCli(["predict", clash, "clash.csv", "--no-label"], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("prediction,p(yes),label,prediction.1,p(yes).1");
    expect(lines).toHaveLength(201);
    // the inputs as they were, the file's label column, then the predicted label and its probability
    expect(lines[1]).toMatch(/^0,0,no,(yes|no),[0-9.e-]+$/);
    expect(r.stderr).toBe('predict: clash.csv has columns named "prediction", "p(yes)": the predictions\' columns are "prediction.1", "p(yes).1"\n');
  });
});

describe("the file's other columns", () => {
  it("are written back in the file's order, as written: an id, a note, the label, a column of earlier predictions", async () => {
    // the id first, a note with a comma, a semicolon-separated file with decimal commas: the output is a comma CSV
    const rows = [
      "id;a,1;note;b;c;species;prediction",
      "0042;0,5;plain;-1,25;0,1;virg;x",
      'A-7;1,75;"with, comma";0,5;0,3;set,osa;y',
      'id 9;-2;"say ""hi""";2;0;"ver ""x""";z',
    ];
    await writeFile(join(dir, "ids.csv"), rows.join("\n") + "\n");
    const r = await runCli(["predict", modelPath, "ids.csv"], dir);
    expect(r.code, r.stderr).toBe(0);
    const x = Tensor.from2D([[0.5, -1.25, 0.1], [1.75, 0.5, 0.3], [-2, 2, 0]]);
    const out = model.predict(x);
    const labels = model.predictLabels(x);
    const expected = [
      ["id", ...FEATURES.slice(0, 1), "note", "b", "c", "species", "prediction", "prediction.1", ...CLASSES.map((c) => `p(${c})`)],
      ...[
        ["0042", 0.5, "plain", -1.25, 0.1, "virg", "x"],
        ["A-7", 1.75, "with, comma", 0.5, 0.3, "set,osa", "y"],
        ["id 9", -2, 'say "hi"', 2, 0, 'ver "x"', "z"],
      ].map((row, i) => [...row, labels[i]!, out.get(i, 0), out.get(i, 1), out.get(i, 2)]),
    ];
    expect(r.stdout).toBe(expected.map((row) => row.map(csvField).join(",")).join("\n") + "\n");
    // scored against the label column, which is also kept
    expect(r.stderr).toContain('has a column named "prediction": the predictions\' column is "prediction.1"');
    expect(r.stderr).toContain('Per class, against column "species" of ids.csv (3 examples)');
  });
});
