/**
 * Nothing lost: `nnlab train` killed with SIGKILL at random moments, again and again, and resumed each
 * time with `--resume`, ends with the same model.json, history.jsonl and flow.json, bit for bit, as a
 * run of the same spec never interrupted (float64 and float32). The moments come from a seeded Rng and
 * are measured from events (the number of lines in history.jsonl), never from sleeps.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFile, mkdtemp, open, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Rng } from "../../src/tensor/rng.js";
import { bin, runCli } from "./run-cli.js";

// (300, not 600, for the suite's time: each life is killed within about 1.5 x 300 / (kills + 1) epochs of the last, as before)
const EPOCHS = 300;

const specOf = (dtype: "float32" | "float64") => ({
  name: `resume-${dtype}`,
  seed: 4,
  data: { source: "moons", n: 160, noise: 0.2 },
  model: { dtype, hidden: [{ units: 8, dropout: 0.1 }, { units: 4, activation: "tanh" }] },
  optimizer: { name: "adam", learningRate: 0.01 },
  // minibatches (shuffled every epoch), dropout, jitter, and early stopping that keeps the best weights
  training: { epochs: EPOCHS, batchSize: 32, earlyStopping: { patience: 100_000 } },
  augment: { jitter: 0.05 },
});

/** `nnlab train` in `cwd`, checkpointing as often as it allows itself (NNLAB_CHECKPOINT_MS=0). */
function start(args: string[], cwd: string): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [bin, "--runs", "runs", "-q", "--json", ...args], {
    cwd,
    env: { ...process.env, NNLAB_CHECKPOINT_MS: "0", FORCE_COLOR: "0" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

async function lineCount(path: string): Promise<number> {
  try {
    const text = await readFile(path, "utf8");
    let n = 0;
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
    return n;
  } catch {
    return 0;
  }
}

/**
 * Counts a growing file's lines reading only what was appended since the last look; a file replaced
 * (another inode: the resumed run cuts history.jsonl back to its checkpoint) is counted afresh.
 */
class LineCounter {
  private inode = -1;
  private offset = 0;
  private lines = 0;

  async count(path: string): Promise<number> {
    let file;
    try {
      file = await open(path, "r");
    } catch {
      return 0;
    }
    try {
      const { ino, size } = await file.stat();
      if (ino !== this.inode || size < this.offset) [this.inode, this.offset, this.lines] = [ino, 0, 0];
      if (size > this.offset) {
        const bytes = Buffer.alloc(size - this.offset);
        const { bytesRead } = await file.read(bytes, 0, bytes.length, this.offset);
        for (let i = 0; i < bytesRead; i++) if (bytes[i] === 10) this.lines++;
        this.offset += bytesRead;
      }
      return this.lines;
    } finally {
      await file.close();
    }
  }
}

/** Resolves once history.jsonl has `lines` lines (looked at every few milliseconds), or the process ends first (then false). */
function whenLines(path: string, lines: number, exit: Promise<number | null>): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    void exit.then(() => {
      done = true;
      resolve(false);
    });
    const counter = new LineCounter();
    const poll = async () => {
      while (!done) {
        if ((await counter.count(path)) >= lines) {
          done = true;
          resolve(true);
          return;
        }
        await new Promise((r) => setTimeout(r, 3));
      }
    };
    void poll();
  });
}

const outputs = async (dir: string) =>
  Promise.all(["model.json", "history.jsonl", "flow.json"].map((f) => readFile(join(dir, f), "utf8")));

const runDir = async (cwd: string) => {
  const [id] = await readdir(join(cwd, "runs"));
  return join(cwd, "runs", id!);
};

/**
 * Trains the spec in one folder without interruption and, in another, kills it `kills` times (the
 * first of them with `stop` when given: SIGINT (Ctrl-C) or SIGTERM, which write the run and keep its checkpoint),
 * resuming each time; returns both runs' folders.
 */
async function killAndResume(dtype: "float32" | "float64", kills: number, seed: number, options: { stop?: "SIGINT" | "SIGTERM"; tornLineAt?: number } = {}) {
  const spec = specOf(dtype);
  const [plainCwd, cwd] = await Promise.all([mkdtemp(join(tmpdir(), "nnlab-plain-")), mkdtemp(join(tmpdir(), "nnlab-kill-"))]);
  await Promise.all([writeFile(join(plainCwd, "spec.json"), JSON.stringify(spec)), writeFile(join(cwd, "spec.json"), JSON.stringify(spec))]);
  // As its own process, like the killed one: in this process it would take the CPU that the polling
  // below needs, and a child could finish its run between the line awaited and the signal.
  const plain = runCli(["--runs", "runs", "-q", "train", "spec.json"], plainCwd, { process: true });

  const rng = new Rng(seed);
  let history = "";
  let killed = 0;
  let finished = false;
  for (let life = 0; life < kills && !finished; life++) {
    const before = history ? await lineCount(history) : 0;
    const run = start(life === 0 ? ["train", "spec.json"] : ["train", "--resume", await runDir(cwd).then((d) => d.split(/[\\/]/).pop()!)], cwd);
    history ||= join(await waitForRunDir(cwd, run.exit), "history.jsonl");
    // Kill once this life has trained 1 to about 1.5/(kills+1) of the run past what the file held.
    const ctrlC = options.stop !== undefined && life === 0;
    const target = Math.min(EPOCHS - 1, before + 1 + rng.int(Math.ceil((1.5 * EPOCHS) / (kills + 1))));
    const reached = await whenLines(history, target, run.exit);
    if (!reached) {
      finished = true; // it ended by itself first
      expect(run.stderr()).toBe("");
      break;
    }
    run.child.kill(ctrlC ? options.stop! : "SIGKILL");
    const code = await run.exit;
    if (ctrlC) {
      expect(code).toBe(130); // heard in training: the run is written (interrupted), its checkpoint kept
      expect(JSON.parse(await readFile(join(await runDir(cwd), "summary.json"), "utf8")).interrupted).toBe(true);
    }
    killed++;
    if (life === options.tornLineAt) await appendFile(history, '{"epoch":99999,"loss":0.12'); // as if killed mid-line
  }
  if (!finished) {
    const last = start(["train", "--resume", (await runDir(cwd)).split(/[\\/]/).pop()!], cwd);
    expect(await last.exit).toBe(0);
    expect(last.stderr()).toBe("");
  }
  const done = await plain;
  expect(done.code).toBe(0);
  return { killed, plain: await runDir(plainCwd), resumed: await runDir(cwd) };
}

