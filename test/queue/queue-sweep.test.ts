/**
 * `nnlab sweep --queue` with `nnlab worker` processes on a real Redis server (its own, at a free port):
 * a worker killed with SIGKILL in the middle of a trial loses nothing and runs nothing twice into the
 * results, whose table is the local sweep's to the last digit; a sweep command killed and rerun enqueues
 * only the trials that are missing; a worker that cannot read the data fails the trial with a message
 * that reaches the sweep. Waits on lines the processes print, never on sleeps.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue, QueueEvents } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { gridTrials, parseGridAxis, rankTrials, runTrial, sweepTable, type TrialResult } from "../../src/index.js";
import { fileDataLoader } from "../../src/node/index.js";
import { SWEEPS_CHANNEL } from "../../src/node/queue/trial-job.js";
import { connectRedis } from "../../src/node/queue/redis-client.js";
import { parseRedisAddress } from "../../src/node/queue/redis-address.js";
import { formatTable } from "../../src/cli/table.js";
import { runCli } from "../cli/run-cli.js";
import { ringsCsv as rings } from "./rings-csv.js";
import { restartRedis, startCli, startRedis, startWorker, stopAll } from "./processes.js";

/** 150 labelled points in two noisy rings: a CSV small enough to travel with the trials. */
const ringsCsv = () => rings({ rows: 150, seed: 11, innerRadius: 0.45, noise: 0.25, labelColumn: "label" });

const SPEC = {
  name: "qs",
  seed: 5,
  data: { source: "rings.csv", label: "label" },
  model: { hidden: [{ units: 8 }] },
  optimizer: { name: "adam", learningRate: 0.02 },
  training: { epochs: 80 },
};
/**
 * For the workers of tests that count trials exactly: a lock that lapses (600 ms, the test workers' default,
 * on a loaded machine) lets a trial run twice, and a count off by one (a review).
 */
const STEADY = ["--stalled-ms", "10000"];
/** 12 trials. */
const GRID = ["--grid", "lambda=0,0.01,0.1", "--grid", "rate=0,0.2", "--grid", "lr=0.01,0.05"];

async function sweepFolder(spec = SPEC, files: Record<string, string> = { "rings.csv": ringsCsv() }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-queue-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(spec));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

const withoutTime = (trials: TrialResult[]) => trials.map(({ ms: _, ...rest }) => rest);
const tableOf = (trials: TrialResult[]) => {
  const axes = [
    { name: "lambda", path: "l2", values: [0, 0.01, 0.1] },
    { name: "rate", path: "dropout", values: [0, 0.2] },
    { name: "lr", path: "optimizer.learningRate", values: [0.01, 0.05] },
  ];
  const t = sweepTable(axes, trials);
  return formatTable(t.columns, t.rows);
};
const results = async (dir: string) => {
  const [folder] = (await readdir(join(dir, "runs"))).filter((d) => d.startsWith("sweep-"));
  return JSON.parse(await readFile(join(dir, "runs", folder!, "results.json"), "utf8")) as { trials: TrialResult[]; complete: boolean; failed?: unknown[] };
};

let redis: Awaited<ReturnType<typeof startRedis>>;
/** The local sweep of the same spec and grid, run once: what every queued run must equal. */
let local: { trials: TrialResult[]; table: string };

beforeAll(async () => {
  redis = await startRedis();
  const dir = await sweepFolder();
  const r = await runCli(["--json", "sweep", "spec.json", ...GRID, "--workers", "1"], dir);
  expect(r.code, r.stderr).toBe(0);
  const trials = JSON.parse(r.stdout).trials as TrialResult[];
  local = { trials, table: tableOf(trials) };
}, 60_000);
afterEach(async () => {
  redis = await restartRedis();
});
afterAll(async () => {
  await stopAll();
});

