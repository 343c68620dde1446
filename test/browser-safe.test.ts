/**
 * The core runs in browsers: nothing outside src/node (and tests) may import a Node built-in.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const src = fileURLToPath(new URL("../src/", import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

it("no module of the core imports node:* or a Node built-in", () => {
  const core = files(src).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !relative(src, f).startsWith("node"));
  expect(core.length).toBeGreaterThan(20);
  const offenders = core.filter((f) =>
    /from\s+["'](node:|fs|path|os|crypto|worker_threads|child_process)["'/]/.test(readFileSync(f, "utf8")),
  );
  expect(offenders.map((f) => relative(src, f))).toEqual([]);
});
