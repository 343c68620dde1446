/**
 * A signal in the middle of an atomic write (nnlab predict's CSV of millions of rows takes tens of seconds)
 * leaves the old file and no temporary one. Before, Ctrl-C ended the process by the signal's default action,
 * and the hidden `.out.csv.<hex>.tmp` of what had been written stayed. Each case runs in a process of its
 * own, held in the middle of its write until the test sends the signal (no sleep: it waits for "writing").
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SAVE_FILE = resolve("dist/node/save-file.js");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "nnlab-signal-write-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A process that writes out.csv in chunks and stops after the first until a signal comes; `listener` is
 * code run first (a command's own handler). Resolves with how it ended and what the folder holds.
 */
async function writeThenSignal(folder: string, signal: NodeJS.Signals, listener = "") {
  await writeFile(join(folder, "out.csv"), "old\n");
  const script = `
    import { writeFileAtomicChunks } from ${JSON.stringify(SAVE_FILE)};
    ${listener}
    setInterval(() => {}, 1000);
    async function* chunks() {
      yield "new,";
      process.stdout.write("writing\\n");
      await new Promise(() => {}); // held here until the signal
    }
    await writeFileAtomicChunks(${JSON.stringify(join(folder, "out.csv"))}, chunks());
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  await new Promise<void>((done, fail) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("writing") && done());
    child.on("exit", () => fail(new Error(`the writer ended before writing: ${stderr}`)));
  });
  // the temporary file is there while the write is held (the premise)
  const during = (await readdir(folder)).filter((name) => name.endsWith(".tmp"));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on("exit", (code, s) => done({ code, signal: s })));
  child.kill(signal);
  const end = await ended;
  return { ...end, during, after: (await readdir(folder)).sort(), old: await readFile(join(folder, "out.csv"), "utf8"), stderr };
}

describe("a signal during an atomic write", () => {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    it(`${signal} with no handler of the command's: ends by the signal, the old file kept, no temporary file`, async () => {
      const folder = await mkdtemp(join(dir, `${signal}-`));
      const end = await writeThenSignal(folder, signal);
      expect(end.during).toHaveLength(1);
      expect(end).toMatchObject({ code: null, signal, after: ["out.csv"], old: "old\n" });
    });
  }

  it("a command that handles Ctrl-C itself keeps its handler, and quitting with process.exit removes the file", async () => {
    const folder = await mkdtemp(join(dir, "handler-"));
    // as interruptFlag's second Ctrl-C: process.exit(130)
    const end = await writeThenSignal(folder, "SIGINT", `process.on("SIGINT", () => { process.stderr.write("own handler\\n"); process.exit(130); });`);
    expect(end.during).toHaveLength(1);
    expect(end.stderr).toContain("own handler");
    expect(end).toMatchObject({ code: 130, signal: null, after: ["out.csv"], old: "old\n" });
  });
});
