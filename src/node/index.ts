/** Node-only helpers (file system). The browser-safe library is the package's main entry. */
export { loadModelFile, saveModelFile, writeFileAtomic } from "./save-file.js";
export { loadCsv, type LoadCsvOptions, type LoadProgress } from "./load-csv.js";
export { startPlaygroundServer, type PlaygroundServer, type PlaygroundServerOptions } from "./playground-server.js";
export { buildPlayground, type BuildPlaygroundOptions } from "./build-playground.js";
export { stopThreads, useThreads } from "./threads.js";
export { kernelsInUse, nativeAvailable, nativeVectorBits, useFastestKernels, useKernels, useNative, type KernelChoice, type KernelPath } from "./native.js";
export { fileDataLoader, type FileDataLoaderOptions } from "./file-data-loader.js";
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, loadIdxDataset, readIdxFile } from "./idx-file.js";
export { csvParseError, loadCsvFile } from "./data-file.js";
export { exportModelFiles, saveOnnxFile, saveTfjsFiles, type ExportedFiles, type ExportFormat } from "./export-files.js";

// Sweeps: trials on worker threads, and the sweep's folder (finished trials, resume)
export {
  openSweepStore,
  runSweep,
  sweepFolderName,
  threadPool,
  type RunSweepOptions,
  type SweepOutcome,
  type SweepStore,
  type ThreadPoolOptions,
  type TrialReply,
} from "./sweep/index.js";
// Sweeps across machines: trials on a BullMQ queue in Redis, and the worker that runs them (BullMQ loaded on first use)
export {
  parseRedisAddress,
  queueExecutor,
  startQueueWorker,
  dataFilesHash,
  sweepData,
  sweepQueueName,
  type QueueExecutor,
  type QueueProgress,
  type QueueWorker,
  type RedisAddress,
} from "./queue/index.js";
