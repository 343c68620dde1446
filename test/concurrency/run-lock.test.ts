/**
 * Two processes on one run (a concurrency audit): `nnlab train --resume <id>` of a run that another
 * process still trained went ahead, rewrote history.jsonl under it and removed its temporary files (after a
 * kill -9 of both the run could not be resumed); `nnlab runs` told a run training right now to be resumed.
 * The run's lock (runs/<id>/.lock) refuses the second process in one line, says "training now" in the
 * listing, and is taken over when the process it names no longer runs (kill -9). The moments come from
 * events (lines in history.jsonl, a checkpoint with a trained state), and the trainer is held still with
 * SIGSTOP while the second process tries: no sleeps.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin, runCli, spawnCli } from "../cli/run-cli.js";

const EPOCHS = 5000;
const SPEC = { name: "lock", seed: 3, data: { source: "moons", n: 200, noise: 0.2 }, model: { hidden: [{ units: 16 }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: EPOCHS, batchSize: 32 } };

async function folderWithSpec(prefix: string): Promise<string> {
  const cwd = await mkdtemp(join(tmpdir(), prefix));
  await writeFile(join(cwd, "spec.json"), JSON.stringify(SPEC));
  return cwd;
}

/** `nnlab train spec.json` as a process in `cwd`, checkpointing as often as it allows itself. */
function startTraining(cwd: string): { child: ChildProcess; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [bin, "--runs", "runs", "-q", "train", "spec.json"], { cwd, env: { ...process.env, NNLAB_CHECKPOINT_MS: "0", FORCE_COLOR: "0" }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

const lines = (text: string) => text.split("\n").filter(Boolean).length;

/**
 * The run folder once its checkpoint holds a trained state and history.jsonl has `atLeast` lines; then
 * the trainer is stopped where it is (SIGSTOP), before it can finish. Fails if the process ends first.
 */
async function trainingThenStop(cwd: string, run: ReturnType<typeof startTraining>, atLeast = 3): Promise<string> {
  let ended = false;
  void run.exit.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`nnlab train ended before it was caught training: ${run.stderr()}`);
    const [id] = await readdir(join(cwd, "runs")).catch(() => [] as string[]);
    if (id) {
      const dir = join(cwd, "runs", id);
      const [checkpoint, history] = await Promise.all(["checkpoint.json", "history.jsonl"].map((f) => readFile(join(dir, f), "utf8").catch(() => "")));
      if (checkpoint.includes('"trainer":{') && lines(history!) >= atLeast) {
        run.child.kill("SIGSTOP");
        return dir;
      }
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** A process that only waits (a live pid that is not nnlab's); and one that has ended (a dead pid). */
function idleProcess(): { child: ChildProcess; exit: Promise<unknown> } {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  return { child, exit: new Promise((resolve) => child.on("close", resolve)) };
}

const tmpFiles = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith(".tmp")).sort();

describe.skipIf(process.platform === "win32")("a run trained by one process", () => {
  it("refuses `train --resume` from another in one line (exit 2), leaves the trainer's files alone, and the trainer finishes to the bits of a run never disturbed", async () => {
    const [cwd, plainCwd] = await Promise.all([folderWithSpec("nnlab-lock-"), folderWithSpec("nnlab-lock-plain-")]);
    const plain = runCli(["--runs", "runs", "-q", "train", "spec.json"], plainCwd, { process: true });
    const original = startTraining(cwd);
    const dir = await trainingThenStop(cwd, original);
    const id = dir.split(/[\\/]/).pop()!;
    try {
      // a temporary file the trainer is writing (held still mid-write): a resume used to remove it
      await writeFile(join(dir, ".checkpoint.json.0123456789ab.tmp"), "{");
      const before = await tmpFiles(dir);
      const resumed = await spawnCli(["--runs", "runs", "train", "--resume", id], cwd, 60_000);
      expect(resumed.stderr).toMatch(new RegExp(`^nnlab: run ${id} is being trained by process ${original.child.pid} \\(started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\); wait for it, or stop it first\\n$`));
      expect(resumed.code).toBe(2);
      expect(await tmpFiles(dir)).toEqual(before);
      // the listing says it trains now, not that it was killed and should be resumed
      const listed = await runCli(["--runs", "runs", "runs"], cwd);
      expect(listed.stdout).toContain(`training now (process ${original.child.pid})`);
      expect(listed.stdout).not.toMatch(/unfinished|continue it with/);
      await rm(join(dir, ".checkpoint.json.0123456789ab.tmp"));
    } finally {
      original.child.kill("SIGCONT");
    }
    expect(await original.exit, original.stderr()).toBe(0);
    expect(original.stderr()).toBe("");
    const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8"));
    expect(summary.interrupted).toBe(false);
    expect(summary.epochsTrained).toBe(EPOCHS);
    // finished: the lock, the checkpoints and the temporary files are gone, and the outputs are a plain run's
    const [plainId] = await readdir(join(plainCwd, "runs"));
    expect((await readdir(dir)).sort()).toEqual((await readdir(join(plainCwd, "runs", plainId!))).sort());
    expect((await plain).code).toBe(0);
    for (const file of ["model.json", "history.jsonl"]) {
      expect(await readFile(join(dir, file), "utf8")).toBe(await readFile(join(plainCwd, "runs", plainId!, file), "utf8"));
    }
    expect(await runCli(["--runs", "runs", "train", "--resume", id], cwd)).toMatchObject({ code: 2, stderr: `nnlab: run ${id} has finished (summary.json): nothing to resume\n` });
  });

  it("killed (kill -9) leaves its lock, which names a process that no longer runs: the listing says resume, and the resume takes the lock over and finishes the run", async () => {
    const cwd = await folderWithSpec("nnlab-lock-killed-");
    const original = startTraining(cwd);
    const dir = await trainingThenStop(cwd, original);
    const id = dir.split(/[\\/]/).pop()!;
    original.child.kill("SIGKILL");
    await original.exit;
    const left = JSON.parse(await readFile(join(dir, ".lock"), "utf8"));
    expect(left).toMatchObject({ pid: original.child.pid, host: hostname() });

    // A lock naming a process that runs (here one that only waits): "training now", and a resume refused.
    const live = idleProcess();
    try {
      await writeFile(join(dir, ".lock"), JSON.stringify({ pid: live.child.pid, host: hostname(), startedAt: "2026-01-02T03:04:05.000Z" }));
      const listed = await runCli(["--runs", "runs", "runs"], cwd);
      expect(listed.stdout).toMatch(new RegExp(`${id} .* training now \\(process ${live.child.pid}\\)`));
      const refused = await runCli(["--runs", "runs", "train", "--resume", id], cwd);
      expect(refused).toMatchObject({ code: 2, stderr: `nnlab: run ${id} is being trained by process ${live.child.pid} (started 2026-01-02 03:04:05 UTC); wait for it, or stop it first\n` });
    } finally {
      live.child.kill("SIGKILL");
    }
    await live.exit;

    // The same lock once that process has ended: a dead pid, as a kill -9 leaves it.
    const listed = await runCli(["--runs", "runs", "runs"], cwd);
    expect(listed.stdout).toContain(`unfinished: killed or stopped while training; continue it with nnlab train --resume ${id}`);
    expect(listed.stdout).not.toContain(".lock");
    const resumed = await runCli(["--runs", "runs", "-q", "train", "--resume", id], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toBe("");
    expect(lines(await readFile(join(dir, "history.jsonl"), "utf8"))).toBe(EPOCHS);
    const files = await readdir(dir);
    expect(files).not.toContain(".lock");
    expect(files).not.toContain("checkpoint.json");
  });

  it("a stale lock found by several processes at once is taken over by one of them; the others are refused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-lock-race-"));
    const dead = idleProcess();
    dead.child.kill("SIGKILL");
    await dead.exit;
    await writeFile(join(dir, ".lock"), JSON.stringify({ pid: dead.child.pid, host: hostname(), startedAt: "2026-01-02T03:04:05.000Z" }));
    const lockModule = new URL("../../dist/node/run-lock.js", import.meta.url).href;
    // each, once all are ready, takes the lock (or is refused) at the same moment, says which, and holds it until its stdin closes
    const script = `import(${JSON.stringify(lockModule)}).then(({ acquireRunLock }) => {
      process.stdin.once("data", async () => {
        try { await acquireRunLock(${JSON.stringify(dir)}, "run r"); console.log("got"); } catch (e) { console.log(e.message); }
      });
      process.stdin.on("end", () => process.exit(0));
      console.log("ready");
    });`;
    const racers = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["pipe", "pipe", "inherit"] });
      const lines: string[] = [];
      const waiters: Array<() => void> = [];
      let out = "";
      child.stdout!.on("data", (d) => {
        out += d;
        for (let i = out.indexOf("\n"); i >= 0; i = out.indexOf("\n")) {
          lines.push(out.slice(0, i));
          out = out.slice(i + 1);
          waiters.splice(0).forEach((w) => w());
        }
      });
      const exit = new Promise((resolve) => child.on("close", resolve));
      void exit.then(() => waiters.splice(0).forEach((w) => w()));
      const line = async (n: number) => {
        while (lines.length < n) await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exit.then(() => { throw new Error("a racer ended early"); })]);
        return lines[n - 1]!;
      };
      return { child, line, exit };
    });
    await Promise.all(racers.map((r) => r.line(1)));
    for (const r of racers) r.child.stdin!.write("go\n");
    const said = await Promise.all(racers.map((r) => r.line(2)));
    for (const r of racers) r.child.stdin!.end();
    await Promise.all(racers.map((r) => r.exit));
    expect(said.filter((s) => s === "got"), said.join("\n")).toHaveLength(1);
    const winner = racers[said.indexOf("got")]!.child.pid;
    for (const s of said.filter((s) => s !== "got")) expect(s).toMatch(new RegExp(`^run r is being trained by process ${winner} \\(started .*\\); wait for it, or stop it first$`));
    // released as the winner ended
    expect((await readdir(dir)).filter((f) => f.startsWith(".lock"))).toEqual([]);
  });
});
