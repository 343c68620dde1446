/**
 * The playground server answers only files of the page's folder (acceptance 4): `..` in any spelling
 * and absolute paths get 404, never a file outside; it binds 127.0.0.1 unless told otherwise.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlaygroundServer, resolveRequestPath, startPlaygroundServer } from "../../src/node/playground-server.js";

let base: string;
let root: string;
let server: PlaygroundServer;

/** A raw request: the path goes on the wire exactly as written (fetch would normalize the dots). */
function get(path: string, method = "GET"): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method }, (res) => {
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
  it("binds 127.0.0.1 on a free port by default and prints that URL", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
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
