import { unlinkSync } from "node:fs";

/**
 * The temporary files of atomic writes in progress, removed when the process ends in the middle of one.
 * A signal's default action ends the process without running any JavaScript, so Ctrl-C during a long
 * write (nnlab predict's CSV of millions of rows, tens of seconds) left a hidden `.out.csv.<hex>.tmp` of
 * whatever had been written. While a file is tracked, each stop signal that nothing else listens to gets
 * a listener that removes the files and then ends the process by the same signal, as it would have ended
 * (the shell still sees 130 for Ctrl-C). A command that listens itself (training stops at the next batch)
 * keeps its own behaviour: its write finishes, and if it quits with process.exit, the 'exit' hook removes
 * what is still tracked.
 */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const tracked = new Set<string>();

function removeTracked(): void {
  for (const path of tracked) {
    try {
      unlinkSync(path);
    } catch {
      // gone already, or not ours to remove: nothing more to do while the process ends
    }
  }
  tracked.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // another listener decides what this signal does (it may not end the process): leave it to it
  if (process.listenerCount(signal) > 1) return;
  removeTracked();
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off("exit", removeTracked);
  process.kill(process.pid, signal);
}

/** Tracks `path` until the returned function is called (when the file is renamed or removed). */
export function trackTempFile(path: string): () => void {
  if (tracked.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on("exit", removeTracked);
  }
  tracked.add(path);
  return () => {
    if (!tracked.delete(path) || tracked.size > 0) return;
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off("exit", removeTracked);
  };
}
