/**
 * `nnlab worker`: takes trials from the queues of every sweep in progress on a Redis server and runs them
 * on its own threads, `concurrency` at a time. Started on any number of machines; each finds the sweeps
 * itself (the list in Redis, and a channel on which sweeps say they start and end).
 *
 * Trials run on worker threads, never in this thread: this thread renews the locks of its running jobs,
 * and a job whose lock is not renewed for `stalledMs` is taken for the job of a dead worker and given to
 * another (BullMQ's stalled-job check, which every worker runs every `stalledMs`).
 */
import { hostname } from "node:os";
import type { Job, Worker as BullWorker } from "bullmq";
import type { TrialResult } from "../../sweep/index.js";
import { describeFsError } from "../fs-error.js";
import type { ShippedData } from "../sweep/shipped-data.js";
import { builtJavaScript, type TrialMessage, type TrialReply, trialThreads } from "../sweep/trial-threads.js";
import { filesHash } from "./files-hash.js";
import type { RedisAddress } from "./redis-address.js";
import { connectRedis, sweepsInProgress, watchSweeps } from "./redis-client.js";
import { dataKey, type TrialDataRef, type TrialJobData } from "./trial-job.js";

export interface QueueWorkerOptions {
  address: RedisAddress;
  /** Trials run at once (threads). */
  concurrency: number;
  /** How long a job's lock lasts without renewal, and how often dead workers' jobs are looked for (default 30000). */
  stalledMs?: number;
  /** The worker's name in progress lines and reports (default host:pid). */
  name?: string;
  /** One line per event: a sweep served, a trial started, done, failed. */
  log?: (line: string) => void;
  /**
   * Take this many trials, then stop: finish them and disconnect (a machine lent for a while, a batch
   * job's slot). A trial fetched beside the last one goes back to the queue untouched, for another worker.
   */
  maxTrials?: number;
}

export interface QueueWorker {
  readonly name: string;
  /** Takes no new trial, waits for the running ones to finish and report, and disconnects. */
  close(): Promise<void>;
  /** Settles once the worker has taken `maxTrials` trials and closed; never without `maxTrials`. */
  readonly finished: Promise<void>;
}

/**
 * A runner of one trial: on a thread (built JavaScript; the threads start loading the library at once, so
 * that the first trial does not wait for it), or in this thread from the TypeScript sources. This thread
 * itself never loads the library: it only passes trials on.
 */
