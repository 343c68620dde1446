/**
 * Work computed on one kernel path goes on on that path: float32 results differ between the native and
 * the portable kernels in their last bits, so a `--kernels portable` run resumed without --kernels, or a
 * sweep rerun without it, must not continue on the native kernels (the default where they were built),
 * which gave a hybrid matching neither uninterrupted run. The path is kept in the checkpoint, summary.json
 * and the sweep's folder; another path asked for explicitly is refused with one line and exit code 2.
 *
 * The native-dependent checks need the native kernels built here (build/nnlab_native.node); without them
 * there is only one path and they are skipped.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { nativeAvailable } from "../../src/node/native.js";
import { bin, runCli } from "../cli/run-cli.js";

// 64 x 128 x 128 products: past the native kernels' size threshold, so both paths really run
const SPEC = {
  name: "k32",
  seed: 5,
  data: { source: "moons", n: 800, noise: 0.25 },
  model: { dtype: "float32", hidden: [{ units: 128, activation: "relu", dropout: 0.1 }, { units: 128, activation: "relu" }] },
  l2: 0.1,
  optimizer: { name: "adam", learningRate: 0.003 },
  training: { epochs: 40, batchSize: 64 },
};

const native = nativeAvailable();

async function folder(spec: object = SPEC): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-kernels-continue-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(spec));
  return dir;
}

const runDir = async (cwd: string) => join(cwd, "runs", (await readdir(join(cwd, "runs")))[0]!);
/** A JSON file's content, or null where it is missing or unreadable. */
const readJson = (path: string) => readFile(path, "utf8").then((t) => JSON.parse(t), () => null);
const outputs = async (dir: string) => Promise.all(["model.json", "history.jsonl"].map((f) => readFile(join(dir, f), "utf8")));

/** Counts the lines of a file (0 while it does not exist). */
async function lines(path: string): Promise<number> {
  try {
    return (await readFile(path, "utf8")).split("\n").length - 1;
  } catch {
    return 0;
  }
}

/**
 * `nnlab --kernels portable train spec.json` as a process, stopped with SIGINT (Ctrl-C) once history.jsonl
 * holds 3 epochs (the event, not a sleep); the run is written and its checkpoint kept (exit 130).
 */
async function interruptedPortableRun(cwd: string): Promise<{ code: number | null; stdout: string; dir: string }> {
  const child = spawn(process.execPath, [bin, "--kernels", "portable", "-q", "train", "spec.json"], { cwd, env: { ...process.env, NNLAB_CHECKPOINT_MS: "0", FORCE_COLOR: "0" }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  let ended = false;
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => ((ended = true), resolve(code))));
  let dir: string | undefined;
  while (!ended) {
    dir ??= await runDir(cwd).catch(() => undefined);
    if (dir && (await lines(join(dir, "history.jsonl"))) >= 3) {
      child.kill("SIGINT");
      break;
    }
    await new Promise((r) => setTimeout(r, 15));
  }
  const code = await exit;
  expect(code, `it ended before 3 epochs were in history.jsonl, or was not stopped by the SIGINT: ${stderr}`).toBe(130);
  return { code, stdout, dir: dir ?? (await runDir(cwd)) };
}

let plainPortable: string[];
beforeAll(async () => {
  const cwd = await folder();
  const r = await runCli(["--kernels", "portable", "-q", "train", "spec.json"], cwd, { process: true });
  expect(r.code, r.stderr).toBe(0);
  plainPortable = await outputs(await runDir(cwd));
}, 120_000);

