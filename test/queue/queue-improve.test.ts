/**
 * `nnlab improve --queue` with `nnlab worker` processes on a real Redis server (its own, at a free port):
 * each step's trials run on the workers, and the loop takes the path it takes on this machine's threads,
 * to the last digit (same seeds, same bits). The CSV travels with the trials. Waits on lines the processes
 * print, never on sleeps.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { ringsCsv as rings } from "./rings-csv.js";
import { restartRedis, startCli, startRedis, startWorker, stopAll } from "./processes.js";

/** 200 points in two noisy rings: one tanh unit cannot draw a closed boundary around the inner one. */
const ringsCsv = () => rings({ rows: 200, seed: 3, innerRadius: 0.4, noise: 0.08, labelColumn: "ring" });

const SPEC = {
  name: "rings-improve",
  seed: 1,
  data: { source: "rings.csv", label: "ring" },
  model: { hidden: [{ units: 1, activation: "tanh" }] },
  optimizer: { name: "adam", learningRate: 0.02 },
  training: { epochs: 150, batchSize: 32 },
};

/** A folder with the spec and its CSV. */
async function improveFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-queue-improve-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
  await writeFile(join(dir, "rings.csv"), ringsCsv());
  return dir;
}

let redis: Awaited<ReturnType<typeof startRedis>>;
/** improve of the spec on this machine's thread, run once: what every queued run must equal. */
let local: { steps: unknown[]; final: { spec: unknown; scores: unknown }; end: string };
beforeAll(async () => {
  redis = await startRedis();
  const r = await runCli(["--json", "--runs", "runs-local", "improve", "spec.json", "--workers", "1"], await improveFolder());
  expect(r.code, r.stderr).toBe(0);
  local = JSON.parse(r.stdout);
}, 60_000);
// each test with its own workers: a worker left from an earlier test would serve the next one's queue
afterEach(async () => {
  redis = await restartRedis();
}, 30_000);
afterAll(async () => {
  await stopAll();
});

