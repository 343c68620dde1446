/** Regenerates src/tensor/wasm/gemm-bytes.ts: `npm run build:wasm`. A test checks the committed file is current. */
import { writeFileSync } from "node:fs";
import { assembleGemm, bytesModuleSource } from "./assemble.js";

const bytes = await assembleGemm();
const shared = await assembleGemm(true);
const target = new URL("../../src/tensor/wasm/gemm-bytes.ts", import.meta.url);
writeFileSync(target, bytesModuleSource(bytes, shared));
console.log(`wrote ${target.pathname} (${bytes.length} bytes of WebAssembly)`);
