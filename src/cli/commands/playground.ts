import { buildPlayground } from "../../node/build-playground.js";
import { startPlaygroundServer } from "../../node/playground-server.js";
import { CliError } from "../context.js";

/**
 * nnlab playground: builds the page and serves it on 127.0.0.1 (a free port unless --port), printing its
 * address; Ctrl-C stops it.
 */
export async function playgroundCommand(options: { port?: string; host?: string }): Promise<number> {
  const port = Number(options.port ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CliError(`playground: --port must be a whole number from 0 to 65535; received ${options.port}`);
  }
  await buildPlayground();
  const server = await startPlaygroundServer({ port, host: options.host ?? "127.0.0.1" });
  process.stdout.write(`nnlab playground: ${server.url}\n(Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await server.close();
  return 0;
}
