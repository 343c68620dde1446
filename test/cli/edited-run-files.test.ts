/**
 * Run files edited by hand or by another tool (a CLI audit, session 14): summary.json with "evidence": {}
 * made `nnlab diagnose` a TypeError (exit 1); now one line naming the file, exit 2.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("edited run files", () => {
  it("a summary.json whose evidence is not nnlab's gives one line, for every shape of damage", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-edited-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "s", seed: 1, data: { source: "moons", n: 80 }, model: { hidden: [{ units: 3 }] }, training: { epochs: 3 } }));
    const r = await runCli(["--json", "--runs", "runs", "train", "s.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout).dir as string;
    const path = join(dir, run, "summary.json");
    const summary = JSON.parse(await readFile(path, "utf8"));
    expect((await runCli(["--runs", "runs", "diagnose", run], dir)).code).toBe(0);
    for (const evidence of [{}, 5, { ...summary.evidence, cost: 7 }]) {
      await writeFile(path, JSON.stringify({ ...summary, evidence }));
      const d = await runCli(["--runs", "runs", "diagnose", run], dir);
      expect(d.code).toBe(2);
      expect(d.stderr).toMatch(/^nnlab: .*: cannot read summary.json's evidence \(expected the measurements nnlab saved with the run; received .*\): train the run again\n$/);
    }
  });
});

describe("a train run without its summary.json (the README audit, session 16)", () => {
  it("nnlab diagnose says what nnlab runs says of it, not 'is a train run: expected a trained run'", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-unfinished-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "s", seed: 1, data: { source: "moons", n: 80 }, model: { hidden: [{ units: 3 }] }, training: { epochs: 3 } }));
    const run = JSON.parse((await runCli(["--json", "--runs", "runs", "train", "s.json"], dir)).stdout).dir as string;
    // as a run killed in training leaves it: its spec, history and checkpoint (the checkpoint's content is not read here)
    for (const file of await readdir(join(dir, run))) if (file !== "spec.json" && file !== "history.jsonl") await rm(join(dir, run, file));
    await writeFile(join(dir, run, "checkpoint.json"), "{}");
    const id = run.split(/[\\/]/).pop()!;
    const d = await runCli(["--runs", "runs", "diagnose", id], dir);
    expect(d.code).toBe(2);
    expect(d.stderr).toBe(`nnlab: ${id} has no summary.json to read yet: unfinished: killed or stopped while training; continue it with nnlab train --resume ${id}\n`);
    expect(d.stderr).not.toContain("expected a trained run");
  });
});

describe("a zero-filled checkpoint", () => {
  it("is named in one printable line: no raw NUL bytes on the terminal", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-nul-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "s", seed: 1, data: { source: "moons", n: 80 }, model: { hidden: [{ units: 3 }] }, training: { epochs: 3 } }));
    const r = await runCli(["--json", "--runs", "runs", "train", "s.json"], dir);
    const run = JSON.parse(r.stdout).dir as string;
    await rm(join(dir, run, "summary.json")); // as if killed before it was written
    await writeFile(join(dir, run, "checkpoint.json"), Buffer.alloc(64)); // zero-filled (a crash on some file systems)
    const resumed = await runCli(["--runs", "runs", "train", "--resume", run.split("/").pop()!], dir);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).not.toContain("\u0000");
    expect(resumed.stderr).toMatch(/checkpoint\.json: unreadable checkpoint \(.*\\u\{0\}\\u\{0\}.*\)\n$/);
  });
});

describe("--resume of a run that diverged", () => {
  it("says it diverged and what to do, not only that it finished", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-resume-diverged-"));
    await writeFile(join(dir, "s.json"), JSON.stringify({ name: "s", seed: 1, data: { source: "moons", n: 100 }, model: { hidden: [{ units: 8, activation: "relu" }] }, optimizer: { name: "sgd", learningRate: 1e6 }, training: { epochs: 50, batchSize: "full" } }));
    const r = await runCli(["--json", "--runs", "runs", "train", "s.json"], dir);
    expect(r.code).toBe(3);
    const id = (JSON.parse(r.stdout).dir as string).split("/").pop()!;
    const resumed = await runCli(["--runs", "runs", "train", "--resume", id], dir);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(new RegExp(`^nnlab: run ${id} has finished: it diverged at epoch \\d+ \\(summary.json\\), so resuming would diverge again; lower the learning rate \\(nnlab diagnose ${id} says why\\) and train the spec again\\n$`));
  });
});
