import { stat } from "node:fs/promises";

/** Options every command takes. */
export interface GlobalOptions {
  runs: string;
  json?: boolean;
  quiet?: boolean;
  /** Print the stack trace of an unexpected error. */
  debug?: boolean;
  /** Which kernels compute: auto (native where built, else portable), native or portable. */
  kernels?: string;
  /** Threads for large products (and native updates). */
  threads?: string;
}

/** --kernels and --threads, checked: one line saying what was expected where they are wrong. */
export function kernelOptions(options: GlobalOptions): { choice: "auto" | "native" | "portable"; threads: number } {
  const choice = options.kernels ?? "auto";
  if (choice !== "auto" && choice !== "native" && choice !== "portable") throw new CliError(`--kernels: expected auto, native or portable; received ${choice}`);
  const text = options.threads ?? "1";
  const threads = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(threads) || threads < 1 || threads > 64) throw new CliError(`--threads: expected a whole number of threads from 1 to 64; received ${text}`);
  return { choice, threads };
}

/** A run's stop reason that is a divergence (exit 3): a NaN or infinite cost, or a cost far above its start. */
export const stoppedDiverging = (reason: string): boolean => reason === "nonFiniteCost" || reason === "diverged";

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

/**
 * An error that ends the command with this exit code and message. Its own class (not the library's
 * NnlabError) so that the CLI starts without loading the library.
 */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/**
 * The signals that ask a command to stop as Ctrl-C does: SIGTERM (timeout, docker stop, a CI cancel) and
 * SIGHUP (a closed terminal or SSH session) killed a run outright, losing the work since its last checkpoint.
 */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Ctrl-C (or SIGTERM, SIGHUP) once asks the command to stop (`when` says when: "after this batch" for
 * training, "after the running trials" for sweeps, or a function of the command's phase; what was done is
 * kept and saved); twice quits at once.
 */
export function interruptFlag(when: string | (() => string) = "after this batch"): { requested(): boolean; dispose(): void } {
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) process.stderr.write(`\nStopping ${typeof when === "string" ? when : when()} (Ctrl-C again to quit now)...\n`);
    else process.exit(EXIT.interrupted);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return { requested: () => count > 0, dispose: () => STOP_SIGNALS.forEach((signal) => process.off(signal, onSignal)) };
}

/**
 * Checks, before a command does any work, that the runs folder can be one: a path that is missing (it
 * is made when a run is saved) or a folder. A file there would otherwise surface after training, as
 * "EEXIST: file already exists, mkdir".
 */
export async function checkRunsFolder(runs: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(runs)).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "ENOTDIR") throw new CliError(`--runs ${runs}: expected a folder for the runs; a part of that path is a file`);
    throw new CliError(`--runs ${runs}: cannot use it as the runs folder (${code ?? (error as Error).message})`);
  }
  if (!isFolder) throw new CliError(`--runs ${runs}: expected a folder for the runs; received a file (give a folder, or leave --runs out for ./runs)`);
}

/** Writes the command's result: JSON on stdout with --json, else the human text. */
export function output(options: GlobalOptions, json: unknown, text: () => string): void {
  if (options.json) process.stdout.write(JSON.stringify(json, null, 2) + "\n");
  else process.stdout.write(text() + "\n");
}

/**
 * Runs `body` with a list to which it adds what must be put back when it ends, however it ends (the kernels
 * in use before a rerun switched to those its folder recorded).
 */
export async function withRestores<T>(body: (restore: Array<() => void>) => Promise<T>): Promise<T> {
  const restore: Array<() => void> = [];
  try {
    return await body(restore);
  } finally {
    for (const put of restore) put();
  }
}
