/**
 * Issue 12's acceptance: one spec, run by the library (runExperiment), by the CLI (`nnlab train`, in
 * process) and by the playground's worker in Chromium (the spec handed to the page the way `nnlab
 * playground spec.json` hands it), trains to the same numbers, to the last bit: every epoch's training
 * and dev costs, and the final dev cost. All three build through buildExperiment and train with the same
 * float64 kernels, so any difference is a bug, not rounding.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ExperimentResult, parseSpec, runExperiment } from "../../src/index.js";
import { main } from "../../src/cli/main.js";
import { startPlaygroundServer } from "../../src/node/playground-server.js";
import { doctorCard } from "../../web/src/doctor-card.js";
import { boundary, evaluations, flowNow, scores } from "../../web/src/observe.js";
import { POINT_FIELDS, POINT_SIZE, TrainingSession } from "../../web/src/session.js";
import { specFromQuery } from "../../web/src/url-state.js";
import type { BrowserContext } from "playwright-core";
import { chromiumContext } from "../support/chromium.js";
import { builtPlayground } from "./built-page.js";

/** Small and quick, but with what could break the bits: minibatches (shuffling), dropout (masks), L2, Adam. */
const SPEC = parseSpec({
  name: "same-bits",
  seed: 3,
  data: { source: "moons", n: 200, noise: 0.2 },
  model: { dtype: "float64", hidden: [{ units: 8, activation: "tanh" }, { units: 6, activation: "relu", dropout: 0.1 }] },
  l2: 0.01,
  optimizer: { name: "adam", learningRate: 0.01 },
  training: { epochs: 30, batchSize: 32 },
});

/** A number's IEEE-754 bits, so that a difference in the last bit shows (and -0 and NaN compare as bits). */
const bits = (v: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};

interface Run {
  /** Per epoch: the whole network's training cost and its data part (dropout off), the dev cost and its data part. */
  fullLoss: string[];
  fullDataLoss: string[];
  valLoss: string[];
  valDataLoss: string[];
  /** The final weights' dev cost, data part (the regularization term's m differs between evaluations). */
  devDataLoss: string;
}

function fromHistory(rows: Array<Record<string, number>>, devDataLoss: number): Run {
  const column = (key: string) => rows.map((r) => bits(r[key]!));
  return { fullLoss: column("fullLoss"), fullDataLoss: column("fullDataLoss"), valLoss: column("valLoss"), valDataLoss: column("valDataLoss"), devDataLoss: bits(devDataLoss) };
}

