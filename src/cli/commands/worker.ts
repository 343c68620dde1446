import { availableParallelism } from "node:os";
// The worker's own modules, not nnlab/node's entry: this process passes trials to threads and never loads the library itself.
import { parseRedisAddress } from "../../node/queue/redis-address.js";
import { startQueueWorker } from "../../node/queue/queue-worker.js";
import { CliError, EXIT, type GlobalOptions } from "../context.js";

/**
 * nnlab worker --queue redis://HOST:PORT [--concurrency n] [--max-trials m]: runs the trials of every sweep
 * queued there (`nnlab sweep --queue`), n at a time, until Ctrl-C or SIGTERM, which let the running trials
 * finish (a second one quits at once: BullMQ then gives those trials to another worker), or until it has
 * taken m trials and finished them (exit code 0). Each trial computes on
 * its sweep's kernels, which its job carries (a float32 one fails where they cannot run); --kernels is refused.
 */
export async function workerCommand(options: GlobalOptions & { queue: string; concurrency?: string; stalledMs?: string; name?: string; maxTrials?: string }): Promise<number> {
  // The kernels are the sweep's choice, not the worker's: each job carries its sweep's path (float32 results
  // differ between the paths in their last bits, and a queued sweep must give the local one's)
  if (options.json) throw new CliError("worker: --json has no result to print (a worker runs trials until Ctrl-C; its log goes to stderr, and each sweep prints its own results); received --json");
  if (options.threads !== undefined && options.threads !== "1") {
    throw new CliError(`worker: --threads is the sweep's to choose, not the worker's (--concurrency sets how many trials run at once); received --threads ${options.threads}`);
  }
  if (options.kernels !== undefined && options.kernels !== "auto") {
    throw new CliError(`worker: --kernels is the sweep's to choose, not the worker's: each trial runs on the kernels its sweep computes on (nnlab --kernels portable sweep ... --queue ...), which travel with the trial; received --kernels ${options.kernels}`);
  }
  const address = parseRedisAddress(options.queue);
  const concurrency = options.concurrency === undefined ? availableParallelism() : Number(options.concurrency);
  // threads are started before the queue is reached, each with its own copy of the library (~25 MB): 1e9 took 3 GB in 10 s
  const most = 4 * availableParallelism();
  if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= most)) throw new CliError(`worker: --concurrency must be an integer from 1 to ${most} (4 per core of this machine); received ${options.concurrency}`);
  const stalledMs = Number(options.stalledMs ?? 30_000);
  // a timer longer than 2^31 - 1 ms fires after 1 ms: the stalled-job check then ran every millisecond
  if (!(Number.isInteger(stalledMs) && stalledMs >= 100 && stalledMs <= 2 ** 31 - 1)) throw new CliError(`worker: --stalled-ms must be an integer from 100 to ${2 ** 31 - 1} (milliseconds); received ${options.stalledMs}`);
  if (options.name !== undefined && !/^[\w.:@-]+$/.test(options.name)) throw new CliError(`worker: --name may hold letters, digits and . : @ - _ only; received ${JSON.stringify(options.name)}`);
  const maxTrials = options.maxTrials === undefined ? undefined : Number(options.maxTrials);
  // digits only: Number() read "0x10" as 16 and "" as 0 (said as "received " with nothing after it)
  if (maxTrials !== undefined && !(/^\s*\d+\s*$/.test(options.maxTrials!) && Number.isSafeInteger(maxTrials) && maxTrials >= 1)) {
    throw new CliError(`worker: --max-trials must be a whole number of trials, 1 or more; received ${options.maxTrials!.trim() === "" ? "nothing" : options.maxTrials}`);
  }
  // Lines, not a bar: a worker's output is a log, usually of a machine nobody is watching; on stderr, as
  // every command's progress is (stdout is for results, and a worker has none)
  const log = (line: string) => void (!options.quiet && process.stderr.write(`${line}\n`));
  const worker = await startQueueWorker({ address, concurrency, stalledMs, name: options.name, log, ...(maxTrials === undefined ? {} : { maxTrials }) });
  let signals = 0;
  const interrupted = new Promise<void>((resolve) => {
    const onSignal = () => {
      signals++;
      if (signals > 1) process.exit(EXIT.interrupted);
      process.stderr.write("\nStopping after the running trials (Ctrl-C again to quit now; they then go to another worker)...\n");
      resolve();
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  const done = await Promise.race([interrupted.then(() => false), worker.finished.then(() => true)]);
  await worker.close();
  log(`worker ${worker.name}: stopped`);
  return done ? EXIT.ok : EXIT.interrupted;
}
