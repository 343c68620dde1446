#!/usr/bin/env node
// The nnlab executable: everything lives in main.ts, which tests import without running.
import { describeFsError } from "../node/fs-error.js";
import { main } from "./main.js";

/**
 * A failure to write standard output: a reader that went away (EPIPE: `nnlab ... | head`) ends the output
 * quietly, as Unix tools do; another (a full disk behind `> file`) is said at the exit. Listened for from the
 * start: an "error" event no one listens to ends the process with a stack trace.
 */
let stdoutFailure: NodeJS.ErrnoException | null = null;
process.stdout.on("error", (error: NodeJS.ErrnoException) => void (stdoutFailure ??= error));

/**
 * Resolves once everything written to `stream` so far has been handed to the system (or failed). Output
 * into a pipe is written asynchronously, and process.exit() dropped what was still queued: `nnlab lr-find
 * --json | wc -c` gave 65536 of its 468100 bytes, every command alike.
 */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.writableLength === 0 || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("close", () => resolve());
    stream.write("", () => resolve());
  });
}

async function exit(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  // A file's writes are synchronous, but a failed one (ENOSPC from `> /dev/full`) is told by an "error"
  // event on a later tick: one turn of the event loop lets it arrive (every command but predict exited 0).
  await new Promise((resolve) => setImmediate(resolve));
  const failure = stdoutFailure as NodeJS.ErrnoException | null;
  if (failure && failure.code !== "EPIPE" && code === 0) {
    // (worded as predict words it: "stdout: cannot write ...: no space left on the device (ENOSPC from write)")
    process.stderr.write(`nnlab: ${describeFsError(failure, "stdout", "cannot write the output") ?? `stdout: cannot write the output: ${failure.message}`}\n`);
    process.exit(2);
  }
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  // main() reports every error itself; this is only for a failure in that reporting.
  (error: unknown) => {
    process.stderr.write(`nnlab: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    return exit(1);
  },
);
