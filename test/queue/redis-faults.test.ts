/**
 * A Redis server that fails a queue sweep, said in one line: gone in the middle of a sweep (the library's
 * run fails within its bounded wait, at once on Ctrl-C; the command exits 2), back without its data (the
 * missing trials are queued again), a database it does not have, a password it wants or refuses. Each
 * test runs its own redis-server at a free port; waits are on events (a line printed, a process ended, a
 * callback), never on sleeps; how long a wait may last is the test's timeout.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { gridTrials, parseGridAxis } from "../../src/index.js";
import { NnlabError } from "../../src/errors.js";
import { queueExecutor } from "../../src/node/queue/queue-executor.js";
import { parseRedisAddress } from "../../src/node/queue/redis-address.js";
import { connectRedis } from "../../src/node/queue/redis-client.js";
import { trialJobId } from "../../src/node/queue/trial-job.js";
import { runCli } from "../cli/run-cli.js";
import { startCli, startRedis, startWorker, stopAll } from "./processes.js";

const SPEC = { name: "faults", seed: 2, data: { source: "moons", n: 60, noise: 0.2 }, model: { hidden: [{ units: 4 }] }, optimizer: { name: "adam" }, training: { epochs: 5 } };
/** Two trials, for a queue that no worker serves (they stay waiting). */
const tasks = () => gridTrials(SPEC, [parseGridAxis("lambda=0,0.1")!]);

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "nnlab-redis-faults-"));
  await writeFile(join(dir, "spec.json"), JSON.stringify(SPEC));
  return dir;
}

const lostLine = (url: string, why: string) => new RegExp(`^lost the Redis server at ${url.replace(/[.[\]/]/g, "\\$&")}: ${why}; the finished trials are kept, rerun the same command to re-attach$`);

/** Resolves with the first call of the callback it makes. */
function firstCall<T>(): { callback: (value: T) => void; called: Promise<T> } {
  let callback!: (value: T) => void;
  const called = new Promise<T>((resolve) => (callback = resolve));
  return { callback, called };
}

afterEach(async () => {
  await stopAll();
});

describe("the Redis server gone in the middle of a queue sweep", () => {
  it("the run fails with one line once the server has not answered for the bounded wait, and finish() returns", async () => {
    const redis = await startRedis();
    const queued = firstCall<unknown>();
    // 2 s instead of the 15 s default: the wait itself is what is tested, not its length
    const executor = queueExecutor({ address: parseRedisAddress(redis.url), queue: "faults-gone", onQueued: queued.callback, lostMs: 2000 });
    const run = executor.run(tasks(), () => undefined);
    run.catch(() => undefined);
    await queued.called;
    redis.process.child.kill("SIGKILL");
    await redis.process.exited;
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NnlabError);
    expect((error as Error).message).toMatch(lostLine(redis.url, "no answer for 2 s \\(ECONNREFUSED\\)"));
    await executor.finish(false);
  }, 30_000);

  it("Ctrl-C while the server is away fails the run at once, long before the bounded wait is over", async () => {
    const redis = await startRedis();
    const queued = firstCall<unknown>();
    let interrupted = false;
    // a wait of ten minutes: only the interruption can end the run within the test's timeout
    const executor = queueExecutor({ address: parseRedisAddress(redis.url), queue: "faults-ctrl-c", onQueued: queued.callback, stopWhen: () => interrupted, lostMs: 600_000 });
    const run = executor.run(tasks(), () => undefined);
    run.catch(() => undefined);
    await queued.called;
    redis.process.child.kill("SIGKILL");
    await redis.process.exited;
    interrupted = true;
    await expect(run).rejects.toThrow(lostLine(redis.url, "interrupted while it did not answer \\(.+\\)"));
    await executor.finish(false);
  }, 20_000);

  it("nnlab sweep --queue says so in one line and exits 2, without a stack trace", async () => {
    const redis = await startRedis();
    const dir = await folder();
    const sweep = startCli(["sweep", "spec.json", "--grid", "lambda=0,0.1", "--queue", redis.url], dir, { NNLAB_QUEUE_LOST_MS: "2000" });
    await sweep.line(/2 trials enqueued/);
    redis.process.child.kill("SIGKILL");
    expect(await sweep.exited).toBe(2);
    const lines = sweep.output().trim().split("\n");
    expect(lines.at(-1)).toMatch(new RegExp(`^nnlab: ${lostLine(redis.url, "no answer for 2 s \\(ECONNREFUSED\\)").source.slice(1)}`));
    expect(sweep.output()).not.toMatch(/unexpected error|    at /);
  }, 60_000);

  it("nnlab worker given Ctrl-C with the server gone stops once its --stalled-ms is over, saying why (it waited for the server forever)", async () => {
    const redis = await startRedis();
    const dir = await folder();
    // a sweep queued and interrupted: its queue stays paused and listed, and a worker serves it without taking a trial
    const sweep = startCli(["sweep", "spec.json", "--grid", "lambda=0,0.1", "--queue", redis.url], dir);
    await sweep.line(/2 trials enqueued/);
    sweep.child.kill("SIGINT");
    expect(await sweep.exited).toBe(130);
    const worker = await startWorker(redis.url, dir, "worker-z"); // --stalled-ms 600
    await worker.line(/^serving nnlab-/);
    redis.process.child.kill("SIGKILL");
    await redis.process.exited;
    await worker.line(/^queue nnlab-\S+: /); // the loss seen (a Ctrl-C first may close the connections before they report it)
    worker.child.kill("SIGINT");
    expect(await worker.exited).toBe(130);
    // each of BullMQ's two connections reported the loss: "read ECONNRESET" was said twice in a row
    const lines = worker.output().split("\n").filter((l) => l.startsWith("queue "));
    expect(lines.filter((l, i) => l === lines[i - 1])).toEqual([]);
    expect(worker.output()).toMatch(/^worker worker-z: the Redis server did not answer within 600 ms of the last trial's end; stopping without it/m);
    expect(worker.output()).not.toMatch(/    at /);
  }, 60_000);

  it("a server back without its data (restarted, no persistence) gets the run's missing trials again, instead of the run waiting on nothing", async () => {
    const redis = await startRedis();
    const seen: Array<{ enqueued: number; attached: number }> = [];
    const again = firstCall<unknown>();
    const first = firstCall<unknown>();
    const executor = queueExecutor({
      address: parseRedisAddress(redis.url),
      queue: "faults-empty",
      onQueued: (q) => {
        seen.push(q);
        (seen.length === 1 ? first : again).callback(q);
      },
    });
    const run = executor.run(tasks(), () => undefined);
    run.catch(() => undefined);
    await first.called;
    redis.process.child.kill("SIGKILL");
    await redis.process.exited;
    const back = await startRedis({ port: redis.port });
    await again.called;
    expect(seen).toEqual([
      { enqueued: 2, attached: 0 },
      { enqueued: 2, attached: 0 },
    ]);
    const queue = new Queue("faults-empty", { connection: { url: back.url } });
    expect(await Promise.all(tasks().map((t) => queue.getJobState(trialJobId(t.index, t.fold))))).toEqual(["waiting", "waiting"]);
    await queue.close();
    executor.stop();
    await run;
    await executor.finish(false);
    expect(executor.stats).toMatchObject({ enqueued: 4, attached: 0, collected: 0 });
  }, 30_000);
});

