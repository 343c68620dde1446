/**
 * npm run playground [-- --port 8080 --host 127.0.0.1] — rebuilds the page and serves it, printing the
 * URL. (The CLI's `nnlab playground` calls the same startPlaygroundServer.)
 */
import { buildPlayground } from "../src/node/build-playground.js";
import { startPlaygroundServer } from "../src/node/playground-server.js";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const port = Number(option("port") ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a whole number from 0 to 65535; received ${option("port")}`);
  process.exit(2);
}
await buildPlayground();
const server = await startPlaygroundServer({ port, host: option("host") ?? "127.0.0.1" });
console.log(`nnlab playground: ${server.url}`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
