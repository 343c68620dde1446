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
 */
import type { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import { TrialFailure, type TrialExecutor, type TrialResult, type TrialTask } from "../../sweep/index.js";
import type { ShippedData } from "../sweep/shipped-data.js";
import type { RedisAddress } from "./redis-address.js";
import { announceSweep, connectRedis, retireSweep } from "./redis-client.js";
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
  /** Called once a run's jobs are on the queue: how many it added, and how many it found there from an earlier run. */
  onQueued?: (queued: { enqueued: number; attached: number }) => void;
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

interface Connection {
  client: Redis;
  queue: Queue<TrialJobData, TrialResult>;
  events: QueueEvents;
}

export function queueExecutor(options: QueueExecutorOptions): QueueExecutor {
  let stopped = false;
  let connection: Connection | undefined;
  const stats = { enqueued: 0, attached: 0, collected: 0 };
  const workers = new Set<string>();
  let wake: (() => void) | undefined;

  const connect = async (): Promise<Connection> => {
    if (connection) return connection;
    const client = await connectRedis(options.address);
    const { Queue, QueueEvents } = await import("bullmq");
    const queue = new Queue<TrialJobData, TrialResult>(options.queue, { connection: { url: options.address.url } });
    const events = new QueueEvents(options.queue, { connection: { url: options.address.url } });
    queue.on("error", () => undefined);
    events.on("error", () => undefined);
    for (const event of ["completed", "failed", "active", "waiting", "stalled"] as const) events.on(event, () => wake?.());
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    connection = { client, queue, events };
    return connection;
  };

  return {
    get stats() {
      return { ...stats, workers: [...workers].sort() };
    },

    async run(tasks, onResult, onFailure) {
      // Nothing to run (a rerun of a finished sweep): no announcement, so that no worker attaches to a
      // queue that is deleted at once (a worker that did left its meta and stalled-check keys behind).
      if (tasks.length === 0) return;
      const { client, queue } = await connect();
      const sweep = options.queue;
      await announceSweep(client, sweep);
      if (options.data?.shipped && options.data.ref) await client.hsetnx(dataKey(sweep), options.data.ref.sha256, JSON.stringify(options.data.shipped));
      // A queue paused by an interrupted run goes on; its waiting trials are re-attached below.
      if (!stopped && !options.stopWhen?.() && (await queue.isPaused())) await queue.resume();

      const pending = new Map<string, TrialTask>(tasks.map((t) => [trialJobId(t.index, t.fold), t]));
      const states = await Promise.all([...pending.keys()].map((id) => queue.getJobState(id)));
      const missing = [...pending.values()].filter((_, i) => states[i] === "unknown");
      // One MULTI: either every missing trial is queued or (the command killed meanwhile) none is.
      await queue.addBulk(
        missing.map((task) => ({
          name: "trial",
          data: { task, ...(options.data?.ref ? { data: options.data.ref } : {}) },
          opts: { jobId: trialJobId(task.index, task.fold), attempts: 1, removeOnComplete: false, removeOnFail: false },
        })),
      );
      stats.enqueued += missing.length;
      stats.attached += tasks.length - missing.length;
      options.onQueued?.({ enqueued: missing.length, attached: tasks.length - missing.length });

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
        while (pending.size > 0) {
          const woken = new Promise<void>((resolve) => {
            wake = resolve;
          });
          await collect();
          const progress = await report();
          if (!paused && (stopped || options.stopWhen?.())) {
            // No trial starts from now on; those running finish and are collected.
            await queue.pause();
            paused = true;
            continue;
          }
          if (pending.size === 0 || (paused && progress.running === 0)) break;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, POLL_MS)))]);
          clearTimeout(timer);
        }
        if (paused) await collect();
      };
      // Ctrl-C pauses the queue within a tenth of a second, not at the next event (a trial finishing could start another meanwhile).
      const watcher = setInterval(() => {
        if (!paused && options.stopWhen?.()) wake?.();
      }, 100);
      try {
        await drain();
      } finally {
        clearInterval(watcher);
        wake = undefined;
      }
    },

    stop() {
      stopped = true;
      wake?.();
    },

    async finish(done) {
      // a finished sweep deletes what an earlier, interrupted run of it may have left, even when this one ran nothing
      if (!connection && done) await connect();
      if (!connection) return;
      const { client, queue, events } = connection;
      connection = undefined;
      try {
        if (done) {
          await retireSweep(client, options.queue);
          await queue.obliterate({ force: true });
          await client.del(dataKey(options.queue));
        }
      } finally {
        await Promise.all([queue.close(), events.close()]);
        await client.quit().catch(() => client.disconnect());
      }
    },
  };
}
