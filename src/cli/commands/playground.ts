import { lookup } from "node:dns/promises";
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { type ExperimentSpec, isBuiltInSource } from "../../index.js";
import { isLoopbackHost } from "../../node/allowed-hosts.js";
import { type OpenedSpec, startPlaygroundServer } from "../../node/playground-server.js";
import { CliError } from "../context.js";
import { readSpec } from "../spec.js";

/**
 * The spec file, checked as `nnlab train` checks it, and the text of the CSV it reads (relative to the
 * spec's folder, as for `nnlab train`): the page is handed both, and names the file by its base name.
 */
async function openedSpec(path: string): Promise<OpenedSpec> {
  const spec: ExperimentSpec = await readSpec(path);
  if (isBuiltInSource(spec.data.source)) return { spec, csv: null };
  const file = resolve(dirname(path), spec.data.source);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: data.source ${JSON.stringify(spec.data.source)}: ${code === "ENOENT" ? `no such file (${file})` : `cannot read ${file} (${code})`}`);
  }
  const name = basename(file);
  return { spec: { ...spec, data: { ...spec.data, source: name } }, csv: { name, text } };
}

/**
 * nnlab playground [spec.json]: serves the page on 127.0.0.1 (a free port unless --port), rebuilt from its
 * sources once the port is bound, and prints its address, which opens the spec when one is given;
 * Ctrl-C stops it.
 */
export async function playgroundCommand(specPath: string | undefined, options: { port?: string; host?: string; json?: boolean }): Promise<number> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`playground: --port must be a whole number from 0 to 65535; received ${options.port}`);
  }
  const host = options.host ?? "127.0.0.1";
  // a host name that does not resolve is one line, not a warning about exposing it and then the error
  await lookup(host).catch((error: unknown) => {
    throw listenError(error, host, port) ?? error;
  });
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `nnlab playground: warning: --host ${host} is not a loopback address: the page will be reachable from other machines on the network; leave --host out to serve this machine only\n`,
    );
  }
  // A bad spec is said before anything listens.
  const opened = specPath === undefined ? undefined : await openedSpec(specPath);
  let server;
  try {
    server = await startPlaygroundServer({ port, host, rebuild: true, opened });
  } catch (error) {
    throw listenError(error, host, port) ?? error;
  }
  // the address is the result (a script reads it from stdout, as JSON under --json); the hint is for a person
  process.stdout.write(options.json ? `${JSON.stringify({ url: server.url })}\n` : `nnlab playground: ${server.url}\n`);
  process.stderr.write("(Ctrl-C to stop)\n");
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
