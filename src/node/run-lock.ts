/**
 * A run folder's lock (runs/<id>/.lock): the process training a run holds it, so that a second process
 * cannot work on the same run at once (a `train --resume` of a run still training rewrote its
 * history.jsonl under the trainer, removed its temporary files, and overwrote its finished outputs).
 * The file names the holder ({"pid", "host", "startedAt", ...}); one left by a process that no longer runs
 * (kill -9, a crash, a power cut) is taken over. Also the exclusive create that the lock and a sweep's
 * kernels.json share: a file that appears whole, once, or not at all.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, unlinkSync } from "node:fs";
import { link, open, readFile, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { NnlabError } from "../errors.js";
import { writeFileAtomic } from "./save-file.js";

/** The lock's file in a run folder. */
export const LOCK_FILE = ".lock";

/** Who holds a lock, as its file says. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO time). */
  startedAt: string;
  /** Linux: the boot the process ran in (/proc/sys/kernel/random/boot_id); a lock from an earlier boot is stale. */
  boot?: string;
  /** Linux: the process's start time (/proc/<pid>/stat), which tells a reused pid from the holder. */
  start?: string;
  /** Tells this lock from any other the same process took. */
  token: string;
}

export interface RunLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Whether this process still holds it. */
  readonly held: boolean;
  /** Removes the lock (once; later calls do nothing). */
  release(): Promise<void>;
}

/** Error codes with which a file system refuses hard links: the lock is then created with open("wx"). */
const LINK_UNSUPPORTED = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/** A temporary file next to `path`, named as writeFileAtomic names its own (the cleanup under a run's lock removes one a kill left). */
const tempNextTo = (path: string) => join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates `path` holding `text` unless it exists: true when this call created it, false when a file was
 * there. The text is written to a temporary file first and linked into place, so another process reads
 * the whole text or no file (where links are not supported: open with "wx", then the text).
 */
export async function createFileExclusive(path: string, text: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    const temp = tempNextTo(path);
    const file = await open(temp, "wx");
    try {
      await file.writeFile(text);
      await file.datasync();
    } catch (error) {
      await file.close().catch(() => {});
      await unlink(temp).catch(() => {});
      throw error;
    }
    await file.close();
    try {
      await link(temp, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return false;
      if (code && LINK_UNSUPPORTED.has(code)) return createWithOpen(path, text);
      // the temporary file was removed under us (another process's cleanup of stale ones): again
      const folderThere = await stat(dirname(path)).then((s) => s.isDirectory(), () => false);
      if (code !== "ENOENT" || !folderThere || attempt >= 5) throw error;
    } finally {
      await unlink(temp).catch(() => {});
    }
  }
}

async function createWithOpen(path: string, text: string): Promise<boolean> {
  let file;
  try {
    file = await open(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await file.writeFile(text);
    await file.datasync();
  } finally {
    await file.close();
  }
  return true;
}

const readText = (path: string) =>
  readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });

/** Removes `path` when it still holds `text` (a lock taken over since is someone else's). */
async function unlinkIfSame(path: string, text: string): Promise<void> {
  if ((await readText(path).catch(() => null)) === text) await unlink(path).catch(() => {});
}

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Linux: the start time of process `pid` in clock ticks since boot (field 22 of /proc/<pid>/stat); elsewhere undefined. */
function processStart(pid: number | "self"): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    return text.slice(text.lastIndexOf(")") + 2).split(" ")[19] || undefined;
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner> | null;
    if (!owner || typeof owner !== "object" || !Number.isInteger(owner.pid) || owner.pid! <= 0 || typeof owner.host !== "string" || typeof owner.startedAt !== "string") return null;
    return owner as LockOwner;
  } catch {
    return null;
  }
}

/** The locks this process holds: path -> the text it wrote. */
const held = new Map<string, string>();
let exitHooked = false;

/** On every exit, process.exit() from a second Ctrl-C included, this process's locks go (a kill -9 leaves them, to be taken over). */
function releaseAllSync(): void {
  for (const [path, text] of held) {
    try {
      if (readFileSync(path, "utf8") === text) unlinkSync(path);
    } catch {
      // gone already
    }
  }
  held.clear();
}

