/**
 * Regenerates src/tensor/wasm/gemm-bytes.ts and update-bytes.ts: `npm run build:wasm`. A test checks the
 * committed files are current.
 */
import { writeFileSync } from "node:fs";
import { assembleAll, assembleUpdate, bytesModuleSource, updateBytesSource } from "./assemble.js";

const modules = await assembleAll();
const target = new URL("../../src/tensor/wasm/gemm-bytes.ts", import.meta.url);
writeFileSync(target, bytesModuleSource(modules));
console.log(`wrote ${target.pathname} (${modules.plain.length} bytes of WebAssembly, ${modules.fused.length} fused)`);
const update = await assembleUpdate();
const updateTarget = new URL("../../src/tensor/wasm/update-bytes.ts", import.meta.url);
writeFileSync(updateTarget, updateBytesSource(update));
console.log(`wrote ${updateTarget.pathname} (${update.length} bytes of WebAssembly)`);
