/**
 * Output files that must not cost the user an input or a permission (a CLI audit, session 14): `predict
 * --out` over the model or the CSV it reads replaced it ("Wrote 150 predictions", exit 0), and atomic
 * writes reset the mode of the file they replaced (a chmod 600 file came back world-readable) and replaced
 * files the user may not write.
 */
import { spawnSync } from "node:child_process";
import { chmod, lstat, mkdtemp, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Dense, Sequential } from "../../src/index.js";
import { saveModelFile, writeFileAtomic } from "../../src/node/save-file.js";
import { bin, runCli } from "./run-cli.js";

const spec = { name: "tiny", seed: 1, data: { source: "tiny.csv", label: "y" }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam", learningRate: 0.05 }, training: { epochs: 5, batchSize: "full" } };
const csv = ["a,b,y", ...Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`)].join("\n") + "\n";

async function trained(): Promise<{ dir: string; model: string }> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-output-files-"));
  await writeFile(join(dir, "tiny.csv"), csv);
  await writeFile(join(dir, "tiny.json"), JSON.stringify(spec));
  const r = await runCli(["--json", "--runs", "runs", "train", "tiny.json"], dir);
  expect(r.code, r.stderr).toBe(0);
  return { dir, model: join(JSON.parse(r.stdout).dir, "model.json") };
}

describe("outputs that would replace an input", () => {
  it("predict --out over the model or the CSV it reads is refused in one line, and both stay as they were", async () => {
    const { dir, model } = await trained();
    const modelBefore = await readFile(join(dir, model), "utf8");
    for (const [out, what] of [[model, "the model"], ["tiny.csv", "the CSV being predicted"]] as const) {
      const r = await runCli(["predict", model, "tiny.csv", "--out", out], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`nnlab: --out ${out}: expected a path apart from ${what}; received one that would write ${out} over ${out === model ? model : "tiny.csv"}\n`);
    }
    expect(await readFile(join(dir, model), "utf8")).toBe(modelBefore);
    expect(await readFile(join(dir, "tiny.csv"), "utf8")).toBe(csv);
    // another path is written as before
    expect((await runCli(["predict", model, "tiny.csv", "--out", "p.csv"], dir)).code).toBe(0);
    expect((await readFile(join(dir, "p.csv"), "utf8")).split("\n")[0]).toBe("a,b,y,prediction,p(1)");
  });
});

describe("a link that leads to a pipe (the predict audit, session 18)", () => {
  it("predict --out through a link to the process's standard output is refused, and the link stays", async () => {
    // /dev/stdout -> /proc/self/fd/1 -> "pipe:[N]": realpath cannot name it, it was taken for a dangling
    // link and renamed over (as root, /dev/stdout became a file for every later process). A link of the
    // test's own (a test must never aim at /dev), in a real process whose standard output is a pipe.
    const { dir, model } = await trained();
    await symlink("/proc/self/fd/1", join(dir, "so"));
    const r = await runCli(["predict", model, "tiny.csv", "--out", "so"], dir, { process: true });
    expect(r.code).toBe(2);
    // (Node's child pipes are socket pairs; a shell's are pipes)
    expect(r.stderr).toMatch(/^nnlab: so: expected a file to write; received a (named pipe|socket) \(writing through a temporary file would replace it\)\n$/);
    expect((await lstat(join(dir, "so"))).isSymbolicLink()).toBe(true);
    // a link to nothing is still written over, as a new file would be
    await symlink(join(dir, "nowhere.csv"), join(dir, "dangling"));
    expect((await runCli(["predict", model, "tiny.csv", "--out", "dangling"], dir)).code).toBe(0);
    expect((await readFile(join(dir, "dangling"), "utf8")).split("\n")[0]).toBe("a,b,y,prediction,p(1)");
  });
});

describe("atomic writes over an existing file", () => {
  it("keep the file's permissions (a chmod 600 file stays 600)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-atomic-mode-"));
    const file = join(dir, "private.csv");
    await writeFile(file, "old\n");
    await chmod(file, 0o600);
    await writeFileAtomic(file, "new\n");
    expect(await readFile(file, "utf8")).toBe("new\n");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  // root may write any file, as a plain write would; the refusal is a user's
  it.skipIf(process.getuid?.() === 0)("refuse a file the user may not write (chmod 444), as a plain write would", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-atomic-ro-"));
    const file = join(dir, "ro.csv");
    await writeFile(file, "old\n");
    await chmod(file, 0o444);
    await expect(writeFileAtomic(file, "new\n")).rejects.toThrow(/permission denied/);
    expect(await readFile(file, "utf8")).toBe("old\n");
  });
});

describe("a folder that takes no new files (the export audit, session 16)", () => {
  it.skipIf(process.platform !== "linux")("is said as such, not as a file that vanished while it was written", async () => {
    const error = await writeFileAtomic("/proc/nnlab-out.onnx", "x").catch((e: Error) => e);
    expect((error as Error).message).toBe("/proc/nnlab-out.onnx: cannot write: the folder /proc takes no new files (ENOENT from open)");
  });
});

describe("predict's messages for an empty file and a header alone (the predict audit, session 18)", () => {
  it("say what the file holds, without an empty column list or '(0 dropped)'", async () => {
    const { dir, model } = await trained();
    await writeFile(join(dir, "empty.csv"), "");
    const empty = await runCli(["predict", model, "empty.csv"], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("nnlab: empty.csv: expected a CSV with a header line naming the model's feature columns; received an empty file\n");
    await writeFile(join(dir, "header.csv"), "a,b,y\n");
    const header = await runCli(["predict", model, "header.csv"], dir);
    expect(header.code).toBe(2);
    expect(header.stderr).toMatch(/expected at least one valid data row; received none\n$/);
  });
});

describe("outputs over other files, pipes, and predict's advice (the export and predict audit, session 20)", () => {
  it("ONNX export and predict --out refuse a file that is not an earlier output of theirs, and keep it; they replace their own", async () => {
    const { dir, model } = await trained();
    await writeFile(join(dir, "other-model.json"), '{"format":"nnlab-model"}\n');
    for (const args of [
      ["export", model, "--format", "onnx", "--out", "other-model.json"],
      ["export", model, "--format", "onnx", "--out", "data.csv"],
      ["predict", model, "tiny.csv", "--out", "other-model.json"],
      ["predict", model, "tiny.csv", "--out", "data.csv"],
    ]) {
      await writeFile(join(dir, "data.csv"), csv);
      const r = await runCli(args, dir);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/expected a new file, or an earlier (ONNX export|predictions file) to replace.*received a file that is not one \(another run's model\? the data\?\): give --out another name\n$/);
      expect(await readFile(join(dir, "data.csv"), "utf8")).toBe(csv);
      expect(await readFile(join(dir, "other-model.json"), "utf8")).toBe('{"format":"nnlab-model"}\n');
    }
    // a data file whose column only begins with "prediction" is not one (a review)
    await writeFile(join(dir, "interval.csv"), "x,flag,prediction_interval,y\n1,2,3,4\n");
    expect((await runCli(["predict", model, "tiny.csv", "--out", "interval.csv"], dir)).code).toBe(2);
    expect(await readFile(join(dir, "interval.csv"), "utf8")).toBe("x,flag,prediction_interval,y\n1,2,3,4\n");
    // their own outputs are replaced, and an empty file is nothing to lose; so is a predictions file whose
    // first line is longer than the first read (7000 columns before "prediction": it was refused)
    await writeFile(join(dir, "empty.out"), "");
    await writeFile(join(dir, "wide.csv"), `${Array.from({ length: 7000 }, (_, i) => `feature${i}`).join(",")},prediction,p(1)\n`);
    for (const args of [
      ["export", model, "--format", "onnx", "--out", "m.onnx"],
      ["export", model, "--format", "onnx", "--out", "m.onnx"],
      ["predict", model, "tiny.csv", "--out", "p.csv"],
      ["predict", model, "tiny.csv", "--out", "p.csv"],
      ["predict", model, "tiny.csv", "--out", "empty.out"],
      ["predict", model, "tiny.csv", "--out", "wide.csv"],
    ]) {
      expect((await runCli(args, dir)).code, args.join(" ")).toBe(0);
    }
  });

  it("'--out .' is said to be a folder (it was 'the file is busy'), and a pipe to read is refused in one line (it was 'ESPIPE', exit 1)", async () => {
    const { dir, model } = await trained();
    const export_ = await runCli(["export", model, "--format", "onnx", "--out", "."], dir);
    expect([export_.code, export_.stderr]).toEqual([2, "nnlab: .: expected a file to write; received a folder (give a file name, e.g. model.onnx)\n"]);
    const predict = await runCli(["predict", model, "tiny.csv", "--out", "."], dir);
    expect([predict.code, predict.stderr]).toEqual([2, "nnlab: .: expected a file to write; received a folder (give a file name, e.g. out.csv)\n"]);
    // /dev/stdin of a process whose standard input is a socket pair (Node's child process pipes; a shell's
    // pipe is refused as "received a pipe" by the same check's other branch, which the shell alone makes)
    const piped = await runCli(["predict", model, "/dev/stdin"], dir, { process: true, input: csv });
    expect(piped.code).toBe(2);
    const shellPipe = spawnSync("sh", ["-c", `cat tiny.csv | "${process.execPath}" "${bin}" predict "${model}" /dev/stdin`], { cwd: dir, encoding: "utf8" });
    expect([shellPipe.status, shellPipe.stderr]).toEqual([2, "nnlab: /dev/stdin: expected a file to read (it is read more than once); received a pipe: save it to a file first\n"]);
    expect(piped.stderr).toMatch(/^nnlab: \/dev\/stdin: (expected a file to read \(it is read more than once\); received a (pipe|socket): save it to a file first|cannot read the data file: no such device or address \(a socket, .*save the data to a file first\) \(ENXIO from open\))\n$/);
  });

  it("a word in a feature column: predict says the model reads numbers there, not to choose data.features; NaN is not called a category", async () => {
    const { dir, model } = await trained();
    await writeFile(join(dir, "words.csv"), "a,b,y\nred,0.5,1\n");
    const words = await runCli(["predict", model, "words.csv"], dir);
    expect(words.code).toBe(2);
    expect(words.stderr).toMatch(/column "a" must be a number; received "red"; the model was trained on numbers in this column \(/);
    expect(words.stderr).not.toContain("data.features");
    await writeFile(join(dir, "nan.csv"), "a,b,y\nNaN,0.5,1\n");
    const nan = await runCli(["predict", model, "nan.csv"], dir);
    expect(nan.code).toBe(2);
    expect(nan.stderr).not.toMatch(/category|trained on numbers/);
  });
});

describe("predictions that are not numbers (the export and predict audit, session 20)", () => {
  it("a value beyond a float32 model's range, and a row whose output overflows to NaN, are refused in one line (they gave a label beside NaN or 0 probabilities, exit 0)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-overflow-"));
    // relu(10 x) of 1e308 is infinite in both hidden units, and the output's difference of them NaN
    const overflowing = new Sequential({ inputSize: 1, dtype: "float64", layers: [new Dense({ units: 2, activation: "relu" }), new Dense({ units: 1, activation: "linear" })] });
    overflowing.setWeights({ W1: [[10, 10]], b1: [[0, 0]], W2: [[1], [-1]], b2: [[0]] });
    await saveModelFile(overflowing, join(dir, "overflowing.json"));
    await writeFile(join(dir, "rows.csv"), "x\n1\n1e308\n");
    const nan = await runCli(["predict", "overflowing.json", "rows.csv", "--no-label"], dir);
    expect([nan.code, nan.stdout]).toEqual([2, ""]);
    expect(nan.stderr).toBe('nnlab: rows.csv: expected feature values the model can compute with; received data row 2, whose prediction is not a number (its largest value: "x" = 1e+308, which overflows a float64 network)\n');
    const single = new Sequential({ inputSize: 1, dtype: "float32", layers: [new Dense({ units: 1, activation: "sigmoid" })] });
    single.setWeights({ W1: [[1]], b1: [[0]] });
    await saveModelFile(single, join(dir, "single.json"));
    await writeFile(join(dir, "huge.csv"), "x\n0.5\n1e39\n");
    const huge = await runCli(["predict", "single.json", "huge.csv", "--no-label"], dir);
    expect([huge.code, huge.stderr]).toEqual([2, 'nnlab: huge.csv: expected feature values within a float32 model\'s range (±3.4e38); received 1e+39 in "x" of data row 2\n']);
    // in range, the same models predict
    await writeFile(join(dir, "ok.csv"), "x\n1\n-2\n");
    const ok = await runCli(["predict", "overflowing.json", "ok.csv", "--no-label"], dir);
    expect([ok.code, ok.stdout]).toEqual([0, "x,prediction\n1,0\n-2,0\n"]);
  });
});
