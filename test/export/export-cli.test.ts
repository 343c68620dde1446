/** `nnlab export`: files beside the model or at --out that the runtimes load, and one clear line for bad input. */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Activation, Dense, Sequential, Standardization, Tensor } from "../../src/index.js";
import { saveModelFile } from "../../src/node/index.js";
import { runCli } from "../cli/run-cli.js";

ort.env.wasm.numThreads = 1;

let folder: string;
const model = new Sequential({ inputSize: 2, dtype: "float64", seed: 4, layers: [new Dense({ units: 5, activation: "tanh" }), new Dense({ units: 3, activation: "softmax" })] });
model.normalization = new Standardization([1, -2], [0.5, 3]);
model.classes = ["red", "green", "blue"];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "nnlab-export-cli-"));
  await saveModelFile(model, join(folder, "model.json"));
  const unfoldable = new Sequential({ inputSize: 2, layers: [new Activation("tanh"), new Dense({ units: 1, activation: "sigmoid" })] });
  unfoldable.normalization = new Standardization([0, 0], [2, 2]);
  await saveModelFile(unfoldable, join(folder, "unfoldable.json"));
});

afterAll(() => rm(folder, { recursive: true, force: true }));

describe("nnlab export", () => {
  it("--format onnx writes model.onnx beside the model; ONNX Runtime predicts what nnlab does", async () => {
    const result = await runCli(["export", "model.json", "--format", "onnx"], folder);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Wrote ONNX \(opset 13, float64\): model\.onnx \(\d+ bytes\)\n$/);
    const session = await ort.InferenceSession.create(new Uint8Array(await readFile(join(folder, "model.onnx"))));
    const x = Tensor.from2D([[1, -2], [0, 4], [2.5, -7]], "float64");
    const out = await session.run({ input: new ort.Tensor("float64", Float64Array.from(x.data), [3, 2]) });
    expect(Array.from(out.label!.data as string[])).toEqual(model.predictLabels(x));
    const expected = model.predict(x).data;
    (out.probabilities!.data as Float64Array).forEach((p, i) => expect(Math.abs(p - expected[i]!)).toBeLessThan(1e-12 * expected[i]!));
    await session.release();
  });

  it("--format tfjs --out DIR writes model.json and weights.bin (--json lists them)", async () => {
    const plain = await runCli(["export", "model.json", "--format", "tfjs", "--out", "web-model"], folder);
    expect(plain.stdout).toMatch(/web-model\/weights\.bin \(\d+ bytes in all\)\n$/); // two files: their total, said so
    const result = await runCli(["--json", "export", "model.json", "--format", "tfjs", "--out", "web-model"], folder);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ format: "tfjs", dtype: "float64", files: [join("web-model", "model.json"), join("web-model", "weights.bin")] });
    const manifest = JSON.parse(await readFile(join(folder, "web-model", "model.json"), "utf8"));
    expect(manifest.format).toBe("layers-model");
    expect((await stat(join(folder, "web-model", "weights.bin"))).size).toBe((2 * 5 + 5 + 5 * 3 + 3) * 4);
  });

  it("bad input: one line, exit 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["export", "model.json", "--format", "pmml"], /--format must be onnx or tfjs; received "pmml"/],
      [["export", "missing.json", "--format", "onnx"], /missing\.json: no such model file/],
      [["export", "unfoldable.json", "--format", "tfjs"], /normalization can only be folded into a first Dense layer/],
      // --out over the model being exported: the trained model was replaced (exit 0, "Wrote ...")
      [["export", "model.json", "--format", "onnx", "--out", "model.json"], /^nnlab: --out model\.json: expected a path apart from the model being exported; received one that would write model\.json over model\.json$/m],
      [["export", "model.json", "--format", "tfjs", "--out", "."], /^nnlab: --out \.: expected a path apart from the model being exported; received one that would write model\.json over model\.json$/m],
      [["export", "model.json", "--format", "onnx", "--out", ""], /--out: expected a file path; received an empty one/],
      // a folder as the ONNX file: the example name is an ONNX file's (it said "e.g. adir/out.csv")
      [["export", "model.json", "--format", "onnx", "--out", "a-folder"], /^nnlab: a-folder: expected a file to write; received a folder \(give a file name, e\.g\. a-folder\/model\.onnx\)$/m],
    ];
    await mkdir(join(folder, "a-folder"), { recursive: true });
    for (const [args, message] of cases) {
      const result = await runCli(args, folder);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    // a folder where model.json goes: refused before weights.bin is written beside it
    await mkdir(join(folder, "partial", "model.json"), { recursive: true });
    const partial = await runCli(["export", "model.json", "--format", "tfjs", "--out", "partial"], folder);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toBe(`nnlab: ${join("partial", "model.json")}: expected to write the TensorFlow.js model's file there; received a folder of that name (give --out another folder)\n`);
    expect(await readdir(join(folder, "partial"))).toEqual(["model.json"]);
    // the refused exports left the model as it was
    expect(JSON.parse(await readFile(join(folder, "model.json"), "utf8")).format).toBe("nnlab-model");
    // commander's own message, followed by the command's help like every command's
    const missing = await runCli(["export", "model.json"], folder);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--format <format>' not specified/);
  });

  // the export audit, session 16
  it("--out at another run's folder is refused and its model kept; an earlier TensorFlow.js export there is replaced", async () => {
    await mkdir(join(folder, "other-run"), { recursive: true });
    await saveModelFile(model, join(folder, "other-run", "model.json"));
    const before = await readFile(join(folder, "other-run", "model.json"), "utf8");
    const refused = await runCli(["export", "model.json", "--format", "tfjs", "--out", "other-run"], folder);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `nnlab: ${join("other-run", "model.json")}: expected a folder without a model.json and weights.bin, or an earlier TensorFlow.js export to replace; received a file that is not one (another run's model?): give --out another folder\n`,
    );
    expect(await readFile(join(folder, "other-run", "model.json"), "utf8")).toBe(before);
    expect(await readdir(join(folder, "other-run"))).toEqual(["model.json"]);
    // a stray weights.bin without a TensorFlow.js model.json beside it is not written over either
    await mkdir(join(folder, "stray"), { recursive: true });
    await writeFile(join(folder, "stray", "weights.bin"), "mine");
    expect((await runCli(["export", "model.json", "--format", "tfjs", "--out", "stray"], folder)).code).toBe(2);
    expect(await readFile(join(folder, "stray", "weights.bin"), "utf8")).toBe("mine");
    // exporting again over the export is fine
    expect((await runCli(["export", "model.json", "--format", "tfjs", "--out", "again"], folder)).code).toBe(0);
    expect((await runCli(["export", "model.json", "--format", "tfjs", "--out", "again"], folder)).code).toBe(0);
  });

  it("a missing parent folder is refused for tfjs as for onnx (it made the whole tree without a word)", async () => {
    const onnx = await runCli(["export", "model.json", "--format", "onnx", "--out", join("no-such", "sub", "m.onnx")], folder);
    expect(onnx.code).toBe(2);
    const tfjs = await runCli(["export", "model.json", "--format", "tfjs", "--out", join("no-such", "sub")], folder);
    expect(tfjs.code).toBe(2);
    expect(tfjs.stderr).toBe(`nnlab: ${join("no-such", "sub")}: cannot make the folder: the folder no-such does not exist (ENOENT); create it first\n`);
    expect(await stat(join(folder, "no-such")).catch(() => null)).toBeNull();
  });

  it("a binary file or an empty path given as the model: one printable line", async () => {
    await runCli(["export", "model.json", "--format", "onnx", "--out", "bin.onnx"], folder);
    for (const command of [["export", "bin.onnx", "--format", "tfjs"], ["predict", "bin.onnx", "x.csv"]]) {
      const r = await runCli(command, folder);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("nnlab: bin.onnx: expected an nnlab model file (JSON text, such as runs/<id>/model.json); received a binary file (an ONNX or TensorFlow.js export is written for other tools, not read back)\n");
    }
    const empty = await runCli(["export", "", "--format", "onnx"], folder);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe("nnlab: expected a model file's path (such as runs/<id>/model.json); received an empty one\n");
  });
});