/** The run folder, once the first life has made it (or the process ended). */
async function waitForRunDir(cwd: string, exit: Promise<number | null>): Promise<string> {
  let ended = false;
  void exit.then(() => (ended = true));
  for (;;) {
    try {
      return await runDir(cwd);
    } catch {
      if (ended) throw new Error("nnlab train ended before making its run folder");
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}

describe.concurrent("nnlab train --resume after kill -9", () => {
  it("float64: killed 6 times at random moments, resumed each time: the same bits as a run never killed", async () => {
    const { killed, plain, resumed } = await killAndResume("float64", 6, 11, { tornLineAt: 3 });
    expect(killed).toBeGreaterThanOrEqual(5);
    const [model, history, flow] = await outputs(resumed);
    const [plainModel, plainHistory, plainFlow] = await outputs(plain);
    expect(model).toBe(plainModel);
    expect(history).toBe(plainHistory);
    expect(history.trim().split("\n")).toHaveLength(EPOCHS);
    expect(flow).toBe(plainFlow);
    const summaries = await Promise.all([plain, resumed].map(async (d) => JSON.parse(await readFile(join(d, "summary.json"), "utf8"))));
    expect(summaries[1].diagnosis).toEqual(summaries[0].diagnosis);
    expect(summaries[1].evidence).toEqual(summaries[0].evidence);
    // Finished: the checkpoints are gone and the folder holds what an uninterrupted run holds.
    expect((await readdir(resumed)).sort()).toEqual((await readdir(plain)).sort());
    // Nothing to resume any more; and a spec with --resume is refused.
    const cwd = join(resumed, "..", "..");
    const id = resumed.split(/[\\/]/).pop()!;
    expect(await runCli(["train", "--resume", id], cwd)).toMatchObject({ code: 2, stderr: `nnlab: run ${id} has finished (summary.json): nothing to resume\n` });
    const both = await runCli(["train", "spec.json", "--resume", id], cwd);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/give a spec file or --resume <run>, not both/);
  }, 60_000);

  it("float32: SIGTERM, as Ctrl-C (the run written, its checkpoint kept; it was killed outright), then killed at random moments, resumed each time: the same bits", async () => {
    const { killed, plain, resumed } = await killAndResume("float32", 4, 23, { stop: "SIGTERM" });
    expect(killed).toBeGreaterThanOrEqual(3);
    expect(await outputs(resumed)).toEqual(await outputs(plain));
    expect(JSON.parse(await readFile(join(resumed, "summary.json"), "utf8")).interrupted).toBe(false);
  }, 60_000);
});

describe("nnlab train --resume after the test file changed", () => {
  it("is refused in one line: the weights of one test set would be reported against another (an audit helper)", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "nnlab-resume-test-"));
    const rows = (from: number, n: number) => ["a,b,y", ...Array.from({ length: n }, (_, i) => { const a = Math.sin(from + i); const b = Math.cos(2 * (from + i)); return `${a.toFixed(4)},${b.toFixed(4)},${a * b > 0 ? 1 : 0}`; })].join("\n") + "\n";
    await writeFile(join(cwd, "train.csv"), rows(0, 200));
    await writeFile(join(cwd, "test.csv"), rows(1000, 60));
    await writeFile(join(cwd, "spec.json"), JSON.stringify({ name: "t", seed: 1, data: { source: "train.csv", label: "y", test: "test.csv" }, split: [0.75, 0.25], model: { hidden: [{ units: 8 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100_000, batchSize: 8 } }));
    const run = start(["train", "spec.json"], cwd);
    // killed once a checkpoint with a trained state and a few epochs of history are on disk (the event, not a sleep)
    const counter = new LineCounter();
    for (;;) {
      const dir = await runDir(cwd).catch(() => null);
      if (dir && (await counter.count(join(dir, "history.jsonl"))) >= 3) break;
      await new Promise((r) => setImmediate(r));
    }
    run.child.kill("SIGKILL");
    await run.exit;
    const id = (await runDir(cwd)).split(/[\\/]/).pop()!;
    await writeFile(join(cwd, "test.csv"), rows(2000, 60)); // another test set
    const resumed = await runCli(["--runs", "runs", "train", "--resume", id], cwd);
    expect(resumed.code, resumed.stderr).toBe(2);
    expect(resumed.stderr).toMatch(/^nnlab: .*: the test data differ from those the run started with \(the test file or the split column changed\?\); resuming would report another run's test figures\n$/);
  });
});
