/** Node-only helpers (file system). The browser-safe library is the package's main entry. */
export { loadModelFile, saveModelFile, writeFileAtomic } from "./save-file.js";
export { loadCsv, type LoadCsvOptions, type LoadProgress } from "./load-csv.js";
export { startPlaygroundServer, type PlaygroundServer, type PlaygroundServerOptions } from "./playground-server.js";
export { buildPlayground, type BuildPlaygroundOptions } from "./build-playground.js";
export { stopThreads, useThreads } from "./threads.js";
export { nativeVectorBits, useNative } from "./native.js";
export { fileDataLoader, type FileDataLoaderOptions } from "./file-data-loader.js";
export { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, loadIdxDataset, readIdxFile } from "./idx-file.js";
export { csvParseError, loadCsvFile } from "./data-file.js";
export { exportModelFiles, saveOnnxFile, saveTfjsFiles, type ExportedFiles, type ExportFormat } from "./export-files.js";

// Sweeps: trials on worker threads, and the sweep's folder (finished trials, resume)
export { openSweepStore, sweepFolderName, threadPool, type SweepStore, type ThreadPoolOptions, type TrialReply } from "./sweep/index.js";
