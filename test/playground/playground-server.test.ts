/**
 * The playground server answers only files of the page's folder (acceptance 4): `..` in any spelling
 * and absolute paths get 404, never a file outside; it binds 127.0.0.1 unless told otherwise; it
 * answers only requests whose Host header names it (421 otherwise, against DNS rebinding).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAllowedHostHeader, isLoopbackHost } from "../../src/node/allowed-hosts.js";
import { type PlaygroundServer, resolveRequestPath, startPlaygroundServer } from "../../src/node/playground-server.js";

let base: string;
let root: string;
let server: PlaygroundServer;

/** A raw request: the path goes on the wire exactly as written (fetch would normalize the dots). */
function get(path: string, method = "GET", headers: Record<string, string> = {}): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method, headers, setHost: !("Host" in headers) }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "nnlab-server-"));
  root = join(base, "page");
  mkdirSync(join(root, "sub"), { recursive: true });
  mkdirSync(join(root, "chunks"), { recursive: true });
  writeFileSync(join(root, "chunks", "chunk-AB12CD34.js"), "export {};");
  writeFileSync(join(root, "index.html"), "<!doctype html><title>page</title>");
  writeFileSync(join(root, "main.js"), "export {};");
  writeFileSync(join(root, "styles.css"), "body{}");
  writeFileSync(join(root, "sub", "data.csv"), "x,y\n1,0\n");
  writeFileSync(join(base, "secret.txt"), "SECRET");
  symlinkSync(join(base, "secret.txt"), join(root, "link.txt"));
  server = await startPlaygroundServer({ root });
});

afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

describe("startPlaygroundServer", () => {
  it("lets a browser keep the build's content-hashed chunks; every other file is asked for again each time", async () => {
    const chunk = await fetch(`${server.url}chunks/chunk-AB12CD34.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    for (const path of ["main.js", "index.html", "sub/data.csv"]) expect((await fetch(server.url + path)).headers.get("cache-control")).toBe("no-cache");
  });

  it("answers an address with a long query (a spec of 40 KB in the URL: Node's 16 KB of headers gave 431)", async () => {
    const long = await get(`/index.html?spec=${"a".repeat(40_000)}`);
    expect(long.status).toBe(200);
    expect(long.body).toContain("<title>page</title>");
  });

  it("binds 127.0.0.1 on a free port by default and prints that URL", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves no opened spec unless given one; given one, at /opened.json, with an address that opens it", async () => {
    expect((await get("/opened.json")).status).toBe(404);
    const opened = { spec: { data: { source: "ring.csv" } }, csv: { name: "ring.csv", text: "a,b,y\n1,2,0\n" } };
    const other = await startPlaygroundServer({ root, opened });
    try {
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/?open`);
      const answer = await fetch(`http://127.0.0.1:${other.port}/opened.json`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await answer.json()).toEqual(opened);
    } finally {
      await other.close();
    }
  });

  it("serves the page's files with their content types", async () => {
    const index = await get("/");
    expect(index).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
    expect(index.body).toContain("<title>page</title>");
    expect(await get("/index.html?data=circles")).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
    expect(await get("/main.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
    expect(await get("/styles.css")).toMatchObject({ status: 200, type: "text/css; charset=utf-8" });
    expect(await get("/sub/data.csv")).toMatchObject({ status: 200, type: "text/csv; charset=utf-8", body: "x,y\n1,0\n" });
  });

  it.each([
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/..%2fsecret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    "/%2Fetc%2Fpasswd",
    "/%2fetc/passwd",
    "/C:/Windows/win.ini",
    "/%2Fetc%2Fhostname",
    "http://127.0.0.1/etc/passwd",
    "/%00index.html",
    "/%zz",
  ])("gives 404 for %s", async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain("SECRET");
  });

  it("gives 404 for directories (no listings), missing files and links that lead outside", async () => {
    expect((await get("/sub")).status).toBe(404);
    expect((await get("/sub/")).status).toBe(404);
    expect((await get("/missing.js")).status).toBe(404);
    expect((await get("/link.txt")).status).toBe(404);
  });

  it("answers only GET and HEAD", async () => {
    expect((await get("/", "POST")).status).toBe(405);
    expect(await get("/main.js", "HEAD")).toMatchObject({ status: 200, body: "" });
  });

  it("listens where it is told", async () => {
    const other = await startPlaygroundServer({ root, host: "127.0.0.1", port: 0 });
    try {
      expect(other.port).not.toBe(server.port);
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/`);
    } finally {
      await other.close();
    }
  });
});

describe("the Host header (DNS rebinding)", () => {
  it("answers requests for 127.0.0.1, localhost and [::1] on its port", async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LOCALHOST:${server.port}`, `[::1]:${server.port}`]) {
      expect((await get("/", "GET", { Host: host })).status, host).toBe(200);
    }
  });

  it("refuses another name, another port, or no port, with 421 and a short text", async () => {
    for (const host of ["evil.example.com", `evil.example.com:${server.port}`, `127.0.0.1:${server.port + 1}`, "127.0.0.1", `localhost.evil.example.com:${server.port}`, ""]) {
      const response = await get("/", "GET", { Host: host });
      expect(response.status, host).toBe(421);
      expect(response.type).toBe("text/plain; charset=utf-8");
      expect(response.body).toBe(`this server answers only requests for its own address; open http://127.0.0.1:${server.port}/\n`);
    }
  });

  it("bound to every interface, also answers IP addresses, never a domain name", () => {
    expect(isAllowedHostHeader("192.168.1.20:8080", "0.0.0.0", 8080)).toBe(true);
    expect(isAllowedHostHeader("[fe80::1]:8080", "::", 8080)).toBe(true);
    expect(isAllowedHostHeader("evil.example.com:8080", "0.0.0.0", 8080)).toBe(false);
    expect(isAllowedHostHeader("192.168.1.20:8080", "127.0.0.1", 8080)).toBe(false);
    expect(isAllowedHostHeader("my-box.lan:8080", "my-box.lan", 8080)).toBe(true);
    expect(isAllowedHostHeader("localhost", "127.0.0.1", 80)).toBe(true);
    expect(isAllowedHostHeader(undefined, "127.0.0.1", 80)).toBe(false);
    expect(isAllowedHostHeader("a:b:c", "127.0.0.1", 80)).toBe(false);
  });

  it("tells loopback hosts from the others (which print a warning in the CLI)", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "::ffff:127.0.0.1"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.20", "example.com", "128.0.0.1"]) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe("listening fails clearly", () => {
  it("a port in use rejects with EADDRINUSE before anything is served", async () => {
    await expect(startPlaygroundServer({ root, port: server.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
  });
});

describe("resolveRequestPath", () => {
  it("maps / to index.html and keeps plain paths inside the folder", () => {
    expect(resolveRequestPath("/srv/page", "/")).toBe("/srv/page/index.html");
    expect(resolveRequestPath("/srv/page", "/sub/a.js?x=1#y")).toBe("/srv/page/sub/a.js");
    expect(resolveRequestPath("/srv/page", "/a%20b.txt")).toBe("/srv/page/a b.txt");
  });

  it("refuses dot segments and absolute paths in every spelling", () => {
    for (const target of ["/..", "/./index.html", "/%2e%2e", "/a/%2E%2E/%2E%2E/x", "//x", "/%2Fx", "*", "/a\\b", "/c:/x"]) {
      expect(resolveRequestPath("/srv/page", target), target).toBeNull();
    }
  });
});