function trialRunner(concurrency: number): { run(message: TrialMessage): Promise<TrialReply>; close(): Promise<void> } {
  // each thread switches to the kernels a trial's message names (its sweep's), failing a float32 trial where they cannot run
  if (builtJavaScript) return trialThreads(concurrency);
  // In this thread the kernels are the process's own: one trial at a time, each on its sweep's kernels.
  let turn: Promise<unknown> = Promise.resolve();
  const runHere = async ({ task, data, kernels }: TrialMessage): Promise<TrialReply> => {
    try {
      const [{ runTrial }, { shippedDataLoader }, { fileDataLoader }, { useKernels }] = await Promise.all([
        import("../../sweep/index.js"),
        import("../sweep/shipped-data.js"),
        import("../file-data-loader.js"),
        import("../native.js"),
      ]);
      try {
        useKernels(kernels ?? "auto");
      } catch (error) {
        if (task.spec.model.dtype === "float32") throw new Error(`this trial computes on the ${kernels} kernels, as its sweep does (float32 results differ between the paths in their last bits), and they cannot run here: ${(error as Error).message}`);
      }
      const loader = data ? shippedDataLoader(data) : fileDataLoader({ specPath: task.specPath });
      return { ok: true, result: await runTrial(task, { loader }) };
    } catch (error) {
      return { ok: false, index: task.index, message: (error as Error).message };
    }
  };
  return {
    run(message) {
      const reply = turn.then(() => runHere(message));
      turn = reply;
      return reply;
    },
    async close() {},
  };
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const log = options.log ?? (() => undefined);
  const stalledMs = options.stalledMs ?? 30_000;
  const client = await connectRedis(options.address, { lasting: true });
  const { Worker, WaitingError } = await import("bullmq");
  const runner = trialRunner(options.concurrency);
  const served = new Map<string, BullWorker<TrialJobData, TrialResult>>();
  /** The shipped data and checked files of the latest sweeps, by their hash: fetched or hashed once. */
  const dataCache = new Map<string, Promise<ShippedData | undefined>>();

  /** The trial's data as its thread gets it, or an error saying why this worker cannot have it. */
  const dataFor = (queue: string, ref: TrialDataRef): Promise<ShippedData | undefined> => {
    let entry = dataCache.get(ref.sha256);
    if (!entry) {
      entry = ref.shipped ? fetchShipped(queue, ref) : checkFiles(ref);
      dataCache.set(ref.sha256, entry);
      entry.catch(() => dataCache.delete(ref.sha256)); // try again for the next trial: the file may appear
      if (dataCache.size > 4) dataCache.delete(dataCache.keys().next().value!);
    }
    return entry;
  };
  const fetchShipped = async (queue: string, ref: TrialDataRef): Promise<ShippedData> => {
    const text = await client.hget(dataKey(queue), ref.sha256);
    if (text === null) throw new Error(`cannot read the data: the sweep's copy of ${ref.files.join(", ")} is no longer in Redis (the sweep was ended)`);
    return JSON.parse(text) as ShippedData;
  };
  const checkFiles = async (ref: TrialDataRef): Promise<undefined> => {
    let sha256: string;
    try {
      sha256 = await filesHash(ref.files);
    } catch (error) {
      const why = describeFsError(error) ?? (error as Error).message;
      throw new Error(`cannot read the data: ${why}; every worker needs the file at the same path as the sweep's machine (or use a CSV under 4 MB, which travels with the trials)`);
    }
    if (sha256 !== ref.sha256) throw new Error(`cannot use the data: ${ref.files.join(", ")} here differs from the sweep's copy (sha256 ${sha256.slice(0, 12)} here, ${ref.sha256.slice(0, 12)} there); give every worker the same file`);
    return undefined;
  };

  let taken = 0;
  /** Trials computing on this worker now, and who waits for there to be none. */
  let running = 0;
  const whenIdle: Array<() => void> = [];
  /** The sweeps' BullMQ workers paused while every thread is busy (see processTrial). */
  const full = new Set<BullWorker<TrialJobData, TrialResult>>();
  const resumeFull = () => {
    for (const worker of full) void worker.resume();
    full.clear();
  };
  const idle = () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve)));
  const processTrial = async (job: Job<TrialJobData, TrialResult>, token?: string): Promise<TrialResult> => {
    const spent = options.maxTrials !== undefined && taken >= options.maxTrials;
    if (closing || spent) {
      // fetched beside the last trial (by another thread's slot, or another sweep's queue), or by a fetch under
      // way when Ctrl-C came: it goes back as it came, neither started nor failed, and BullMQ, told so,
      // fetches nothing more here (a trial started after Ctrl-C was cut off by the close: a review)
      await job.moveToWait(token);
      log(`trial ${job.data.task.index} of ${job.queueName} back to the queue (${spent ? "--max-trials reached" : "stopping"})`);
      throw new WaitingError();
    }
    // Every thread busy with another sweep's trials (each sweep served has a BullMQ worker of its own, each
    // fetching up to `concurrency`): this one goes back to its queue for another worker, and this sweep's
    // fetching waits for a thread (a worker of --concurrency 1 held two sweeps' trials at once, one of them
    // waiting for the thread while another worker sat idle: an audit)
    if (running >= options.concurrency) {
      // paused before the round trip: a trial ending meanwhile then finds it in `full` and resumes it (paused
      // after, it stayed paused with nothing left to resume it, and its sweep was served no more: a review)
      const worker = served.get(job.queueName);
      if (worker) {
        full.add(worker);
        void worker.pause(true);
      }
      await job.moveToWait(token);
      if (running < options.concurrency && !closing) resumeFull();
      throw new WaitingError();
    }
    taken++;
    // counted before the --max-trials close below, which waits for this trial (idle() read 0 and stopped it)
    running++;
    const { task, data: ref, kernels } = job.data;
    const started = Date.now();
    const trial = task.fold === undefined ? `trial ${task.index}` : `trial ${task.index} (fold ${task.fold + 1}/${task.folds})`;
    log(`${trial} of ${job.queueName} started`);
    if (taken === options.maxTrials) {
      log(`worker ${name}: ${taken} trial${taken === 1 ? "" : "s"} taken (--max-trials); stopping after ${taken === 1 ? "it" : "them"}`);
      void close().then(stopped); // not awaited: closing waits for this very trial
    }
    let reply: TrialReply;
    try {
      const data = ref ? await dataFor(job.queueName, ref) : undefined;
      // on the sweep's kernels (a job queued before they travelled with it: this worker's default)
      reply = await runner.run({ task, ...(data ? { data } : {}), dataKey: ref?.sha256 ?? "built-in", kernels: kernels ?? "auto" });
    } catch (error) {
      reply = { ok: false, index: task.index, message: (error as Error).message };
    } finally {
      running--;
      if (running === 0) for (const resolve of whenIdle.splice(0)) resolve();
      // a thread free: the sweeps held back fetch again
      if (!closing) resumeFull();
    }
    if (!reply.ok) {
      log(`${trial} of ${job.queueName} failed: ${reply.message}`);
      // The message reaches the sweep as the job's failedReason; with one attempt, it is not retried.
      throw new Error(`on worker ${name}: ${reply.message}`);
    }
    log(`${trial} of ${job.queueName} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return reply.result;
  };

  /** The last error message said for each served queue (see serve). */
  const lastError = new Map<string, string>();
  const serve = (queue: string) => {
    if (served.has(queue) || closing) return;
    const worker = new Worker<TrialJobData, TrialResult>(queue, processTrial, {
      connection: { url: options.address.url },
      concurrency: options.concurrency,
      name,
      lockDuration: stalledMs,
      stalledInterval: stalledMs,
      // A trial whose worker died twice may be what kills them: after the second, it fails, reported.
      maxStalledCount: 2,
    });
    // BullMQ's worker holds two connections, and each reports a lost server ("read ECONNRESET" twice in a
    // row), then again on every reconnect attempt: a message is said once until a trial starts or another comes
    worker.on("error", (error) => {
      if (lastError.get(queue) === error.message) return;
      lastError.set(queue, error.message);
      log(`queue ${queue}: ${error.message}`);
    });
    worker.on("active", () => lastError.delete(queue));
    served.set(queue, worker);
    log(`serving ${queue}`);
  };
  const retire = async (queue: string) => {
    const worker = served.get(queue);
    if (!worker) return;
    served.delete(queue);
    await worker.close();
    log(`${queue} ended`);
  };

  let closing = false;
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      closing = true;
      // each BullMQ worker told at once, before anything is awaited: a slot freed meanwhile fetched a trial again
      const workers = [...served.values()];
      const closings = workers.map((w) => w.close());
      const graceful = (async () => {
        await unwatch();
        await Promise.all(closings);
      })();
      // Closing reports the last results, which needs the server: with Redis gone, BullMQ's close waited for
      // it forever, and a worker given Ctrl-C (or a scheduler's SIGTERM) with no trial running never ended (an
      // audit). Once this worker's trials are done it waits stalledMs at most (by then their locks have run
      // out, and another worker runs an unreported trial again), then stops without the server.
      // (only while the server does not answer: a healthy one slow to take the last result is waited for, as
      // giving up there threw a reported result away: a review)
      let timer: NodeJS.Timeout | undefined;
      const unreachable = (): Promise<"gave up"> =>
        new Promise<void>((resolve) => (timer = setTimeout(resolve, stalledMs)).unref()).then(() => (client.status === "ready" ? unreachable() : "gave up"));
      const waited = idle().then(unreachable);
      const outcome = await Promise.race([graceful.then(() => "closed" as const), waited]);
      clearTimeout(timer);
      served.clear();
      await runner.close();
      if (outcome === "gave up") {
        log(`worker ${name}: the Redis server did not answer within ${stalledMs} ms of the last trial's end; stopping without it (a trial whose result it did not take goes to another worker)`);
        for (const w of workers) void w.disconnect().catch(() => undefined);
        client.disconnect();
        return;
      }
      await client.quit().catch(() => client.disconnect());
    })());
  let stopped!: () => void;
  const finished = new Promise<void>((resolve) => (stopped = resolve));
  const unwatch = await watchSweeps(client, (verb, queue) => (verb === "start" ? serve(queue) : void retire(queue)));
  for (const queue of await sweepsInProgress(client)) serve(queue);
  log(`worker ${name}: waiting for trials on ${options.address.shown} (${options.concurrency} at a time)`);

  return { name, close, finished };
}
