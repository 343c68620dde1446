/** The committed WebAssembly (src/tensor/wasm/gemm-bytes.ts) is what the generator and wabt produce today. */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { assembleAll, assembleGemm, assembleUpdate, bytesModuleSource, updateBytesSource } from "./assemble.js";

it("src/tensor/wasm/gemm-bytes.ts is current (else run `npm run build:wasm`)", async () => {
  const committed = readFileSync(new URL("../../src/tensor/wasm/gemm-bytes.ts", import.meta.url), "utf8");
  expect(committed).toBe(bytesModuleSource(await assembleAll()));
});

it("the core modules stay under 4 KB, the most browsers compile synchronously on the main thread", async () => {
  expect((await assembleGemm()).length).toBeLessThanOrEqual(4096);
  expect((await assembleGemm(false, true)).length).toBeLessThanOrEqual(4096);
});

it("src/tensor/wasm/update-bytes.ts is current (else run `npm run build:wasm`)", async () => {
  const committed = readFileSync(new URL("../../src/tensor/wasm/update-bytes.ts", import.meta.url), "utf8");
  expect(committed).toBe(updateBytesSource(await assembleUpdate()));
});