describe("nnlab improve --queue with nnlab worker processes", () => {
  it("runs each step's trials on the workers and takes the same path, to the last digit, as on this machine's threads", async () => {
    const dir = await improveFolder();

    const [a, b] = await Promise.all([startWorker(redis.url, dir, "worker-a"), startWorker(redis.url, dir, "worker-b")]);
    const queued = await runCli(["--json", "improve", "spec.json", "--queue", redis.url], dir);
    expect(queued.code, queued.stderr).toBe(0);
    const [here, there] = [local as ReturnType<typeof JSON.parse>, JSON.parse(queued.stdout)];
    // the premise: a step was taken (the one unit widened), so trials of more than one step were queued
    expect(here.steps.length).toBeGreaterThanOrEqual(1);
    expect(here.steps[0].kept).toBe(true);
    expect(there.steps).toEqual(here.steps);
    expect(there.final.spec).toEqual(here.final.spec);
    expect(there.final.scores).toEqual(here.final.scores);
    expect(there.end).toBe(here.end);
    // every trial but the diagnostic runs (which improve trains itself) went through the queue
    const diagnoses = 1 + here.steps.filter((s: { kept: boolean }) => s.kept).length;
    // and the final run, trained here once the loop ended where its seed (of the lowest dev cost) is not the diagnosed one's
    const finalRun = there.final.spec.seed === here.start.spec.seed ? 0 : 1;
    expect(there.queue).toMatchObject({ enqueued: there.trainings - diagnoses - finalRun, attached: 0, collected: there.trainings - diagnoses - finalRun });
    expect(queued.stderr).toMatch(/^ {2}queue nnlab-improve-rings-improve-[0-9a-f]{8}-[0-9a-f]{8} on redis:\/\/127\.0\.0\.1:\d+\/0: 2 trials enqueued, 0 already there \(re-attached\); data: .*rings\.csv \(0\.\d+ MB\), shipped to the workers with the trials$/m);
    expect(there.queue.workers.length).toBeGreaterThanOrEqual(1);
    // the loop ended: the queue is gone and the workers were told (after the trials they ran)
    await Promise.all([a.line(/nnlab-improve-\S+ ended$/), b.line(/nnlab-improve-\S+ ended$/)]);
    const ran = (a.output() + b.output()).match(/^trial \d+ of nnlab-improve-\S+ done/gm) ?? [];
    expect(ran).toHaveLength(there.queue.collected);
    const queue = new Queue(there.queue.name, { connection: { url: redis.url } });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0 });
    await queue.close();
  }, 90_000);

  it("Ctrl-C while a step's trials wait on the queue: exit 130, the queue kept; the rerun re-attaches them, queues nothing again, and ends where the local loop ends", async () => {
    const dir = await improveFolder();
    const here = local as ReturnType<typeof JSON.parse>;
    const candidates = here.steps[0].tried.length * 3; // step 1's candidates, three seeds each

    // A budget of 4 trainings scores the start (3 seeds: its diagnostic run, and 2 kept in the improve folder) and stops; the same
    // command with the default budget takes them from there and queues step 1's trials, with no worker yet.
    const start = await runCli(["improve", "spec.json", "--trials", "4", "--workers", "1"], dir);
    expect(start.code, start.stderr).toBe(0);
    const first = startCli(["improve", "spec.json", "--queue", redis.url], dir);
    const queued = await first.line(new RegExp(`: ${candidates} trials enqueued, 0 already there`));
    const name = /queue (\S+) on/.exec(queued)![1]!;
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(130);
    const queue = new Queue(name, { connection: { url: redis.url } });
    expect(await queue.isPaused()).toBe(true);
    const counts = await queue.getJobCounts("waiting", "active");
    expect(counts.waiting! + counts.active!).toBe(candidates); // none ran: no worker was there

    // The rerun takes the start's trials from its folder and re-attaches step 1's: nothing is queued twice.
    await startWorker(redis.url, dir, "worker-b");
    const again = await runCli(["--json", "improve", "spec.json", "--queue", redis.url], dir);
    expect(again.code, again.stderr).toBe(0);
    const there = JSON.parse(again.stdout);
    expect(there.resumed).toBe(2);
    expect(there.queue.enqueued).toBe(there.queue.collected - candidates);
    expect(again.stderr).toMatch(new RegExp(`: 0 trials enqueued, ${candidates} already there \\(re-attached\\)`));
    expect(there.steps).toEqual(here.steps);
    expect(there.final.scores).toEqual(here.final.scores);
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0 });
    await queue.close();
  }, 90_000);

  it("a rerun with other --seeds does not take the interrupted run's queued jobs (a job's id is its place in the loop)", async () => {
    const dir = await improveFolder();
    const first = startCli(["improve", "spec.json", "--seeds", "3", "--queue", redis.url], dir);
    await first.line(/: 2 trials enqueued, 0 already there/); // the start's seeds 2 and 3 (seed 1 is its diagnostic run)
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(130);
    await startWorker(redis.url, dir, "worker-s");
    const two = await runCli(["--json", "improve", "spec.json", "--seeds", "2", "--queue", redis.url], dir);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stderr).toMatch(/: 1 trial enqueued, 0 already there/);
    const localTwo = await runCli(["--json", "--runs", "runs-local", "improve", "spec.json", "--seeds", "2", "--workers", "1"], dir);
    expect(localTwo.code, localTwo.stderr).toBe(0);
    expect(JSON.parse(two.stdout).steps).toEqual(JSON.parse(localTwo.stdout).steps);
  }, 60_000);

  it("a trial that fails ends improve in one line and takes its queue away: the rerun, the cause fixed, runs", async () => {
    // data read at the same path on every worker (the shipping limit set to 0), removed once queued
    const dir = await mkdtemp(join(tmpdir(), "nnlab-queue-improve-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const csv = ringsCsv();
    await writeFile(join(dir, "rings.csv"), csv);
    const run = startCli(["improve", "spec.json", "--queue", redis.url], dir, { NNLAB_SHIP_LIMIT_BYTES: "0" });
    const queued = await run.line(/read by each worker at this same path/);
    const name = /queue (\S+) on/.exec(queued)![1]!;
    await rm(join(dir, "rings.csv"));
    await startWorker(redis.url, dir, "worker-f");
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/^nnlab: improve: a trial failed: on worker worker-f: cannot read the data: .*rings\.csv: no such file or folder/m);
    const queue = new Queue(name, { connection: { url: redis.url } });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0 });
    await queue.close();
    await writeFile(join(dir, "rings.csv"), csv);
    const again = startCli(["improve", "spec.json", "--trials", "4", "--queue", redis.url], dir, { NNLAB_SHIP_LIMIT_BYTES: "0" }); // the start alone: its trials run
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).toMatch(/: 2 trials enqueued, 0 already there/);
  }, 60_000);

  it("refuses --workers with --queue, and a queue address that is not redis://, in one line", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nnlab-queue-improve-"));
    await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
    const both = await runCli(["improve", "spec.json", "--queue", redis.url, "--workers", "2"], dir);
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toMatch(/^nnlab: improve: --workers counts this machine's threads; with --queue the trials run on `nnlab worker` processes \(each with --concurrency\); received both$/);
    const bad = await runCli(["improve", "spec.json", "--queue", "http://127.0.0.1:1"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/--queue/);
  });
});
