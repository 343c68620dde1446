/**
 * `--kernels auto|native|portable` and `--threads`: the CLI runs the native kernels by default where
 * they were built, says in --json which path ran, trains a float64 spec to the same bits on both paths
 * (and float32 to rounding), puts back the kernels in use when it returns, and refuses bad values with
 * one line and exit code 2.
 */
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kernelsInUse, nativeAvailable } from "../../src/node/native.js";
import { runCli } from "./run-cli.js";

let dir: string;
// two hidden layers of 64: the 32 x 64 x 64 products are past the native kernels' size threshold
const spec = (dtype: string) => ({ name: `k-${dtype}`, seed: 2, data: { source: "moons", n: 200, noise: 0.2 }, model: { dtype, hidden: [{ units: 64 }, { units: 64 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 6, batchSize: 32 } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-kernels-"));
  for (const dtype of ["float64", "float32"]) await writeFile(join(dir, `${dtype}.json`), JSON.stringify(spec(dtype)));
});

/** Trains with the given flags; the --json summary and every epoch's training cost. */
async function train(dtype: string, flags: string[]) {
  const r = await runCli(["--json", ...flags, "train", `${dtype}.json`], dir);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.stdout);
  const history = (await readFile(join(dir, summary.dir, "history.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l).loss as number);
  return { summary, history };
}

describe("nnlab --kernels", () => {
  it("runs the fastest kernels built here by default, says which in --json, and puts back the process's own after", async () => {
    expect(kernelsInUse()).toBe("portable");
    const { summary } = await train("float64", []);
    expect(summary.kernels).toBe(nativeAvailable() ? "native" : "portable");
    expect(kernelsInUse()).toBe("portable");
    expect((await train("float64", ["--kernels", "portable"])).summary.kernels).toBe("portable");
  });

  it.skipIf(!nativeAvailable())("float64: native and portable train to the same bits; float32 to rounding; 2 threads the same as one", async () => {
    const native = await train("float64", ["--kernels", "native"]);
    const portable = await train("float64", ["--kernels", "portable"]);
    expect([native.summary.kernels, portable.summary.kernels]).toEqual(["native", "portable"]);
    expect(native.history).toEqual(portable.history);
    expect((await train("float64", ["--kernels", "native", "--threads", "2"])).history).toEqual(native.history);
    const native32 = await train("float32", ["--kernels", "native"]);
    const portable32 = await train("float32", ["--kernels", "portable"]);
    native32.history.forEach((cost, epoch) => expect(Math.abs(cost - portable32.history[epoch]!), `epoch ${epoch}`).toBeLessThan(1e-4 * cost));
  });

  it.skipIf(nativeAvailable())("--kernels native where none was built: one line, exit 2", async () => {
    const r = await runCli(["--kernels", "native", "train", "float64.json"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^nnlab: kernels "native": expected the native kernels built on this machine .+\n$/);
  });

  it("bad values: one line saying what was expected, exit 2", async () => {
    expect(await runCli(["--kernels", "fast", "train", "float64.json"], dir)).toMatchObject({ code: 2, stdout: "", stderr: "nnlab: --kernels: expected auto, native or portable; received fast\n" });
    expect(await runCli(["--threads", "0", "train", "float64.json"], dir)).toMatchObject({ code: 2, stderr: "nnlab: --threads: expected a whole number of threads from 1 to 64; received 0\n" });
    expect(await runCli(["--threads", "two", "gradcheck", "float64.json"], dir)).toMatchObject({ code: 2, stderr: "nnlab: --threads: expected a whole number of threads from 1 to 64; received two\n" });
  });
});
