/**
 * learning-curve, compare-init, gradcheck and lr-find when training diverges or the command is stopped
 * (a CLI audit): a diverged learning curve got a "high bias" verdict and exit 0; a Ctrl-C'd curve or
 * comparison printed as if complete (exit 0), the comparison's cut run shown as stop "callback" and ranked;
 * gradcheck --epochs said "after 1000 epochs" over the initial weights put back after a divergence; lr-find
 * had no handler (SIGTERM killed it where it stood); --quiet and --json left the CSV load line on a terminal.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { explainInit } from "../../src/cli/commands/compare-init.js";
import { heNormal, parseSpec, runExperiment, zeros } from "../../src/index.js";
import { bin, runCli } from "./run-cli.js";

let dir = "";
const spec = (name: string, over: { optimizer?: object; training?: object; data?: object } = {}) => ({
  name,
  seed: 1,
  data: { source: "moons", n: 200, noise: 0.2, ...over.data },
  model: { hidden: [{ units: 8, activation: "relu" }] },
  optimizer: { name: "adam", learningRate: 0.01, ...over.optimizer },
  training: { epochs: 20, batchSize: "full", ...over.training },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-stops-"));
  const csv = ["x1,x2,y", ...Array.from({ length: 80 }, (_, i) => `${Math.sin(i).toFixed(4)},${Math.cos(1.3 * i).toFixed(4)},${Math.sin(i) * Math.cos(1.3 * i) > 0 ? 1 : 0}`)].join("\n") + "\n";
  const files: Record<string, object | string> = {
    "diverge.json": spec("div", { optimizer: { name: "sgd", learningRate: 1000 } }),
    "healthy.json": spec("ok"),
    // a size of 60 takes about a second, one of 12 a fifth of that: a Ctrl-C after the first lands in the second
    "slow-sizes.json": spec("slow", { training: { epochs: 2000, batchSize: 1 } }),
    // each initialization trains for about a second
    "slow-inits.json": spec("inits", { training: { epochs: 1500, batchSize: 1 } }),
    "wide.json": { ...spec("wide"), model: { hidden: [{ units: 64, activation: "relu" }, { units: 64, activation: "relu" }] } },
    "data.csv": csv,
    "csv.json": { ...spec("csv"), data: { source: "data.csv", label: "y" }, training: { epochs: 2, batchSize: "full" } },
  };
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
});

afterEach(() => vi.restoreAllMocks());

/** The built CLI as a process, and a promise of the first stderr line that matches. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, FORCE_COLOR: "0" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  const line = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const seen = () => pattern.test(stderr) && (resolve(), true);
      child.stderr.on("data", (d) => {
        stderr += d;
        seen();
      });
      void exited.then(() => seen() || reject(new Error(`ended before ${pattern}: ${stderr}`)));
    });
  return { child, exited, line, stdout: () => stdout, stderr: () => stderr };
}

/** The one run folder made under `runs` since `before` was listed. */
async function newRun(runs: string, before: string[]): Promise<string[]> {
  const now = await readdir(join(dir, runs)).catch(() => [] as string[]);
  return now.filter((d) => !before.includes(d));
}

describe("learning-curve: divergence", () => {
  it("a size that diverged is marked in the points, the table and learning-curve.json; no bias/variance verdict; exit 3", async () => {
    const r = await runCli(["--json", "--runs", "runs-div", "learning-curve", "diverge.json", "--sizes", "0.5,1", "--workers", "1"], dir);
    expect(r.code, r.stderr).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.points.map((p: { diverged: boolean }) => p.diverged)).toEqual([true, true]);
    expect(out.verdict).toMatch(/^none on bias or variance: training diverged at every size trained \(60, 120 examples\).*The learning rate is the first thing to look at/);
    expect(out.verdict).not.toMatch(/high bias|high variance/);
    expect(out.interrupted).toBe(false);
    const saved = JSON.parse(await readFile(join(dir, "runs-div", out.id, "learning-curve.json"), "utf8"));
    expect(saved.points.every((p: { diverged: boolean }) => p.diverged)).toBe(true);
    const text = await runCli(["--quiet", "--runs", "runs-div", "learning-curve", "diverge.json", "--sizes", "0.5,1", "--workers", "1"], dir);
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/^train examples .* stop\n/);
    expect(text.stdout).toMatch(/^60 .* diverged\n120 .* diverged\n/m);
  });

  it("control: a healthy curve has diverged false on every point, a verdict and exit 0", async () => {
    const r = await runCli(["--json", "--runs", "runs-div", "learning-curve", "healthy.json", "--sizes", "0.5,1", "--workers", "1"], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.points.map((p: { diverged: boolean }) => p.diverged)).toEqual([false, false]);
    expect(out.verdict).not.toMatch(/diverged/);
  });
});

