/**
 * Runs the nnlab command line for a test: in this process by default (main() with stdout and stderr
 * captured and the working folder switched; a spawned Node costs ~0.7 s of start-up per call, and the
 * CLI tests make ~100 calls), or as a real process of the built CLI (dist/cli/bin.js, built by `npm
 * test` before vitest) where the test is about the process itself: signals, exit, the executable.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const bin = fileURLToPath(new URL("../../dist/cli/bin.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One call at a time: the working folder and the standard streams are the process's own. */
let queue: Promise<unknown> = Promise.resolve();

export function runCli(args: string[], cwd: string, options: { process?: boolean; timeoutMs?: number; input?: string } = {}): Promise<CliResult> {
  if (options.process) return spawnCli(args, cwd, options.timeoutMs, options.input);
  const run = queue.then(() => runHere(args, cwd));
  queue = run.catch(() => undefined);
  return run;
}

async function runHere(args: string[], cwd: string): Promise<CliResult> {
  const previous = process.cwd();
  const out = process.stdout.write;
  const err = process.stderr.write;
  let stdout = "";
  let stderr = "";
  const capture = (append: (text: string) => void) =>
    function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
      append(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    };
  process.chdir(cwd);
  process.stdout.write = capture((t) => (stdout += t)) as typeof process.stdout.write;
  process.stderr.write = capture((t) => (stderr += t)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.chdir(previous);
  }
}

/** The built CLI as its own process (`input`: written to its standard input, a pipe, which is then closed). */
export function spawnCli(args: string[], cwd: string, timeoutMs = 120_000, input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, FORCE_COLOR: "0" } });
    if (input !== undefined) child.stdin.end(input);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
