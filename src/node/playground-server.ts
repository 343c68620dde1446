import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, isAbsolute, join, normalize, sep } from "node:path";
import { isAllowedHostHeader } from "./allowed-hosts.js";
import { buildPlayground, PLAYGROUND_DIST, PLAYGROUND_SOURCE } from "./build-playground.js";

export interface PlaygroundServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default "127.0.0.1": only this machine can connect. */
  host?: string;
  /** Folder of the built page. Default web/dist, built first when it has no index.html. */
  root?: string;
  /**
   * Build web/dist from the sources once the port is bound (so a port in use is said at once, not
   * after the build), even when it is built already. Ignored with `root`.
   */
  rebuild?: boolean;
  /**
   * A spec to open (`nnlab playground spec.json`), with the text of the CSV it reads when its source is a
   * file: served as /opened.json, which the page asks for when its address has "?open".
   */
  opened?: OpenedSpec;
}

/** What /opened.json holds. */
export interface OpenedSpec {
  spec: unknown;
  csv: { name: string; text: string } | null;
}

export interface PlaygroundServer {
  /** e.g. "http://127.0.0.1:51234/"; with an opened spec, the address that opens it ("...?open"). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** A chunk of buildPlayground's output (chunks/<name>-<content hash>.js). */
const IMMUTABLE_CHUNK = /^\/chunks\/[\w-]+-[A-Z0-9]{8}\.js(\.map)?$/;

/** The page needs nothing from elsewhere; saying so stops injected content from reaching out. */
const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data: blob:; worker-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-cache",
};

/**
 * The file under `root` that a request path names, or null. Only plain relative paths inside the
 * folder qualify: any ".." segment, backslash, NUL, drive letter or absolute path (also when
 * percent-encoded, e.g. %2e%2e or %2F) is refused rather than normalized away.
 */
export function resolveRequestPath(root: string, requestTarget: string): string | null {
  if (!requestTarget.startsWith("/") || requestTarget.startsWith("//")) return null;
  const pathname = requestTarget.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const relative = decoded === "/" ? "index.html" : decoded.slice(1);
  if (relative === "" || /[\\\0:]/.test(relative) || isAbsolute(relative)) return null;
  if (relative.split("/").some((segment) => segment === ".." || segment === ".")) return null;
  const path = normalize(join(root, relative));
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
  res.end("not found\n");
}

function misdirected(res: ServerResponse, port: number): void {
  res.writeHead(421, { "Content-Type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
  res.end(`this server answers only requests for its own address; open http://127.0.0.1:${port}/\n`);
}

async function serve(root: string, req: IncomingMessage, res: ServerResponse, opened: string | null): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain; charset=utf-8" });
    res.end("method not allowed\n");
    return;
  }
  if (opened !== null && req.url?.split(/[?#]/, 1)[0] === "/opened.json") {
    res.writeHead(200, { "Content-Type": CONTENT_TYPES[".json"], "Content-Length": Buffer.byteLength(opened), ...SECURITY_HEADERS });
    res.end(req.method === "HEAD" ? undefined : opened);
    return;
  }
  const path = resolveRequestPath(root, req.url ?? "");
  if (!path) return notFound(res);
  let real: string;
  try {
    // A symbolic link inside the folder must not lead out of it.
    real = await realpath(path);
    if (!real.startsWith(root + sep) || !(await stat(real)).isFile()) return notFound(res);
  } catch {
    return notFound(res);
  }
  const size = (await stat(real)).size;
  res.writeHead(200, {
    "Content-Type": CONTENT_TYPES[extname(real).toLowerCase()] ?? "application/octet-stream",
    "Content-Length": size,
    ...SECURITY_HEADERS,
    // the build's chunks are named by their content's hash: a browser may keep them (and its compiled code)
    ...(IMMUTABLE_CHUNK.test(req.url ?? "") ? { "Cache-Control": "public, max-age=31536000, immutable" } : {}),
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  createReadStream(real).on("error", () => res.destroy()).pipe(res);
}

/**
 * Serves the playground page (static files, GET and HEAD only, no directory listings, and the opened spec) on
 * 127.0.0.1 unless told otherwise, answering only requests whose Host header names this server (421
 * otherwise). With no `root`, uses web/dist and builds it first if needed (or always, with `rebuild`).
 */
/** Request headers (the URL with them) the server reads: 256 KiB, past any spec the page writes into its address. */
const MAX_HEADER_BYTES = 256 * 1024;

export async function startPlaygroundServer(options: PlaygroundServerOptions = {}): Promise<PlaygroundServer> {
  const host = options.host ?? "127.0.0.1";
  const opened = options.opened ? JSON.stringify(options.opened) : null;
  let port = 0;
  // Requests wait for the page's folder, which is known (or built) only after the port is bound.
  let rootFound!: { resolve: (root: string) => void; reject: (error: unknown) => void };
  const rootReady = new Promise<string>((resolve, reject) => (rootFound = { resolve, reject }));
  rootReady.catch(() => {}); // a failed build is reported by startPlaygroundServer itself
  // The page keeps its whole spec in the query string (a link reproduces the run): a long one (many
  // layers, long names) passed Node's 16 KB of headers and a reload got 431 with an empty page.
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    // Against DNS rebinding: a request that names another host is not for us (allowed-hosts.ts).
    if (!isAllowedHostHeader(req.headers.host, host, port)) return misdirected(res, port);
    rootReady
      .then((root) => serve(root, req, res, opened))
      .catch(() => {
        if (!res.headersSent) notFound(res);
        else res.destroy();
      });
  });
  // Listen first: a port in use or a wrong host is reported before any build.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  pageRoot(options).then(rootFound.resolve, rootFound.reject);
  try {
    await rootReady;
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return { url: `http://${shownHost}:${port}/${opened !== null ? "?open" : ""}`, port, close };
}

/** The real path of the page's folder, building web/dist first when asked or when it is not built. */
async function pageRoot(options: PlaygroundServerOptions): Promise<string> {
  let root = options.root;
  if (root === undefined) {
    root = PLAYGROUND_DIST;
    const built = await stat(join(root, "index.html")).then(() => true, () => false);
    // an installed package ships the built page without its sources (package.json "files"): served as is
    const sources = await stat(join(PLAYGROUND_SOURCE, "src", "main.ts")).then(() => true, () => false);
    if ((options.rebuild && sources) || !built) await buildPlayground({ outDir: root });
  }
  return realpath(root);
}
