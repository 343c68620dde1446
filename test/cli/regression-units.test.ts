/**
 * A regression's figures through the command line, in the target's own units: the gradient check says
 * which cost its gradients belong to under a standardized target, improve's spec lines name the target's
 * standardization, and costs of a target in the 1e-4 range are not printed as 0 (each found by an audit
 * helper of regression workflows).
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareDev, Rng, stepLine } from "../../src/index.js";
import { runCli } from "./run-cli.js";

/** 200 rows: y = scale * (sin(x1) + x2 / 2) + offset, with noise (deterministic). */
function csv(scale: number, offset: number): string {
  const rng = new Rng(5);
  const rows = ["x1,x2,y"];
  for (let i = 0; i < 200; i++) {
    const [a, b] = [rng.normal(), rng.normal()];
    rows.push(`${a.toFixed(4)},${b.toFixed(4)},${(offset + scale * (Math.sin(a) + b / 2 + 0.1 * rng.normal())).toPrecision(6)}`);
  }
  return rows.join("\n") + "\n";
}

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-regression-units-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const spec = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: "r", seed: 1, data: { source: "r.csv", label: "y" }, model: { hidden: [{ units: 8, activation: "tanh" }] }, optimizer: { name: "adam", learningRate: 0.01 }, training: { epochs: 20, batchSize: 32 }, ...extra });

describe("a regression's units on the command line", () => {
  it("gradcheck under a standardized target: J in the target's units, and the cost whose gradients are checked", async () => {
    const dir = await folder({ "r.csv": csv(50000, 200000), "spec.json": spec({ normalizeTarget: true, l2: 0.1 }) });
    const r = await runCli(["--runs", "runs", "gradcheck", "spec.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const match = /cost J = ([\d.e+]+) \(the target is standardized: the gradients checked are those of J \/ ([\d.e+]+) = ([\d.e+]+), the cost the optimizer minimizes\)/.exec(r.stdout);
    expect(match, r.stdout).not.toBeNull();
    const [j, scale, optimized] = match!.slice(1).map(Number);
    expect(j! / scale!).toBeCloseTo(optimized!, 3);
    expect(scale!).toBeGreaterThan(1e8); // the variance of prices in the 1e5 range
    expect(r.stdout).toMatch(/PASS/);
  });

  it("costs of a target around 1e-4 are printed in significant digits, not as 0", async () => {
    const dir = await folder({ "r.csv": csv(1e-4, 2e-4), "spec.json": spec({ normalizeTarget: true }) });
    const r = await runCli(["--runs", "runs", "gradcheck", "spec.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/cost J = [1-9][\d.]*e-\d+ /); // it printed "cost J = 0.000000"
  });

  it("the report's key facts and the doctor's cost figures keep a tiny target's costs (they read 0.0000 and 0)", async () => {
    const dir = await folder({ "r.csv": csv(1e-4, 2e-4), "spec.json": spec({ normalizeTarget: true, optimizer: { name: "sgd", learningRate: 0.0005 }, training: { epochs: 30, batchSize: 32 } }) });
    const r = await runCli(["--runs", "runs", "--json", "train", "spec.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const report = await readFile(join(dir, "runs", out.id, "report.html"), "utf8");
    expect(report).not.toContain("cost 0.0000");
    expect(report).toMatch(/cost [1-9][\d.]*e-\d+/);
    const evidence = out.diagnosis.causes.flatMap((c: { evidence: string[] }) => c.evidence).join("\n");
    expect(evidence).toMatch(/to [1-9][\d.]*e-\d+/); // "still falling ... to 7.3e-9"
    expect(evidence).not.toMatch(/(to|costs) 0\b/);
  });

  it("improve's start and final spec lines say the target is standardized (a CSV's regression starts so)", async () => {
    const dir = await folder({ "r.csv": csv(50000, 200000) });
    const r = await runCli(["--runs", "runs", "improve", "r.csv", "--label", "y", "--trials", "4", "--seeds", "1"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Start: .*target standardized/m);
    // the report's note states the rule compareDev applies to costs (it stated the error rate's, with the
    // every-seed shortcut a regression does not get; the improve audit, session 16)
    const [folderName] = (await readdir(join(dir, "runs"))).filter((f) => f.startsWith("improve-"));
    const report = await readFile(join(dir, "runs", folderName!, "report.html"), "utf8");
    expect(report).toMatch(/by a ratio beyond the noise: the mean of log\(current \/ candidate\) must exceed the larger of Student(&#39;|&#x27;|')s t \(97\.5%\) times its standard error and the dev cost(&#39;|&#x27;|')s own standard error from its rows relative to the cost/);
    expect(report).not.toContain("a gain every one of three or more seeds");
  });

  it("improve's step line writes a cost in the target's units as the report does: 1e11, not 103000000000 (the improve audit, session 16)", () => {
    const scores = (dev: number) => ({ train: dev, dev, devBySeed: [dev, dev, dev], devCostBySeed: [dev, dev, dev] });
    const tried = [{ label: "target standardized", change: { normalizeTarget: true }, scores: scores(5.01e8) }];
    const line = stepLine("target-not-normalized", "target", { ...scores(1.04e11), train: 1.03e11 }, tried[0]!, tried, compareDev([1.04e11, 1.04e11, 1.04e11], [5.01e8, 5.01e8, 5.01e8], 40, false, 1e9), "cost");
    expect(line).toContain("train 1e11, dev 1e11"); // as scoreText writes them in the report
    expect(line).toMatch(/-> dev cost 5e8$/);
    expect(line).not.toMatch(/\d{7,}/);
  });
});