describe("learning-curve: Ctrl-C", () => {
  it("after the first size: the size in training finishes, the rest is named as not trained; interrupted in learning-curve.json; exit 130", async () => {
    const before = await readdir(join(dir, "runs-lc")).catch(() => [] as string[]);
    const run = start(["--runs", "runs-lc", "learning-curve", "slow-sizes.json", "--sizes", "0.1,0.5,1", "--workers", "1"]);
    await run.line(/^ {2}12 examples: done$/m);
    run.child.kill("SIGINT");
    expect((await run.exited).code, run.stderr()).toBe(130);
    expect(run.stderr()).toMatch(/Stopping after the sizes in training finish \(they are kept; the sizes not started are not trained\)/);
    expect(run.stdout()).toMatch(/^Interrupted: 1 of the 3 sizes not trained \(120 examples\); the verdict reads the 2 trained, up to 60 examples\. Rerun for the whole curve\.$/m);
    const [id] = await newRun("runs-lc", before);
    const saved = JSON.parse(await readFile(join(dir, "runs-lc", id!, "learning-curve.json"), "utf8"));
    expect(saved).toMatchObject({ interrupted: true, notTrained: [120] });
    expect(saved.points.map((p: { size: number }) => p.size)).toEqual([12, 60]);
  });

  it("before any size finished: exit 130 (not 2, bad input), nothing saved", async () => {
    // The signal's handler called as the command installs it: the Ctrl-C comes before the first size starts
    // (the first size then is not started, as on a queue whose workers had not begun it).
    const on = process.on.bind(process);
    vi.spyOn(process, "on").mockImplementation(((event: string, listener: (...args: unknown[]) => void) => {
      on(event, listener);
      if (event === "SIGINT") listener("SIGINT");
      return process;
    }) as typeof process.on);
    const r = await runCli(["--json", "--runs", "runs-first", "learning-curve", "healthy.json", "--sizes", "0.5,1", "--workers", "1"], dir);
    vi.restoreAllMocks();
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/nnlab: learning-curve: interrupted before the first size finished training; nothing was saved\n$/);
    expect(r.stdout).toBe("");
    expect(await readdir(join(dir, "runs-first")).catch(() => [])).toEqual([]);
  });
});

describe("compare-init: Ctrl-C", () => {
  it("the cut run is said interrupted (not 'callback') and not ranked, the rest named as not run; exit 130", async () => {
    const before = await readdir(join(dir, "runs-ci")).catch(() => [] as string[]);
    const run = start(["--runs", "runs-ci", "compare-init", "slow-inits.json"]);
    await run.line(/^ {2}zeros: done$/m);
    run.child.kill("SIGINT");
    expect((await run.exited).code, run.stderr()).toBe(130);
    const out = run.stdout();
    expect(out).not.toMatch(/callback/);
    expect(out).toMatch(/^small random \(0\.01\) .* interrupted \(\d+ of 1500 epochs\)$/m);
    expect(out).toMatch(/^small random \(0\.01\): interrupted after \d+ of 1500 epochs \(Ctrl-C\): cut short, so not ranked against the others/m);
    expect(out).toMatch(/^Interrupted: 1 of the 6 initializations compared; small random \(0\.01\) cut short \(shown, not ranked\); not run: large random \(10\), He, LeCun, Glorot\. Rerun for the full comparison\.$/m);
    expect(out).not.toMatch(/lowest of|highest of/);
    const [id] = await newRun("runs-ci", before);
    const saved = JSON.parse(await readFile(join(dir, "runs-ci", id!, "compare-init.json"), "utf8"));
    expect(saved).toMatchObject({ interrupted: true, notRun: ["large random (10)", "He", "LeCun", "Glorot"] });
    expect(saved.results.map((r: { stop: string }) => r.stop)).toEqual(["completed", "interrupted"]);
    expect(saved.results[1].interrupted).toBe(true);
  });

  it("explainInit ranks a run only among those run to their end", async () => {
    const s = parseSpec(spec("rank", { training: { epochs: 10 } }));
    const [a, b] = [await runExperiment(s, { init: heNormal() }), await runExperiment(s, { init: zeros() })];
    const cut = { ...(await runExperiment(s, { init: heNormal() })), interrupted: true };
    expect(explainInit("cut", cut, [a, b, cut])).toMatch(/^cut: interrupted after 10 of 10 epochs \(Ctrl-C\): cut short, so not ranked against the others;/);
    expect(explainInit("cut", cut, [a, b, cut])).not.toMatch(/lowest|highest/);
    expect(explainInit("He", a, [a, b, cut])).toMatch(/the (lowest|highest) of the 2\.$/);
  });
});

