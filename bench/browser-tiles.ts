/**
 * Register-tile shapes for the WebAssembly product, timed against each other in headless Chromium: the
 * packed kernel alone (scripts/wasm/gemm-wat.ts gemmKernelWat) on the w2 step's product shapes, rounds
 * interleaved so that a busy machine slows every shape alike. How FUSED_F32_TILE (6 rows) was chosen.
 *
 *   npx tsx bench/browser-tiles.ts [--dtype f32|f64] [--strict] [--rounds 10] [--tiles 4x2,6x2,5x2]
 */
import { launchBenchChromium } from "./browser-page.js";
import wabtInit from "wabt";
import { gemmKernelWat } from "../scripts/wasm/gemm-wat.js";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1]! : fallback);
const t = option("dtype", "f32") as "f32" | "f64";
const fused = t === "f32" && !args.includes("--strict");
const rounds = Number(option("rounds", "10"));
const tiles = option("tiles", "4x2,6x2,5x2,2x4").split(",");

const wabt = await wabtInit();
const modules: Record<string, string> = {};
for (const name of tiles) {
  const [mr, nv] = name.split("x").map(Number) as [number, number];
  const m = wabt.parseWat("tile.wat", gemmKernelWat({ t, mr, nv, unroll: 1, fused }), { simd: true, relaxed_simd: fused });
  modules[name] = Buffer.from(m.toBinary({}).buffer).toString("base64");
  m.destroy();
}

// Plain JavaScript for the page (a string: tsx's helpers do not exist there).
const PAGE = `async ([modules, t, mrs, rounds]) => {
  const problems = [[128, 784, 256], [785, 128, 256], [128, 256, 128], [128, 128, 256], [257, 128, 128]];
  const s = t === "f32" ? 4 : 8;
  const kernels = {};
  for (const [name, b64] of Object.entries(modules)) {
    const x = (await WebAssembly.instantiate(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))).instance.exports;
    x.memory.grow(200);
    kernels[name] = x["gemm_" + t];
  }
  const gflops = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, f] of Object.entries(kernels)) {
      const mr = mrs[name], nr = (16 / s) * Number(name.split("x")[1]); // columns: vectors x lanes
      for (const [m, k, n] of problems) {
        const ap = 1 << 16, bp = ap + Math.ceil(m / mr) * mr * k * s + 64, c = bp + Math.ceil(n / nr) * nr * k * s + 64;
        const full = n - (n % nr);
        const call = () => { if (full < n) f(m, n, k, ap, bp, c, full, n, 0, 0); if (full) f(m, n, k, ap, bp, c, 0, full, 0, 0); };
        call(); call();
        const iters = Math.max(2, Math.round(1e8 / (m * k * n)));
        const t0 = performance.now();
        for (let i = 0; i < iters; i++) call();
        const us = ((performance.now() - t0) * 1000) / iters;
        (gflops[name + " " + m + "x" + k + "x" + n] ??= []).push((2 * m * k * n) / us / 1e3);
      }
    }
  }
  return gflops;
}`;
const mrs = Object.fromEntries(tiles.map((name) => [name, Number(name.split("x")[0])]));
const browser = await launchBenchChromium();
try {
  const page = await browser.newPage();
  const result = (await page.evaluate(`(${PAGE})(${JSON.stringify([modules, t, mrs, rounds])})`)) as Record<string, number[]>;
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  console.log(`${t}${fused ? " fused" : ""}, GFLOP/s of the packed kernel alone, ${rounds} interleaved rounds (m x k x n):`);
  for (const [key, v] of Object.entries(result)) console.log(`  ${key.padEnd(22)} best ${Math.max(...v).toFixed(1).padStart(5)}  median ${median(v).toFixed(1).padStart(5)}`);
} finally {
  await browser.close();
}