describe("a Redis server that refuses the address", () => {
  it("a database the server does not have: one line with its limit, for the sweep and the worker (ioredis's refused SELECT only raised an event)", async () => {
    const redis = await startRedis();
    const url = `redis://127.0.0.1:${redis.port}/99999`;
    const line = `${url}: expected a database the Redis server there has; received DB 99999, and the server has databases 0 to 15 (its "databases" setting)`;
    await expect(connectRedis(parseRedisAddress(url))).rejects.toThrow(new NnlabError(line));
    const dir = await folder();
    for (const args of [["sweep", "spec.json", "--grid", "lambda=0,1", "--queue", url], ["worker", "--queue", url]]) {
      const r = await runCli(args, dir);
      expect([r.code, r.stderr], args[0]).toEqual([2, `nnlab: ${line}\n`]);
    }
    // a database it has is selected, and used
    const three = await connectRedis(parseRedisAddress(`redis://127.0.0.1:${redis.port}/3`));
    await three.set("faults", "in 3");
    expect(await three.call("CLIENT", "INFO")).toMatch(/ db=3 /);
    three.disconnect();
  }, 30_000);

  it("a password wanted or refused: said as such, not as a server that cannot be reached", async () => {
    const redis = await startRedis({ args: ["--requirepass", "s3cret"] });
    const at = `127.0.0.1:${redis.port}/0`;
    await expect(connectRedis(parseRedisAddress(`redis://${at}`))).rejects.toThrow(
      new NnlabError(`redis://${at}: the Redis server there wants a password (NOAUTH); received none: give it as redis://:PASSWORD@${at}`),
    );
    const refused = `redis://${at}: the Redis server there refused the password given (WRONGPASS: a wrong password or user name); check it in redis://:PASSWORD@${at}`;
    await expect(connectRedis(parseRedisAddress(`redis://:wrong@${at}`))).rejects.toThrow(new NnlabError(refused));
    const right = await connectRedis(parseRedisAddress(`redis://:s3cret@${at}`));
    expect(await right.ping()).toBe("PONG");
    right.disconnect();
    const r = await runCli(["sweep", "spec.json", "--grid", "lambda=0,1", "--queue", `redis://:wrong@${at}`], await folder());
    expect([r.code, r.stderr]).toEqual([2, `nnlab: ${refused}\n`]);
  }, 30_000);
});
