/**
 * `nnlab lr-find`, called as its command function (the registration in main.ts is one line): the run
 * folder with lr-find.json and a report holding the curve, bad options, and that the suggested rate
 * really trains the spec.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { lrFindCommand } from "../../src/cli/commands/lr-find.js";
import { CliError } from "../../src/cli/context.js";
import { parseSpec, runExperiment } from "../../src/index.js";

let dir: string;
let specPath: string;
const football = { name: "football", seed: 1, data: { source: "football" }, training: { epochs: 2000, batchSize: "full" } };

/** Runs the command with stdout captured. */
async function lrFind(extra: { json?: boolean; steps?: string; minLr?: string; maxLr?: string } = {}): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    const code = await lrFindCommand(specPath, { runs: join(dir, "runs"), quiet: true, ...extra });
    return { code, stdout };
  } finally {
    spy.mockRestore();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-lr-find-"));
  specPath = join(dir, "football.json");
  await writeFile(specPath, JSON.stringify(football));
});

afterEach(() => vi.restoreAllMocks());

describe("nnlab lr-find", () => {
  it("--json: the suggestion and the curve; lr-find.json and a report with the chart; the rate trains the spec", async () => {
    const { code, stdout } = await lrFind({ json: true });
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(["suggestion", "rule", "minimumAt", "blowUpAt", "divergedAt", "reason", "points", "dir", "report"]));
    // full batches: a tenth of the minimum of the exact cost
    expect(out.rule).toBe("tenthOfMinimum");
    expect(out.suggestion).toBe(out.minimumAt / 10);
    expect(out.blowUpAt).toBeGreaterThan(out.minimumAt);
    expect(out.suggestion).toBeGreaterThan(1e-5);
    expect(out.points[0].learningRate).toBe(1e-5);
    expect(out.reason).toMatch(/suggested [\d.]+, a tenth of the rate at the minimum/);
    expect(out.dir).toMatch(/-football-lr-find$/);

    const saved = JSON.parse(await readFile(join(out.dir, "lr-find.json"), "utf8"));
    expect(saved.suggestion).toBe(out.suggestion);
    expect(saved.points).toHaveLength(out.points.length);
    expect(out.report).toBe(join(out.dir, "report.html"));
    const html = await readFile(out.report, "utf8");
    expect(html).toContain("<svg");
    expect(html).toContain("Cost against the learning rate");
    expect(html).toMatch(/<path[^>]* d="M/); // the curve itself
    expect(html).toContain("is a tenth of the one at the minimum");
    expect(html).toContain("suggested learning rate");

    const spec = parseSpec({ ...football, optimizer: { name: "sgd", learningRate: out.suggestion } });
    const trained = await runExperiment(spec, { recordFlow: false });
    expect(trained.history.stop?.reason).toBe("completed");
    expect(trained.train.accuracy!).toBeGreaterThanOrEqual(0.9);
    expect(trained.train.loss).toBeLessThan(0.4 * trained.history.get("loss")[0]!);
  });

  it("the report's caption gives the rule the suggestion was chosen by: a third of the minimum (minibatches), a tenth of the top of the range, the range's bottom (an audit helper)", async () => {
    const runOf = async (path: string, options: { minLr?: string; maxLr?: string; steps?: string }) => {
      expect(await lrFindCommand(path, { runs: join(dir, "runs"), quiet: true, json: false, ...options })).toBe(0);
      const name = JSON.parse(await readFile(path, "utf8")).name as string;
      const folder = (await readdir(join(dir, "runs"))).filter((f) => f.includes(`-${name}-lr-find`)).sort().at(-1)!;
      return { out: JSON.parse(await readFile(join(dir, "runs", folder, "lr-find.json"), "utf8")), html: await readFile(join(dir, "runs", folder, "report.html"), "utf8") };
    };
    // Adam on minibatches (the range test's own draws): the cost rose again far above a third of its minimum
    const adamPath = join(dir, "adam.json");
    await writeFile(adamPath, JSON.stringify({ ...football, name: "adam", optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 100, batchSize: 32 } }));
    const adam = await runOf(adamPath, {});
    expect(adam.out.rule).toBe("thirdOfMinimum");
    expect(adam.out.suggestion).toBe(adam.out.minimumAt / 3);
    expect(adam.html).toContain("is a third of the one at the minimum");
    // a range that stops before the cost rises: a tenth of its top, said so
    const top = await runOf(adamPath, { maxLr: "0.03" });
    expect(top.out.divergedAt).toBeNull();
    expect(top.out.rule).toBe("tenthOfBlowUp");
    expect(top.out.suggestion).toBeCloseTo(0.003, 15);
    expect(top.html).toContain("is a tenth of 0.03, the largest rate tested (the cost&#39;s limit was not reached)");
    // a range whose suggestion lies below --min-lr: the smallest rate tested, said so
    const { stdout } = await lrFind({ json: true, minLr: "1", maxLr: "100", steps: "20" });
    const low = JSON.parse(stdout);
    expect(low.rule).toBe("bottomOfRange");
    expect(low.suggestion).toBe(1);
    expect(await readFile(low.report, "utf8")).toContain("is the smallest rate tested: a tenth of the one at the minimum (4.281) lies below the range");
  });

  it("prints the suggestion, the reason and the report's path", async () => {
    const { code, stdout } = await lrFind({ steps: "40", maxLr: "100" });
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^Suggested learning rate: [\d.]+$/);
    expect(lines[1]).toMatch(/^The cost .* suggested [\d.]+, a tenth of the rate at the minimum \(full batches: .*\)\.$/);
    // the same number in both (the headline said 0.1547 where the reason said 0.155: an audit)
    expect(/ suggested ([\d.]+),/.exec(lines[1]!)![1]).toBe(/: ([\d.]+)$/.exec(lines[0]!)![1]);
    expect(lines[2]).toMatch(/^Report: .*-football-lr-find(-\d+)?[/\\]report\.html$/);
  });

  it("bad options: exit 2 with the flag, what was expected and what was received", async () => {
    const rejects = async (extra: { steps?: string; minLr?: string; maxLr?: string }, message: string) => {
      const error = await lrFind(extra).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as CliError).message).toBe(message);
    };
    await rejects({ steps: "abc" }, 'lr-find: --steps must be an integer from 10 to 100000; received "abc"');
    await rejects({ steps: "5" }, 'lr-find: --steps must be an integer from 10 to 100000; received "5"');
    await rejects({ steps: "1e9" }, 'lr-find: --steps must be an integer from 10 to 100000; received "1e9"'); // it ran on without end
    await rejects({ minLr: "0" }, 'lr-find: --min-lr must be a number > 0; received "0"');
    await rejects({ maxLr: "" }, 'lr-find: --max-lr must be a number > --min-lr (0.00001); received ""');
    await rejects({ minLr: "20" }, 'lr-find: --min-lr must be below --max-lr (10); received "20"');
    // an overflowing ratio made every rate NaN: "Suggested learning rate: -", exit 0
    await rejects({ maxLr: "1e308" }, "lr-find: expected --max-lr / --min-lr to be a finite ratio (the rates step geometrically between them); received --min-lr 0.00001 and --max-lr 1e+308");
    await rejects({ minLr: "1e-320", maxLr: "1" }, "lr-find: expected --max-lr / --min-lr to be a finite ratio (the rates step geometrically between them); received --min-lr 1e-320 and --max-lr 1");
  });
});
