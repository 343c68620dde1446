/**
 * A sweep's trials on a BullMQ queue in Redis, run by `nnlab worker` processes on any machines: the
 * library's TrialExecutor, as threadPool is for this machine's threads.
 *
 * Nothing lost, nothing twice:
 * - each trial (or fold of one) is one job whose id is its index (and fold), so a rerun of the sweep after a crash finds the jobs
 *   still queued or running (re-attaches) and adds only those that are not there;
 * - a result is handed to the sweep (which keeps the first one of each trial) before its job is removed,
 *   so a crash in between means the result is collected again, never lost;
 * - a worker killed in the middle of a trial stops renewing its job's lock and BullMQ's stalled-job check
 *   gives the job to another worker; a trial that fails for its own reason (bad data) fails once (no
 *   retries) and is reported;
 * - stop() (Ctrl-C) pauses the queue: no trial starts, the running ones finish and are collected, and the
 *   waiting ones stay queued for the rerun, which resumes the queue.
 *
 * The server going away: the connections reconnect for `lostMs` (a restart goes unnoticed), then run()
 * fails with one line (the trials collected so far are the caller's; a rerun re-attaches); a stop() while
 * the server is away fails it at once (no pause can reach the queue). A server back without its data
 * (restarted without persistence) gets the run's missing trials again.
 */