let root: string;
let context: BrowserContext;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "nnlab-same-bits-"));
  [root, context] = await Promise.all([builtPlayground(), chromiumContext()]);
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("one spec, three faces, the same bits", () => {
  it("the page's session (the worker's code, its observers and views included) trains to the library's bits in Node", async () => {
    const library = await runExperiment(SPEC);
    const session = await TrainingSession.open(SPEC);
    // The worker's views between epochs: evaluations, boundary, flow probe, the doctor; none may change the bits.
    while (session.step()) if (session.iteration % 7 === 0) doctorCard(session, evaluations(session), flowNow(session)?.snapshot);
    boundary(session, 8);
    const points = session.takePoints();
    const field = (name: (typeof POINT_FIELDS)[number]) => Array.from({ length: points.length / POINT_SIZE }, (_, i) => bits(points[i * POINT_SIZE + POINT_FIELDS.indexOf(name)]!));
    const h = library.history;
    expect(field("trainLoss")).toEqual(h.get("fullLoss").map(bits));
    expect(field("devLoss")).toEqual(h.get("valLoss").map(bits));
    expect(bits(scores(session).devDataLoss)).toBe(bits(library.dev!.dataLoss));
  });

  it("library, CLI and the playground's worker in Chromium agree to the last bit", async () => {
    const started = performance.now();
    // (a) The library.
    const library: ExperimentResult = await runExperiment(SPEC);
    const h = library.history;
    const libraryRun = fromHistory(h.epochs.map((_, i) => Object.fromEntries(Object.entries(h.values).map(([k, col]) => [k, col[i]!]))), library.dev!.dataLoss);
    expect(h.length).toBe(SPEC.training.epochs);

    // (b) The CLI, in process: `nnlab --runs <tmp> --json train spec.json`; its run folder's history and summary.
    const specPath = join(work, "spec.json");
    writeFileSync(specPath, JSON.stringify(SPEC));
    const runs = join(work, "runs");
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    let code: number;
    try {
      code = await main(["--runs", runs, "--json", "--quiet", "train", specPath]);
    } finally {
      out.mockRestore();
    }
    expect(code).toBe(0);
    const [runId] = readdirSync(runs).filter((name) => !name.startsWith("."));
    const runDir = join(runs, runId!);
    const historyRows = readFileSync(join(runDir, "history.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, number>);
    const summary = JSON.parse(readFileSync(join(runDir, "summary.json"), "utf8")) as { dev: { dataLoss: number } };
    const cliRun = fromHistory(historyRows, summary.dev.dataLoss);

    // (c) The page: the spec the CLI wrote into its run, opened as `nnlab playground runs/<id>/spec.json` opens it.
    const cliSpec = JSON.parse(readFileSync(join(runDir, "spec.json"), "utf8")) as unknown;
    const server = await startPlaygroundServer({ root, opened: { spec: cliSpec, csv: null } });
    const tab = await context.newPage();
    try {
      const errors: string[] = [];
      tab.on("pageerror", (e) => errors.push(e.message));
      tab.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      // Every report of the training worker, as the page receives it (structured clones: the worker's own bits).
      await tab.addInitScript(() => {
        const reports: unknown[] = [];
        (window as unknown as { reports: unknown[] }).reports = reports;
        const Original = window.Worker;
        window.Worker = class extends Original {
          constructor(url: string | URL, options?: WorkerOptions) {
            super(url, options);
            this.addEventListener("message", (event) => reports.push((event as MessageEvent).data));
          }
        };
      });
      expect(server.url).toMatch(/\?open$/);
      await tab.goto(server.url);
      await tab.waitForSelector("body[data-run=ready]");
      // The page's address is the spec now: it reproduces the same spec.
      expect(specFromQuery(new URL(tab.url()).search).spec).toEqual(SPEC);
      await tab.click("#run");
      await tab.waitForFunction(() => document.querySelector("#status")!.textContent!.startsWith("Stopped:"));
      const reported = await tab.evaluate(
        ({ size }) => {
          const hex = (v: number) => {
            const view = new DataView(new ArrayBuffer(8));
            view.setFloat64(0, v);
            return view.getBigUint64(0).toString(16).padStart(16, "0");
          };
          type Progress = { type: string; points: Float64Array; scores?: { devDataLoss: number }; stopped: unknown };
          const progress = (window as unknown as { reports: Progress[] }).reports.filter((r) => r.type === "progress");
          const points = progress.flatMap((r) => Array.from(r.points));
          const rows = Array.from({ length: points.length / size }, (_, i) => points.slice(i * size, (i + 1) * size).map(hex));
          const last = progress.at(-1)!;
          return { rows, devDataLoss: hex(last.scores!.devDataLoss), stopped: last.stopped };
        },
        { size: POINT_SIZE },
      );
      const field = (name: (typeof POINT_FIELDS)[number]) => reported.rows.map((row) => row[POINT_FIELDS.indexOf(name)]!);
      // With dropout the page draws the whole network's cost (dropout off): the history's fullLoss.
      const pageRun: Run = {
        fullLoss: field("trainLoss"),
        fullDataLoss: field("trainDataLoss"),
        valLoss: field("devLoss"),
        valDataLoss: field("devDataLoss"),
        devDataLoss: reported.devDataLoss,
      };
      expect(reported.stopped).toMatchObject({ reason: "completed" });
      expect(cliRun).toEqual(libraryRun);
      expect(pageRun).toEqual(libraryRun);
      expect(errors).toEqual([]);
      const ms = Math.round(performance.now() - started);
      console.log(
        "same bits:",
        JSON.stringify({ epochs: libraryRun.valLoss.length, firstTrainCost: h.get("fullLoss")[0], lastTrainCost: h.last("fullLoss"), lastDevCost: h.last("valLoss"), finalDevDataCost: library.dev!.dataLoss, finalDevDataCostBits: libraryRun.devDataLoss, ms }),
      );
    } finally {
      await tab.close();
      await server.close();
    }
  }, 60_000);
});
