/** Regenerates src/tensor/wasm/gemm-bytes.ts: `npm run build:wasm`. A test checks the committed file is current. */
import { writeFileSync } from "node:fs";
import { assembleAll, bytesModuleSource } from "./assemble.js";

const modules = await assembleAll();
const target = new URL("../../src/tensor/wasm/gemm-bytes.ts", import.meta.url);
writeFileSync(target, bytesModuleSource(modules));
console.log(`wrote ${target.pathname} (${modules.plain.length} bytes of WebAssembly, ${modules.fused.length} fused)`);
