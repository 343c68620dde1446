/** Two threads give the same bits as one: products large enough to split, and a whole training run. */
import { afterEach, expect, it, vi } from "vitest";
import { Dense, fit, Sequential } from "../index.js";
import * as kernels from "../tensor/kernels.js";
import { Rng } from "../tensor/rng.js";
import { type DType, Tensor } from "../tensor/tensor.js";
import { stopThreads, useThreads } from "./threads.js";

afterEach(stopThreads);

function random(rows: number, cols: number, rng: Rng, dtype: DType): Tensor {
  const t = Tensor.zeros(rows, cols, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}

function products(dtype: DType): Tensor[] {
  const rng = new Rng(5);
  const x = random(67, 301, rng, dtype);
  const w = random(301, 133, rng, dtype);
  const z = Tensor.zeros(67, 133, dtype);
  const dw = Tensor.zeros(301, 133, dtype);
  const dx = Tensor.zeros(67, 301, dtype);
  kernels.matmul(x, w, z);
  kernels.matmulTransA(x, z, dw);
  kernels.matmulTransB(z, w, dx);
  return [z, dw, dx];
}

function trained(dtype: DType): Record<string, number[][]> {
  const rng = new Rng(2);
  const x = random(64, 300, rng, dtype);
  const y = Tensor.zeros(64, 1, dtype);
  for (let i = 0; i < 64; i++) y.data[i] = i % 7;
  const model = new Sequential({
    inputSize: 300,
    dtype,
    layers: [new Dense({ units: 130, activation: "relu" }), new Dense({ units: 7, activation: "softmax" })],
  }).compile({ loss: "softmaxCrossEntropy", optimizer: "sgd" });
  fit(model, x, y, { epochs: 3, batchSize: 32 });
  return model.getWeights();
}

for (const dtype of ["float32", "float64"] as const) {
  it(`${dtype}: products and training are bit-identical on two threads`, () => {
    const one = products(dtype);
    const oneTrained = trained(dtype);
    expect(useThreads(2)).toBe(true);
    const two = products(dtype);
    two.forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(one[i]!.data)));
    expect(trained(dtype)).toEqual(oneTrained);
  });
}

it("small products stay on the core's own memory (slower on the shared one); large ones go to the threads", () => {
  const core = kernels.coreWasmGemm()!;
  expect(useThreads(2)).toBe(true);
  const onCore = vi.spyOn(core, "product");
  try {
    const rng = new Rng(3);
    const small = [random(32, 64, rng, "float64"), random(64, 64, rng, "float64"), Tensor.zeros(32, 64, "float64")] as const;
    kernels.matmul(...small);
    expect(onCore).toHaveBeenCalledTimes(1);
    const large = [random(128, 256, rng, "float64"), random(256, 64, rng, "float64"), Tensor.zeros(128, 64, "float64")] as const;
    kernels.matmul(...large); // 2,097,152 multiply-adds: shared
    expect(onCore).toHaveBeenCalledTimes(1);
    // enough multiply-adds, but a 10-class float32 output is one whole panel of 8 columns: not shared, so on the core's memory
    const narrow = [random(256, 128, rng, "float32"), random(128, 10, rng, "float32"), Tensor.zeros(256, 10, "float32")] as const;
    kernels.matmul(...narrow);
    expect(onCore).toHaveBeenCalledTimes(2);
  } finally {
    onCore.mockRestore();
  }
});

it("a product too large for the shared memory runs on the core's memory: the same bits, not the TypeScript kernels' float32 rounding", async () => {
  const { bySize, sharedGemm } = await import("../tensor/wasm/panel-handoff.js");
  const { align, wasmGemm } = await import("../tensor/wasm/gemm.js");
  const small = sharedGemm(64)!; // 4 MiB at most, as if the 1 GiB cap were reached
  small.gemm.helper = { minMultiplyAdds: 1, product: () => expect.unreachable("the helper runs nothing the memory cannot hold") };
  const rng = new Rng(3);
  const a = random(400, 800, rng, "float32");
  const b = random(800, 400, rng, "float32");
  const onCore = Tensor.zeros(400, 400, "float32");
  const routed = Tensor.zeros(400, 400, "float32");
  wasmGemm!.product(0, a, b, onCore);
  bySize(small.gemm).product(0, a, b, routed);
  expect(Array.from(routed.data)).toEqual(Array.from(onCore.data));
  // and addresses past 2 GiB stay positive (bitwise rounding made them negative: no product of 2-4 GiB ran)
  expect([align(17), align(2 ** 31 - 5), align(3 * 2 ** 30 + 1)]).toEqual([32, 2 ** 31, 3 * 2 ** 30 + 16]);
});

it("useFusedMultiplyAdd refuses to switch while threads run (it reported strict products while the helper went on fusing)", async () => {
  const { fusedWasmGemm } = await import("../tensor/wasm/gemm.js");
  const before = kernels.fusedMultiplyAddInUse();
  expect(useThreads(2)).toBe(true);
  expect(kernels.useFusedMultiplyAdd(before)).toBe(before); // no change: allowed
  if (fusedWasmGemm) {
    // the relaxed-SIMD project, where products fuse by default
    expect(() => kernels.useFusedMultiplyAdd(false)).toThrow(/^useFusedMultiplyAdd\(false\): expected a call before useThreads, useWorkerThreads or useNative/);
    expect(kernels.fusedMultiplyAddInUse()).toBe(true);
    stopThreads();
    expect(kernels.useFusedMultiplyAdd(false)).toBe(false);
    expect(kernels.useFusedMultiplyAdd(true)).toBe(true);
  }
});

it("useKernels(...).restore() puts back the portable path's threads (it left one thread)", async () => {
  const { useKernels } = await import("./native.js");
  const { threadsInUse } = await import("./threads.js");
  expect(useThreads(2)).toBe(true);
  const threaded = kernels.fastKernels();
  const { restore } = useKernels("portable");
  expect(threadsInUse()).toBe(1);
  restore();
  expect(threadsInUse()).toBe(2);
  expect(kernels.fastKernels()).not.toBe(kernels.coreWasmGemm());
  expect(kernels.fastKernels()).not.toBe(threaded); // a new helper, started afresh
});
