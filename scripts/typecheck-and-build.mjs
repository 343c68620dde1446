// npm test's first step: type-check everything (sources, tests, scripts, the page) and build dist/ for
// the tests that run the built CLI. The two tsc runs are independent and mostly single-threaded, so they
// run side by side (about 8 s less on 2 cores); either failing fails the step, with its output. Both are
// incremental: the build's record lives in dist/ (deleting dist/ rebuilds all), so after `npm ci` (whose
// prepare step built dist/) the build here only checks that nothing changed; the type check's record is
// kept under node_modules/.cache.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const run = (args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, ...args], { stdio: "inherit" });
    child.on("close", (code) => resolve(code ?? 1));
  });

const codes = await Promise.all([run(["-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", "node_modules/.cache/nnlab/typecheck.tsbuildinfo"]), run(["-p", "tsconfig.build.json"])]);
process.exit(codes.find((code) => code !== 0) ?? 0);
