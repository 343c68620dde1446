/**
 * What `npm install nnlab` gets (the library audit, session 15): the package shipped only dist/, so its
 * own install step (node scripts/native/build.mjs) failed with "Cannot find module", and the playground
 * had no page to serve. The tarball's file list, from npm itself (no scripts run, nothing written).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };

describe("the published package", () => {
  it("holds what its install step runs and compiles, the data sets' attribution, and no build cache", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const files = new Set((JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path));
    const installScript = /^node (\S+)$/.exec(pkg.scripts.install!)![1]!;
    expect(files.has(installScript), installScript).toBe(true);
    // every source the native build compiles, and the headers they include
    const build = readFileSync(join(root, installScript), "utf8");
    for (const source of /\[("[\w.]+"(?:, "[\w.]+")*)\]\.map\(\(f\) => join\(root, "native", f\)\)/.exec(build)![1]!.split(", ").map((s) => JSON.parse(s) as string)) {
      expect(files.has(`native/${source}`), source).toBe(true);
    }
    for (const included of readFileSync(join(root, "native/gemm.cc"), "utf8").matchAll(/#include "([^"]+)"/g)) expect(files.has(`native/${included[1]}`), included[1]).toBe(true);
    expect(files.has("data/sets/README.md")).toBe(true);
    expect(files.has("dist/.tsbuildinfo")).toBe(false);
    // the page is built before packing (web/src is not shipped: the server serves web/dist as it is)
    expect(pkg.scripts.prepack).toMatch(/build:web/);
  });
});
