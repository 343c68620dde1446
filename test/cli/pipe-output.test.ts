/**
 * Output into a pipe is whole (the predict code helper, session 18): bin.ts ended the process with
 * process.exit() while a pipe's writes were still queued, and every command's output past 64 KiB was lost
 * (`nnlab lr-find --json | wc -c`: 65536 of 468100 bytes). A reader that stops early (`| head`) still
 * ends the command quietly.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin } from "./run-cli.js";

describe("the built CLI writing into a pipe", () => {
  it("delivers the whole output, and ends quietly when the reader stops early", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-pipe-"));
    await writeFile(join(dir, "f.json"), JSON.stringify({ name: "f", seed: 1, data: { source: "football" }, training: { epochs: 10, batchSize: "full" } }));
    const command = `"${process.execPath}" "${bin}" --runs runs lr-find f.json --json --steps 1500`;
    const sh = (line: string) => spawnSync("sh", ["-c", line], { cwd: dir, encoding: "utf8" });
    const file = sh(`${command} > out.json`);
    expect(file.status, file.stderr).toBe(0);
    const whole = JSON.parse(await readFile(join(dir, "out.json"), "utf8"));
    expect(whole.points.length).toBeGreaterThan(500); // one point per step until the cost blew up
    // through a pipe: all of it, parsed whole (its run folder's name differs from the first run's)
    const piped = sh(`${command} | cat`);
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout.length).toBeGreaterThan(150_000);
    const json = JSON.parse(piped.stdout);
    expect(json.points).toEqual(whole.points);
    expect(json.suggestion).toBe(whole.suggestion);
    // a reader that stops after one line: exit 0, nothing on stderr (no EPIPE stack trace)
    const early = spawnSync("bash", ["-c", `${command} | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: "utf8" });
    expect(early.stdout.trim()).toBe("0");
    expect(early.stderr).toBe("");
  });

  it.skipIf(!existsSync("/dev/full"))("says a failed write to a file (a full disk) and exits 2, for every command", async () => {
    // A file's writes are synchronous and their failure comes as an event on a later tick: every command
    // but predict exited 0 into `> /dev/full`, its output lost.
    const dir = await mkdtemp(join(tmpdir(), "nnlab-full-"));
    for (const args of ["--runs runs runs", "--runs runs --json runs", "--help"]) {
      const full = spawnSync("sh", ["-c", `"${process.execPath}" "${bin}" ${args} > /dev/full`], { cwd: dir, encoding: "utf8" });
      expect(full.stderr, args).toBe("nnlab: stdout: cannot write the output: no space left on the device (ENOSPC from write)\n");
      expect(full.status, args).toBe(2);
    }
  });
});
