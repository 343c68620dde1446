// npm test: build dist/ (the tests run the built CLI), then run vitest while the type check of everything
// (sources, tests, scripts, the page) runs beside it. The type check is one mostly single-threaded tsc of
// ~25 s on a fresh clone; the tests leave a core idle for about a third of their time (they wait on child
// processes, Redis and Chromium), so overlapping the two took ~20 s off npm test on 2 cores, where running
// the type check first (beside the build) added it in full. Either failing fails npm test; the type
// check's output is held back and printed after the tests', so that it is not lost among theirs.
// The build is skipped when its record (dist/.tsbuildinfo) is newer than every source file and tsconfig:
// tsc takes ~8 s to find that nothing changed, as after `npm ci`, whose prepare step built dist/. Otherwise
// it runs incrementally. The type check's record is kept under node_modules/.cache.
import { spawn } from "node:child_process";
import { readdirSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const vitest = require.resolve("vitest/vitest.mjs");

/** Runs node with `args`; its output goes to ours, or into the returned text when `quiet`. */
const run = (args, { quiet = false } = {}) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
    let output = "";
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });

/** The newest modification time of the files under `dir` (milliseconds). */
const newest = (dir) =>
  Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));

function builtAfterSources() {
  try {
    const built = statSync("dist/.tsbuildinfo").mtimeMs;
    return built >= Math.max(newest("src"), statSync("tsconfig.json").mtimeMs, statSync("tsconfig.build.json").mtimeMs);
  } catch {
    return false; // no build yet
  }
}

const typecheck = run([tsc, "-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", "node_modules/.cache/nnlab/typecheck.tsbuildinfo"], { quiet: true });
const buildStart = new Date();
const build = builtAfterSources() ? { code: 0 } : await run([tsc, "-p", "tsconfig.build.json"]);
// (tsc leaves its record untouched when nothing changed; dating it to the build's start lets the next run
// skip a build that found dist/ current, and still sees any file saved while it ran)
if (build.code === 0) utimesSync("dist/.tsbuildinfo", buildStart, buildStart);
if (build.code !== 0) {
  process.stderr.write("npm test: the build (tsc -p tsconfig.build.json) failed; the tests need dist/\n");
  process.exit(build.code);
}
const tests = await run([vitest, "run", ...process.argv.slice(2)]);
const checked = await typecheck;
if (checked.code !== 0) process.stderr.write(`${checked.output}npm test: the type check (tsc -p tsconfig.json --noEmit) failed\n`);
process.exit(tests.code !== 0 ? tests.code : checked.code);
