/** Sweeps in Node: trials on worker threads, the sweep's folder on disk (finished trials, resume), and the run of a sweep through any executor. */
export { threadPool, type ThreadPoolOptions } from "./thread-pool.js";
export { builtJavaScript, startTrialThread, trialThreads, type TrialMessage, type TrialReply, type TrialThreads } from "./trial-threads.js";
export { shippedDataLoader, type ShippedData } from "./shipped-data.js";
export { KERNELS_FILE, openSweepStore, readKernelsRecord, sweepFolderName, type SweepStore, writeKernelsRecord } from "./trial-store.js";
export { runSweep, type RunSweepOptions, type SweepOutcome } from "./run-sweep.js";
