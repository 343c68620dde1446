/** Node-only helpers (file system). The browser-safe library is the package's main entry. */
export { loadModelFile, saveModelFile, writeFileAtomic } from "./save-file.js";
export { stopThreads, useThreads } from "./threads.js";
export { nativeVectorBits, useNative } from "./native.js";
