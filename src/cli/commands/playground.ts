import { isLoopbackHost } from "../../node/allowed-hosts.js";
import { startPlaygroundServer } from "../../node/playground-server.js";
import { CliError } from "../context.js";

/**
 * nnlab playground: serves the page on 127.0.0.1 (a free port unless --port), rebuilt from its sources
 * once the port is bound, and prints its address; Ctrl-C stops it.
 */
export async function playgroundCommand(options: { port?: string; host?: string }): Promise<number> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`playground: --port must be a whole number from 0 to 65535; received ${options.port}`);
  }
  const host = options.host ?? "127.0.0.1";
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `nnlab playground: warning: --host ${host} is not a loopback address: the page will be reachable from other machines on the network; leave --host out to serve this machine only\n`,
    );
  }
  let server;
  try {
    server = await startPlaygroundServer({ port, host, rebuild: true });
  } catch (error) {
    throw listenError(error, host, port) ?? error;
  }
  process.stdout.write(`nnlab playground: ${server.url}\n(Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await server.close();
  return 0;
}

/** Why the server could not listen, in terms of --port and --host; null for other errors. */
function listenError(error: unknown, host: string, port: number): CliError | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return new CliError(`playground: port ${port} on ${host} is in use; choose another with --port or leave it out for a free one`);
  if (code === "EACCES") return new CliError(`playground: not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges); choose another with --port or leave it out for a free one`);
  if (code === "EADDRNOTAVAIL") return new CliError(`playground: --host ${host} is not an address of this machine; leave --host out for 127.0.0.1`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new CliError(`playground: --host ${host}: no such host name; give an address such as 127.0.0.1`);
  return null;
}
