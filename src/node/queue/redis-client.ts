/**
 * A plain Redis connection (ioredis, which BullMQ itself uses) for what BullMQ does not do: checking that
 * the server answers before anything waits on it, and the list of sweeps in progress. Loaded on first
 * use, so that `nnlab --version` and local sweeps never load it.
 */
import type { Redis } from "ioredis";
import { NnlabError } from "../../errors.js";
import type { RedisAddress } from "./redis-address.js";
import { SWEEPS_CHANNEL, SWEEPS_KEY } from "./trial-job.js";

/** A connection's reconnect schedule: the wait before the `times`-th attempt, or null to give up. */
export type RetryStrategy = (times: number) => number | null;

/**
 * Connects, pings and selects the address's database, or says in one line why not: no server there, a
 * password wanted or refused, a database the server does not have. The connection does not reconnect
 * by itself unless `lasting` (a worker's, which outlives a restart of the server) or given `retry`.
 */
export async function connectRedis(address: RedisAddress, options: { lasting?: boolean; retry?: RetryStrategy; answerMs?: number } = {}): Promise<Redis> {
  const { Redis } = await import("ioredis");
  const client = new Redis(address.url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000, retryStrategy: () => null });
  const retry = options.retry ?? (options.lasting ? (times: number) => Math.min(times * 200, 2000) : undefined);
  if (retry) client.options.retryStrategy = retry;
  // The socket's error (ECONNREFUSED) comes as an event, the failed connect() only says "Connection is closed";
  // with a listener, ioredis also does not print each error itself.
  let socketError: NodeJS.ErrnoException | undefined;
  client.on("error", (error: NodeJS.ErrnoException) => (socketError ??= error));
  // connectTimeout ends a connect that no one accepts; a server that accepts and never answers (not Redis,
  // or a stuck one) would leave the ready check and the PING waiting for ever.
  const answerMs = options.answerMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  const silence = new Promise<"silent">((resolve) => (timer = setTimeout(() => resolve("silent"), answerMs)));
  const answer = (async () => {
    await client.connect();
    await client.ping();
  })();
  answer.catch(() => undefined); // once the wait is given up, the disconnect below fails it, unawaited
  try {
    if ((await Promise.race([answer, silence])) === "silent") throw new Error(`no answer within ${answerMs / 1000} s: is it a Redis server?`);
  } catch (error) {
    client.disconnect();
    const cause = socketError ?? (error as NodeJS.ErrnoException);
    const why = cause.code ?? cause.message;
    // A server that answers and refuses the password was reached: "start one" would send the user astray.
    const refusal = /^(NOAUTH|WRONGPASS)\b/.exec(cause.message ?? "")?.[1];
    const withPassword = address.shown.replace("//", new URL(address.url).username ? "//USER:PASSWORD@" : "//:PASSWORD@");
    if (refusal === "NOAUTH") throw new NnlabError(`${address.shown}: the Redis server there wants a password (NOAUTH); received none: give it as ${withPassword}`);
    if (refusal === "WRONGPASS") throw new NnlabError(`${address.shown}: the Redis server there refused the password given (WRONGPASS: a wrong password or user name); check it in ${withPassword}`);
    throw new NnlabError(`${address.shown}: cannot reach a Redis server there (${why}); start one (redis-server --port ${address.port}) or check the address`);
  } finally {
    clearTimeout(timer);
  }
  if (address.db !== 0) await selectDatabase(client, address);
  return client;
}

/**
 * ioredis selects the address's database on connecting, but a SELECT the server refuses only raises an
 * event, and every command then went to database 0; asked again here, the refusal becomes one line.
 */
async function selectDatabase(client: Redis, address: RedisAddress): Promise<void> {
  let reply: string;
  try {
    await client.select(address.db);
    return;
  } catch (error) {
    reply = (error as Error).message;
  }
  // The server's limit, where it tells it (CONFIG may be disabled, as on some managed servers).
  const count = await client
    .config("GET", "databases")
    .then((answer) => Number((answer as string[])[1]))
    .catch(() => NaN);
  client.disconnect();
  const has = count > 0 ? `has databases 0 to ${count - 1} (its "databases" setting)` : `refused it (${reply})`;
  throw new NnlabError(`${address.shown}: expected a database the Redis server there has; received DB ${address.db}, and the server ${has}`);
}

/** Lists the sweep's queue among those in progress and tells the workers listening. */
export async function announceSweep(client: Redis, queue: string): Promise<void> {
  await client.sadd(SWEEPS_KEY, queue);
  await client.publish(SWEEPS_CHANNEL, `start ${queue}`);
}

/** Takes a finished sweep's queue off the list, and tells the workers to stop serving it. */
export async function retireSweep(client: Redis, queue: string): Promise<void> {
  await client.srem(SWEEPS_KEY, queue);
  await client.publish(SWEEPS_CHANNEL, `end ${queue}`);
}

/** The queues of the sweeps in progress. */
export function sweepsInProgress(client: Redis): Promise<string[]> {
  return client.smembers(SWEEPS_KEY);
}

/**
 * Calls `onChange("start" | "end", queue)` for each sweep that starts or ends, on a connection of its
 * own (a subscribed connection can do nothing else). Resolves once subscribed; call the returned function to stop.
 */
export async function watchSweeps(client: Redis, onChange: (verb: "start" | "end", queue: string) => void): Promise<() => Promise<void>> {
  const subscriber = client.duplicate({ maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) });
  subscriber.on("error", () => undefined);
  subscriber.on("message", (_channel: string, message: string) => {
    const [verb, queue] = message.split(" ");
    if ((verb === "start" || verb === "end") && queue) onChange(verb, queue);
  });
  await subscriber.subscribe(SWEEPS_CHANNEL);
  return async () => {
    await subscriber.quit().catch(() => subscriber.disconnect());
  };
}