describe("nnlab sweep --queue with nnlab worker processes", () => {
  it("a worker killed with SIGKILL in the middle of a trial: its trial goes to the other, every trial is in the results once, and the table is the local one to the last digit", async () => {
    const dir = await sweepFolder();
    const [a, b] = await Promise.all([startWorker(redis.url, dir, "worker-a"), startWorker(redis.url, dir, "worker-b")]);
    const sweep = runCli(["--json", "sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    // worker-a's first trial: killed as soon as it says it started it.
    const started = await a.line(/^trial \d+ of \S+ started/);
    a.child.kill("SIGKILL");
    const killedTrial = Number(/^trial (\d+)/.exec(started)![1]);
    const r = await sweep;
    expect(r.code, r.stderr).toBe(0);
    expect(await a.exited).toBe("SIGKILL");
    // It was in the middle of that trial (it never said it was done), and worker-b ran it again, to the end.
    expect(a.output()).not.toMatch(new RegExp(`^trial ${killedTrial} of \\S+ done`, "m"));
    expect(b.output()).toMatch(new RegExp(`^trial ${killedTrial} of \\S+ started`, "m"));
    expect(b.output()).toMatch(new RegExp(`^trial ${killedTrial} of \\S+ done`, "m"));

    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ complete: true, resumed: 0, ran: 12, failed: [], queue: { enqueued: 12, attached: 0, collected: 12 } });
    // worker-b ran trials; worker-a may have died before the sweep looked (its one trial was finished by worker-b)
    expect(out.queue.workers).toContain("worker-b");
    expect(out.workers).toBe(out.queue.workers.length);
    // Every trial once, with the local sweep's numbers (same seeds, same bits) and so the same table.
    const saved = await results(dir);
    expect(saved.trials.map((t) => t.index).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(withoutTime(saved.trials)).toEqual(withoutTime(local.trials));
    expect(withoutTime(out.trials)).toEqual(withoutTime(local.trials));
    expect(tableOf(saved.trials)).toBe(local.table);
    // The finished sweep leaves nothing on the queue: its keys are gone and workers were told it ended.
    await b.line(/ended$/);
    const queue = new Queue(out.queue.name, { connection: { url: redis.url } });
    expect(await queue.getJobCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0, failed: 0 });

    // Run again, finished already: nothing is queued, and the workers are not called to a queue that is
    // deleted at once (worker-b, attaching after the deletion, left its meta and stalled-check keys behind).
    const client = await connectRedis(parseRedisAddress(redis.url));
    const watcher = client.duplicate();
    const heard: string[] = [];
    await watcher.subscribe(SWEEPS_CHANNEL);
    watcher.on("message", (_channel: string, message: string) => heard.push(message));
    const again = await runCli(["--json", "sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ complete: true, resumed: 12, ran: 0 });
    // messages on a channel arrive in order: once this one is heard, anything the rerun published was too
    await client.publish(SWEEPS_CHANNEL, "test sentinel");
    await new Promise<void>((resolve) => {
      const check = () => (heard.includes("test sentinel") ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(heard).not.toContain(`start ${out.queue.name}`);
    expect(await client.keys(`bull:${out.queue.name}:*`)).toEqual([]);
    await watcher.quit();
    await client.quit();
    await queue.close();
  }, 90_000);

  it("Ctrl-C leaves the queue paused and consistent; the command killed and rerun re-attaches and enqueues only the trials that are missing", async () => {
    const dir = await sweepFolder();
    // The first run queues all 12. Beside it, a worker that takes 3 trials and stops (--max-trials): the
    // sweep then has 3 done and 9 waiting however loaded the machine (a worker left running raced the
    // Ctrl-C, and on a loaded machine finished 11 or all 12 trials first). Two threads, so that a trial
    // fetched beside the third goes back to the queue.
    const first = startCli(["sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    const starting = startWorker(redis.url, dir, "worker-1", ["--concurrency", "2", "--max-trials", "3", ...STEADY]);
    const queued = await first.line(/^queue \S+ on \S+: \d+ trials? enqueued/);
    expect(queued).toMatch(/: 12 trials enqueued, 0 already there/);
    const name = /^queue (\S+)/.exec(queued)![1]!;
    const folder = join(dir, "runs", name.replace(/^nnlab-/, "").replace(/-[0-9a-f]{8}$/, "")); // nnlab-<folder>-<where>
    // Every job the queue is given, counted from its own event stream (from its start, so the first 12 too).
    const events = new QueueEvents(name, { connection: { url: redis.url }, lastEventId: "0" });
    const added: string[] = [];
    events.on("added", ({ jobId }) => void added.push(jobId));
    await events.waitUntilReady();
    const queue = new Queue(name, { connection: { url: redis.url } });

    // The worker runs its 3 trials and stops on its own, exit code 0; then Ctrl-C: the queue is paused, nothing else starts.
    const worker = await starting;
    expect(await worker.exited).toBe(0);
    expect(worker.output().match(/^trial \d+ of \S+ done/gm)).toHaveLength(3);
    expect(worker.output()).not.toMatch(/failed/);
    await first.line(/done 3 \| /);
    first.child.kill("SIGINT");
    expect(await first.exited).toBe(130);
    const kept = (await readdir(folder)).filter((f) => f.startsWith("trial-")).length;
    expect(kept).toBe(3);
    expect(await queue.isPaused()).toBe(true);
    expect(await queue.getJobCounts("active", "waiting", "completed", "failed")).toEqual({ active: 0, waiting: 9, completed: 0, failed: 0 });
    // Two waiting trials are lost from the queue (as by a Redis server restarted without its data).
    const lost = (await queue.getWaiting(0, 1)).map((j) => j.id!);
    expect(lost).toHaveLength(2);
    for (const id of lost) expect(await queue.remove(id)).toBe(1);

    // The second run re-attaches, goes on with the queue and adds only the 2 lost trials; it is killed at once.
    const second = startCli(["sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    expect(await second.line(/^queue \S+ on \S+: \d+ trials? enqueued/)).toContain(": 2 trials enqueued, 7 already there (re-attached)");
    second.child.kill("SIGKILL");
    await second.exited;

    // The third run, with a worker beside it, collects what is left; it adds nothing.
    const finisher = await startWorker(redis.url, dir, "worker-2", STEADY);
    const again = await runCli(["--json", "sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    expect(again.code, again.stderr).toBe(0);
    const out = JSON.parse(again.stdout);
    expect(out).toMatchObject({ complete: true, resumed: 3, ran: 9, queue: { enqueued: 0, attached: 9 } });
    // Each trial was added to the queue once, the two lost ones twice.
    const counts = new Map<string, number>();
    for (const id of added) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect(added).toHaveLength(14);
    for (let i = 0; i < 12; i++) expect(counts.get(`trial-${i}`), `trial-${i}`).toBe(lost.includes(`trial-${i}`) ? 2 : 1);
    const saved = await results(dir);
    expect(withoutTime(saved.trials)).toEqual(withoutTime(local.trials));
    expect(finisher.output().match(/^trial \d+ of \S+ done/gm)).toHaveLength(9);
    await Promise.all([events.close(), queue.close()]);
  }, 90_000);

  it("worker --max-trials: takes that many trials, gives back the ones fetched beside them untouched, and exits 0; another worker runs those", async () => {
    const dir = await sweepFolder();
    // all 12 waiting before the worker starts: its 4 threads' slots fetch 4 trials at once, and it may take 1
    const sweep = startCli(["--json", "sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    await sweep.line(/: 12 trials enqueued/);
    const one = await startWorker(redis.url, dir, "worker-one", ["--concurrency", "4", "--max-trials", "1", ...STEADY]);
    expect(await one.exited).toBe(0);
    const trialsIn = (output: string, what: RegExp) => [...output.matchAll(what)].map((m) => Number(m[1]));
    expect(trialsIn(one.output(), /^trial (\d+) of \S+ done/gm)).toHaveLength(1);
    const givenBack = trialsIn(one.output(), /^trial (\d+) of \S+ back to the queue \(--max-trials reached\)$/gm);
    expect(givenBack.length).toBeGreaterThanOrEqual(1);
    expect(one.output()).not.toMatch(/failed/);
    // the trials given back were neither failed nor lost: the other worker runs them, and the sweep ends complete
    const rest = await startWorker(redis.url, dir, "worker-rest", STEADY);
    expect(await sweep.exited).toBe(0);
    const ranByRest = trialsIn(rest.output(), /^trial (\d+) of \S+ done/gm);
    expect(ranByRest).toHaveLength(11);
    for (const index of givenBack) expect(ranByRest).toContain(index);
    const out = JSON.parse(sweep.stdout());
    expect(out).toMatchObject({ complete: true, ran: 12, failed: [] });
    expect(withoutTime(out.trials)).toEqual(withoutTime(local.trials));
    // the text's first line counts the workers seen, not "on N workers" as if each ran trials
    const text = await runCli(["sweep", "spec.json", ...GRID, "--queue", redis.url], dir);
    expect(text.stdout.split("\n")[0]).toMatch(/^Sweep of 12 trials \(12 already done, 0 run now through redis:\/\/127\.0\.0\.1:\d+\/0, \d+ workers? seen in [\d.]+ s\)$/);
  }, 90_000);

  it("a worker that cannot read the data fails the trials once each, with a message that reaches the sweep; a trial failing for its own reason is in the table", async () => {
    // Data read at the same path on every worker (the shipping limit set to 0), removed once queued.
    const dir = await sweepFolder();
    const sweep = startCli(["--json", "sweep", "spec.json", "--grid", "lambda=0,0.1", "--queue", redis.url], dir, { NNLAB_SHIP_LIMIT_BYTES: "0" });
    await sweep.line(/read by each worker at this same path/);
    await rm(join(dir, "rings.csv"));
    const worker = await startWorker(redis.url, dir, "worker-x");
    expect(await sweep.exited).toBe(2);
    expect(sweep.output()).toMatch(/nnlab: on worker worker-x: cannot read the data: .*rings\.csv: no such file or folder \(ENOENT from open\); every worker needs the file at the same path/);
    expect(worker.output().match(/failed: cannot read the data/g)).toHaveLength(2);

    // A trial whose own data is too small for its split fails; the other is in the table beside it, locally and on the queue alike.
    const both = await sweepFolder();
    const args = ["--json", "sweep", "spec.json", "--grid", "data.label=label,nope"];
    const here = await runCli(["--runs", "runs-here", ...args, "--workers", "1"], both);
    const queued = await runCli([...args, "--queue", redis.url], both);
    expect([here.code, queued.code]).toEqual([2, 2]);
    const [h, q] = [JSON.parse(here.stdout), JSON.parse(queued.stdout)];
    expect(h.failed).toEqual([{ index: 1, values: { "data.label": "nope" }, reason: expect.stringMatching(/rings\.csv:1: label must name a column \("x1", "x2", "label"\) or give its index 0\.\.2; received "nope"/) }]);
    expect(q.failed).toEqual([{ ...h.failed[0], reason: `on worker worker-x: ${h.failed[0].reason}` }]);
    expect(withoutTime(q.trials)).toEqual(withoutTime(h.trials));
    expect(q.complete).toBe(false);
  }, 90_000);

  it("--folds puts each fold on the queue as a job of its own, and the points equal whole cross-validations to the last digit", async () => {
    const spec = { ...SPEC, training: { epochs: 20 } };
    const dir = await sweepFolder(spec);
    const worker = await startWorker(redis.url, dir, "worker-f");
    const r = await runCli(["--json", "sweep", "spec.json", "--grid", "lambda=0,0.1", "--folds", "3", "--queue", redis.url], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ complete: true, ran: 2, queue: { enqueued: 6, collected: 6, workers: ["worker-f"] } });
    // Each fold ran as its own job (the worker's lines can arrive after the sweep's end: waited for, not assumed).
    for (const [index, fold] of [0, 1].flatMap((i) => [1, 2, 3].map((f) => [i, f]))) await worker.line(new RegExp(`^trial ${index} \\(fold ${fold}/3\\) of \\S+ done`));
    expect(worker.output().match(/^trial \d \(fold \d\/3\) of \S+ done/gm)).toHaveLength(6);
    const loader = fileDataLoader({ specPath: join(dir, "spec.json") });
    const whole = rankTrials(await Promise.all(gridTrials(spec, [parseGridAxis("lambda=0,0.1")!], { folds: 3 }).map((t) => runTrial(t, { loader }))));
    expect(withoutTime(out.trials)).toEqual(withoutTime(whole));
  }, 60_000);

  it("learning-curve --queue runs the sizes on the workers and gives the points of this machine's run to the last digit", async () => {
    const dir = await sweepFolder({ ...SPEC, training: { epochs: 20 } });
    const args = ["--json", "learning-curve", "spec.json", "--sizes", "0.3,1"];
    const here = await runCli([...args, "--workers", "1"], dir);
    expect(here.code, here.stderr).toBe(0);
    const worker = await startWorker(redis.url, dir, "worker-l");
    const queued = await runCli([...args, "--queue", redis.url], dir);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr).toMatch(/: 2 sizes enqueued, 0 already there/);
    await worker.line(/^trial 1 of nnlab-learning-curve-\S+ done/);
    expect(JSON.parse(queued.stdout).points).toEqual(JSON.parse(here.stdout).points);
  }, 60_000);

  it("the same sweep run from two folders at once has a queue each: both finish, with the same trials", async () => {
    const [one, two] = await Promise.all([sweepFolder(), sweepFolder()]);
    const grid = ["--grid", "lambda=0,0.1", "--grid", "rate=0,0.2"];
    // both queued before the worker starts: it serves both at once from the start
    const sweeps = [one, two].map((dir) => startCli(["--json", "sweep", "spec.json", ...grid, "--queue", redis.url], dir));
    await Promise.all(sweeps.map((sweep) => sweep.line(/: 4 trials enqueued/)));
    const worker = await startWorker(redis.url, one, "worker-two-folders", STEADY); // --concurrency 1
    expect(await Promise.all(sweeps.map((sweep) => sweep.exited))).toEqual([0, 0]);
    const [x, y] = sweeps.map((sweep) => JSON.parse(sweep.stdout()));
    expect(x.queue.name).not.toBe(y.queue.name);
    for (const out of [x, y]) expect(out.queue).toMatchObject({ enqueued: 4, collected: 4 });
    expect(withoutTime(x.trials)).toEqual(withoutTime(y.trials));
    // one trial at a time across both sweeps, as --concurrency 1 says: each started trial is done before the
    // next starts (each sweep's queue fetched one: two started at once, one waiting for the thread; an audit)
    const events = worker.output().split("\n").filter((l) => / of \S+ (started|done in)/.test(l)).map((l) => (/ started$/.test(l) ? "started" : "done"));
    expect(events).toHaveLength(16);
    expect(events.join(" ")).toBe(Array(8).fill("started done").join(" "));
  }, 90_000);
});