import type { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { NnlabError } from "../../errors.js";
import { type KernelPath, kernelsInUse } from "../native.js";
import { TrialFailure, type TrialExecutor, type TrialResult, type TrialTask } from "../../sweep/index.js";
import type { ShippedData } from "../sweep/shipped-data.js";
import type { RedisAddress } from "./redis-address.js";
import { announceSweep, connectRedis, type RetryStrategy, retireSweep } from "./redis-client.js";
import { dataKey, type TrialDataRef, type TrialJobData, trialJobId } from "./trial-job.js";

/** The sweep's state on the queue, for the progress line. */
export interface QueueProgress {
  /** Trials collected by this run. */
  done: number;
  failed: number;
  running: number;
  waiting: number;
  /** Every worker seen serving the queue or having run one of its trials, by name (host:pid). */
  workers: string[];
}

export interface QueueExecutorOptions {
  address: RedisAddress;
  /** The queue's name (sweepQueueName of the sweep's folder). */
  queue: string;
  /** Where the trials' data comes from (see sweepData); the text, when it is shipped. */
  data?: { ref?: TrialDataRef; shipped?: ShippedData };
  /** Polled, besides stop(), about once a second: e.g. a Ctrl-C flag. */
  stopWhen?: () => boolean;
  /** Called when the counts change. */
  onProgress?: (progress: QueueProgress) => void;
  /**
   * Called once a run's jobs are on the queue: how many it added, and how many it found there from an
   * earlier run; called again if a server that came back without its data got the missing ones again.
   */
  onQueued?: (queued: { enqueued: number; attached: number }) => void;
  /** How long the server may not answer before run() fails with one line saying so (default 15000). */
  lostMs?: number;
  /**
   * The kernels every trial computes on, carried by each job (float32 results differ between the paths in
   * their last bits); default: those this process computes on when the trials are queued.
   */
  kernels?: KernelPath;
}

export interface QueueExecutor extends TrialExecutor {
  /** Over every run() so far: jobs added, jobs found already queued or finished, trials collected, workers seen. */
  readonly stats: { enqueued: number; attached: number; collected: number; workers: string[] };
  /**
   * Closes the connections. With `done` (no trial of the sweep left to run), also deletes the queue and
   * its shipped data, and takes the sweep off the workers' list; otherwise the queue stays for a rerun.
   */
  finish(done: boolean): Promise<void>;
}

/** How often the queue is looked at when no event comes (a missed event costs at most this). */
const POLL_MS = 1000;
/** Long enough for a server's restart, short enough that a sweep whose server is gone says so soon. */
const LOST_MS = 15_000;
/** How often the server is asked whether it is there (a PING), while nothing else says it is not. */
const HEARTBEAT_MS = 1000;

interface Connection {
  client: Redis;
  queue: Queue<TrialJobData, TrialResult>;
  events: QueueEvents;
  /** Stops asking whether the server is there. */
  unwatch(): void;
}

/** What ioredis and BullMQ throw for a command that a connection lost or being re-made cannot carry. */
function isConnectionError(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException | undefined;
  return e?.name === "MaxRetriesPerRequestError" || /Connection is closed|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(`${e?.code ?? ""} ${e?.message ?? ""}`);
}

export function queueExecutor(options: QueueExecutorOptions): QueueExecutor {
  let stopped = false;
  let connection: Connection | undefined;
  const stats = { enqueued: 0, attached: 0, collected: 0 };
  const workers = new Set<string>();
  let wake: (() => void) | undefined;
  // NNLAB_QUEUE_LOST_MS: the tests' CLI processes wait 2 s, not 15, for a server they killed themselves
  const fromEnvironment = Number(process.env.NNLAB_QUEUE_LOST_MS);
  const lostMs = options.lostMs ?? (process.env.NNLAB_QUEUE_LOST_MS && fromEnvironment >= 100 ? fromEnvironment : LOST_MS);
  const stopRequested = () => stopped || !!options.stopWhen?.();

  /** Since when the server has been away, and the latest reason (the connection's error). */
  let outage: { since: number; why: string } | undefined;
  /** Set once the server is given up: every later wait on it fails with this. */
  let lost: NnlabError | undefined;
  /** The server came back after an outage: it may have lost its data, and the run's jobs with it. */
  let cameBack = false;
  /** Our own QUIT closes the connection: not a server going away. */
  let quitting = false;
  let failWith: (error: NnlabError) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (failWith = reject));
  failed.catch(() => undefined);
  /** A command's answer, or the lost server's line as soon as it is given up (a command queued for a server that never answers would wait for ever). */
  const guard = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined); // given up: its late failure is no one's
    return Promise.race([work, failed]);
  };
  const lose = (why: string) => {
    if (lost) return;
    lost = new NnlabError(`lost the Redis server at ${options.address.shown}: ${why}; the finished trials are kept, rerun the same command to re-attach`);
    failWith(lost);
    wake?.();
  };
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  // Every connection reconnects quickly while the server is away (BullMQ's own schedule waits up to 20 s
  // between attempts), and ends at its next attempt once the server is given up, failing what it holds.
  const retry: RetryStrategy = (times) => (lost ? null : Math.min(times * 200, 1000));

  const connect = async (): Promise<Connection> => {
    if (connection) return connection;
    quitting = false;
    const client = await connectRedis(options.address, { retry });
    const { Queue, QueueEvents } = await import("bullmq");
    const queue = new Queue<TrialJobData, TrialResult>(options.queue, { connection: { url: options.address.url, retryStrategy: retry } });
    const events = new QueueEvents(options.queue, { connection: { url: options.address.url, retryStrategy: retry } });
    queue.on("error", () => undefined);
    events.on("error", () => undefined);
    for (const event of ["completed", "failed", "active", "waiting", "stalled"] as const) events.on(event, () => wake?.());
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);

    // The watch on the server: this connection's events say when it goes and comes back, and a PING
    // unanswered for lostMs says so of a server that is gone without closing the connection.
    client.on("error", (error: NodeJS.ErrnoException) => {
      if (outage) outage.why = error.code ?? error.message;
    });
    client.on("close", () => {
      if (quitting) return;
      outage ??= { since: Date.now(), why: "the connection was closed" };
      if (stopRequested()) lose(`interrupted while it did not answer (${outage.why})`);
      wake?.();
    });
    client.on("ready", () => {
      if (outage) cameBack = true;
      outage = undefined;
      wake?.();
    });
    let asked: number | undefined;
    const heartbeat = setInterval(() => {
      const now = Date.now();
      if (outage) {
        if (now - outage.since >= lostMs) lose(`no answer for ${seconds(lostMs)} (${outage.why})`);
      } else if (asked === undefined) {
        const sent = (asked = now);
        const answered = () => void (asked === sent && (asked = undefined));
        client.ping().then(answered, answered);
      } else if (now - asked >= lostMs) {
        lose(`no answer to a PING for ${seconds(lostMs)}`);
      }
    }, HEARTBEAT_MS);
    heartbeat.unref();
    connection = { client, queue, events, unwatch: () => clearInterval(heartbeat) };
    return connection;
  };

  /** Closes the connections: in order while the server answers; dropped once it is given up (no QUIT would be answered). */
  const close = async ({ client, queue, events, unwatch }: Connection) => {
    try {
      if (!lost) {
        await guard(Promise.all([queue.close(), events.close()]));
        quitting = true;
        await guard(client.quit().catch(() => void client.disconnect()));
      }
    } catch {
      // given up meanwhile: dropped below
    } finally {
      unwatch();
      if (lost) {
        client.disconnect();
        for (const closing of [queue.close(), events.close()]) closing.catch(() => undefined);
      }
    }
  };

  return {
    get stats() {
      return { ...stats, workers: [...workers].sort() };
    },

    async run(tasks, onResult, onFailure) {
      // Nothing to run (a rerun of a finished sweep): no announcement, so that no worker attaches to a
      // queue that is deleted at once (a worker that did left its meta and stalled-check keys behind).
      if (tasks.length === 0) return;
      if (lost) throw lost;
      const { client, queue } = await connect();
      const sweep = options.queue;
      const pending = new Map<string, TrialTask>(tasks.map((t) => [trialJobId(t.index, t.fold), t]));
      let enqueued = false;

      // every job carries the kernels its trial computes on (the workers switch to them)
      const kernels = options.kernels ?? kernelsInUse();
      /**
       * Puts on the queue every pending trial that is not there: the first time, all but those an earlier
       * run left queued (re-attached); later, those a server that came back empty (its data lost) no longer has.
       */
      const enqueueMissing = async () => {
        const states = await Promise.all([...pending.keys()].map((id) => queue.getJobState(id)));
        const missing = [...pending.values()].filter((_, i) => states[i] === "unknown");
        if (enqueued && missing.length === 0) return;
        if (!enqueued) await refuseOtherKernels([...pending.keys()].filter((_, i) => states[i] !== "unknown"));
        // The first time; or again, since the list of sweeps and the shipped data went with the server's data.
        await announceSweep(client, sweep);
        if (options.data?.shipped && options.data.ref) await client.hsetnx(dataKey(sweep), options.data.ref.sha256, JSON.stringify(options.data.shipped));
        // A queue paused by an interrupted run goes on; its waiting trials are re-attached below.
        if (!enqueued && !stopRequested() && (await queue.isPaused())) await queue.resume();
        // One MULTI: either every missing trial is queued or (the command killed meanwhile) none is.
        await queue.addBulk(
          missing.map((task) => ({
            name: "trial",
            data: { task, ...(options.data?.ref ? { data: options.data.ref } : {}), kernels },
            opts: { jobId: trialJobId(task.index, task.fold), attempts: 1, removeOnComplete: false, removeOnFail: false },
          })),
        );
        stats.enqueued += missing.length;
        if (!enqueued) stats.attached += pending.size - missing.length;
        enqueued = true;
        options.onQueued?.({ enqueued: missing.length, attached: pending.size - missing.length });
      };

      /**
       * The jobs an earlier run left queued (re-attached) were queued with its kernels: float32 trials of
       * other kernels would be ranked beside this run's, so the run is refused (the recorded kernels of a
       * sweep's folder normally make the rerun choose the same ones).
       */
      const refuseOtherKernels = async (ids: string[]) => {
        for (const id of ids) {
          const job = await queue.getJob(id);
          const theirs = job?.data?.kernels;
          if (!theirs || theirs === kernels || job.data.task.spec.model.dtype !== "float32") continue;
          throw new NnlabError(
            `queue ${sweep} on ${options.address.shown} holds trials of this run queued on the ${theirs} kernels (float32 results differ between the paths in their last bits); this run computes on the ${kernels} ones: rerun with --kernels ${theirs} to go on with them`,
          );
        }
      };

      let done = 0;
      let failed = 0;
      let paused = false;
      let last = "";
      /** Hands over every finished job of this run, each exactly once, then removes it from the queue. */
      const collect = async () => {
        const ours = (jobs: Array<Job<TrialJobData, TrialResult> | undefined>) => jobs.filter((j): j is Job<TrialJobData, TrialResult> => !!j && pending.has(j.id!));
        const completed = ours(await queue.getCompleted(0, -1));
        const failedJobs = ours(await queue.getFailed(0, -1));
        const finished = [...completed, ...failedJobs].sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0));
        for (const job of finished) {
          // run() has failed with the lost server's line: nothing more is handed over after it
          if (lost) return;
          const task = pending.get(job.id!)!;
          if (job.processedBy) workers.add(job.processedBy);
          if (completed.includes(job)) {
            await onResult(job.returnvalue);
            done++;
            stats.collected++;
          } else {
            const failure = new TrialFailure(task.index, job.failedReason || "the job failed without a reason");
            if (!onFailure) throw failure;
            await onFailure(failure);
            failed++;
          }
          pending.delete(job.id!);
          await job.remove().catch(() => undefined); // already removed by an earlier, crashed run's collect: fine
        }
      };
      const report = async () => {
        const counts = await queue.getJobCounts("active", "waiting", "delayed", "prioritized");
        for (const w of await queue.getWorkers().catch(() => [])) {
          const name = /:w:(.+)$/.exec(w.rawname ?? "")?.[1];
          if (name) workers.add(name);
        }
        const progress = { done, failed, running: counts.active ?? 0, waiting: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0), workers: [...workers].sort() };
        const line = JSON.stringify(progress);
        if (line !== last) options.onProgress?.(progress);
        last = line;
        return progress;
      };

      /** Collects until every trial of the run is in, or (stopped) the queue is paused and nothing of it runs. */
      const drain = async () => {
        let lookAgain = false;
        while (pending.size > 0) {
          const woken = new Promise<void>((resolve) => {
            wake = resolve;
          });
          try {
            if (!enqueued || lookAgain || cameBack) {
              cameBack = lookAgain = false;
              await guard(enqueueMissing());
            }
            await guard(collect());
            const progress = await guard(report());
            if (!paused && stopRequested()) {
              // No trial starts from now on; those running finish and are collected.
              await guard(queue.pause());
              paused = true;
              continue;
            }
            if (pending.size === 0 || (paused && progress.running === 0)) break;
            // Trials missing, and none waiting or running: either their results just came in (the next
            // collect takes them) or a server restarted without its data lost their jobs.
            lookAgain = !paused && progress.running === 0 && progress.waiting === 0;
          } catch (error) {
            if (lost) throw lost;
            if (!outage && !isConnectionError(error)) throw error;
            // The server is away: it comes back (and this goes on) or it is given up (and this fails).
          }
          let timer: NodeJS.Timeout | undefined;
          await guard(Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, POLL_MS)))])).finally(() => clearTimeout(timer));
        }
        if (paused) await guard(collect());
      };
      // Ctrl-C pauses the queue within a tenth of a second, not at the next event (a trial finishing could
      // start another meanwhile); with the server away, nothing can be paused: the run fails at once.
      const watcher = setInterval(() => {
        if (!stopRequested()) return;
        if (outage) lose(`interrupted while it did not answer (${outage.why})`);
        else if (!paused) wake?.();
      }, 100);
      try {
        await drain();
      } catch (error) {
        throw lost ?? error;
      } finally {
        clearInterval(watcher);
        wake = undefined;
      }
    },

    stop() {
      stopped = true;
      if (outage) lose(`interrupted while it did not answer (${outage.why})`);
      wake?.();
    },

    async finish(done) {
      // a finished sweep deletes what an earlier, interrupted run of it may have left, even when this one ran nothing
      if (!connection && done && !lost) await connect();
      const current = connection;
      connection = undefined;
      if (!current) return;
      try {
        if (done && !lost) {
          await guard(retireSweep(current.client, options.queue));
          await guard(current.queue.obliterate({ force: true }));
          await guard(current.client.del(dataKey(options.queue)));
        }
      } catch (error) {
        throw lost ?? error;
      } finally {
        await close(current);
      }
    },
  };
}
