/**
 * Real processes for the queue tests: Debian's redis-server on 127.0.0.1 at a free port (npm test's
 * pretest installs it), `nnlab worker`s and `nnlab sweep`s of the built CLI. Every process started here is
 * killed by stopAll() (call it in afterAll/afterEach) and, failing that, when the test process exits.
 * Waiting is on lines the processes print, never on sleeps.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { bin } from "../cli/run-cli.js";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

const started = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of started) child.kill("SIGKILL");
});

/** A process whose output lines can be awaited. */
export interface Running {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** What it printed on stdout alone (a command's --json result). */
  stdout(): string;
  /** Resolves with the first line (past or future) matching `pattern`; rejects if the process ends first. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves with its exit code (or signal name) once it has ended. */
  exited: Promise<number | string>;
}

function watch(child: ChildProcess): Running {
  started.add(child);
  let text = "";
  let stdout = "";
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  let ended: string | undefined;
  const check = () => {
    const lines = text.split("\n");
    for (const w of [...waiters]) {
      const found = lines.find((l) => w.pattern.test(l));
      if (found !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(found);
      } else if (ended !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.reject(new Error(`the process ended (${ended}) before printing a line matching ${w.pattern}; it printed:\n${text}`));
      }
    }
  };
  const append = (d: Buffer) => {
    text += d.toString("utf8");
    check();
  };
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString("utf8");
    append(d);
  });
  child.stderr?.on("data", append);
  const exited = new Promise<number | string>((resolve) =>
    child.on("close", (code, signal) => {
      started.delete(child);
      ended = code === null ? String(signal) : `exit code ${code}`;
      check();
      resolve(code ?? String(signal));
    }),
  );
  return {
    child,
    output: () => text,
    stdout: () => stdout,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
      }),
    exited,
  };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis server of its own, in memory only, on 127.0.0.1; resolves once it accepts connections. On
 * `port` (a server restarted where the last one was, empty), with `args` added (e.g. --requirepass).
 */
export async function startRedis(options: { port?: number; args?: string[] } = {}): Promise<{ url: string; port: number; process: Running }> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`the queue tests need Debian's redis-server (${REDIS_SERVER}); install it with: sudo apt-get install -y redis-server`);
  const port = options.port ?? (await freePort());
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", ...(options.args ?? [])];
  const redis = watch(spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] }));
  await redis.line(/Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}/0`, port, process: redis };
}

/** The built CLI as a process in `cwd`. */
export function startCli(args: string[], cwd: string, env: Record<string, string> = {}): Running {
  return watch(spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, FORCE_COLOR: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] }));
}

/**
 * `nnlab worker` on the queue, one trial at a time, dead workers' trials recovered within a second or two
 * (its trials run on a thread, so its locks are renewed on time even on a loaded machine; a lock lost
 * anyway makes a trial run twice, which the sweep records once); resolves once it waits for trials.
 */
export async function startWorker(url: string, cwd: string, name: string, options: string[] = []): Promise<Running> {
  // the later of a repeated option counts: `options` may set another --concurrency
  const worker = startCli(["worker", "--queue", url, "--concurrency", "1", "--stalled-ms", "600", "--name", name, ...options], cwd);
  await worker.line(/waiting for trials/);
  return worker;
}

/** Kills every process still running and waits for them to end. */
export async function stopAll(): Promise<void> {
  const running = [...started];
  for (const child of running) child.kill("SIGKILL");
  await Promise.all(running.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once("close", r)))));
}

/**
 * Between tests: every process stopped (workers, commands, the Redis server) and a new Redis started, so
 * that no worker or queue left by one test serves the next.
 */
export async function restartRedis(): Promise<Awaited<ReturnType<typeof startRedis>>> {
  await stopAll();
  return startRedis();
}
