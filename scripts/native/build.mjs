// Builds the optional native matrix products (native/gemm.cc -> build/nnlab_native.node) with the
// machine's C++ compiler, for src/node/native.ts. Run by `npm ci` / `npm install` (the package's install
// script) and by `npm run build:native`. It never fails the install: without a compiler or Node's
// headers it prints why and stops, and nnlab keeps its WebAssembly kernels.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const out = join(root, "build", "nnlab_native.node");
const headers = [process.env.NNLAB_NODE_HEADERS, join(dirname(process.execPath), "..", "include", "node"), "/usr/include/node"].find(
  (d) => d && existsSync(join(d, "node_api.h")),
);
const compiler = process.env.CXX || "g++";
if (process.env.NNLAB_NO_NATIVE) {
  console.log("nnlab: NNLAB_NO_NATIVE set, native kernels not built");
} else if (!headers) {
  console.log("nnlab: Node's headers (node_api.h) not found, native kernels not built (WebAssembly is used)");
} else {
  try {
    mkdirSync(join(root, "build"), { recursive: true });
    // -ffp-contract=off: no fused multiply-add except where native/gemm.cc asks for it (the float32 tile);
    // -fno-math-errno: sqrt need not set errno, so the optimizers' updates vectorize (same results)
    const args = ["-O3", "-march=native", "-ffp-contract=off", "-fno-math-errno", "-std=c++17", "-shared", "-fPIC", "-DNODE_GYP_MODULE_NAME=nnlab_native"];
    const sources = ["gemm.cc", "update.cc"].map((f) => join(root, "native", f));
    const build = (extra) => execFileSync(compiler, [...args, ...extra, `-I${headers}`, ...sources, "-o", out], { stdio: "inherit" });
    try {
      build(["-fopenmp"]); // threads for useNative({ threads: 2 })
    } catch {
      build([]); // no OpenMP: one thread
    }
    console.log(`nnlab: built ${out}`);
  } catch (error) {
    console.log(`nnlab: native kernels not built (${compiler} failed: ${String(error).split("\n")[0]}); WebAssembly is used`);
  }
}
