import { NnlabError } from "../errors.js";

/** Options every command takes. */
export interface GlobalOptions {
  runs: string;
  json?: boolean;
  quiet?: boolean;
}

/** Exit codes that mean something to scripts. */
export const EXIT = {
  ok: 0,
  /** The command ran and its check failed (a failing gradient check). */
  checkFailed: 1,
  /** Bad input: spec, file, CSV, arguments. */
  badInput: 2,
  /** Training diverged (cost NaN or infinite). */
  diverged: 3,
  /** Stopped by Ctrl-C (what was done so far is saved). */
  interrupted: 130,
} as const;

/** An error that ends the command with this exit code and message. */
export class CliError extends NnlabError {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/**
 * Ctrl-C once asks training to stop at the next batch (the best weights so far are kept and saved);
 * twice quits at once.
 */
export function interruptFlag(): { requested(): boolean; dispose(): void } {
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) process.stderr.write("\nStopping after this batch (Ctrl-C again to quit now)...\n");
    else process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSignal);
  return { requested: () => count > 0, dispose: () => process.off("SIGINT", onSignal) };
}

/** Writes the command's result: JSON on stdout with --json, else the human text. */
export function output(options: GlobalOptions, json: unknown, text: () => string): void {
  if (options.json) process.stdout.write(JSON.stringify(json, null, 2) + "\n");
  else process.stdout.write(text() + "\n");
}
