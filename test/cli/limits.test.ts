/**
 * Counts and depths a command cannot serve, refused in one line before any work (a CLI audit, session 14):
 * `worker --concurrency 1e9` started threads until the memory ran out, `--stalled-ms 3e9` became a 1 ms
 * timer, `sweep --random 1e8` built every point and died out of memory, and a spec nested 3000 arrays
 * deep was an "unexpected error: RangeError" (exit 1).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir: string;
const spec = { name: "s", seed: 1, data: { source: "moons", n: 50 }, model: { hidden: [{ units: 2 }] }, training: { epochs: 1 } };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-limits-"));
  await writeFile(join(dir, "s.json"), JSON.stringify(spec));
  // written as text: JSON.stringify itself overflows the stack at this depth
  const deep = "[".repeat(3000) + "1" + "]".repeat(3000);
  await writeFile(join(dir, "deep.json"), JSON.stringify({ ...spec, model: { hidden: ["DEEP"] } }).replace('"DEEP"', deep));
});

describe("limits said in one line, exit 2", () => {
  it("worker --concurrency above 4 per core, and --stalled-ms past a timer's range", async () => {
    const most = 4 * availableParallelism();
    const r = await runCli(["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "1000000000"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nnlab: worker: --concurrency must be an integer from 1 to ${most} (4 per core of this machine); received 1000000000\n`);
    const stalled = await runCli(["worker", "--queue", "redis://127.0.0.1:1", "--stalled-ms", "3000000000"], dir);
    expect(stalled.code).toBe(2);
    expect(stalled.stderr).toBe("nnlab: worker: --stalled-ms must be an integer from 100 to 2147483647 (milliseconds); received 3000000000\n");
  });

  it("sweep --random or a grid past 100000 trials", async () => {
    const random = await runCli(["sweep", "s.json", "--random", "100000001", "--range", "lr=1e-4..1e-1:log"], dir);
    expect(random.code).toBe(2);
    expect(random.stderr).toBe("nnlab: sweep: --random must be at most 100000 trials; received 100000001\n");
    const eleven = Array.from({ length: 11 }, (_, i) => i / 100).join(",");
    const grid = await runCli(["sweep", "s.json", ...["l2", "l1", "dropout", "lr", "seed"].flatMap((k) => ["--grid", `${k}=${k === "seed" ? "0,1,2,3,4,5,6,7,8,9,10" : k === "lr" ? "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1,1.1" : eleven}`])], dir);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toBe("nnlab: sweep: the grid must have at most 100000 points; received 11 x 11 x 11 x 11 x 11 = 161051\n");
  });

  it("help for a command that does not exist, and a --host that does not resolve, are one line each", async () => {
    const help = await runCli(["help", "nope"], dir);
    expect(help.code).toBe(2);
    expect(help.stderr).toMatch(/^nnlab: help: expected a command \(demo, train, .*\); received "nope" \(see nnlab --help\)\n$/);
    const after = await runCli(["--runs", "elsewhere", "help", "nope"], dir); // after a global option too
    expect([after.code, after.stderr]).toEqual([2, help.stderr]);
    const host = await runCli(["playground", "--host", "999.1.1.1"], dir);
    expect(host.code).toBe(2);
    expect(host.stderr).toBe("nnlab: playground: --host 999.1.1.1: no such host name; give an address such as 127.0.0.1\n"); // no warning about exposing it first
  });

  it("a spec nested thousands of arrays deep is invalid input, not an unexpected error", async () => {
    const r = await runCli(["train", "deep.json", "--runs", "runs"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/unexpected error|RangeError/);
    expect(r.stderr).toContain("model.hidden[0]: expected an object; received an array nested too deep to show");
  });
});
