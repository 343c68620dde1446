/** Where a sweep's queue lives: a Redis server, given as redis://HOST:PORT[/DB] (rediss:// for TLS). */
import { NnlabError } from "../../errors.js";

export interface RedisAddress {
  /** The URL as given: what ioredis and BullMQ connect with. */
  url: string;
  /** The URL without a password: what messages and reports show. */
  shown: string;
  /** The host name or address, an IPv6 one without its brackets ("::1"). */
  host: string;
  port: number;
  db: number;
}

/** Reads redis://[:PASSWORD@]HOST:PORT[/DB]; anything else is refused with what was expected. */
export function parseRedisAddress(text: string, option = "--queue"): RedisAddress {
  const refuse = (why: string) => new NnlabError(`${option}: expected redis://HOST:PORT[/DB] (e.g. redis://127.0.0.1:6379/0)${why}; received ${JSON.stringify(text)}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse("");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw refuse("");
  if (!url.hostname) throw refuse(", with a host");
  const port = url.port === "" ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d+$/.test(dbText)) throw refuse(", DB a database number");
  const db = Number(dbText);
  if (url.search || url.hash) throw refuse(", nothing after the DB");
  // URL keeps an IPv6 address in its brackets ("[::1]"): shown as it is, the host without them.
  const shown = `${url.protocol}//${url.hostname}:${port}/${db}`;
  return { url: text, shown, host: url.hostname.replace(/^\[(.*)\]$/, "$1"), port, db };
}