describe("gradcheck --epochs where training diverges", () => {
  it("says the epochs trained, that training diverged and which weights are checked", async () => {
    const r = await runCli(["gradcheck", "diverge.json", "--epochs", "200", "--examples", "8"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/after 200 epochs/);
    expect(r.stdout).toMatch(/^Gradient check of \d+ parameters on 8 examples \(twoSided, epsilon [\d.e-]+, (on the initial weights|after \d+ epochs?)\); cost J = /);
    expect(r.stdout).toMatch(/^Training diverged after \d+ of the 200 epochs asked for \(--epochs\): its last healthy weights, (the initial ones|those after \d+ epochs?), were put back, and they are the ones checked\./m);
    const json = JSON.parse((await runCli(["--json", "gradcheck", "diverge.json", "--epochs", "200", "--examples", "8"], dir)).stdout);
    expect(json.training).toMatchObject({ epochsAsked: 200, diverged: true });
    expect(json.training.epochsTrained).toBeLessThan(200);
  });

  it("control: a healthy pre-training says after N epochs", async () => {
    const r = await runCli(["--json", "gradcheck", "healthy.json", "--epochs", "2", "--examples", "8"], dir);
    expect(JSON.parse(r.stdout).training).toEqual({ epochsAsked: 2, epochsTrained: 2, diverged: false, weightsAfterEpochs: 2 });
    expect((await runCli(["gradcheck", "healthy.json", "--epochs", "1", "--examples", "8"], dir)).stdout).toMatch(/, after 1 epoch\); cost J/);
  });
});

describe("lr-find: SIGTERM", () => {
  it("stops the range test where it is (it hands the event loop back), saves nothing, exit 130", async () => {
    const before = await readdir(join(dir, "runs-lr")).catch(() => [] as string[]);
    // 100000 steps: far longer than the signal takes to arrive once the test has said it started
    const run = start(["--runs", "runs-lr", "lr-find", "wide.json", "--steps", "100000", "--max-lr", "0.01"]);
    await run.line(/^ {2}range test: 100000 steps, learning rates 1e-5 to 0\.01\.\.\.$/m);
    run.child.kill("SIGTERM");
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.stderr()).toMatch(/Stopping now \(a range test cut short suggests nothing: nothing is saved\)/);
    expect(run.stderr()).toMatch(/^nnlab: lr-find: interrupted during the range test; nothing was saved/m);
    expect(await readdir(join(dir, "runs-lr")).catch(() => [] as string[])).toEqual(before);
  });
});

describe("--quiet and --json hide the CSV load line on a terminal", () => {
  it.each([
    ["gradcheck", "csv.json", "--examples", "4"],
    ["learning-curve", "csv.json", "--sizes", "0.5,1", "--workers", "1"],
    ["compare-init", "csv.json"],
    ["lr-find", "csv.json", "--steps", "10"],
  ])("%s", async (...args) => {
    const tty = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    try {
      const shown = await runCli(["--runs", "runs-tty", ...args], dir);
      expect(shown.stderr).toContain("\r\x1b[K"); // the line on a terminal (its last report clears it)
      for (const flag of ["--quiet", "--json"]) {
        const r = await runCli([flag, "--runs", "runs-tty", ...args], dir);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).not.toContain("\x1b[K");
      }
    } finally {
      if (tty) Object.defineProperty(process.stderr, "isTTY", tty);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
  });
});

describe("exit 3 wherever the training diverged (the README audit: doctor, sweep and compare-init exited 0)", () => {
  it("doctor of a run that diverged; a sweep whose every trial diverged, and not one with a healthy trial; compare-init where every initialization did", async () => {
    const doctor = await runCli(["-q", "--runs", "runs-exit3", "doctor", "diverge.json"], dir);
    expect(doctor.code, doctor.stderr).toBe(3);
    const sweep = await runCli(["-q", "--runs", "runs-exit3", "sweep", "diverge.json", "--grid", "lambda=0,0.1", "--workers", "1"], dir);
    expect(sweep.stdout).toContain("Every trial diverged: none is the best");
    expect(sweep.code, sweep.stderr).toBe(3);
    const mixed = await runCli(["-q", "--runs", "runs-exit3", "sweep", "diverge.json", "--grid", "lr=1000,0.01", "--workers", "1"], dir);
    expect(mixed.stdout).toMatch(/; 1 diverged, ranked last/);
    expect(mixed.code, mixed.stderr).toBe(0);
    const inits = await runCli(["--json", "--runs", "runs-exit3", "compare-init", "diverge.json"], dir);
    expect(JSON.parse(inits.stdout).results.map((r: { stop: string }) => r.stop)).toEqual(Array(6).fill(expect.stringMatching(/diverged|nonFiniteCost/)));
    expect(inits.code, inits.stderr).toBe(3);
  });

  it("train without a dev set says its bias/variance line is against the test set", async () => {
    await writeFile(join(dir, "nodev.json"), JSON.stringify({ ...spec("nodev"), split: [0.8, 0, 0.2] }));
    const r = await runCli(["-q", "--runs", "runs-exit3", "train", "nodev.json"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Bias\/variance \(against the test set: the split has no dev set\): avoidable bias/m);
  });
});