/**
 * "live": the process the lock names runs (process.kill(pid, 0) succeeds, or EPERM: another user's);
 * "dead": it does not (ESRCH; an earlier boot; its pid now another process's; this process, which does
 * not hold it); "elsewhere": it names another host, where nnlab cannot look.
 */
function ownerState(path: string, owner: LockOwner, text: string): "live" | "dead" | "elsewhere" {
  if (owner.host !== hostname()) return "elsewhere";
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return "dead";
  if (owner.pid === process.pid) return held.get(path) === text ? "live" : "dead";
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return "dead";
  }
  const start = processStart(owner.pid);
  return owner.start && start && owner.start !== start ? "dead" : "live";
}

/** "2026-05-01 12:03:04 UTC" of an ISO time (else the text as it is). */
const shownTime = (iso: string) => (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso);

/** Who trains the run in `dir` now: the owner its lock names when that process runs (or runs on another host), else null. */
export async function liveLockOwner(dir: string): Promise<(LockOwner & { elsewhere: boolean }) | null> {
  const path = join(dir, LOCK_FILE);
  const text = await readText(path).catch(() => null);
  const owner = text === null ? null : parseOwner(text);
  if (!owner) return null;
  const state = ownerState(path, owner, text!);
  return state === "dead" ? null : { ...owner, elsewhere: state === "elsewhere" };
}

/**
 * Takes `dir`'s lock for this process, or refuses in one line when a live process holds it; `what` names
 * the run in that line ("run 20260501-120304-moons"). A lock whose process no longer runs is taken over.
 */
export async function acquireRunLock(dir: string, what: string): Promise<RunLock> {
  const path = join(dir, LOCK_FILE);
  const boot = bootId();
  const start = processStart("self");
  const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), ...(boot ? { boot } : {}), ...(start ? { start } : {}), token: randomBytes(8).toString("hex") };
  const text = JSON.stringify(owner) + "\n";
  const deadline = Date.now() + 5000;
  for (;;) {
    if (await createFileExclusive(path, text)) break;
    const current = await readText(path);
    if (current === null) continue; // released meanwhile
    const other = parseOwner(current);
    if (other) {
      const state = ownerState(path, other, current);
      if (state !== "dead") {
        const where = state === "elsewhere" ? ` on ${other.host}` : "";
        const hint = state === "elsewhere" ? ` (if it no longer runs there, delete ${path})` : "";
        throw new NnlabError(`${what} is being trained by process ${other.pid}${where} (started ${shownTime(other.startedAt)}); wait for it, or stop it first${hint}`);
      }
    } else {
      // a lock being written where links are not supported; else one cut short (a power cut): stale
      const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age < 2000 && Date.now() < deadline) {
        await pause(20);
        continue;
      }
    }
    if (await takeOver(path, current, text)) break;
    if (Date.now() > deadline) throw new NnlabError(`${path}: could not take the run's lock (other processes kept taking it over); try again`);
    await pause(10);
  }
  held.set(path, text);
  if (!exitHooked) {
    process.on("exit", releaseAllSync);
    exitHooked = true;
  }
  return {
    path,
    owner,
    get held() {
      return held.get(path) === text;
    },
    async release() {
      if (held.get(path) !== text) return;
      held.delete(path);
      await unlinkIfSame(path, text);
    },
  };
}

/**
 * Replaces the stale lock `stale` at `path` with `text`, atomically, when it is still there: of the
 * processes that found the same stale lock, the one that creates its takeover file goes on (the others
 * then read the new lock and are refused). False when another took it over or is doing so.
 */
async function takeOver(path: string, stale: string, text: string): Promise<boolean> {
  const mutex = join(dirname(path), `.lock-takeover.${createHash("sha256").update(stale).digest("hex").slice(0, 12)}.tmp`);
  if (!(await createFileExclusive(mutex, text))) {
    // another process is taking it over; one killed while doing so left its file, which goes
    const other = await readText(mutex).catch(() => null);
    const owner = other === null ? null : parseOwner(other);
    if (other !== null && (!owner || ownerState(mutex, owner, other) === "dead")) await unlinkIfSame(mutex, other);
    return false;
  }
  try {
    if ((await readText(path)) !== stale) return false;
    await writeFileAtomic(path, text); // a temporary file renamed over the stale lock
    return true;
  } finally {
    await unlink(mutex).catch(() => {});
  }
}
