/** Sweeps in Node: trials on worker threads, and the sweep's folder on disk (finished trials, resume). */
export { threadPool, type ThreadPoolOptions, type TrialReply } from "./thread-pool.js";
export { openSweepStore, sweepFolderName, type SweepStore } from "./trial-store.js";