describe("nnlab train --resume of a float32 run trained with --kernels portable", () => {
  it("without --kernels: ends bit-identical to the uninterrupted portable run (the kernels kept in the checkpoint and summary.json, and named in the hint)", async () => {
    const cwd = await folder();
    const first = await interruptedPortableRun(cwd);
    const id = first.dir.split(/[\\/]/).pop()!;
    // (soft: the records are checked, and the bits below whatever they say)
    expect.soft(await readJson(join(first.dir, "summary.json"))).toMatchObject({ interrupted: true, kernels: "portable" });
    expect.soft((await readJson(join(first.dir, "checkpoint.json")))?.kernels).toBe("portable");
    // the hint names the kernels wherever "auto" would choose others (here: where native is built)
    expect.soft(first.stdout).toContain(`Resume with: nnlab ${native ? "--kernels portable " : ""}train --resume ${id}`);

    const resumed = await runCli(["--json", "-q", "train", "--resume", id], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).resumedFrom).toEqual(expect.any(Number));
    const [model, history] = await outputs(first.dir);
    expect(history).toBe(plainPortable[1]);
    expect(model).toBe(plainPortable[0]);
    expect(JSON.parse(resumed.stdout).kernels).toBe("portable");
    expect(JSON.parse(await readFile(join(first.dir, "summary.json"), "utf8"))).toMatchObject({ interrupted: false, kernels: "portable" });
  });

  it.runIf(native)("with --kernels native: refused in one line, exit 2, and the run is left to resume", async () => {
    const cwd = await folder();
    const first = await interruptedPortableRun(cwd);
    const id = first.dir.split(/[\\/]/).pop()!;
    const refused = await runCli(["--kernels", "native", "train", "--resume", id], cwd);
    expect(refused.stderr).toBe(
      `nnlab: train --resume: run ${id} computed on the portable kernels; --kernels native would go on with its float32 figures on the native ones, which round differently (a hybrid of two runs): leave --kernels out, or give --kernels portable\n`,
    );
    expect(refused.code).toBe(2);
    const resumed = await runCli(["-q", "--kernels", "portable", "train", "--resume", id], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await outputs(first.dir)).toEqual(plainPortable);
  });

  it.runIf(native)("(the check can fail: the native kernels give other float32 bits for this spec)", async () => {
    const cwd = await folder();
    const r = await runCli(["--kernels", "native", "-q", "train", "spec.json"], cwd);
    expect(r.code, r.stderr).toBe(0);
    const [model, history] = await outputs(await runDir(cwd));
    expect(history).not.toBe(plainPortable[1]);
    expect(model).not.toBe(plainPortable[0]);
  });
});

describe("a float32 sweep rerun after --kernels portable", () => {
  const SWEEP = { ...SPEC, name: "ks", training: { epochs: 6, batchSize: 64 } };
  const sweep = (cwd: string, kernels: string[]) => runCli(["--json", "-q", ...kernels, "sweep", "spec.json", "--grid", "lambda=0,0.1", "--workers", "1"], cwd);
  type Trial = { index: number; devLoss: number; trainLoss: number };
  /** A finished portable sweep whose trial 1 was lost (as if killed before it finished): the rerun trains it again. */
  async function sweptPortable() {
    const cwd = await folder(SWEEP);
    const whole = await sweep(cwd, ["--kernels", "portable"]);
    expect(whole.code, whole.stderr).toBe(0);
    const out = JSON.parse(whole.stdout) as { dir: string; trials: Trial[]; kernels: string };
    const dir = join(cwd, out.dir);
    const trial1 = JSON.parse(await readFile(join(dir, "trial-1.json"), "utf8")) as Trial;
    await rm(join(dir, "trial-1.json"));
    return { cwd, out, dir, trial1 };
  }

  it("without --kernels: the missing trial computes on the folder's kernels (kernels.json), to the same bits", async () => {
    const { cwd, out, dir, trial1 } = await sweptPortable();
    expect.soft(out.kernels).toBe("portable");
    expect.soft(await readJson(join(dir, "kernels.json"))).toEqual({ kernels: "portable" });
    expect.soft((await readJson(join(dir, "results.json")))?.kernels).toBe("portable");
    const rerun = await sweep(cwd, []);
    expect(rerun.code, rerun.stderr).toBe(0);
    const again = JSON.parse(rerun.stdout) as { trials: Trial[]; resumed: number; kernels: string };
    expect(again.resumed).toBe(1);
    expect(JSON.parse(await readFile(join(dir, "trial-1.json"), "utf8")).devLoss).toBe(trial1.devLoss);
    expect(again.trials.map(({ devLoss, trainLoss }) => [devLoss, trainLoss])).toEqual(out.trials.map(({ devLoss, trainLoss }) => [devLoss, trainLoss]));
    expect(again.kernels).toBe("portable");
  });

  it.runIf(native)("with --kernels native: refused in one line, exit 2", async () => {
    const { cwd, out } = await sweptPortable();
    const refused = await sweep(cwd, ["--kernels", "native"]);
    expect(refused.stderr).toBe(
      `nnlab: sweep: ${out.dir} (its finished trials) computed on the portable kernels; --kernels native would go on with its float32 figures on the native ones, which round differently (a hybrid of two runs): leave --kernels out, or give --kernels portable\n`,
    );
    expect(refused.code).toBe(2);
  });
});
